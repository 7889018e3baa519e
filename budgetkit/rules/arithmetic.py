"""A - arithmetic and funding continuity."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetkit.findings import Finding
from budgetkit.model import AMOUNT_KEYS, Status
from budgetkit.rules.engine import Context
from budgetkit.rules.registry import register


@register(
    "A001",
    title=("Nhiệm vụ chuyển tiếp trong phần kinh phí còn lại", "Continuing tasks within their remaining approval"),
    message=(
        "Dự toán năm {year} ({estimate}) vượt phần kinh phí còn lại theo quyết định phê duyệt ({remaining} = {approved} - "
        "{allocated} - {prior}).",
        "The {year} estimate ({estimate}) exceeds the remaining approval ({remaining} = {approved} - {allocated} - {prior}).",
    ),
    what=(
        "Nhiệm vụ chuyển tiếp không đề nghị quá phần kinh phí còn lại: Dự toán năm N <= Tổng kinh phí được duyệt - Lũy kế bố trí đến "
        "hết năm N-2 - Dự toán năm N-1.",
        "A continuing task asks for no more than what remains of its approval: the year-N estimate <= the approved total - the amount"
        " allocated up to the end of year N-2 - the year N-1 estimate.",
    ),
    why=(
        "Thông tư 56/2025/TT-BTC, Điều 22 và 23.1: nhiệm vụ chuyển tiếp báo cáo tổng kinh phí phê duyệt, lũy kế đã bố trí và số còn "
        "phải bố trí; dự toán chỉ bố trí trong phần còn lại của quyết định phê duyệt, vượt phải điều chỉnh quyết định trước.",
        "Circular 56/2025/TT-BTC, Articles 22 and 23.1: for a continuing task the unit reports the total approved, the amount "
        "allocated so far and the amount still to be allocated; the estimate may only draw on what remains of the approving decision, "
        "and going beyond it needs the decision amended first.",
    ),
    failing=(
        "status: continuing\napproved_total: 1000\nallocated_before_prior: 400\nprior_estimate: 300\nestimate: 350   # còn lại 300",
        "status: continuing\napproved_total: 1000\nallocated_before_prior: 400\nprior_estimate: 300\nestimate: 350   # 300 remains",
    ),
    passing="status: continuing\napproved_total: 1000\nallocated_before_prior: 400\nprior_estimate: 300\nestimate: 300",
)
def check_remaining_approval(ctx: Context) -> Iterator[Finding | None]:
    """A001: a continuing task's estimate within what its approval has left."""
    tolerance = ctx.pack.thresholds.sum_tolerance
    for index, line in enumerate(ctx.lines):
        if line.status != Status.CONTINUING or line.estimate is None or line.approved_total is None:
            continue
        if line.known("allocated_before_prior") is None or line.known("prior_estimate") is None:
            continue  # unreadable (reported while reading): the remaining approval is not known
        remaining = line.remaining_approval
        assert remaining is not None
        if line.estimate > remaining + tolerance:
            yield ctx.finding(
                "A001",
                ctx.at(index, "estimate"),
                line.estimate,
                year=ctx.year,
                estimate=line.estimate,
                remaining=remaining,
                approved=line.approved_total,
                allocated=line.amount("allocated_before_prior"),
                prior=line.amount("prior_estimate"),
            )


@register(
    "A002",
    title=("Ước thực hiện không vượt dự toán năm trước", "Expected execution within the prior estimate"),
    message=(
        "Ước thực hiện năm {prior_year} ({expected}) lớn hơn dự toán năm {prior_year} ({estimate}); thực hiện vượt dự toán cần quyết "
        "định bổ sung.",
        "Expected execution {prior_year} ({expected}) exceeds the {prior_year} estimate ({estimate}); over-execution needs a "
        "supplementary decision.",
    ),
    what=(
        "Ước thực hiện năm N-1 không lớn hơn dự toán năm N-1.",
        "Expected execution in year N-1 is not greater than the year N-1 estimate.",
    ),
    why=(
        "Chi vượt dự toán được giao phải có quyết định bổ sung dự toán; nếu có, hãy ghi dự toán đã điều chỉnh.",
        "Spending beyond the assigned estimate needs a decision supplementing the estimate; if there is one, enter the adjusted estimate.",
    ),
    failing="prior_estimate: 200\nprior_expected: 260",
    passing="prior_estimate: 200\nprior_expected: 190",
)
def check_over_execution(ctx: Context) -> Iterator[Finding | None]:
    """A002: the expected execution of last year within last year's estimate."""
    yield from _above_prior_estimate(ctx, "A002", "prior_expected", "expected")


def _above_prior_estimate(ctx: Context, code: str, key: str, value_name: str) -> Iterator[Finding | None]:
    """`code` at each line whose `key` amount is above its prior-year estimate (beyond the sum tolerance)."""
    tolerance = ctx.pack.thresholds.sum_tolerance
    for index, line in enumerate(ctx.lines):
        value, estimate = getattr(line, key), line.known("prior_estimate")
        if value is None or estimate is None:  # empty, or a prior estimate that could not be read
            continue
        if value > estimate + tolerance:
            yield ctx.finding(code, ctx.at(index, key), value, prior_year=ctx.year - 1, estimate=estimate, **{value_name: value})


@register(
    "A003",
    title=("Giải trình khi thực hiện thấp mà không giảm dự toán", "Explain low execution without a lower estimate"),
    message=(
        "Ước thực hiện năm {prior_year} chỉ đạt {rate}% dự toán ({expected}/{estimate_prior}) nhưng dự toán năm {year} ({estimate}) "
        "không giảm; cần thuyết minh riêng cho dòng này.",
        "Expected execution {prior_year} is only {rate}% of the estimate ({expected}/{estimate_prior}) yet the {year} estimate "
        "({estimate}) is not lower; explain this line.",
    ),
    what=(
        "Dòng có dự toán năm N-1 (> 0) mà ước thực hiện dưới tỷ lệ của gói hướng dẫn (mặc định 70%) và dự toán năm N không thấp hơn "
        "dự toán năm N-1 thì phải có thuyết minh riêng.",
        "A line with a year N-1 estimate (> 0) whose expected execution is below the pack's rate (70% by default), and whose year-N "
        "estimate is not lower than the year N-1 estimate, must have an explanation of its own.",
    ),
    why=(
        "Thông tư 56/2025/TT-BTC, Điều 22 (đánh giá phân bổ, giải ngân năm trước) và Điều 17.1.d (dự toán sát khả năng thực hiện): "
        "thực hiện thấp mà vẫn đề nghị nhiều hơn cần được giải trình. Ngưỡng 70% (thresholds.low_execution_rate) là quy ước của "
        "budgetkit, không phải của văn bản.",
        "Circular 56/2025/TT-BTC, Article 22 (assessment of the previous year's allocation and disbursement) and Article 17.1.d "
        "(estimates close to what can be carried out): asking for as much again after low execution must be explained. The 70% "
        "threshold (thresholds.low_execution_rate) is budgetkit's convention, not the law's.",
    ),
    failing="prior_estimate: 500\nprior_expected: 200\nestimate: 500",
    passing=(
        "prior_estimate: 500\n"
        "prior_expected: 200\n"
        "estimate: 500\n"
        "explanation: Năm 2025 chậm do chờ phê duyệt hồ sơ mời thầu; hợp đồng đã ký tháng 10/2025.",
        "prior_estimate: 500\n"
        "prior_expected: 200\n"
        "estimate: 500\n"
        "explanation: Năm 2025 chậm do chờ phê duyệt hồ sơ mời thầu; hợp đồng đã ký tháng 10/2025.\n"
        "# the explanation: 2025 was slow while the bidding documents awaited approval; the contract was signed in October 2025",
    ),
)
def check_low_execution(ctx: Context) -> Iterator[Finding | None]:
    """A003: a low execution last year without a lower estimate is explained."""
    rate_min = ctx.pack.thresholds.low_execution_rate
    for index, line in enumerate(ctx.lines):
        prior = line.prior_estimate
        if not prior or prior <= 0 or line.prior_expected is None or line.estimate is None or line.explanation:
            continue
        if line.prior_expected < rate_min * prior and line.estimate >= prior:
            rate = (line.prior_expected / prior * 100).quantize(Decimal("0.1"))
            yield ctx.finding(
                "A003",
                ctx.at(index, "explanation"),
                None,
                prior_year=ctx.year - 1,
                year=ctx.year,
                rate=rate,
                expected=line.prior_expected,
                estimate_prior=prior,
                estimate=line.estimate,
            )


@register(
    "A005",
    title=("Giải ngân đến 30/6 không vượt dự toán năm trước", "First-half disbursement within the prior estimate"),
    message=(
        "Giải ngân đến 30/6/{prior_year} ({disbursed}) lớn hơn dự toán năm {prior_year} ({estimate}).",
        "Disbursement to 30/6/{prior_year} ({disbursed}) exceeds the {prior_year} estimate ({estimate}).",
    ),
    what=(
        "Số giải ngân đến 30/6 năm N-1 (prior_h1_disbursed) không lớn hơn dự toán năm N-1.",
        "Disbursement up to 30 June of year N-1 (prior_h1_disbursed) is not greater than the year N-1 estimate.",
    ),
    why=(
        "Thông tư 56/2025/TT-BTC, Điều 22: đánh giá tình hình phân bổ, giải ngân đến hết tháng 6 năm trước; giải ngân không thể vượt "
        "dự toán được giao, số lớn hơn thường là nhập nhầm cột hoặc nhầm đơn vị.",
        "Circular 56/2025/TT-BTC, Article 22: the unit assesses allocation and disbursement up to the end of June of the previous "
        "year; disbursement cannot exceed the assigned estimate, and a larger figure is usually a value entered in the wrong column or"
        " in the wrong unit.",
    ),
    failing="prior_estimate: 200\nprior_h1_disbursed: 260",
    passing="prior_estimate: 200\nprior_h1_disbursed: 90",
)
def check_half_year(ctx: Context) -> Iterator[Finding | None]:
    """A005: the first half's disbursement within last year's estimate."""
    yield from _above_prior_estimate(ctx, "A005", "prior_h1_disbursed", "disbursed")


@register(
    "A004",
    title=("Dòng tổng cộng và cộng nhóm đúng", "Totals and subtotals add up"),
    message=(
        "“{name}”: {label} ghi {declared} nhưng tổng các dòng là {computed} (chênh {difference}).",
        "“{name}”: {label} says {declared} but its lines add up to {computed} (off by {difference}).",
    ),
    what=(
        "Trong bảng tính, mỗi ô số tiền không trống của dòng “Tổng cộng” bằng tổng các dòng; của đề mục La Mã (I, II…) bằng tổng các "
        "dòng đến đề mục La Mã tiếp theo; của đề mục khác (1., 2.…) bằng tổng các dòng đến đề mục kế tiếp. Sai lệch cho phép 0,001 "
        "triệu đồng.",
        "In a workbook, each non-empty amount cell of the “Tổng cộng” (grand total) row equals the sum of the lines; that of a "
        "Roman-numeral heading (I, II…) equals the sum of the lines up to the next Roman-numeral heading; that of any other heading "
        "(1., 2.…) equals the sum of the lines up to the next heading. The tolerance is 0.001 million VND.",
    ),
    why=(
        "Số tổng trên biểu là số được đọc và trình duyệt; tổng sai (do công thức sót dòng, nhập tay) làm sai dự toán.",
        "The totals on the form are the figures that are read and submitted for approval; a wrong total (a formula that misses a line,"
        " a figure typed by hand) makes the estimate wrong.",
    ),
    failing=(
        "Dòng “Tổng cộng” ghi 1.500 trong khi các dòng cộng lại 1.450.",
        "The “Tổng cộng” row says 1,500 while its lines add up to 1,450.",
    ),
    passing=("Dòng “Tổng cộng” ghi 1.450 (hoặc dùng công thức =SUM).", "The “Tổng cộng” row says 1,450 (or uses a =SUM formula)."),
)
def check_declared_totals(ctx: Context) -> Iterator[Finding | None]:
    """A004: the totals and subtotals written in the file add up."""
    tolerance = ctx.pack.thresholds.sum_tolerance
    unreadable = frozenset().union(*(line.unreadable for line in ctx.lines))
    for declared in ctx.loaded.declared:
        for key, (value, _column) in declared.amounts.items():
            if key not in AMOUNT_KEYS:
                continue
            if key in unreadable and any(key in ctx.lines[i].unreadable for i in declared.line_indices):
                continue  # a line's value is unknown (already reported): the sum cannot be checked
            computed = sum((ctx.lines[i].amount(key) for i in declared.line_indices), Decimal(0))
            if abs(computed - value) > tolerance:
                yield ctx.finding(
                    "A004",
                    ctx.locator.heading(declared.row, key),
                    value,
                    name=declared.name,
                    label=ctx.label(key),
                    declared=value,
                    computed=computed,
                    difference=value - computed,
                )
