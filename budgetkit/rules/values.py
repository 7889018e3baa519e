"""V - values of one line (V002-V004 are reported while reading; the rest check the model)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from budgetkit.findings import Finding
from budgetkit.guidance import builtin_years
from budgetkit.input_layout import UNIT_LABELS, UNIT_REQUIRED
from budgetkit.model import AMOUNT_KEYS, REQUIRED_LINE_KEYS, Spending, Status
from budgetkit.normalize import match_key
from budgetkit.rules.engine import Context
from budgetkit.rules.registry import register

MILLION = Decimal(1_000_000)
# The template's example line is named with these words (also in the pack's keywords.example_line).
EXAMPLE_LINE_WORDS = ["dòng ví dụ"]
ALWAYS_REQUIRED = REQUIRED_LINE_KEYS  # the model's required values


@register(
    "V001",
    title=("Có giá trị bắt buộc", "Required values are present"),
    message=("Thiếu giá trị bắt buộc “{label}”.", "Missing required value “{label}” ({key})."),
    what=(
        "Mỗi dòng có Mã, Tên, Lĩnh vực, Loại chi, Tính chất, Nhóm nội dung, Dự toán năm N; nhiệm vụ (chuyển tiếp, mở mới) có năm bắt "
        "đầu và kết thúc; nhiệm vụ chuyển tiếp có quyết định phê duyệt và tổng kinh phí được duyệt; đơn vị có năm ngân sách, tên, mã "
        "ĐVQHNS và cấp. Mỗi giá trị thiếu được báo một lần, chỉ bởi quy tắc mà định dạng chỉ định (đơn vị chủ trì: P004; chỉ tiêu: "
        "P002; phê duyệt của dòng đầu tư: C003).",
        "Every line has a code, name, pillar, spending type, status, category and year-N estimate; a task (continuing or new) has a "
        "start year and an end year; a continuing task has its approving decision and approved total; the unit has a budget year, a "
        "name, a budget-user code (“Mã ĐVQHNS”) and a level. Each missing value is reported once, only by the rule the format assigns"
        " to it (lead agency: P004; indicators: P002; the approval of an investment line: C003).",
    ),
    why=(
        "Thiếu các giá trị này thì dự toán không phân loại, không tổng hợp được theo hướng dẫn.",
        "Without these values the estimate cannot be classified or consolidated as the guidance requires.",
    ),
    failing=(
        "lines:\n"
        "  - id: KH-01\n"
        "    name: Đề tài ứng dụng giống lúa mới\n"
        "    field: khcn\n"
        "    spending: recurrent\n"
        "    status: new\n"
        "    category: khcn_nhiem_vu\n"
        "    estimate: 350   # thiếu start_year, end_year",
        "lines:\n"
        "  - id: KH-01\n"
        "    name: Đề tài ứng dụng giống lúa mới\n"
        "    field: khcn\n"
        "    spending: recurrent\n"
        "    status: new\n"
        "    category: khcn_nhiem_vu\n"
        "    estimate: 350   # start_year and end_year missing",
    ),
    passing="lines:\n  - id: KH-01\n    ...\n    start_year: 2026\n    end_year: 2027\n    estimate: 350",
)
def check_required(ctx: Context) -> Iterator[Finding | None]:
    """V001: the required values of the unit and of each line are present."""
    for key in UNIT_REQUIRED:
        if ctx.unit_missing(key):
            yield ctx.finding("V001", ctx.unit_at(key), label=UNIT_LABELS[key], key=key if key == "budget_year" else f"unit.{key}")
    for index, line in enumerate(ctx.lines):
        required = list(ALWAYS_REQUIRED)
        if line.status in (Status.CONTINUING, Status.NEW):
            required += ["start_year", "end_year"]
        if line.status == Status.CONTINUING and line.spending != Spending.INVESTMENT:
            required += ["approval", "approved_total"]
        for key in required:
            if line.missing(key):
                yield ctx.finding("V001", ctx.at(index, key), label=ctx.label(key), key=key)


register(
    "V002",
    title=("Giá trị liệt kê hợp lệ", "Enumerated values are allowed"),
    message={
        "": (
            "Giá trị “{value}” ở “{label}” không hợp lệ; được phép: {allowed}.",
            "Value “{value}” in “{label}” ({key}) is not allowed; allowed: {allowed}.",
        ),
        "near": (
            "Giá trị “{value}” ở “{label}” không hợp lệ; được phép: {allowed}. Gần nhất: “{near}”.",
            "Value “{value}” in “{label}” ({key}) is not allowed; allowed: {allowed}. Closest: “{near}”.",
        ),
        "renamed": (
            "Giá trị “{value}” ở “{label}” không hợp lệ; được phép: {allowed}. Đây là nhóm của gói năm {from_year}, nay là “{new}”.",
            "Value “{value}” in “{label}” ({key}) is not allowed; allowed: {allowed}. It is a category of the {from_year} pack, "
            "now “{new}”.",
        ),
        "renamed_check": (
            "Giá trị “{value}” ở “{label}” không hợp lệ; được phép: {allowed}. Đây "
            "là nhóm của gói năm {from_year}, nay là “{new}” (kiểm tra: {check}).",
            "Value “{value}” in “{label}” ({key}) is not allowed; allowed: {allowed}. It is a category of the {from_year} "
            "pack, now “{new}”.",
        ),
        "shape": (
            "Giá trị “{value}” ở “{label}” không hợp lệ; được phép: một giá trị đơn. Không dùng danh sách hay ánh xạ ở đây.",
            "Value “{value}” in “{label}” ({key}) is not allowed; allowed: a single value. A list or mapping is not allowed here.",
        ),
    },
    what=(
        "Lĩnh vực, Loại chi, Tính chất, Cấp và Nhóm nội dung chỉ nhận các giá trị của gói hướng dẫn (nhãn tiếng Việt, dạng viết tắt "
        "hoặc mã). Không đoán gần đúng: giá trị gần nhất chỉ được gợi ý trong thông báo.",
        "Pillar, spending type, status, level and category accept only the guidance pack's values (the Vietnamese label, its "
        "abbreviation or the code). Nothing is guessed: the nearest value is only suggested in the message.",
    ),
    why=(
        "Phân loại sai làm dòng bị cộng vào nhóm sai trong báo cáo tổng hợp.",
        "A wrong classification adds the line to the wrong group of the consolidated report.",
    ),
    failing=("Loại chi: “Chi thường xuyen khác”.", "Spending type (“Loại chi”): “Chi thường xuyen khác”."),
    passing=("Loại chi: “Thường xuyên” (hoặc “TX”, “recurrent”).", "Spending type (“Loại chi”): “Thường xuyên” (or “TX”, “recurrent”)."),
)(None)

register(
    "V003",
    title=("Số tiền, năm đọc được thành số", "Amounts and years read as numbers"),
    message=("Giá trị “{value}” ở “{label}” không đọc được thành số.", "Value “{value}” in “{label}” ({key}) does not read as a number."),
    what=(
        "Ô số tiền hoặc năm phải là số, hoặc văn bản đọc được thành số theo quy ước (1.234,5).",
        "An amount or year cell must be a number, or text that reads as a number by the Vietnamese convention (1.234,5: a dot between"
        " thousands, a comma before the decimals).",
    ),
    why=("Không đọc được số thì không cộng được dự toán.", "An amount that cannot be read as a number cannot be added to the estimate."),
    failing=("Dự toán năm 2026: “khoảng 300”.", "“Dự toán năm 2026”: “khoảng 300” (about 300)."),
    passing=("Dự toán năm 2026: 300.", "“Dự toán năm 2026”: 300."),
)(None)

register(
    "V004",
    title=("Số không nhập dạng văn bản", "Numbers are not stored as text"),
    message={
        "": (
            "Số được nhập dạng văn bản “{value}”, đã đọc là {read} triệu đồng; nên nhập lại dạng số.",
            "A number stored as text “{value}” was read as {read} million VND; enter it as a number.",
        ),
        "grouped": (
            "Số được nhập dạng văn bản “{value}”, đã đọc là {read} triệu đồng (dấu chấm được hiểu là dấu ngăn cách hàng nghìn); "
            "nên nhập lại dạng số.",
            "A number stored as text “{value}” was read as {read} million VND (the dot read as a thousands separator); "
            "enter it as a number.",
        ),
        "grouped_or_decimal": (
            "Số được nhập dạng văn bản “{value}”, đã đọc là {read} triệu đồng (dấu chấm được hiểu là dấu ngăn cách hàng nghìn); "
            "nên nhập lại dạng số. Nếu ý là {other} triệu đồng (có phần thập phân), hãy nhập {other}: dấu phẩy là dấu "
            "thập phân.",
            "A number stored as text “{value}” was read as {read} million VND (the dot read as a thousands separator); "
            "enter it as a number. If you meant {value} million VND (with decimals), type {other}: the comma is the "
            "decimal mark.",
        ),
    },
    what=(
        "Ô số tiền được nhập dạng văn bản nhưng đọc được thành số: chấp nhận, kèm cảnh báo nêu giá trị đã đọc (dấu phẩy là dấu thập "
        "phân, dấu chấm ngăn cách hàng nghìn).",
        "An amount cell entered as text that still reads as a number is accepted, with a warning that names the value read (a comma "
        "is the decimal mark, a dot separates the thousands).",
    ),
    why=(
        "Số dạng văn bản không được bảng tính cộng vào tổng, nên tổng trong tệp có thể sai mà không ai thấy.",
        "A spreadsheet does not add numbers stored as text into its totals, so a total in the file can be wrong without anyone seeing it.",
    ),
    failing=("Ô dự toán chứa văn bản “1.234,5”.", "The estimate cell holds the text “1.234,5”."),
    passing=("Ô dự toán chứa số 1234,5.", "The estimate cell holds the number 1234.5."),
)(None)


@register(
    "V005",
    title=("Không có số tiền âm", "No negative amount"),
    message=("Số tiền âm ({amount}) ở “{label}”.", "Negative amount ({amount}) in “{label}”."),
    what=(
        "Không số tiền nào (tổng kinh phí, lũy kế, dự toán, ước thực hiện, nguồn khác, tổng chi ngân sách) được âm.",
        "No amount (approved total, amount allocated so far, estimate, expected execution, other sources, total budget expenditure) "
        "may be negative.",
    ),
    why=(
        "Dự toán chi không mang giá trị âm; điều chỉnh giảm thể hiện bằng số dự toán nhỏ hơn.",
        "A spending estimate carries no negative values; a reduction shows as a smaller estimate.",
    ),
    failing="estimate: -50",
    passing="estimate: 50",
)
def check_negative(ctx: Context) -> Iterator[Finding | None]:
    """V005: no negative amount."""
    unit_total = ctx.model.unit.total_budget_expenditure
    if unit_total is not None and unit_total < 0:
        yield ctx.finding(
            "V005", ctx.unit_at("total_budget_expenditure"), unit_total, amount=unit_total, label=UNIT_LABELS["total_budget_expenditure"]
        )
    for index, line in enumerate(ctx.lines):
        for key in AMOUNT_KEYS:
            value = getattr(line, key)
            if value is not None and value < 0:
                yield ctx.finding("V005", ctx.at(index, key), value, amount=value, label=ctx.label(key))


@register(
    "V006",
    title=("Tối đa 3 chữ số thập phân", "At most 3 decimals"),
    message=("“{label}” có quá 3 chữ số thập phân ({amount} triệu đồng).", "“{label}” has more than 3 decimals ({amount} million VND)."),
    what=(
        "Số tiền tính bằng triệu đồng có tối đa 3 chữ số thập phân (1.000 đồng).",
        "Amounts are in millions of VND with at most 3 decimal places (1,000 VND).",
    ),
    why=(
        "Phần lẻ dưới 1.000 đồng thường là dấu hiệu nhập theo đồng hoặc lỗi làm tròn.",
        "Fractions below 1,000 VND usually mean an amount typed in VND or a rounding error.",
    ),
    failing="estimate: 12.34567",
    passing="estimate: 12.345",
)
def check_decimals(ctx: Context) -> Iterator[Finding | None]:
    """V006: amounts have at most 3 decimals."""
    for index, line in enumerate(ctx.lines):
        for key in AMOUNT_KEYS:
            value = getattr(line, key)
            if value is not None and value.as_tuple().exponent < -3:
                yield ctx.finding("V006", ctx.at(index, key), value, amount=value, label=ctx.label(key))


@register(
    "V007",
    title=("Mã dòng không trùng", "Line ids are unique"),
    message=("Mã “{line_id}” bị trùng với dòng trước ({first}).", "Id “{line_id}” repeats an earlier line ({first})."),
    what=("Mã của mỗi dòng là duy nhất trong tệp.", "Each line's code is unique in the file."),
    why=(
        "Mã trùng làm thông báo lỗi và đối chiếu giữa các năm trỏ nhầm dòng.",
        "A duplicate code makes messages and year-to-year comparisons point to the wrong line.",
    ),
    failing=("Hai dòng cùng mã KH-01.", "Two lines with the code KH-01."),
    passing=("KH-01 và KH-02.", "KH-01 and KH-02."),
)
def check_unique_ids(ctx: Context) -> Iterator[Finding | None]:
    """V007: line ids are unique."""
    seen: dict[str, int] = {}
    for index, line in enumerate(ctx.lines):
        if line.id is None:
            continue
        if line.id in seen:
            first = ctx.at(seen[line.id], "id")
            yield ctx.finding("V007", ctx.at(index, "id"), line.id, line_id=line.id, first=first)
        else:
            seen[line.id] = index


@register(
    "V008",
    title=("Năm hợp lệ", "Years are plausible"),
    message={
        "outside": ("Năm {value} ở “{label}” nằm ngoài khoảng {low}-{high}.", "Year {value} in “{label}” ({key}) is outside {low}-{high}."),
        "start_after_end": (
            "Năm bắt đầu ({start_year}) sau năm kết thúc ({end_year}).",
            "The start year ({start_year}) is after the end year ({end_year}).",
        ),
    },
    what=(
        "Năm bắt đầu và kết thúc nằm trong khoảng 2000 đến N + 10 (ngưỡng trong gói hướng dẫn), và năm bắt đầu không sau năm kết thúc.",
        "Start and end years lie between 2000 and N + 10 (bounds in the guidance pack), and the start year is not after the end year.",
    ),
    why=(
        "Năm sai làm sai việc phân biệt nhiệm vụ chuyển tiếp, mở mới và nhiệm vụ kết thúc trong năm.",
        "A wrong year confuses continuing tasks, new tasks and tasks that end within the year.",
    ),
    failing="start_year: 2027\nend_year: 2026",
    passing="start_year: 2026\nend_year: 2027",
)
def check_years(ctx: Context) -> Iterator[Finding | None]:
    """V008: years are in the plausible range, and a task does not end before it starts."""
    low, high = ctx.pack.thresholds.year_min, ctx.year + ctx.pack.thresholds.year_max_ahead
    for index, line in enumerate(ctx.lines):
        bad = set()
        for key in ("start_year", "end_year"):
            value = getattr(line, key)
            if value is not None and not low <= value <= high:
                bad.add(key)
                yield ctx.finding("V008", ctx.at(index, key), value, kind="outside", label=ctx.label(key), key=key, low=low, high=high)
        if not bad and line.start_year is not None and line.end_year is not None and line.start_year > line.end_year:
            yield ctx.finding(
                "V008", ctx.at(index, "end_year"), line.end_year, kind="start_after_end", start_year=line.start_year, end_year=line.end_year
            )


@register(
    "V009",
    title=("Số tiền hợp lý với cấp đơn vị (triệu đồng)", "Amounts plausible for the level (million VND)"),
    message=(
        "“{label}” = {amount} triệu đồng, vượt mức {limit} triệu đồng của một dòng ở cấp {level}: có lẽ đã nhập theo đồng; "
        "{amount} đồng là {meant} triệu đồng, hãy nhập {meant}.",
        "“{label}” = {amount} million VND, over {limit} million VND for one line at level {level}: probably typed in đồng; "
        "{amount} đồng is {meant} million VND, enter {meant}.",
    ),
    what=(
        "Một số tiền của một dòng lớn bất thường so với cấp đơn vị (ngưỡng trong gói: xã 50.000 triệu; sở, đơn vị sự nghiệp, tỉnh "
        "5.000.000; bộ 50.000.000). Đây là lỗi: số nhập theo đồng làm tổng dự toán của tỉnh lớn lên một triệu lần. Thông báo nêu số "
        "triệu đồng có lẽ định nhập.",
        "An amount of one line is implausibly large for the unit's level (limits in the pack: commune 50,000 million; department, "
        "public service unit, province 5,000,000; ministry 50,000,000). This is an error: an amount typed in VND makes the province's"
        " estimate a million times larger. The message gives the amount in millions of VND that was probably meant.",
    ),
    why=(
        "Nhập theo đồng thay vì triệu đồng làm dự toán lớn lên một triệu lần.",
        "Typing VND instead of millions of VND makes the estimate a million times larger.",
    ),
    failing=(
        "Xã có dòng estimate: 320000000 (320 triệu nhập theo đồng).",
        "A commune's line with estimate: 320000000 (320 million typed in VND).",
    ),
    passing="estimate: 320",
)
def check_magnitude(ctx: Context) -> Iterator[Finding | None]:
    """V009: amounts are plausible for the unit's level (million VND, not VND)."""
    level = ctx.model.unit.level
    if level is None:
        return
    limit = ctx.pack.thresholds.max_line_amount.get(str(level.value))
    if limit is None:
        return
    level_label = ctx.pack.enums["level"][level.value].label
    for index, line in enumerate(ctx.lines):
        for key in AMOUNT_KEYS:
            value = getattr(line, key)
            if value is not None and value > limit:
                meant = (value / MILLION).quantize(Decimal("0.001")).normalize()
                yield ctx.finding(
                    "V009",
                    ctx.at(index, key),
                    value,
                    amount=value,
                    limit=limit,
                    level=level_label,
                    label=ctx.label(key),
                    meant=meant.quantize(Decimal(1)) if meant == meant.to_integral_value() else meant,
                )


@register(
    "V011",
    title=("Không còn dòng ví dụ của mẫu", "No template example line left"),
    message=(
        "Dòng “{name}” là dòng ví dụ của mẫu budgetkit, không phải nhiệm vụ của đơn vị; hãy xóa dòng này (hoặc thay bằng nhiệm vụ "
        "thật). Số của nó vẫn đang nằm trong tổng của tệp, nên tệp không đạt cho tới khi xóa dòng này.",
        "The line “{name}” is the template's example line, not one of the unit's tasks; delete it (or replace it with a real task). "
        "Its amount is still in the file's totals, so the file fails until the line is removed.",
    ),
    what=(
        "Không dòng nào còn là dòng ví dụ của mẫu (`budgetkit template`): tên có chữ “dòng ví dụ” (từ khóa trong gói hướng dẫn). Đây "
        "là lỗi, nên tệp không đạt và dòng ví dụ không vào tổng hợp của tỉnh hay báo cáo.",
        "No line is still the template's example line (`budgetkit template`): a name containing “dòng ví dụ” (example line; the "
        "keyword is in the guidance pack). This is an error, so the file fails and the example line reaches neither the province's "
        "consolidation nor the report.",
    ),
    why=(
        "Mẫu có sẵn một dòng ví dụ (320 triệu đồng); nếu không xóa, số của nó lọt vào tổng dự toán và báo cáo.",
        "The template comes with an example line (320 million VND); if it is not deleted, its amount slips into the estimate's total "
        "and the report.",
    ),
    failing=(
        "name: Số hóa sổ hộ tịch giai đoạn 2015-2025 (dòng ví dụ, thay bằng nhiệm vụ của đơn vị)",
        "name: Số hóa sổ hộ tịch giai đoạn 2015-2025 (dòng ví dụ, thay bằng nhiệm vụ của đơn vị)\n"
        "# the name still says it is an example line, to be replaced by the unit's task",
    ),
    passing="name: Số hóa sổ hộ tịch giai đoạn 2015-2025",
)
def check_example_line(ctx: Context) -> Iterator[Finding | None]:
    """V011: no example line of the template is left."""
    words = [match_key(w) for w in ctx.pack.keywords.get("example_line", EXAMPLE_LINE_WORDS)]
    for index, line in enumerate(ctx.lines):
        if line.name and any(w and w in match_key(line.name) for w in words):
            yield ctx.finding("V011", ctx.at(index, "name"), line.name, name=line.name)


@register(
    "V010",
    title=("Mã ĐVQHNS và năm ngân sách hợp lệ", "Unit code and budget year are valid"),
    message={
        "unit_code": ("Mã ĐVQHNS “{code}” phải gồm đúng 7 chữ số.", "Unit code “{code}” must have exactly 7 digits."),
        "unknown_year": (
            "Chưa có gói hướng dẫn cho năm ngân sách {year} (có: {years}).",
            "No guidance pack for budget year {year} (known: {years}).",
        ),
    },
    what=(
        "Mã đơn vị có quan hệ với ngân sách (ĐVQHNS) gồm đúng 7 chữ số; năm ngân sách là năm mà một gói hướng dẫn của budgetkit biết.",
        "The budget-user code (“Mã ĐVQHNS”, the code of a unit with a relationship to the state budget) has exactly 7 digits; the "
        "budget year is a year that one of budgetkit's guidance packs knows.",
    ),
    why=(
        "Mã ĐVQHNS là khóa đối chiếu khi tổng hợp; năm ngân sách chọn gói hướng dẫn (danh mục, ngưỡng) áp dụng.",
        "The budget-user code is the key that matches units when consolidating; the budget year selects the guidance pack "
        "(vocabularies, thresholds) that applies.",
    ),
    failing=('code: "301234" (6 chữ số)', 'code: "301234"   # 6 digits'),
    passing='code: "3012345"',
)
def check_unit_identity(ctx: Context) -> Iterator[Finding | None]:
    """V010: the unit code has 7 digits and the budget year has a pack."""
    code = ctx.model.unit.code
    if code is not None and not (len(code) == 7 and code.isdigit() and code.isascii()):
        yield ctx.finding("V010", ctx.unit_at("code"), code, kind="unit_code", code=code)
    year = ctx.model.budget_year
    known = set(builtin_years()) | {ctx.pack.budget_year}
    if year is not None and year not in known:
        years = ", ".join(str(y) for y in sorted(known))
        yield ctx.finding("V010", ctx.unit_at("budget_year"), year, kind="unknown_year", year=year, years=years)
