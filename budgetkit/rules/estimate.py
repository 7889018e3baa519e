"""S - the estimate as a whole."""

from __future__ import annotations

from collections.abc import Iterator

from budgetkit.figures import PILLARS, SPENDINGS, total
from budgetkit.findings import Finding
from budgetkit.i18n import fmt_percent
from budgetkit.rules.engine import Context
from budgetkit.rules.registry import register


@register(
    "S004",
    title=("Tệp có ít nhất một dòng", "The file has at least one line"),
    message=("Tệp không có dòng dự toán nào.", "The file has no budget line."),
    what="Tệp dự toán có ít nhất một dòng nhiệm vụ hoặc nội dung chi.",
    why="Một tệp không có dòng nào thường là gửi nhầm mẫu trống.",
    failing="lines: []",
    passing="lines:\n  - id: CDS-01\n    ...",
)
def check_has_lines(ctx: Context) -> Iterator[Finding | None]:
    if not ctx.lines:
        yield ctx.finding("S004")


@register(
    "S001",
    title=("Tối thiểu 3% tổng chi ngân sách", "At least 3% of total expenditure"),
    message=("Tổng dự toán KH&CN, ĐMST và CĐS ({total}) bằng {share_vi} tổng chi ngân sách ({expenditure}), dưới mức tối thiểu {minimum_vi} theo Nghị quyết 57-NQ/TW.",
             "The S&T, innovation and digital transformation estimate ({total}) is {share_en} of total expenditure ({expenditure}), under the {minimum_en} minimum of Resolution 57-NQ/TW."),
    what="Khi khai tổng chi ngân sách của đơn vị/địa phương, tổng dự toán của cả ba lĩnh vực (cả hai loại chi) không dưới tỷ lệ của gói hướng dẫn (3%).",
    why="Nghị quyết 57-NQ/TW: bố trí ít nhất 3% tổng chi ngân sách hằng năm cho khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, và tăng dần.",
    failing="total_budget_expenditure: 48500\n# các dòng cộng lại 1.000 (2,1%)",
    passing="total_budget_expenditure: 48500\n# các dòng cộng lại 1.500 (3,1%)",
)
def check_share(ctx: Context) -> Iterator[Finding | None]:

    expenditure = ctx.model.unit.total_budget_expenditure
    if expenditure is None or expenditure <= 0 or not ctx.lines:
        return
    estimate_total = total(ctx.group_sums())
    minimum = ctx.pack.thresholds.total_share_min
    if estimate_total + ctx.pack.thresholds.sum_tolerance < minimum * expenditure:
        share = estimate_total / expenditure
        yield ctx.finding("S001", total=estimate_total, expenditure=expenditure,
                          share_vi=fmt_percent(share, "vi", 2), share_en=fmt_percent(share, "en", 2),
                          minimum_vi=fmt_percent(minimum, "vi", 0), minimum_en=fmt_percent(minimum, "en", 0))


@register(
    "S002",
    title=("Không lĩnh vực nào bằng 0", "No pillar is left at zero"),
    message=("Lĩnh vực {pillar} không được bố trí dự toán năm {year}.", "Pillar {pillar} gets no estimate for {year}."),
    what="Mỗi lĩnh vực (KH&CN, ĐMST, CĐS) có dự toán năm N lớn hơn 0 (tính cả hai loại chi).",
    why="Công văn 3233: dự toán năm 2026 lần đầu gộp ba lĩnh vực; để một lĩnh vực bằng 0 cần được cân nhắc và giải thích.",
    failing="Không có dòng nào thuộc lĩnh vực dmst.",
    passing="Có ít nhất một dòng dmst với dự toán > 0.",
)
def check_pillars(ctx: Context) -> Iterator[Finding | None]:
    if not ctx.lines:
        return
    sums = ctx.group_sums()
    for pillar in PILLARS:
        if sum(sums[pillar].values()) <= 0:
            yield ctx.finding("S002", ctx.group_location(pillar), pillar=ctx.pack.enums["pillar"][pillar].short, year=ctx.year)


@register(
    "S003",
    title=("Thuyết minh nhóm thay đổi lớn", "Explain groups that change much"),
    message=("Nhóm {pillar} - {spending_vi}: dự toán năm {year} {estimate} so với {prior} năm {prior_year} ({change_vi}) cần thuyết minh nhóm (trang Thuyết minh).",
             "Group {pillar} - {spending_en}: the {year} estimate {estimate} against {prior} in {prior_year} ({change_en}) needs a group explanation (Thuyết minh sheet)."),
    what="Mỗi nhóm lĩnh vực x loại chi mà tổng dự toán năm N thay đổi quá ngưỡng của gói (mặc định 30%) so với dự toán năm N-1, hoặc xuất hiện từ 0, có thuyết minh nhóm (cho đúng lĩnh vực và loại chi, hoặc cho cả lĩnh vực).",
    why="Công văn 3233: ngân sách cần được thuyết minh rõ và phân tích cụ thể cho từng nhóm nhiệm vụ.",
    failing="Nhóm CĐS - thường xuyên: 400 (2025) lên 900 (2026), không có thuyết minh nhóm cds.",
    passing="explanations:\n  - field: cds\n    text: Tăng do triển khai số hóa hộ tịch, đất đai theo Đề án 06.",
)
def check_group_changes(ctx: Context) -> Iterator[Finding | None]:
    threshold = ctx.pack.thresholds.group_change_max
    estimates = ctx.group_sums()
    priors = ctx.group_sums("prior_estimate")
    explained = {(e.field.value if e.field else None, e.spending.value if e.spending else None) for e in ctx.model.explanations if e.text}
    for pillar in PILLARS:
        for spending in SPENDINGS:
            new, old = estimates[pillar][spending], priors[pillar][spending]
            if new == 0 and old == 0:
                continue
            if old == 0:
                change_vi, change_en = "xuất hiện mới", "new from zero"
            else:
                delta = (new - old) / old
                if abs(delta) <= threshold:
                    continue
                change_vi = ("+" if delta > 0 else "") + fmt_percent(delta, "vi")
                change_en = ("+" if delta > 0 else "") + fmt_percent(delta, "en")
            if (pillar, spending) in explained or (pillar, None) in explained:
                continue
            yield ctx.finding("S003", ctx.group_location(pillar, spending), pillar=ctx.pack.enums["pillar"][pillar].short,
                              spending_vi=ctx.pack.enums["spending"][spending].label, spending_en=spending, year=ctx.year, prior_year=ctx.year - 1,
                              estimate=new, prior=old, change_vi=change_vi, change_en=change_en)
