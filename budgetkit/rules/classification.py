"""C - classification: pillar, spending type, investment approvals, budget codes."""

from __future__ import annotations

from collections.abc import Iterator

from budgetkit.findings import Finding
from budgetkit.model import Pillar, Spending
from budgetkit.normalize import match_key
from budgetkit.rules.engine import Context
from budgetkit.rules.registry import register


@register(
    "C001",
    title=("Nhóm nội dung thuộc đúng lĩnh vực", "The category belongs to the pillar"),
    message=(
        "Nhóm nội dung “{category}” thuộc lĩnh vực {category_pillar}, không thuộc {pillar} của dòng này.",
        "Category “{category}” belongs to {category_pillar}, not to this line's {pillar}.",
    ),
    what=(
        "Nhóm nội dung của dòng thuộc đúng lĩnh vực (KH&CN, ĐMST, CĐS) của dòng theo gói hướng dẫn. Nhóm mà gói không biết là V002.",
        "A line's category belongs to the line's pillar (S&T, innovation, digital transformation) according to the guidance pack. A "
        "category the pack does not know is V002.",
    ),
    why=(
        "Công văn 3233 yêu cầu phân bổ rõ theo ba lĩnh vực; nhóm lệch lĩnh vực làm sai cơ cấu ba trụ cột.",
        "Official Dispatch 3233 requires a clear allocation across the three pillars; a category outside its pillar distorts the "
        "structure of the three pillars.",
    ),
    failing="field: khcn\ncategory: dmst_he_sinh_thai",
    passing="field: dmst\ncategory: dmst_he_sinh_thai",
)
def check_category_pillar(ctx: Context) -> Iterator[Finding | None]:
    """C001: the line's category belongs to its pillar."""
    for index, line in enumerate(ctx.lines):
        if line.category is None or line.field is None:
            continue
        category = ctx.pack.categories.get(line.category)
        if category is not None and category.pillar != line.field.value:
            pillars = ctx.pack.enums["pillar"]
            yield ctx.finding(
                "C001",
                ctx.at(index, "category"),
                line.category,
                category=category.title,
                category_pillar=pillars[category.pillar].short,
                pillar=pillars[line.field.value].short,
            )


@register(
    "C002",
    title=("Nhóm nội dung cho phép loại chi", "The category allows the spending type"),
    message=(
        "Nhóm nội dung “{category}” chỉ cho phép {allowed}, không cho phép {spending}.",
        "Category “{category}” allows only {allowed}, not {spending}.",
    ),
    what=(
        "Loại chi (đầu tư phát triển, thường xuyên) của dòng nằm trong các loại chi mà nhóm nội dung cho phép theo gói hướng dẫn.",
        "A line's spending type (development investment, recurrent) is one that its category allows according to the guidance pack.",
    ),
    why=(
        "Công văn 3233 yêu cầu tách chi thường xuyên và chi đầu tư phát triển; ví dụ vốn điều lệ quỹ chỉ là chi đầu tư.",
        "Official Dispatch 3233 requires recurrent and development investment spending to be kept apart; a fund's charter capital, for"
        " example, is investment spending only.",
    ),
    failing="category: dmst_quy\nspending: recurrent",
    passing="category: dmst_quy\nspending: investment",
)
def check_category_spending(ctx: Context) -> Iterator[Finding | None]:
    """C002: the line's category allows its spending type."""
    labels = ctx.pack.enums["spending"]
    for index, line in enumerate(ctx.lines):
        if line.category is None or line.spending is None:
            continue
        category = ctx.pack.categories.get(line.category)
        if category is not None and line.spending.value not in category.spending:
            yield ctx.finding(
                "C002",
                ctx.at(index, "spending"),
                line.spending.value,
                category=category.title,
                allowed=", ".join(labels[s].label for s in category.spending),
                spending=labels[line.spending.value].label,
            )


@register(
    "C003",
    title=("Dòng đầu tư có quyết định đầu tư", "Investment lines carry their investment decision"),
    message=(
        "Dòng chi đầu tư phát triển thiếu “{label}” (quyết định đầu tư và tổng mức đầu tư theo Luật Đầu tư công).",
        "An investment line lacks “{label}” (the investment decision and its total, under the Public Investment Law).",
    ),
    what=(
        "Dòng chi đầu tư phát triển có quyết định phê duyệt (quyết định đầu tư) và tổng kinh phí được duyệt. Với dòng đầu tư chuyển "
        "tiếp, chỉ C003 báo các giá trị này (không báo thêm V001).",
        "A development investment line has its approving decision (the investment decision) and approved total. For a continuing "
        "investment line only C003 reports these values (V001 does not report them as well).",
    ),
    why=(
        "Theo Luật Đầu tư công, vốn đầu tư chỉ bố trí cho dự án đã có quyết định đầu tư.",
        "Under the Public Investment Law, investment capital is allocated only to projects that already have an investment decision.",
    ),
    failing=(
        "spending: investment\nestimate: 2000   # không có approval, approved_total",
        "spending: investment\nestimate: 2000   # no approval, no approved_total",
    ),
    passing="spending: investment\napproval: QĐ 845/QĐ-UBND ngày 20/6/2025\napproved_total: 6500\nestimate: 2000",
)
def check_investment_approval(ctx: Context) -> Iterator[Finding | None]:
    """C003: an investment line carries its investment decision and approved total."""
    for index, line in enumerate(ctx.lines):
        if line.spending != Spending.INVESTMENT:
            continue
        for key in ("approval", "approved_total"):
            if line.missing(key):
                yield ctx.finding("C003", ctx.at(index, key), label=ctx.label(key))


@register(
    "C004",
    title=("Chi thường xuyên không phải xây dựng, đầu tư", "Recurrent lines are not construction"),
    message=(
        "Dòng chi thường xuyên có tên như một dự án xây dựng/đầu tư (“{keyword}”); nếu là đầu tư, hãy chuyển sang chi đầu tư phát triển.",
        "A recurrent line is named like a construction or investment project (“{keyword}”); if it is an investment, make it "
        "development investment.",
    ),
    what=(
        "Cảnh báo dòng chi thường xuyên có tên chứa từ khóa xây dựng, đầu tư mới (danh sách `keywords.construction` trong gói: “đầu "
        "tư xây dựng”, “xây dựng công trình”, “xây dựng mới”, “xây mới”, “cải tạo, mở rộng”, “dự án đầu tư”). Không dùng từ “xây "
        "dựng” đơn thuần, vì còn có nghĩa xây dựng cơ sở dữ liệu, kế hoạch. Với dòng CĐS, “dự án đầu tư” và “xây dựng mới” không bị "
        "coi là đầu tư (danh sách `construction_digital_ok` của gói): kinh phí thường xuyên được xây dựng, nâng cấp hệ thống số. Khi "
        "gói có danh sách `keywords.digital_systems` (gói 2027: Điều 34 khoản 1 Nghị định 224/2026/NĐ-CP cho phép chi thường xuyên "
        "xây dựng, phát triển, nâng cấp, mở rộng hệ thống số, nền tảng số, hệ thống thông tin, cơ sở dữ liệu, hạ tầng chuyển đổi số),"
        " dòng CĐS có tên chứa một từ khóa đó không bị cảnh báo, trừ khi tên còn chứa từ khóa công trình (`keywords.buildings`, ví dụ"
        " “xây mới”, “nhà”). Danh sách từ khóa là quy ước của budgetkit.",
        "Warns about a recurrent line whose name contains a construction or new-investment keyword (the pack's list "
        "`keywords.construction`: “đầu tư xây dựng”, “xây dựng công trình”, “xây dựng mới”, “xây mới”, “cải tạo, mở rộng”, “dự án đầu"
        " tư”: construction investment, building works, new construction, new building, renovation and extension, investment "
        "project). The word “xây dựng” (to build) alone is not used, since it also means building a database or a plan. For a "
        "digital-transformation line, “dự án đầu tư” and “xây dựng mới” are not taken as investment (the pack's list "
        "`construction_digital_ok`): recurrent funds may build and upgrade digital systems. When the pack has a list "
        "`keywords.digital_systems` (the 2027 pack: Decree 224/2026/NĐ-CP, Article 34, clause 1, allows recurrent spending to build, "
        "develop, upgrade and extend digital systems, digital platforms, information systems, databases and digital-transformation "
        "infrastructure), a DX line whose name contains one of those keywords is not warned about, unless the name also contains a "
        "building keyword (`keywords.buildings`, e.g. “xây mới”, “nhà”). The keyword lists are budgetkit's convention.",
    ),
    why=(
        "Dự toán đúng tính chất nguồn vốn đầu tư/thường xuyên (năm 2026: Điều 23.3 Thông tư 56/2025/TT-BTC); công trình xây dựng thuộc"
        " vốn đầu tư công. Pháp luật về chuyển đổi số cho phép dùng kinh phí thường xuyên xây dựng, nâng cấp hệ thống, nền tảng số (từ"
        " 1/7/2026: Nghị định 224/2026/NĐ-CP, Điều 34 khoản 1), nên với dòng CĐS chỉ các từ khóa về công trình xây dựng được cảnh báo.",
        "The estimate must respect the nature of the funds, investment or recurrent (for 2026: Circular 56/2025/TT-BTC, Article 23.3);"
        " building works belong to public investment capital. The law on digital transformation allows recurrent funds to build and "
        "upgrade digital systems and platforms (from 1 July 2026: Decree 224/2026/NĐ-CP, Article 34, clause 1), so for a DX line only "
        "building-works keywords are warned about.",
    ),
    failing=(
        "name: Xây mới nhà điều hành trung tâm dữ liệu\nspending: recurrent",
        "name: Xây mới nhà điều hành trung tâm dữ liệu   # a new operations building for the data centre\nspending: recurrent",
    ),
    passing=(
        "name: Xây dựng cơ sở dữ liệu đất đai\nspending: recurrent\n# gói 2027, dòng CĐS: “Đầu tư xây dựng nền tảng số của xã” cũng đạt",
        "name: Xây dựng cơ sở dữ liệu đất đai   # building the land database\n"
        "spending: recurrent\n"
        "# 2027 pack, a DX line: “Đầu tư xây dựng nền tảng số của xã” (building the commune's digital platform) passes too",
    ),
)
def check_construction(ctx: Context) -> Iterator[Finding | None]:
    """C004: a recurrent line is not construction."""
    keywords = [(match_key(k), k) for k in ctx.pack.keywords.get("construction", [])]
    digital_ok = {match_key(k) for k in ctx.pack.keywords.get("construction_digital_ok", [])}
    for_dx = [(key, original) for key, original in keywords if key not in digital_ok]
    digital = [match_key(k) for k in ctx.pack.keywords.get("digital_systems", [])]
    buildings = [match_key(k) for k in ctx.pack.keywords.get("buildings", [])]
    for index, line in enumerate(ctx.lines):
        if line.spending != Spending.RECURRENT or not line.name:
            continue
        name = match_key(line.name)
        is_dx = line.field == Pillar.CDS
        hit = next((original for key, original in (for_dx if is_dx else keywords) if key in name), None)
        if hit is None:
            continue
        if digital and is_dx and any(k in name for k in digital) and not _has_word(name, buildings):
            continue  # Điều 34.1 Nghị định 224/2026: recurrent funds may build digital systems
        yield ctx.finding("C004", ctx.at(index, "spending"), line.name, keyword=hit)


def _has_word(name: str, keys: list[str]) -> bool:
    """A keyword present as whole words ("nhà" in "nhà điều hành", not in "nhân lực")."""
    padded = f" {' '.join(name.replace(',', ' ').split())} "
    return any(f" {key} " in padded for key in keys)


def _allowed_text(ctx: Context, codes: list[str]) -> str:
    return ", ".join(f"{c} ({ctx.pack.code_title(c)})" if ctx.pack.code_title(c) else c for c in codes)


@register(
    "C005",
    title=("Mã Loại - Khoản đúng lĩnh vực", "The budget code fits the pillar"),
    message={
        "": (
            "Mã Loại - Khoản “{code}” không phải mã của lĩnh vực {pillar} theo Thông tư 130/2025/TT-BTC; mã của {pillar}: {allowed}.",
            "Budget code “{code}” is not a {pillar} code under Circular 130/2025/TT-BTC; the {pillar} codes: {allowed}.",
        ),
        "titled": (
            "Mã Loại - Khoản “{code}” ({title}) không phải mã của lĩnh vực "
            "{pillar} theo Thông tư 130/2025/TT-BTC; mã của {pillar}: {allowed}.",
            "Budget code “{code}” ({title}) is not a {pillar} code under Circular 130/2025/TT-BTC; the {pillar} codes: {allowed}.",
        ),
    },
    what=(
        "Mã Loại - Khoản (khi có) thuộc Loại 100 là một mã mà Phụ lục II Thông tư 130/2025/TT-BTC dành cho lĩnh vực của dòng: KH&CN "
        "100-101 … 100-108, ĐMST 100-111, CĐS 100-121. Mã chỉ ghi Khoản (“104”) được đọc là 100-104; “100 - 104” là 100-104. Mã ngoài"
        " Loại 100 (như 280-314, 340-341) là C007, không phải C005.",
        "A Loại/Khoản budget code (when given) within Loại 100 is one that Appendix II of Circular 130/2025/TT-BTC assigns to the "
        "line's pillar: S&T 100-101 … 100-108, innovation 100-111, DX 100-121. A code giving only the Khoản (“104”) is read as "
        "100-104; “100 - 104” is 100-104. A code outside Loại 100 (such as 280-314, 340-341) is C007, not C005.",
    ),
    why=(
        "Thông tư 130/2025/TT-BTC (áp dụng từ năm ngân sách 2026) đổi tên Loại 100 thành “Khoa học, công nghệ, đổi mới sáng tạo và "
        "chuyển đổi số” và chia Khoản theo ba lĩnh vực; hạch toán sai Khoản làm sai số liệu tổng hợp của lĩnh vực.",
        "Circular 130/2025/TT-BTC (applied from the 2026 budget year) renames Loại 100 “Khoa học, công nghệ, đổi mới sáng tạo và "
        "chuyển đổi số” (science, technology, innovation and digital transformation) and divides its Khoản among the three pillars; "
        "booking under the wrong Khoản distorts the pillar's consolidated figures.",
    ),
    failing=(
        'field: khcn\nbudget_code: "100-111"   # 100-111 là Khoản của ĐMST',
        'field: khcn\nbudget_code: "100-111"   # 100-111 is the innovation Khoản',
    ),
    passing=(
        'field: khcn\nbudget_code: "102"       # đọc là 100-102 Nghiên cứu ứng dụng',
        'field: khcn\nbudget_code: "102"       # read as 100-102, applied research',
    ),
)
def check_budget_code(ctx: Context) -> Iterator[Finding | None]:
    """C005: the budget code fits the line's pillar."""
    for index, line in enumerate(ctx.lines):
        code = line.budget_code
        if not code or line.field is None or not ctx.pack.in_sector(code):
            continue
        allowed = ctx.pack.budget_codes.get(line.field.value) or []
        if allowed and code not in allowed:
            title = ctx.pack.code_title(code) if code in (ctx.pack.budget_index.codes if ctx.pack.budget_index else {}) else ""
            yield ctx.finding(
                "C005",
                ctx.at(index, "budget_code"),
                code,
                kind="titled" if title else "",
                code=code,
                title=title,
                pillar=ctx.pack.enums["pillar"][line.field.value].short,
                allowed=_allowed_text(ctx, allowed),
            )


def _strategic_hint(ctx: Context) -> str:
    """The pack's strategic-technology codes in short ("CNCL-01…CNCL-11" in 2026, "CNCL21-01…CNCL21-10" in 2027)."""
    codes = ctx.pack.strategic_technologies.codes
    return f"{codes[0]}…{codes[-1]}" if codes else "-"


def strategic_codes(ctx: Context) -> set[str]:
    """The priority codes of strategic technology (CNCL-...)."""
    return set(ctx.pack.strategic_technologies.codes)


@register(
    "C006",
    title=("Công nghệ chiến lược hạch toán đúng Khoản", "Strategic technology coded right"),
    message={
        "strategic_miscoded": (
            "Dòng gắn công nghệ chiến lược ({tags}) nhưng mang mã {code}; nhiệm vụ công nghệ chiến lược hạch toán {allowed}.",
            "The line is tagged with strategic technology ({tags}) but coded {code}; strategic technology is coded {allowed}.",
        ),
        "strategic_untagged": (
            "Dòng mang mã {code} ({title}) nhưng không gắn mã công nghệ chiến lược nào ({hint}); "
            "hãy ghi công nghệ chiến lược của nhiệm vụ hoặc sửa mã Loại - Khoản.",
            "The line is coded {code} ({title}) but tagged with no strategic technology ({hint}); "
            "name its strategic technology or correct the code.",
        ),
    },
    what=(
        "Dòng KH&CN gắn mã công nghệ chiến lược (CNCL-… năm 2026, CNCL21-… từ năm 2027) và có mã Loại - Khoản thì dùng 100-104 "
        "(nghiên cứu công nghệ chiến lược) hoặc 100-105 (hạ tầng, thiết bị phát triển công nghệ chiến lược); ngược lại, dòng mang mã "
        "100-104 hoặc 100-105 gắn ít nhất một mã công nghệ chiến lược. Dòng không ghi mã Loại - Khoản thì không kiểm tra.",
        "An S&T line tagged with a strategic-technology code (CNCL-… in 2026, CNCL21-… from 2027) and carrying a Loại/Khoản code uses"
        " 100-104 (strategic-technology research) or 100-105 (infrastructure and equipment for developing strategic technologies); "
        "conversely, a line coded 100-104 or 100-105 is tagged with at least one strategic-technology code. A line without a "
        "Loại/Khoản code is not checked.",
    ),
    why=(
        "Phụ lục II Thông tư 130/2025/TT-BTC ghi rõ Khoản 101, 102, 103 và 107 “không bao gồm công nghệ chiến lược”; nhiệm vụ về công "
        "nghệ chiến lược hạch toán Khoản 104, 105 và được tính vào tỷ lệ 15% của Nghị quyết 57-NQ/TW (S005).",
        "Appendix II of Circular 130/2025/TT-BTC states that Khoản 101, 102, 103 and 107 “không bao gồm công nghệ chiến lược” (exclude"
        " strategic technologies); strategic-technology tasks are booked under Khoản 104 and 105 and count toward the 15% share of "
        "Resolution 57-NQ/TW (S005).",
    ),
    failing='field: khcn\npriorities: [CL-AI, CNCL-01]\nbudget_code: "100-102"',
    passing='field: khcn\npriorities: [CL-AI, CNCL-01]\nbudget_code: "100-104"',
)
def check_strategic_code(ctx: Context) -> Iterator[Finding | None]:
    """C006: a S&T line tagged with a strategic technology has a strategic budget code, and a strategic code is tagged."""
    index_ = ctx.pack.budget_index
    if index_ is None or not index_.strategic:
        return
    strategic = strategic_codes(ctx)
    allowed = _allowed_text(ctx, index_.strategic)
    for index, line in enumerate(ctx.lines):
        code = line.budget_code
        if not code or line.field != Pillar.KHCN or "priorities" in line.unreadable:
            continue
        tags = [p for p in line.priorities or [] if p in strategic]
        if tags and code not in index_.strategic and ctx.pack.in_sector(code):
            yield ctx.finding(
                "C006", ctx.at(index, "budget_code"), code, kind="strategic_miscoded", tags=", ".join(tags), code=code, allowed=allowed
            )
        elif not tags and code in index_.strategic:
            yield ctx.finding(
                "C006",
                ctx.at(index, "priorities"),
                code,
                kind="strategic_untagged",
                code=code,
                title=ctx.pack.code_title(code),
                hint=_strategic_hint(ctx),
            )


@register(
    "C007",
    title=("Mã ngoài Loại 100 không thuộc lĩnh vực", "A code outside Loại 100 is not part of the sector"),
    message={
        "": (
            "Dòng “{name}” mang mã {code}, ngoài Loại 100 “Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số”: "
            "khoản chi này không thuộc lĩnh vực và không được tính vào tỷ lệ tổng chi ngân sách (S001).",
            "Line “{name}” is coded {code}, outside Loại 100 (science, technology, innovation and digital transformation): "
            "it is not part of the sector and does not count toward the share of total expenditure (S001).",
        ),
        "titled": (
            "Dòng “{name}” mang mã {code} ({title}), ngoài Loại 100 “Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số”: "
            "khoản chi này không thuộc lĩnh vực và không được tính vào tỷ lệ tổng chi ngân sách (S001).",
            "Line “{name}” is coded {code} ({title}), outside Loại 100 (science, technology, innovation and digital "
            "transformation): "
            "it is not part of the sector and does not count toward the share of total expenditure (S001).",
        ),
    },
    what=(
        "Dòng có mã Loại - Khoản thuộc Loại khác Loại 100, ví dụ 280-314 Công nghệ thông tin, 280-315 Chuyển đổi số, phát triển chính"
        " phủ số, kinh tế số, xã hội số, 280-316 Công nghiệp công nghệ số, 340-341 Quản lý nhà nước, 070-xxx giáo dục - đào tạo. Mã "
        "chỉ ghi Khoản được đọc theo Loại của nó (“314” là 280-314). Dòng này không được cộng vào tử số của S001.",
        "Reports a line whose Loại/Khoản code belongs to a Loại other than Loại 100, for example 280-314 information technology, "
        "280-315 digital transformation and the development of digital government, digital economy and digital society, 280-316 "
        "digital technology industry, 340-341 state administration, 070-xxx education and training. A code giving only the Khoản is "
        "read under its own Loại (“314” is 280-314). Such a line is not added to the numerator of S001.",
    ),
    why=(
        "Theo Điều 3.3 Thông tư 130/2025/TT-BTC, mã Khoản xác định Loại của khoản chi; Điều 21.2 Thông tư 56/2025/TT-BTC bố trí nhiệm "
        "vụ KH&CN, ĐMST, CĐS trong lĩnh vực chi này. Một dòng hạch toán Loại khác hoặc đặt nhầm vào dự toán, hoặc mang nhầm mã.",
        "Under Circular 130/2025/TT-BTC, Article 3.3, the Khoản code determines the Loại of an expenditure; Circular 56/2025/TT-BTC, "
        "Article 21.2, places S&T, innovation and DX tasks within this spending sector. A line booked under another Loại is either in "
        "the estimate by mistake or carries the wrong code.",
    ),
    failing=(
        'name: Duy trì Cổng thông tin điện tử tỉnh\nbudget_code: "280-314"',
        'name: Duy trì Cổng thông tin điện tử tỉnh   # running the province\'s web portal\nbudget_code: "280-314"',
    ),
    passing=(
        'name: Duy trì Cổng thông tin điện tử tỉnh\nbudget_code: "100-121"',
        'name: Duy trì Cổng thông tin điện tử tỉnh   # running the province\'s web portal\nbudget_code: "100-121"',
    ),
)
def check_outside_sector(ctx: Context) -> Iterator[Finding | None]:
    """C007: a code outside Loại 100 is not part of the sector."""
    for index, line in enumerate(ctx.lines):
        code = line.budget_code
        if code and not ctx.pack.in_sector(code):
            title = ctx.pack.code_title(code)
            yield ctx.finding(
                "C007",
                ctx.at(index, "budget_code"),
                code,
                kind="titled" if title else "",
                name=line.name or line.id or "",
                code=code,
                title=title,
            )


# The pack's keyword lists of what Loại 100 excludes; each is a variant of C008's message.
_EXCLUDED = ("excluded_state_management", "excluded_higher_education", "excluded_vocational")


@register(
    "C008",
    title=("Nội dung không thuộc lĩnh vực KH&CN, ĐMST, CĐS", "Contents the sector excludes"),
    message={
        "excluded_state_management": (
            "Tên dòng có “{keyword}”: quản lý nhà nước của Bộ, Sở Khoa học và Công nghệ không thuộc Loại 100; "
            "khoản chi này hạch toán vào lĩnh vực chi tương ứng, không đưa vào dự toán này.",
            "The line's name contains “{keyword}”: state management by the Ministry or Departments of S&T is not part of Loại 100; "
            "budget it under its own sector, not in this estimate.",
        ),
        "excluded_higher_education": (
            "Tên dòng có “{keyword}”: đào tạo trình độ đại học, sau đại học không thuộc Loại 100; "
            "khoản chi này hạch toán vào lĩnh vực chi tương ứng, không đưa vào dự toán này.",
            "The line's name contains “{keyword}”: university and postgraduate training is not part of Loại 100; "
            "budget it under its own sector, not in this estimate.",
        ),
        "excluded_vocational": (
            "Tên dòng có “{keyword}”: giáo dục nghề nghiệp (sơ cấp, trung cấp, cao đẳng) không thuộc Loại 100; "
            "khoản chi này hạch toán vào lĩnh vực chi tương ứng, không đưa vào dự toán này.",
            "The line's name contains “{keyword}”: vocational training is not part of Loại 100; "
            "budget it under its own sector, not in this estimate.",
        ),
    },
    what=(
        "Cảnh báo dòng có tên chứa từ khóa của nội dung mà Loại 100 loại trừ (danh sách trong gói hướng dẫn): quản lý nhà nước của "
        "Bộ, Sở Khoa học và Công nghệ; đào tạo đại học, sau đại học; giáo dục nghề nghiệp. Đào tạo, bồi dưỡng nhân lực KH&CN, ĐMST, "
        "CĐS và hỗ trợ nghiên cứu sinh, nhà khoa học trẻ (Khoản 106) vẫn thuộc lĩnh vực. Danh sách từ khóa là quy ước của budgetkit.",
        "Warns about a line whose name contains a keyword of content that Loại 100 excludes (a list in the guidance pack): state "
        "administration by the Ministry or the Departments of Science and Technology; university and postgraduate training; "
        "vocational education. Training and developing S&T, innovation and DX human resources, and support for PhD students and young"
        " scientists (Khoản 106), remain within the sector. The keyword list is budgetkit's convention.",
    ),
    why=(
        "Điều 3.3.d Thông tư 130/2025/TT-BTC: Loại 100 không bao gồm chi quản lý nhà nước của Bộ, Sở Khoa học và Công nghệ, chi đào "
        "tạo trình độ đại học, sau đại học, chi giáo dục nghề nghiệp.",
        "Circular 130/2025/TT-BTC, Article 3.3.d: Loại 100 excludes spending on state administration by the Ministry and the "
        "Departments of Science and Technology, on university and postgraduate training, and on vocational education.",
    ),
    failing=(
        "name: Đào tạo thạc sĩ công nghệ thông tin cho cán bộ tỉnh",
        "name: Đào tạo thạc sĩ công nghệ thông tin cho cán bộ tỉnh   # master's degrees in IT for provincial officials",
    ),
    passing=(
        "name: Hỗ trợ nhà khoa học trẻ tham dự hội nghị quốc tế",
        "name: Hỗ trợ nhà khoa học trẻ tham dự hội nghị quốc tế   # young scientists attending international conferences",
    ),
)
def check_excluded_contents(ctx: Context) -> Iterator[Finding | None]:
    """C008: contents the sector excludes."""
    keywords = [(match_key(k), k, kind) for kind in _EXCLUDED for k in ctx.pack.keywords.get(kind, [])]
    if not keywords:
        return
    for index, line in enumerate(ctx.lines):
        if not line.name:
            continue
        name = match_key(line.name)
        hit = next(((original, kind) for key, original, kind in keywords if key in name), None)
        if hit is not None:
            yield ctx.finding("C008", ctx.at(index, "name"), line.name, kind=hit[1], keyword=hit[0])


@register(
    "C009",
    title=("Nghiên cứu, thử nghiệm, thí điểm về chuyển đổi số thuộc KH&CN", "DX research, testing and pilots belong to S&T"),
    message=(
        "Dòng CĐS có nội dung nghiên cứu, thử nghiệm, thí điểm (“{keyword}”): theo Nghị định 224/2026/NĐ-CP (Điều 32 khoản 2 điểm b, "
        "c), khoản chi này không thuộc nhiệm vụ chi chuyển đổi số mà bố trí như nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo; "
        "hãy chuyển sang lĩnh vực KH&CN (hoặc ĐMST). Nếu là hỗ trợ phát triển thử nghiệm theo Điều 39, ghi rõ “phát triển thử "
        "nghiệm” trong tên.",
        "A digital-transformation line describes research, testing or a pilot (“{keyword}”): under Decree 224/2026/NĐ-CP (Article "
        "32.2.b-c) this is not a DX spending task but an S&T and innovation one; move it to the S&T (or innovation) pillar. If it is "
        "Article 39 trial-development support, say “phát triển thử nghiệm” in the name.",
    ),
    what=(
        "Cảnh báo dòng thuộc lĩnh vực CĐS có tên chứa từ khóa nghiên cứu, thử nghiệm, thí điểm (danh sách `keywords.dx_research` của "
        "gói, ví dụ “nghiên cứu ứng dụng”, “thử nghiệm có kiểm soát”, “thí điểm”), trừ các cụm thuộc nhiệm vụ chi CĐS "
        "(`keywords.dx_research_allowed`: “phát triển thử nghiệm” của Điều 34 khoản 7 điểm h và Điều 39, “vận hành thử”). Gói không "
        "có danh sách này (gói 2026) thì quy tắc im lặng; gói 2026 tắt quy tắc.",
        "Warns about a digital-transformation line whose name contains a research, testing or pilot keyword (the pack's list "
        "`keywords.dx_research`, e.g. “nghiên cứu ứng dụng”, “thử nghiệm có kiểm soát”, “thí điểm”: applied research, controlled "
        "testing, pilot), except the phrases that belong to DX spending tasks (`keywords.dx_research_allowed`: “phát triển thử "
        "nghiệm”, trial development, of Article 34, clause 7, point h and Article 39; “vận hành thử”, trial operation). With a pack "
        "that has no such list (the 2026 pack) the rule is silent; the 2026 pack switches the rule off.",
    ),
    why=(
        "Từ 1/7/2026, Nghị định 224/2026/NĐ-CP Điều 32 khoản 2 điểm b, c loại khỏi nhiệm vụ chi chuyển đổi số các khoản chi nghiên "
        "cứu, thử nghiệm, đánh giá, triển khai ứng dụng sản phẩm, mô hình, giải pháp mới về chuyển đổi số và cơ chế thử nghiệm có kiểm"
        " soát: chúng được bố trí theo Nghị định về tài chính và đầu tư trong khoa học, công nghệ và đổi mới sáng tạo. Xếp sai lĩnh "
        "vực làm sai cơ cấu ba lĩnh vực và cơ chế cấp kinh phí.",
        "From 1 July 2026, Decree 224/2026/NĐ-CP, Article 32, clause 2, points b and c, removes from the digital-transformation "
        "spending tasks the spending on research, testing, evaluation and deployment of new DX products, models and solutions, and on "
        "controlled testing mechanisms: these are funded under the Decree on finance and investment in science, technology and "
        "innovation. Filing them under the wrong pillar distorts the structure of the three pillars and the funding mechanism.",
    ),
    failing=(
        "field: cds\nname: Thí điểm mô hình trợ lý ảo hỗ trợ người dân làm thủ tục hành chính",
        "field: cds\n"
        "name: Thí điểm mô hình trợ lý ảo hỗ trợ người dân làm thủ tục hành chính   # piloting a virtual assistant for citizens' "
        "administrative procedures",
    ),
    passing=(
        "field: khcn\nname: Thí điểm mô hình trợ lý ảo hỗ trợ người dân làm thủ tục hành chính",
        "field: khcn\nname: Thí điểm mô hình trợ lý ảo hỗ trợ người dân làm thủ tục hành chính   # the same pilot, as an S&T task",
    ),
)
def check_dx_research(ctx: Context) -> Iterator[Finding | None]:
    """C009: digital transformation research, testing and pilots belong to S&T."""
    keywords = [(match_key(k), k) for k in ctx.pack.keywords.get("dx_research", [])]
    if not keywords:
        return
    allowed = [match_key(k) for k in ctx.pack.keywords.get("dx_research_allowed", [])]
    for index, line in enumerate(ctx.lines):
        if line.field != Pillar.CDS or not line.name:
            continue
        name = match_key(line.name)
        for key in allowed:
            name = name.replace(key, " ")
        hit = next((original for key, original in keywords if key in name), None)
        if hit is not None:
            yield ctx.finding("C009", ctx.at(index, "field"), line.name, keyword=hit)
