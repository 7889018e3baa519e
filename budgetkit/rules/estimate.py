"""S - the estimate as a whole."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from budgetkit.figures import PILLARS, SPENDINGS, group_sums, total
from budgetkit.findings import Finding
from budgetkit.i18n import Label, Percent
from budgetkit.model import Level, PartialLine, Pillar, Spending
from budgetkit.rules.engine import Context
from budgetkit.rules.registry import register


@register(
    "S004",
    title=("Tệp có ít nhất một dòng", "The file has at least one line"),
    message=("Tệp không có dòng dự toán nào.", "The file has no budget line."),
    what=("Tệp dự toán có ít nhất một dòng nhiệm vụ hoặc nội dung chi.", "The estimate file has at least one task or spending line."),
    why=(
        "Một tệp không có dòng nào thường là gửi nhầm mẫu trống.",
        "A file without any line is usually an empty template sent by mistake.",
    ),
    failing="lines: []",
    passing="lines:\n  - id: CDS-01\n    ...",
)
def check_has_lines(ctx: Context) -> Iterator[Finding | None]:
    """S004: the file has at least one line."""
    if not ctx.lines:
        yield ctx.finding("S004")


# The levels that are a budget of their own (Law 89/2025/QH15, Điều 6.2: local budgets are the province's and the commune's).
BUDGET_LEVELS = (Level.PROVINCE, Level.COMMUNE)
STRATEGIC_LEVELS = (Level.PROVINCE, Level.MINISTRY)  # S005


@register(
    "S001",
    title=("Tối thiểu 3% tổng chi ngân sách", "At least 3% of total expenditure"),
    message=(
        "Tổng dự toán KH&CN, ĐMST và CĐS ({total}) bằng {share} tổng chi ngân sách ({expenditure}), dưới mức tối thiểu {minimum} "
        "theo Nghị quyết 57-NQ/TW.",
        "The S&T, innovation and digital transformation estimate ({total}) is {share} of total expenditure ({expenditure}), under "
        "the {minimum} minimum of Resolution 57-NQ/TW.",
    ),
    what=(
        "Với cấp ngân sách (tỉnh, xã) đã khai tổng chi ngân sách, tổng dự toán của cả ba lĩnh vực (cả hai loại chi) không dưới tỷ lệ "
        "của gói hướng dẫn (3%). Dòng mang mã ngoài Loại 100 (C007) không được tính vào tử số. Sở, bộ, đơn vị sự nghiệp không phải "
        "một cấp ngân sách nên không kiểm tra.",
        "For a budget level (province, commune) that gives its total budget expenditure, the total estimate of all three pillars "
        "(both spending types) is not below the pack's share (3%). A line coded outside Loại 100 (C007) is not counted in the "
        "numerator. A department, ministry or public service unit is not a budget level, so it is not checked.",
    ),
    why=(
        "Nghị quyết 57-NQ/TW, mục II.1: bố trí ít nhất 3% tổng chi ngân sách hằng năm cho phát triển khoa học, công nghệ, đổi mới sáng"
        " tạo, chuyển đổi số quốc gia và tăng dần; đây là mục tiêu quốc gia, mỗi cấp ngân sách địa phương báo cáo tỷ lệ của mình.",
        "Resolution 57-NQ/TW, section II.1: allocate at least 3% of total annual budget expenditure to developing science, technology,"
        " innovation and national digital transformation, and increase it gradually; this is a national target, and each local budget "
        "level reports its own share.",
    ),
    failing=(
        "total_budget_expenditure: 48500\n# các dòng cộng lại 1.000 (2,1%)",
        "total_budget_expenditure: 48500\n# the lines add up to 1,000 (2.1%)",
    ),
    passing=(
        "total_budget_expenditure: 48500\n# các dòng cộng lại 1.500 (3,1%)",
        "total_budget_expenditure: 48500\n# the lines add up to 1,500 (3.1%)",
    ),
)
def check_share(ctx: Context) -> Iterator[Finding | None]:
    """S001: the estimate is at least the pack's share of the unit's total expenditure."""

    expenditure = ctx.model.unit.total_budget_expenditure
    if expenditure is None or expenditure <= 0 or not ctx.lines or ctx.model.unit.level not in BUDGET_LEVELS:
        return
    estimate_total = total(group_sums([line for line in ctx.lines if ctx.pack.in_sector(line.budget_code)]))
    minimum = ctx.pack.thresholds.total_share_min
    if estimate_total + ctx.pack.thresholds.sum_tolerance < minimum * expenditure:
        share = estimate_total / expenditure
        yield ctx.finding("S001", total=estimate_total, expenditure=expenditure, share=Percent(share, 2), minimum=Percent(minimum, 0))


@register(
    "S002",
    title=("Không lĩnh vực nào bằng 0", "No pillar is left at zero"),
    message=("Lĩnh vực {pillar} không được bố trí dự toán năm {year}.", "Pillar {pillar} gets no estimate for {year}."),
    what=(
        "Mỗi lĩnh vực (KH&CN, ĐMST, CĐS) có dự toán năm N lớn hơn 0 (tính cả hai loại chi).",
        "Each pillar (S&T, innovation, DX) has a year-N estimate greater than 0 (both spending types together).",
    ),
    why=(
        "Công văn 3233: dự toán năm 2026 lần đầu gộp ba lĩnh vực; để một lĩnh vực bằng 0 cần được cân nhắc và giải thích.",
        "Official Dispatch 3233: the 2026 estimate joins the three pillars for the first time; leaving a pillar at 0 needs to be "
        "considered and explained.",
    ),
    failing=("Không có dòng nào thuộc lĩnh vực dmst.", "No line belongs to the dmst pillar."),
    passing=("Có ít nhất một dòng dmst với dự toán > 0.", "At least one dmst line with an estimate > 0."),
)
def check_pillars(ctx: Context) -> Iterator[Finding | None]:
    """S002: no pillar is left at zero."""
    if not ctx.lines:
        return
    sums = ctx.group_sums()
    for pillar in PILLARS:
        if sum(sums[pillar].values()) <= 0:
            yield ctx.finding("S002", ctx.group_location(pillar), pillar=ctx.pack.enums["pillar"][pillar].short, year=ctx.year)


@register(
    "S003",
    title=("Thuyết minh nhóm thay đổi lớn", "Explain groups that change much"),
    message={
        "changed": (
            "Nhóm {pillar} - {spending}: dự toán năm {year} {estimate} so với {prior} "
            "năm {prior_year} ({change}) cần thuyết minh nhóm (trang Thuyết minh).",
            "Group {pillar} - {spending}: the {year} estimate {estimate} against {prior} in {prior_year} ({change}) needs a group "
            "explanation (Thuyết minh sheet).",
        ),
        "new": (
            "Nhóm {pillar} - {spending}: dự toán năm {year} {estimate} so với {prior} "
            "năm {prior_year} (xuất hiện mới) cần thuyết minh nhóm (trang Thuyết minh).",
            "Group {pillar} - {spending}: the {year} estimate {estimate} against {prior} in {prior_year} (new from zero) needs a "
            "group explanation (Thuyết minh sheet).",
        ),
    },
    what=(
        "Mỗi nhóm lĩnh vực x loại chi mà tổng dự toán năm N thay đổi quá ngưỡng của gói (mặc định 30%) so với dự toán năm N-1, hoặc "
        "xuất hiện từ 0, có thuyết minh nhóm (cho đúng lĩnh vực và loại chi, hoặc cho cả lĩnh vực).",
        "Each pillar x spending-type group whose year-N total estimate changes by more than the pack's threshold (30% by default) "
        "against year N-1, or appears from 0, has a group explanation (for that pillar and spending type, or for the whole pillar).",
    ),
    why=(
        "Thông tư 56/2025/TT-BTC, Điều 17.4.a: xác định cụ thể mức tăng giảm so với dự toán năm trước. Ngưỡng 30% "
        "(thresholds.group_change_max) là quy ước của budgetkit, không phải của văn bản.",
        "Circular 56/2025/TT-BTC, Article 17.4.a: state specifically the increase or decrease against the previous year's estimate. "
        "The 30% threshold (thresholds.group_change_max) is budgetkit's convention, not the law's.",
    ),
    failing=(
        "Nhóm CĐS - thường xuyên: 400 (2025) lên 900 (2026), không có thuyết minh nhóm cds.",
        "Group DX - recurrent: 400 (2025) up to 900 (2026), with no group explanation for cds.",
    ),
    passing=(
        "explanations:\n  - field: cds\n    text: Tăng do triển khai số hóa hộ tịch, đất đai theo Đề án 06.",
        "explanations:\n"
        "  - field: cds\n"
        "    text: Tăng do triển khai số hóa hộ tịch, đất đai theo Đề án 06.\n"
        "# the text: the increase comes from digitising civil-status and land records under Project 06",
    ),
)
def check_group_changes(ctx: Context) -> Iterator[Finding | None]:
    """S003: a group that changes much against last year is explained."""
    threshold = ctx.pack.thresholds.group_change_max
    estimates = ctx.group_sums()
    priors = ctx.group_sums("prior_estimate")
    explained = {(e.field.value if e.field else None, e.spending.value if e.spending else None) for e in ctx.model.explanations if e.text}
    for pillar in PILLARS:
        for spending in SPENDINGS:
            new, old = estimates[pillar][spending], priors[pillar][spending]
            if new == 0 and old == 0:
                continue
            change: dict[str, Any] = {"kind": "new"}
            if old != 0:
                delta = (new - old) / old
                if abs(delta) <= threshold:
                    continue
                change = {"kind": "changed", "change": Percent(delta, signed=True)}
            if (pillar, spending) in explained or (pillar, None) in explained:
                continue
            yield ctx.finding(
                "S003",
                ctx.group_location(pillar, spending),
                pillar=ctx.pack.enums["pillar"][pillar].short,
                spending=Label(spending, ctx.pack.enums["spending"][spending].label),
                year=ctx.year,
                prior_year=ctx.year - 1,
                estimate=new,
                prior=old,
                **change,
            )


def is_strategic_research(ctx: Context, line: PartialLine) -> bool:
    """A line of strategic-technology research: coded 100-104, or uncoded, tagged with a strategic
    technology and filed as an S&T task."""
    index = ctx.pack.budget_index
    if index is None:
        return False
    if line.budget_code:
        return line.budget_code in index.strategic_research
    strategic = set(ctx.pack.strategic_technologies.codes)
    return line.category == "khcn_nhiem_vu" and any(p in strategic for p in line.priorities or [])


@register(
    "S005",
    title=(
        "Tối thiểu 15% chi sự nghiệp khoa học cho công nghệ chiến lược",
        "At least 15% of recurrent S&T spending to strategic technology",
    ),
    message=(
        "Kinh phí nghiên cứu công nghệ chiến lược ({strategic}) bằng {share} chi thường xuyên KH&CN ({recurrent}), dưới mức tối "
        "thiểu {minimum} theo Nghị quyết 57-NQ/TW.",
        "Strategic-technology research ({strategic}) is {share} of recurrent S&T spending ({recurrent}), under the {minimum} minimum "
        "of Resolution 57-NQ/TW.",
    ),
    what=(
        "Ở cấp tỉnh và cấp bộ, tổng dự toán năm N của các dòng KH&CN chi thường xuyên là nghiên cứu công nghệ chiến lược không dưới "
        "tỷ lệ của gói (15%) tổng chi thường xuyên KH&CN. Nghiên cứu công nghệ chiến lược là dòng mang mã 100-104; dòng chưa ghi mã "
        "được tính khi gắn mã công nghệ chiến lược (CNCL-…) và thuộc nhóm khcn_nhiem_vu. Dòng mang mã ngoài Loại 100 (C007) không "
        "được tính.",
        "At province and ministry level, the year-N estimate of the recurrent S&T lines that are strategic-technology research is not"
        " below the pack's share (15%) of recurrent S&T spending. Strategic-technology research is a line coded 100-104; a line "
        "without a code counts when it is tagged with a strategic-technology code (CNCL-…) and filed in the category khcn_nhiem_vu. A"
        " line coded outside Loại 100 (C007) is not counted.",
    ),
    why=(
        "Nghị quyết 57-NQ/TW, mục III.3: bố trí ít nhất 15% ngân sách nhà nước chi sự nghiệp khoa học phục vụ nghiên cứu công nghệ "
        "chiến lược. Tỷ lệ được tính trên dự toán của tỉnh, bộ (nơi tổng hợp); sở, xã, đơn vị sự nghiệp không kiểm tra riêng.",
        "Resolution 57-NQ/TW, section III.3: allocate at least 15% of the state budget for science to strategic-technology research. "
        "The share is computed on the estimate of the province or ministry (where estimates are consolidated); departments, communes "
        "and public service units are not checked on their own.",
    ),
    failing=(
        "level: province\n# KH&CN thường xuyên 10.000, trong đó mã 100-104: 1.000 (10%)",
        "level: province\n# recurrent S&T 10,000, of which coded 100-104: 1,000 (10%)",
    ),
    passing=(
        "level: province\n# KH&CN thường xuyên 10.000, trong đó mã 100-104: 1.600 (16%)",
        "level: province\n# recurrent S&T 10,000, of which coded 100-104: 1,600 (16%)",
    ),
)
def check_strategic_share(ctx: Context) -> Iterator[Finding | None]:
    """S005: the pack's share of recurrent S&T spending goes to strategic technology."""
    if ctx.model.unit.level not in STRATEGIC_LEVELS:
        return
    recurrent = [
        (line, estimate)
        for line, estimate in ctx.with_estimate()
        if line.field == Pillar.KHCN and line.spending == Spending.RECURRENT and ctx.pack.in_sector(line.budget_code)
    ]
    whole = sum((estimate for _, estimate in recurrent), Decimal(0))
    if whole <= 0:
        return
    strategic = sum((estimate for line, estimate in recurrent if is_strategic_research(ctx, line)), Decimal(0))
    minimum = ctx.pack.thresholds.strategic_research_share_min
    if strategic + ctx.pack.thresholds.sum_tolerance < minimum * whole:
        share = strategic / whole
        yield ctx.finding(
            "S005",
            ctx.group_location("khcn", "recurrent"),
            strategic=strategic,
            recurrent=whole,
            share=Percent(share, 2),
            minimum=Percent(minimum, 0),
        )


@register(
    "S006",
    title=("Tổng dự toán trong số kiểm tra được thông báo", "The estimate stays within the notified ceiling"),
    message=(
        "Tổng dự toán năm {year} ({total}) vượt số kiểm tra được thông báo ({ceiling}) {over}.",
        "The {year} estimate ({total}) exceeds the notified ceiling ({ceiling}) by {over}.",
    ),
    what=(
        "Khi đơn vị khai Số kiểm tra được thông báo (unit.budget_ceiling), tổng dự toán năm N của mọi dòng (cả ba lĩnh vực, cả hai "
        "loại chi) không vượt số đó.",
        "When the unit gives its notified ceiling (“Số kiểm tra”, unit.budget_ceiling), the year-N total estimate of all lines (all "
        "three pillars, both spending types) does not exceed it.",
    ),
    why=(
        "Thông tư 56/2025/TT-BTC, Điều 23.3: dự toán KH&CN, ĐMST và CĐS được tổng hợp trong phạm vi tổng mức số kiểm tra được thông "
        "báo; phần vượt cần được giải trình và đề xuất riêng.",
        "Circular 56/2025/TT-BTC, Article 23.3: the S&T, innovation and DX estimates are consolidated within the notified ceiling; any"
        " excess must be explained and proposed separately.",
    ),
    failing=("budget_ceiling: 2000\n# các dòng cộng lại 2.205", "budget_ceiling: 2000\n# the lines add up to 2,205"),
    passing=("budget_ceiling: 2500\n# các dòng cộng lại 2.205", "budget_ceiling: 2500\n# the lines add up to 2,205"),
)
def check_ceiling(ctx: Context) -> Iterator[Finding | None]:
    """S006: the estimate stays within the notified ceiling."""
    ceiling = ctx.model.unit.budget_ceiling
    if ceiling is None or not ctx.lines:
        return
    estimate_total = total(ctx.group_sums())
    if estimate_total > ceiling + ctx.pack.thresholds.sum_tolerance:
        yield ctx.finding(
            "S006",
            ctx.unit_at("budget_ceiling"),
            ceiling,
            year=ctx.year,
            total=estimate_total,
            ceiling=ceiling,
            over=estimate_total - ceiling,
        )
