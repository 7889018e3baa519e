"""P - priorities and planning: continuing before new, indicators, lead agencies, explanations."""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetkit.figures import change
from budgetkit.findings import Finding
from budgetkit.i18n import Percent
from budgetkit.model import Pillar, Status
from budgetkit.normalize import closest
from budgetkit.rules.engine import Context
from budgetkit.rules.registry import register

_MEASURABLE = re.compile(r"\d")


@register(
    "P001",
    title=("Nhiệm vụ gắn với nhiệm vụ ưu tiên", "Tasks are linked to a priority"),
    message=(
        "Nhiệm vụ chưa gắn với nhiệm vụ ưu tiên nào (Nghị quyết 57-NQ/TW, các chiến lược quốc gia) và không có thuyết minh riêng.",
        "The task is linked to no priority (Resolution 57-NQ/TW, national strategies) and has no explanation of its own.",
    ),
    what=(
        "Mỗi nhiệm vụ (chuyển tiếp, mở mới) gắn với ít nhất một mã nhiệm vụ ưu tiên của gói hướng dẫn, hoặc có thuyết minh riêng giải"
        " thích vì sao cần bố trí.",
        "Each task (continuing or new) is linked to at least one priority-task code of the guidance pack, or has an explanation of "
        "its own of why it needs funding.",
    ),
    why=(
        "Công văn 3233 ưu tiên nội dung thực hiện Nghị quyết 57-NQ/TW và các chiến lược AI, bán dẫn, dữ liệu, Chính phủ số, kinh tế số.",
        "Official Dispatch 3233 gives priority to contents that carry out Resolution 57-NQ/TW and the national strategies on AI, "
        "semiconductors, data, digital government and the digital economy.",
    ),
    failing="status: new\npriorities: []",
    passing="status: new\npriorities: [NQ57-5, CL-CPS]",
)
def check_priority_link(ctx: Context) -> Iterator[Finding | None]:
    """P001: a task is linked to a priority."""
    for index, line in enumerate(ctx.lines):
        if line.is_task and line.missing("priorities") and not line.explanation:
            yield ctx.finding("P001", ctx.at(index, "priorities"))


@register(
    "P002",
    title=("Nhiệm vụ mở mới có chỉ tiêu đo lường được", "New tasks have a measurable indicator"),
    message={
        "none": ("Nhiệm vụ mở mới chưa có chỉ tiêu, sản phẩm đầu ra.", "The new task has no indicator or output."),
        "not_measurable": (
            "Chỉ tiêu của nhiệm vụ mở mới chưa đo lường được: cần ít nhất một chỉ tiêu có con số (số lượng, tỷ lệ %, thời hạn).",
            "The new task's indicators are not measurable: at least one needs a number (a quantity, a percentage, a date).",
        ),
    },
    what=(
        "Nhiệm vụ mở mới có ít nhất một chỉ tiêu, sản phẩm đầu ra đo lường được: có một con số (số lượng, tỷ lệ %, thời hạn).",
        "A new task has at least one measurable indicator or output: one with a figure (a quantity, a percentage, a deadline).",
    ),
    why=(
        "Thông báo 01-TB/BCĐTW: nhiệm vụ phải có chỉ tiêu đo lường rõ ràng.",
        "Notice 01-TB/BCĐTW: tasks must have clear measurement indicators.",
    ),
    failing=(
        'status: new\nindicators: ["Nâng cao hiệu quả quản lý"]',
        'status: new\nindicators: ["Nâng cao hiệu quả quản lý"]   # "improve management efficiency": no figure',
    ),
    passing=(
        'status: new\nindicators: ["100% hồ sơ hộ tịch 2015-2025 được số hóa trước 30/11/2026"]',
        "status: new\n"
        'indicators: ["100% hồ sơ hộ tịch 2015-2025 được số hóa trước 30/11/2026"]\n'
        "# 100% of the 2015-2025 civil-status records digitised by 30/11/2026",
    ),
)
def check_indicators(ctx: Context) -> Iterator[Finding | None]:
    """P002: a new task has a measurable indicator."""
    for index, line in enumerate(ctx.lines):
        if line.status != Status.NEW or "indicators" in line.unreadable:
            continue
        if not line.indicators:
            yield ctx.finding("P002", ctx.at(index, "indicators"), kind="none")
        elif not any(_MEASURABLE.search(i) for i in line.indicators):
            yield ctx.finding("P002", ctx.at(index, "indicators"), "; ".join(line.indicators), kind="not_measurable")


@register(
    "P003",
    title=("Mã nhiệm vụ ưu tiên hợp lệ", "Priority codes are known"),
    message={
        "": ("Mã nhiệm vụ ưu tiên “{code}” không có trong gói hướng dẫn.", "Priority code “{code}” is not in the guidance pack."),
        "near": (
            "Mã nhiệm vụ ưu tiên “{code}” không có trong gói hướng dẫn. Gần nhất: “{near}”.",
            "Priority code “{code}” is not in the guidance pack. Closest: “{near}”.",
        ),
        "renamed": (
            "Mã nhiệm vụ ưu tiên “{code}” không có trong gói hướng dẫn. Đây là mã của gói năm {from_year}, nay là “{new}”.",
            "Priority code “{code}” is not in the guidance pack. It is a code of the {from_year} pack, now “{new}”.",
        ),
    },
    what=(
        "Mỗi mã trong cột Gắn với nhiệm vụ ưu tiên là một mã của gói hướng dẫn của năm (NQ57-1…NQ57-7, CL-AI, CL-BANDAN, CL-DULIEU, "
        "CL-CPS, CL-KTS, LK3N, DOTPHA; công nghệ chiến lược: CNCL-01…CNCL-11 năm 2026, CNCL21-01…CNCL21-10 từ năm 2027). Mã cũ có "
        "trong bảng đổi mã của gói được báo kèm mã mới.",
        "Each code in the column “Gắn với nhiệm vụ ưu tiên” (priorities) is a code of the year's guidance pack (NQ57-1…NQ57-7, CL-AI,"
        " CL-BANDAN, CL-DULIEU, CL-CPS, CL-KTS, LK3N, DOTPHA; strategic technologies: CNCL-01…CNCL-11 in 2026, CNCL21-01…CNCL21-10 "
        "from 2027). An old code found in the pack's table of renamed codes is reported with its new code.",
    ),
    why=(
        "Mã sai thì khoản kinh phí không được tính vào nhiệm vụ ưu tiên khi tổng hợp.",
        "With a wrong code, the funding is not counted toward the priority task when estimates are consolidated.",
    ),
    failing="priorities: [NQ57-9]",
    passing="priorities: [NQ57-3]",
)
def check_priority_codes(ctx: Context) -> Iterator[Finding | None]:
    """P003: the priority codes are known (or renamed by the crosswalk)."""
    known = list(ctx.pack.priorities)
    crosswalk = ctx.pack.crosswalk.priorities if ctx.pack.crosswalk is not None else {}
    from_year = ctx.pack.crosswalk.from_year if ctx.pack.crosswalk is not None else None
    for index, line in enumerate(ctx.lines):
        for code in line.priorities:
            if code not in ctx.pack.priorities:
                renamed = crosswalk.get(code)
                if renamed is not None:
                    new = ", ".join(renamed.to)
                    yield ctx.finding(
                        "P003",
                        ctx.at(index, "priorities"),
                        code,
                        kind="renamed",
                        code=code,
                        from_year=from_year,
                        new=new,
                    )
                    continue
                near = closest(code, known)
                yield ctx.finding("P003", ctx.at(index, "priorities"), code, kind="near" if near else "", code=code, near=near)


@register(
    "P004",
    title=("Nhiệm vụ có đơn vị chủ trì", "Tasks name their lead agency"),
    message=("Nhiệm vụ chưa có đơn vị chủ trì.", "The task names no lead agency."),
    what=("Mỗi nhiệm vụ (chuyển tiếp, mở mới) ghi đơn vị chủ trì.", "Each task (continuing or new) names its lead agency."),
    why=(
        "Thông báo 01-TB/BCĐTW: mỗi nhiệm vụ phải giao cụ thể, gắn trách nhiệm cá nhân và cơ quan chủ trì.",
        "Notice 01-TB/BCĐTW: each task must be specifically assigned, linked to individual responsibility and to a lead agency.",
    ),
    failing="status: new\nlead_agency:",
    passing=(
        "status: new\nlead_agency: Văn phòng HĐND và UBND xã",
        "status: new\nlead_agency: Văn phòng HĐND và UBND xã   # the office of the commune People's Council and People's Committee",
    ),
)
def check_lead_agency(ctx: Context) -> Iterator[Finding | None]:
    """P004: a task names its lead agency."""
    for index, line in enumerate(ctx.lines):
        if line.is_task and line.missing("lead_agency"):
            yield ctx.finding("P004", ctx.at(index, "lead_agency"))


@register(
    "P005",
    title=("Nhiệm vụ chuyển tiếp chưa kết thúc", "Continuing tasks have not ended"),
    message=(
        "Nhiệm vụ chuyển tiếp đã kết thúc năm {end_year}, trước năm ngân sách {year}.",
        "The continuing task ended in {end_year}, before budget year {year}.",
    ),
    what=(
        "Nhiệm vụ chuyển tiếp có năm kết thúc không trước năm ngân sách (end_year >= N).",
        "A continuing task's end year is not before the budget year (end_year >= N).",
    ),
    why=(
        "Nhiệm vụ đã kết thúc không còn là chuyển tiếp; nếu được gia hạn, ghi năm kết thúc mới theo quyết định gia hạn.",
        "A task that has ended is no longer continuing; if it was extended, enter the new end year from the extension decision.",
    ),
    failing="status: continuing\nend_year: 2025",
    passing="status: continuing\nend_year: 2026",
)
def check_continuing_not_ended(ctx: Context) -> Iterator[Finding | None]:
    """P005: a continuing task has not ended before the budget year."""
    for index, line in enumerate(ctx.lines):
        if line.status == Status.CONTINUING and line.end_year is not None and line.end_year < ctx.year:
            yield ctx.finding("P005", ctx.at(index, "end_year"), line.end_year, end_year=line.end_year, year=ctx.year)


@register(
    "P006",
    title=("Nhiệm vụ chuyển tiếp được bố trí", "Running continuing tasks are funded"),
    message=(
        "Nhiệm vụ chuyển tiếp thực hiện đến năm {end_year} nhưng dự toán năm {year} bằng 0.",
        "The continuing task runs until {end_year} but its {year} estimate is 0.",
    ),
    what=(
        "Nhiệm vụ chuyển tiếp còn thực hiện trong năm ngân sách (start_year <= N <= end_year) có dự toán năm N lớn hơn 0.",
        "A continuing task still running in the budget year (start_year <= N <= end_year) has a year-N estimate greater than 0.",
    ),
    why=(
        "Thông tư 56/2025/TT-BTC, Điều 17.1.d và 23.1: rà soát nhiệm vụ dở dang tiếp tục thực hiện, lập dự toán cho nhiệm vụ chuyển "
        "tiếp; không bố trí thì nhiệm vụ bị dừng giữa chừng.",
        "Circular 56/2025/TT-BTC, Articles 17.1.d and 23.1: review the unfinished tasks that continue and prepare estimates for "
        "continuing tasks; without funding, a task stops half-way.",
    ),
    failing="status: continuing\nstart_year: 2025\nend_year: 2026\nestimate: 0",
    passing="status: continuing\nstart_year: 2025\nend_year: 2026\nestimate: 300",
)
def check_continuing_funded(ctx: Context) -> Iterator[Finding | None]:
    """P006: a continuing task running in the budget year is funded."""
    for index, line in enumerate(ctx.lines):
        if line.status != Status.CONTINUING or line.estimate is None or line.start_year is None or line.end_year is None:
            continue
        if line.start_year <= ctx.year <= line.end_year and line.estimate <= 0:
            yield ctx.finding("P006", ctx.at(index, "estimate"), line.estimate, end_year=line.end_year, year=ctx.year)


@register(
    "P007",
    title=("Chuyển tiếp kết thúc trong năm được bố trí đủ trước mở mới", "Finishing continuing tasks first"),
    message=(
        "Nhiệm vụ chuyển tiếp kết thúc năm {year} chỉ được bố trí {estimate}/{remaining} phần còn lại, trong khi {count} nhiệm vụ mở "
        "mới được bố trí {new_total}.",
        "A continuing task ending in {year} gets {estimate} of its remaining {remaining}, while {count} new tasks get {new_total}.",
    ),
    what=(
        "Khi có nhiệm vụ mở mới được bố trí kinh phí (> 0), mỗi nhiệm vụ chuyển tiếp kết thúc trong năm ngân sách được bố trí đủ phần"
        " kinh phí còn lại.",
        "When new tasks receive funding (> 0), each continuing task that ends in the budget year receives all of its remaining amount.",
    ),
    why=(
        "Thông tư 56/2025/TT-BTC, Điều 17.1.d: rà soát nhiệm vụ dở dang, sắp xếp thứ tự ưu tiên nhiệm vụ mới; nhiệm vụ sắp kết thúc "
        "thiếu vốn sẽ không nghiệm thu được. Đòi bố trí đủ phần còn lại trước khi bố trí nhiệm vụ mới là quy ước của budgetkit.",
        "Circular 56/2025/TT-BTC, Article 17.1.d: review unfinished tasks and rank new tasks by priority; a task about to end without "
        "enough funds cannot be accepted on completion. Requiring the remaining amount in full before funding new tasks is budgetkit's"
        " convention.",
    ),
    failing=(
        "Một nhiệm vụ chuyển tiếp end_year: 2026 còn 300 nhưng estimate: 100, và một nhiệm vụ mở mới estimate: 200.",
        "A continuing task with end_year: 2026 and 300 remaining gets estimate: 100, while a new task gets estimate: 200.",
    ),
    passing=(
        "Nhiệm vụ chuyển tiếp end_year: 2026 estimate: 300 (đủ phần còn lại).",
        "The continuing task with end_year: 2026 gets estimate: 300 (all that remains).",
    ),
)
def check_continuing_first(ctx: Context) -> Iterator[Finding | None]:
    """P007: a continuing task that ends in the budget year gets what its approval has left before new tasks are funded."""
    tolerance = ctx.pack.thresholds.sum_tolerance
    new_estimates = [line.estimate for line in ctx.lines if line.status == Status.NEW and line.estimate and line.estimate > 0]
    if not new_estimates:
        return
    new_total = sum(new_estimates)
    for index, line in enumerate(ctx.lines):
        if line.status != Status.CONTINUING or line.end_year != ctx.year or line.estimate is None:
            continue
        remaining = line.remaining_approval
        if remaining is None:
            continue
        if line.estimate < remaining - tolerance:
            yield ctx.finding(
                "P007",
                ctx.at(index, "estimate"),
                line.estimate,
                year=ctx.year,
                estimate=line.estimate,
                remaining=remaining,
                count=len(new_estimates),
                new_total=new_total,
            )


@register(
    "P008",
    title=("Giải trình thay đổi lớn so với năm trước", "Explain large changes against last year"),
    message=(
        "Dự toán năm {year} ({estimate}) thay đổi {change} so với dự toán năm {prior_year} ({prior}), vượt ngưỡng {threshold}; cần "
        "thuyết minh riêng cho dòng này.",
        "The {year} estimate ({estimate}) changes by {change} against {prior_year} ({prior}), over the {threshold} threshold; "
        "explain this line.",
    ),
    what=(
        "Dòng có dự toán năm N-1 (> 0) mà dự toán năm N tăng hoặc giảm quá ngưỡng của gói hướng dẫn (mặc định 50%) thì có thuyết minh"
        " riêng.",
        "A line with a year N-1 estimate (> 0) whose year-N estimate rises or falls by more than the pack's threshold (50% by "
        "default) has an explanation of its own.",
    ),
    why=(
        "Thông tư 56/2025/TT-BTC, Điều 17.4.a: dự toán xác định cụ thể mức tăng giảm so với dự toán năm trước. Ngưỡng 50% "
        "(thresholds.line_change_max) là quy ước của budgetkit, không phải của văn bản.",
        "Circular 56/2025/TT-BTC, Article 17.4.a: the estimate states specifically its increase or decrease against the previous "
        "year's estimate. The 50% threshold (thresholds.line_change_max) is budgetkit's convention, not the law's.",
    ),
    failing="prior_estimate: 200\nestimate: 450",
    passing=(
        "prior_estimate: 200\nestimate: 450\nexplanation: Mở rộng số hóa sang hồ sơ đất đai theo Kế hoạch 85/KH-UBND.",
        "prior_estimate: 200\n"
        "estimate: 450\n"
        "explanation: Mở rộng số hóa sang hồ sơ đất đai theo Kế hoạch 85/KH-UBND.\n"
        "# the explanation: digitisation extended to land records under Plan 85/KH-UBND",
    ),
)
def check_line_change(ctx: Context) -> Iterator[Finding | None]:
    """P008: a large change against last year's estimate is explained."""
    threshold = ctx.pack.thresholds.line_change_max
    for index, line in enumerate(ctx.lines):
        prior = line.prior_estimate
        if not prior or prior <= 0 or line.estimate is None or line.explanation:
            continue
        delta = change(line.estimate, prior)
        if delta is not None and abs(delta) > threshold:
            yield ctx.finding(
                "P008",
                ctx.at(index, "explanation"),
                None,
                year=ctx.year,
                prior_year=ctx.year - 1,
                estimate=line.estimate,
                prior=prior,
                change=Percent(delta, signed=True),
                threshold=Percent(threshold, 0),
            )


@register(
    "P009",
    title=("Nhiệm vụ mở mới bắt đầu trong năm ngân sách", "New tasks start in the budget year"),
    message=(
        "Nhiệm vụ mở mới bắt đầu năm {start_year}, không phải năm ngân sách {year}; nếu đã bắt đầu từ trước, đó là nhiệm vụ chuyển tiếp.",
        "The new task starts in {start_year}, not in budget year {year}; if it started earlier, it is a continuing task.",
    ),
    what=("Nhiệm vụ mở mới có năm bắt đầu bằng năm ngân sách (start_year = N).", "A new task starts in the budget year (start_year = N)."),
    why=(
        "Phân biệt đúng nhiệm vụ chuyển tiếp và mở mới quyết định thứ tự ưu tiên bố trí kinh phí.",
        "Telling continuing tasks from new ones correctly decides the order in which funding is allocated.",
    ),
    failing="status: new\nstart_year: 2025",
    passing="status: new\nstart_year: 2026",
)
def check_new_starts(ctx: Context) -> Iterator[Finding | None]:
    """P009: a new task starts in the budget year."""
    for index, line in enumerate(ctx.lines):
        if line.status == Status.NEW and line.start_year is not None and line.start_year != ctx.year:
            yield ctx.finding("P009", ctx.at(index, "start_year"), line.start_year, start_year=line.start_year, year=ctx.year)


@register(
    "P010",
    title=("Nhiệm vụ KH&CN mở mới nêu rõ có thực hiện qua cơ chế quỹ", "New S&T tasks state whether they go through a fund"),
    message=("Nhiệm vụ KH&CN mở mới chưa ghi “{label}” (có/không).", "The new S&T task does not state “{label}” (yes/no)."),
    what=(
        "Mỗi nhiệm vụ KH&CN mở mới ghi cột Thực hiện qua cơ chế quỹ (via_fund): có hoặc không.",
        "Each new S&T task fills in the column “Thực hiện qua cơ chế quỹ” (via_fund, carried out through the fund mechanism): yes or no.",
    ),
    why=(
        "Thông tư 56/2025/TT-BTC, Điều 23.2: với nhiệm vụ mới, báo cáo rõ kinh phí thực hiện và không thực hiện theo cơ chế quỹ; Nghị "
        "quyết 57-NQ/TW, mục III.2: ngân sách cho nghiên cứu, phát triển KH&CN ưu tiên thực hiện theo cơ chế quỹ.",
        "Circular 56/2025/TT-BTC, Article 23.2: for new tasks, report clearly the funding carried out and not carried out through the "
        "fund mechanism; Resolution 57-NQ/TW, section III.2: the budget for S&T research and development is preferably spent through "
        "the fund mechanism.",
    ),
    failing=("field: khcn\nstatus: new\n# via_fund để trống", "field: khcn\nstatus: new\n# via_fund left empty"),
    passing=("field: khcn\nstatus: new\nvia_fund: không", "field: khcn\nstatus: new\nvia_fund: không   # no"),
)
def check_fund_mechanism(ctx: Context) -> Iterator[Finding | None]:
    """P010: a new S&T task states whether it goes through a fund."""
    for index, line in enumerate(ctx.lines):
        if line.status == Status.NEW and line.field == Pillar.KHCN and line.missing("via_fund"):
            yield ctx.finding("P010", ctx.at(index, "via_fund"), label=ctx.label("via_fund"))


@register(
    "P011",
    title=("Nhiệm vụ mới chưa có quyết định thì thuyết minh cơ sở kinh phí", "New tasks without approval explain their cost"),
    message=(
        "Nhiệm vụ mở mới chưa có quyết định phê duyệt và chưa có thuyết minh: cần chi tiết nội dung chi và cơ sở xác định dự kiến "
        "kinh phí ({estimate} triệu đồng).",
        "The new task has no approval and no explanation: detail its contents and the basis of its cost ({estimate} million VND).",
    ),
    what=(
        "Nhiệm vụ mở mới không ghi Quyết định phê duyệt (chỉ đề xuất theo chủ trương) thì có Thuyết minh riêng nêu nội dung chi và cơ"
        " sở xác định kinh phí (định mức, khối lượng, báo giá).",
        "A new task without an approving decision (proposed only on the basis of an in-principle decision) has an explanation of its "
        "own that sets out the spending content and the basis of its cost (norms, quantities, quotations).",
    ),
    why=(
        "Thông tư 56/2025/TT-BTC, Điều 15.2: trường hợp đề xuất dự toán chỉ theo chủ trương của cấp có thẩm quyền, cần chi tiết nội "
        "dung chi và cơ sở xác định dự kiến kinh phí.",
        "Circular 56/2025/TT-BTC, Article 15.2: where an estimate is proposed only on the basis of an in-principle decision of the "
        "competent authority, the spending content and the basis of the expected cost must be detailed.",
    ),
    failing=("status: new\n# approval và explanation để trống", "status: new\n# approval and explanation left empty"),
    passing=(
        "status: new\nexplanation: 12.000 trang x 20.000 đồng/trang theo đơn giá số hóa của tỉnh, cộng 80 triệu đồng nhập liệu.",
        "status: new\n"
        "explanation: 12.000 trang x 20.000 đồng/trang theo đơn giá số hóa của tỉnh, cộng 80 triệu đồng nhập liệu.\n"
        "# the explanation: 12,000 pages x 20,000 VND a page at the province's digitisation price, plus 80 million VND of data entry",
    ),
)
def check_cost_basis(ctx: Context) -> Iterator[Finding | None]:
    """P011: a new task without approval explains its cost."""
    for index, line in enumerate(ctx.lines):
        if line.status != Status.NEW or not line.missing("approval") or line.explanation:
            continue
        if line.estimate is not None and line.estimate > 0:
            yield ctx.finding("P011", ctx.at(index, "explanation"), None, estimate=line.estimate)
