"""C - classification: pillar, spending type, investment approvals, budget codes."""

from __future__ import annotations

from collections.abc import Iterator

from budgetkit.findings import Finding
from budgetkit.model import Pillar, Spending
from budgetkit.rules.engine import Context
from budgetkit.rules.registry import register
from budgetkit.text import match_key


@register(
    "C001",
    title=("Nhóm nội dung thuộc đúng lĩnh vực", "The category belongs to the pillar"),
    message=("Nhóm nội dung “{category}” thuộc lĩnh vực {category_pillar}, không thuộc {pillar} của dòng này.",
             "Category “{category}” belongs to {category_pillar}, not to this line's {pillar}."),
    what="Nhóm nội dung của dòng thuộc đúng lĩnh vực (KH&CN, ĐMST, CĐS) của dòng theo gói hướng dẫn. Nhóm mà gói không biết là V002.",
    why="Công văn 3233 yêu cầu phân bổ rõ theo ba lĩnh vực; nhóm lệch lĩnh vực làm sai cơ cấu ba trụ cột.",
    failing="field: khcn\ncategory: cds_du_lieu",
    passing="field: cds\ncategory: cds_du_lieu",
)
def check_category_pillar(ctx: Context) -> Iterator[Finding | None]:
    for index, line in enumerate(ctx.lines):
        if line.category is None or line.field is None or ctx.skip(index, "category") or ctx.skip(index, "field"):
            continue
        category = ctx.pack.categories.get(line.category)
        if category is not None and category.pillar != line.field.value:
            pillars = ctx.pack.enums["pillar"]
            yield ctx.finding("C001", ctx.at(index, "category"), line.category, category=line.category,
                              category_pillar=pillars[category.pillar].short, pillar=pillars[line.field.value].short)


@register(
    "C002",
    title=("Nhóm nội dung cho phép loại chi", "The category allows the spending type"),
    message=("Nhóm nội dung “{category}” chỉ cho phép {allowed}, không cho phép {spending}.",
             "Category “{category}” allows only {allowed}, not {spending}."),
    what="Loại chi (đầu tư phát triển, thường xuyên) của dòng nằm trong các loại chi mà nhóm nội dung cho phép theo gói hướng dẫn.",
    why="Công văn 3233 yêu cầu tách chi thường xuyên và chi đầu tư phát triển; ví dụ vốn điều lệ quỹ chỉ là chi đầu tư.",
    failing="category: dmst_quy\nspending: recurrent",
    passing="category: dmst_quy\nspending: investment",
)
def check_category_spending(ctx: Context) -> Iterator[Finding | None]:
    labels = ctx.pack.enums["spending"]
    for index, line in enumerate(ctx.lines):
        if line.category is None or line.spending is None or ctx.skip(index, "category") or ctx.skip(index, "spending"):
            continue
        category = ctx.pack.categories.get(line.category)
        if category is not None and line.spending.value not in category.spending:
            yield ctx.finding("C002", ctx.at(index, "spending"), line.spending.value, category=line.category,
                              allowed=", ".join(labels[s].label for s in category.spending), spending=labels[line.spending.value].label)


@register(
    "C003",
    title=("Dòng đầu tư có quyết định đầu tư", "Investment lines carry their investment decision"),
    message=("Dòng chi đầu tư phát triển thiếu “{label}” (quyết định đầu tư và tổng mức đầu tư theo Luật Đầu tư công).",
             "An investment line lacks “{label}” (the investment decision and its total, under the Public Investment Law)."),
    what="Dòng chi đầu tư phát triển có quyết định phê duyệt (quyết định đầu tư) và tổng kinh phí được duyệt. Với dòng đầu tư chuyển tiếp, chỉ C003 báo các giá trị này (không báo thêm V001).",
    why="Theo Luật Đầu tư công, vốn đầu tư chỉ bố trí cho dự án đã có quyết định đầu tư.",
    failing="spending: investment\nestimate: 2000   # không có approval, approved_total",
    passing="spending: investment\napproval: QĐ 845/QĐ-UBND ngày 20/6/2025\napproved_total: 6500\nestimate: 2000",
)
def check_investment_approval(ctx: Context) -> Iterator[Finding | None]:
    for index, line in enumerate(ctx.lines):
        if line.spending != Spending.INVESTMENT:
            continue
        for key in ("approval", "approved_total"):
            if getattr(line, key) is None and not ctx.skip(index, key):
                yield ctx.finding("C003", ctx.at(index, key), label=ctx.label(key))


@register(
    "C004",
    title=("Chi thường xuyên không phải xây dựng, đầu tư", "Recurrent lines are not construction"),
    message=("Dòng chi thường xuyên có tên như một dự án xây dựng/đầu tư (“{keyword}”); nếu là đầu tư, hãy chuyển sang chi đầu tư phát triển.",
             "A recurrent line is named like a construction or investment project (“{keyword}”); if it is an investment, make it development investment."),
    what="Cảnh báo dòng chi thường xuyên có tên chứa từ khóa xây dựng, đầu tư mới (danh sách `keywords.construction` trong gói: “đầu tư xây dựng”, “xây dựng công trình”, “xây dựng mới”, “xây mới”, “cải tạo, mở rộng”, “dự án đầu tư”). Không dùng từ “xây dựng” đơn thuần, vì còn có nghĩa xây dựng cơ sở dữ liệu, kế hoạch. "
         "Khi gói có danh sách `keywords.digital_systems` (gói 2027: Điều 34 khoản 1 Nghị định 224/2026/NĐ-CP cho phép chi thường xuyên xây dựng, phát triển, nâng cấp, mở rộng hệ thống số, nền tảng số, hệ thống thông tin, cơ sở dữ liệu, hạ tầng chuyển đổi số), dòng CĐS có tên chứa một từ khóa đó không bị cảnh báo, trừ khi tên còn chứa từ khóa công trình (`keywords.buildings`, ví dụ “xây mới”, “nhà”).",
    why="Công trình xây dựng thuộc vốn đầu tư công; tách chi thường xuyên với chi đầu tư phát triển. Từ 1/7/2026, chi thường xuyên cho chuyển đổi số được xây dựng, nâng cấp hệ thống số (Nghị định 224/2026, Điều 34), nên gói 2027 không cảnh báo các dòng đó.",
    failing="name: Xây mới nhà điều hành trung tâm dữ liệu\nspending: recurrent",
    passing="name: Xây dựng cơ sở dữ liệu đất đai\nspending: recurrent\n# gói 2027, dòng CĐS: “Đầu tư xây dựng nền tảng số của xã” cũng đạt",
)
def check_construction(ctx: Context) -> Iterator[Finding | None]:
    keywords = [(match_key(k), k) for k in ctx.pack.keywords.get("construction", [])]
    digital = [match_key(k) for k in ctx.pack.keywords.get("digital_systems", [])]
    buildings = [match_key(k) for k in ctx.pack.keywords.get("buildings", [])]
    for index, line in enumerate(ctx.lines):
        if line.spending != Spending.RECURRENT or not line.name or ctx.skip(index, "spending"):
            continue
        name = match_key(line.name)
        hit = next((original for key, original in keywords if key in name), None)
        if hit is None:
            continue
        if digital and line.field == Pillar.CDS and any(k in name for k in digital) and not _has_word(name, buildings):
            continue  # Điều 34.1 Nghị định 224/2026: recurrent funds may build digital systems
        yield ctx.finding("C004", ctx.at(index, "spending"), line.name, keyword=hit)


def _has_word(name: str, keys: list[str]) -> bool:
    """A keyword present as whole words ("nhà" in "nhà điều hành", not in "nhân lực")."""
    padded = f" {' '.join(name.replace(',', ' ').split())} "
    return any(f" {key} " in padded for key in keys)


@register(
    "C005",
    title=("Mã Loại - Khoản đúng lĩnh vực", "The budget code fits the pillar"),
    message=("Mã Loại - Khoản “{code}” không thuộc các mã của lĩnh vực {pillar}: {allowed}.",
             "Budget code “{code}” is not one of the {pillar} codes: {allowed}."),
    what="Mã Loại - Khoản (khi có) là một mã mà gói hướng dẫn cho phép với lĩnh vực của dòng; không báo với lĩnh vực chưa có mã trong gói (ĐMST, CĐS).",
    why="Mục lục ngân sách (Thông tư 130/2025/TT-BTC, cần xác nhận) quyết định dòng được hạch toán vào đâu.",
    failing="field: khcn\nbudget_code: \"340-341\"",
    passing="field: khcn\nbudget_code: \"100-102\"",
)
def check_budget_code(ctx: Context) -> Iterator[Finding | None]:
    for index, line in enumerate(ctx.lines):
        if not line.budget_code or line.field is None or ctx.skip(index, "field"):
            continue
        allowed = ctx.pack.budget_codes.get(line.field.value) or []
        code = line.budget_code.replace(" ", "")
        if allowed and code not in allowed:
            yield ctx.finding("C005", ctx.at(index, "budget_code"), line.budget_code, code=line.budget_code,
                              pillar=ctx.pack.enums["pillar"][line.field.value].short, allowed=", ".join(allowed))




@register(
    "C009",
    title=("Nghiên cứu, thử nghiệm, thí điểm về chuyển đổi số thuộc KH&CN", "DX research, testing and pilots belong to S&T"),
    message=("Dòng CĐS có nội dung nghiên cứu, thử nghiệm, thí điểm (“{keyword}”): theo Nghị định 224/2026/NĐ-CP (Điều 32 khoản 2 điểm b, c), khoản chi này không thuộc nhiệm vụ chi chuyển đổi số mà bố trí như nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo; hãy chuyển sang lĩnh vực KH&CN (hoặc ĐMST). Nếu là hỗ trợ phát triển thử nghiệm theo Điều 39, ghi rõ “phát triển thử nghiệm” trong tên.",
             "A digital-transformation line describes research, testing or a pilot (“{keyword}”): under Decree 224/2026/NĐ-CP (Article 32.2.b-c) this is not a DX spending task but an S&T and innovation one; move it to the S&T (or innovation) pillar. If it is Article 39 trial-development support, say “phát triển thử nghiệm” in the name."),
    what="Cảnh báo dòng thuộc lĩnh vực CĐS có tên chứa từ khóa nghiên cứu, thử nghiệm, thí điểm (danh sách `keywords.dx_research` của gói, ví dụ “nghiên cứu ứng dụng”, “thử nghiệm có kiểm soát”, “thí điểm”), trừ các cụm thuộc nhiệm vụ chi CĐS (`keywords.dx_research_allowed`: “phát triển thử nghiệm” của Điều 34 khoản 7 điểm h và Điều 39, “vận hành thử”). Gói không có danh sách này (gói 2026) thì quy tắc im lặng; gói 2026 tắt quy tắc.",
    why="Từ 1/7/2026, Nghị định 224/2026/NĐ-CP Điều 32 khoản 2 điểm b, c loại khỏi nhiệm vụ chi chuyển đổi số các khoản chi nghiên cứu, thử nghiệm, đánh giá, triển khai ứng dụng sản phẩm, mô hình, giải pháp mới về chuyển đổi số và cơ chế thử nghiệm có kiểm soát: chúng được bố trí theo Nghị định về tài chính và đầu tư trong khoa học, công nghệ và đổi mới sáng tạo. Xếp sai lĩnh vực làm sai cơ cấu ba lĩnh vực và cơ chế cấp kinh phí.",
    failing="field: cds\nname: Thí điểm mô hình trợ lý ảo hỗ trợ người dân làm thủ tục hành chính",
    passing="field: khcn\nname: Thí điểm mô hình trợ lý ảo hỗ trợ người dân làm thủ tục hành chính",
)
def check_dx_research(ctx: Context) -> Iterator[Finding | None]:
    keywords = [(match_key(k), k) for k in ctx.pack.keywords.get("dx_research", [])]
    if not keywords:
        return
    allowed = [match_key(k) for k in ctx.pack.keywords.get("dx_research_allowed", [])]
    for index, line in enumerate(ctx.lines):
        if line.field != Pillar.CDS or not line.name or ctx.skip(index, "field"):
            continue
        name = match_key(line.name)
        for key in allowed:
            name = name.replace(key, " ")
        hit = next((original for key, original in keywords if key in name), None)
        if hit is not None:
            yield ctx.finding("C009", ctx.at(index, "field"), line.name, keyword=hit)
