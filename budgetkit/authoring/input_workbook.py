"""The input-format workbook: what `convert` writes and what `template` hands to a unit."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from budgetkit.atomic import atomic_write
from budgetkit.guidance import Pack
from budgetkit.input_layout import (
    EXPLANATION_HEADERS,
    LINE_COLUMNS,
    SHEET_EXPLANATIONS,
    SHEET_GUIDE,
    SHEET_LINES,
    SHEET_UNIT,
    UNIT_LABELS,
    line_header,
)
from budgetkit.model import AMOUNT_KEYS, AnyExplanation, AnyFile, AnyLine
from budgetkit.xlsx_writing import AMOUNT_FORMAT, BORDER, center, fit_row_height, font, landscape_a4, left, put, right, workbook_bytes

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
LISTS_SHEET = "Danh mục"
WIDTHS = {
    "id": 10,
    "name": 42,
    "field": 14,
    "spending": 14,
    "status": 12,
    "category": 30,
    "lead_agency": 24,
    "start_year": 9,
    "end_year": 9,
    "approval": 24,
    "priorities": 18,
    "indicators": 36,
    "budget_code": 11,
    "via_fund": 10,
    "serves_sector": 16,
    "moved_from_sector": 20,
    "explanation": 36,
}
FIRST_DATA_ROW = 6  # title, unit, unit of measure, header, column numbers
HEADER_ROW = 4

COLUMN_HELP: dict[str, str] = {
    "id": "Mã dòng, duy nhất trong tệp (ví dụ KH-01, CDS-02). Bắt buộc.",
    "name": "Tên nhiệm vụ hoặc nội dung chi. Bắt buộc.",
    "field": "Lĩnh vực: Khoa học và công nghệ (KH&CN), Đổi mới sáng tạo (ĐMST), Chuyển đổi số (CĐS). Chọn trong danh sách.",
    "spending": "Loại chi: Đầu tư phát triển (ĐTPT) hoặc Thường xuyên (TX).",
    "status": "Tính chất: Chuyển tiếp, Mở mới, hoặc Duy trì (hoạt động thường xuyên, không phải nhiệm vụ).",
    "category": "Nhóm nội dung theo gói hướng dẫn (xem danh mục bên dưới); phải thuộc đúng lĩnh vực và cho phép loại chi.",
    "lead_agency": "Đơn vị chủ trì. Bắt buộc với nhiệm vụ chuyển tiếp và mở mới.",
    "start_year": "Năm bắt đầu. Bắt buộc với nhiệm vụ.",
    "end_year": "Năm kết thúc. Bắt buộc với nhiệm vụ.",
    "approval": "Số, ngày quyết định phê duyệt (ví dụ QĐ 512/QĐ-UBND ngày 12/3/2025). Bắt buộc với nhiệm vụ chuyển tiếp và dòng đầu tư.",
    "approved_total": "Tổng kinh phí được duyệt (ngân sách nhà nước, triệu đồng). Bắt buộc với nhiệm vụ chuyển tiếp và dòng đầu tư.",
    "allocated_before_prior": "Lũy kế kinh phí đã bố trí đến hết năm N-2 (triệu đồng).",
    "prior_estimate": "Dự toán năm N-1 (triệu đồng).",
    "prior_h1_disbursed": (
        "Số đã giải ngân đến ngày 30/6 năm N-1 (triệu đồng; Thông tư 56/2025/TT-BTC, Điều 22). Không lớn hơn dự toán năm N-1."
    ),
    "prior_expected": "Ước thực hiện năm N-1 (triệu đồng).",
    "estimate": "Dự toán năm N đề nghị (ngân sách nhà nước, triệu đồng). Bắt buộc.",
    "other_sources": "Nguồn khác năm N: doanh nghiệp, đối ứng, xã hội hóa (triệu đồng).",
    "priorities": "Mã nhiệm vụ ưu tiên (xem danh mục bên dưới), nhiều mã cách nhau bằng dấu “;”.",
    "indicators": (
        "Chỉ tiêu, sản phẩm đầu ra đo lường được (có con số); "
        "nhiều chỉ tiêu cách nhau bằng “;” hoặc xuống dòng. Bắt buộc với nhiệm vụ mở mới."
    ),
    "budget_code": "Mã Loại - Khoản theo Thông tư 130/2025/TT-BTC, dạng LLL-KKK (100-102) hoặc chỉ Khoản (102); không bắt buộc.",
    "via_fund": (
        "Có/không: kinh phí thực hiện qua cơ chế quỹ (Quỹ phát triển KH&CN). "
        "Nhiệm vụ KH&CN mở mới ghi rõ (Thông tư 56/2025/TT-BTC, Điều 23.2)."
    ),
    "serves_sector": (
        "Nhiệm vụ phục vụ lĩnh vực Giáo dục - đào tạo và dạy nghề hoặc Y tế, "
        "dân số và gia đình (Thông tư 56/2025/TT-BTC, Điều 23.1.b); để trống nếu không."
    ),
    "moved_from_sector": (
        "Nhiệm vụ trước đây bố trí ở lĩnh vực chi khác, nay tổng hợp vào lĩnh vực này: ghi tên lĩnh vực cũ (Điều 22, 23.1.b)."
    ),
    "explanation": "Thuyết minh riêng của dòng (khi thay đổi lớn, thực hiện thấp, chưa gắn nhiệm vụ ưu tiên).",
}


# Notes of unit fields in the YAML template (the Excel template's unit sheet has the label alone).
UNIT_NOTES: dict[str, str] = {
    "budget_ceiling": "tổng dự toán không vượt số này; Thông tư 56/2025/TT-BTC, Điều 23.3",
}


def field_help(key: str, pack: Pack) -> str:
    """The template's help of a column or unit field for the pack's year: the pack's own text when it has
    one (a citation of that year's estimate circular), else budgetkit's."""
    return pack.field_help.get(key) or COLUMN_HELP.get(key) or UNIT_NOTES.get(key, "")


def _value_for(line: AnyLine, key: str, pack: Pack) -> Any:
    value = getattr(line, key)
    if value is None:
        return None
    if key in ("field", "spending", "status", "serves_sector"):
        return pack.enums[{"field": "pillar", "serves_sector": "sector"}.get(key, key)][value.value].label
    if key == "via_fund":
        return "có" if value else "không"
    if key == "category":
        category = pack.categories.get(value)
        return category.title if category else value
    if key == "priorities":
        return "; ".join(value) or None
    if key == "indicators":
        return "\n".join(value) or None
    return value  # a Decimal is written as its number by put() (xlsx_writing.cell_number)


def _lists_sheet(workbook: Workbook, pack: Pack) -> dict[str, str]:
    """A hidden sheet with the dropdown lists; returns each list's range."""
    ws = workbook.create_sheet(LISTS_SHEET)
    lists = {
        "field": [v.label for v in pack.enums["pillar"].values()],
        "spending": [v.label for v in pack.enums["spending"].values()],
        "status": [v.label for v in pack.enums["status"].values()],
        "level": [v.label for v in pack.enums["level"].values()],
        "serves_sector": [v.label for v in pack.enums["sector"].values()],
        "via_fund": ["có", "không"],
        "category": [c.title for c in pack.categories.values()],
        "priorities": list(pack.priorities),
    }
    ranges = {}
    for column, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(column)
        put(ws.cell(row=1, column=column), key)
        for row, value in enumerate(values, start=2):
            put(ws.cell(row=row, column=column), value)
        ranges[key] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _dropdown(ws: Worksheet, source: str, cells: str, strict: bool = True) -> None:
    validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True, showDropDown=False)
    validation.showErrorMessage = strict
    validation.errorTitle = "Giá trị không hợp lệ"
    validation.error = "Hãy chọn một giá trị trong danh sách."
    validation.add(cells)
    ws.add_data_validation(validation)


def write_input_workbook(model: AnyFile, path: str | Path, pack: Pack, blank_rows: int = 0) -> None:
    """The unit's budget file as a workbook laid out as people fill it: title rows, Roman headings by
    pillar with their subtotals, the lines, a total row. Order and values of the lines are kept.

    With blank_rows (a template to fill), no headings are written and the total row holds live SUM
    formulas over the lines and the blank rows, so it stays right whatever the unit types in."""
    atomic_write(path, input_workbook_bytes(model, pack, blank_rows))


def input_workbook_bytes(model: AnyFile, pack: Pack, blank_rows: int = 0) -> bytes:
    """The bytes of write_input_workbook's workbook (made in a worker by convert, written by the parent)."""
    year = model.budget_year or pack.budget_year
    workbook = Workbook()
    unit_ws = workbook.active
    assert isinstance(unit_ws, Worksheet)
    unit_ws.title = SHEET_UNIT
    lines_ws = workbook.create_sheet(SHEET_LINES)
    expl_ws = workbook.create_sheet(SHEET_EXPLANATIONS)
    guide_ws = workbook.create_sheet(SHEET_GUIDE)
    ranges = _lists_sheet(workbook, pack)
    _unit_sheet(unit_ws, model, pack, year, ranges)
    _LinesSheet(lines_ws, pack, year, ranges).write(model, blank_rows)
    _explanations_sheet(expl_ws, model, pack, ranges)
    _guide(guide_ws, pack, year)
    return workbook_bytes(workbook)


def _unit_cell_value(model: AnyFile, key: str, pack: Pack) -> Any:
    """The value of one field of the unit as its cell shows it (the level by its label, amounts as numbers)."""
    value = getattr(model.unit, key, None)
    if key == "level" and value is not None:
        return pack.enums["level"][value.value].label
    return value  # an amount: put() writes a Decimal as its number


def _unit_sheet(ws: Worksheet, model: AnyFile, pack: Pack, year: int, ranges: dict[str, str]) -> None:
    """The sheet "Đơn vị": one row per field of the unit, label and value."""
    put(ws.cell(row=1, column=1), "THÔNG TIN ĐƠN VỊ").font = font(bold=True, size=13)
    for row, (key, label) in enumerate(UNIT_LABELS.items(), start=2):
        put(ws.cell(row=row, column=1), label).font = font(bold=True)
        cell = put(ws.cell(row=row, column=2), year if key == "budget_year" else _unit_cell_value(model, key, pack))
        cell.font = font()
        cell.alignment = left()
        if key in ("total_budget_expenditure", "budget_ceiling"):
            cell.number_format = AMOUNT_FORMAT
        if key == "level":
            _dropdown(ws, ranges["level"], f"B{row}")
    ws.column_dimensions["A"].width = 52
    ws.column_dimensions["B"].width = 60


def _pillar_runs(lines: list[AnyLine]) -> list[tuple[str | None, list[AnyLine]]]:
    """The lines in runs of one pillar each, in their order (a line without a pillar joins the run before it)."""
    runs: list[tuple[str | None, list[AnyLine]]] = []
    for line in lines:
        pillar = line.field.value if line.field is not None else None
        if runs and (runs[-1][0] == pillar or pillar is None):
            runs[-1][1].append(line)
        else:
            runs.append((pillar, [line]))
    return runs


# The columns of the sheet "Dự toán" whose lists come from the hidden sheet, strict (only a listed value).
_STRICT_DROPDOWNS = ("field", "spending", "status", "category", "serves_sector", "via_fund")
_ROW_HEIGHT_WIDTHS = {k: w for k, w in WIDTHS.items() if k not in ("start_year", "end_year")}


class _LinesSheet:
    """The sheet "Dự toán" written row by row: title, header, pillar headings and lines, blank rows, total."""

    def __init__(self, ws: Worksheet, pack: Pack, year: int, ranges: dict[str, str]) -> None:
        self.ws = ws
        self.pack = pack
        self.year = year
        self.ranges = ranges
        self.ncols = len(LINE_COLUMNS)
        self.col_of = {key: i for i, key in enumerate(LINE_COLUMNS, start=1)}
        self.row = FIRST_DATA_ROW

    def write(self, model: AnyFile, blank_rows: int) -> None:
        """The whole sheet for the model's lines (with blank_rows: a template, no headings, live totals)."""
        self._title(model.unit.name or "")
        self._header()
        for number, (pillar, run) in enumerate(_pillar_runs(list(model.lines))):
            if pillar is not None and not blank_rows:
                self._heading(f"{ROMAN[number % len(ROMAN)]}. {self.pack.enums['pillar'][pillar].label.upper()}", run)
            for line in run:
                self._line(line)
        end = self._blank_rows(blank_rows)
        self._total(list(model.lines), end if blank_rows else None)
        self._dropdowns(max(end, FIRST_DATA_ROW) + 200)
        self._page_setup()

    def _title(self, unit_name: str) -> None:
        ws, last = self.ws, get_column_letter(self.ncols)
        title = f"DỰ TOÁN NGÂN SÁCH KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ NĂM {self.year}"
        put(ws.cell(row=1, column=1), title).font = font(bold=True, size=13)
        ws.merge_cells(f"A1:{last}1")
        ws["A1"].alignment = center()
        put(ws.cell(row=2, column=1), f"({unit_name})").font = font(italic=True)
        ws.merge_cells(f"A2:{last}2")
        ws["A2"].alignment = center()
        put(ws.cell(row=3, column=self.ncols), "Đơn vị tính: Triệu đồng").font = font(italic=True)
        ws.cell(row=3, column=self.ncols).alignment = right()

    def _header(self) -> None:
        ws = self.ws
        for column, key in enumerate(LINE_COLUMNS, start=1):
            header = put(ws.cell(row=HEADER_ROW, column=column), line_header(key, self.year))
            header.font = font(bold=True)
            header.alignment = center()
            header.border = BORDER
            number = put(ws.cell(row=HEADER_ROW + 1, column=column), f"({column})")
            number.font = font(italic=True)
            number.alignment = center()
            number.border = BORDER
            ws.column_dimensions[get_column_letter(column)].width = WIDTHS.get(key, 14)
        ws.row_dimensions[HEADER_ROW].height = 48

    def _bold_row(self, text: str) -> None:
        """A bordered bold row with text in the name column (a heading, the total)."""
        put(self.ws.cell(row=self.row, column=self.col_of["name"]), text)
        for column in range(1, self.ncols + 1):
            cell = self.ws.cell(row=self.row, column=column)
            cell.font = font(bold=True)
            cell.border = BORDER

    def _heading(self, text: str, run: list[AnyLine]) -> None:
        self._bold_row(text)
        _amount_sums(self.ws, self.row, run, self.col_of)
        self.row += 1

    def _line(self, line: AnyLine) -> None:
        for key in LINE_COLUMNS:
            cell = put(self.ws.cell(row=self.row, column=self.col_of[key]), _value_for(line, key, self.pack))
            cell.font = font()
            cell.border = BORDER
            if key in AMOUNT_KEYS:
                cell.number_format = AMOUNT_FORMAT
                cell.alignment = right()
            else:
                cell.alignment = left() if key not in ("start_year", "end_year") else center()
        fit_row_height(self.ws, self.row, {self.col_of[k]: w for k, w in _ROW_HEIGHT_WIDTHS.items()})
        self.row += 1

    def _blank_rows(self, count: int) -> int:
        """Bordered empty rows for a template; returns the last row the total sums."""
        for blank in range(self.row, self.row + count):
            for column in range(1, self.ncols + 1):
                self.ws.cell(row=blank, column=column).border = BORDER
        end = self.row + count - 1
        self.row += count
        return end

    def _total(self, lines: list[AnyLine], formula_end: int | None) -> None:
        """The "Tổng cộng" row: live SUM formulas down to formula_end, or the sums as numbers."""
        self._bold_row("Tổng cộng")
        if formula_end is None:
            _amount_sums(self.ws, self.row, lines, self.col_of)
            return
        for key in AMOUNT_KEYS:
            letter = get_column_letter(self.col_of[key])
            cell = self.ws.cell(row=self.row, column=self.col_of[key])
            cell.value = f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{formula_end})"
            cell.number_format = AMOUNT_FORMAT

    def _dropdowns(self, last_row: int) -> None:
        for key in _STRICT_DROPDOWNS:
            letter = get_column_letter(self.col_of[key])
            _dropdown(self.ws, self.ranges[key], f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
        letter = get_column_letter(self.col_of["priorities"])
        _dropdown(self.ws, self.ranges["priorities"], f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}", strict=False)

    def _page_setup(self) -> None:
        ws = self.ws
        ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=3).coordinate
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
        landscape_a4(ws)


def _explanations_sheet(ws: Worksheet, model: AnyFile, pack: Pack, ranges: dict[str, str]) -> None:
    """The sheet "Thuyết minh": pillar, spending and text of each explanation."""
    for column, key in enumerate(EXPLANATION_HEADERS, start=1):
        cell = put(ws.cell(row=1, column=column), EXPLANATION_HEADERS[key])
        cell.font = font(bold=True)
        cell.alignment = center()
        cell.border = BORDER
    explanations: Sequence[AnyExplanation] = model.explanations
    for row_number, explanation in enumerate(explanations, start=2):
        values = (
            pack.enums["pillar"][explanation.field.value].label if explanation.field else None,
            pack.enums["spending"][explanation.spending.value].label if explanation.spending else None,
            explanation.text,
        )
        for column, value in enumerate(values, start=1):
            cell = put(ws.cell(row=row_number, column=column), value)
            cell.font = font()
            cell.alignment = left()
    _dropdown(ws, ranges["field"], "A2:A200")
    _dropdown(ws, ranges["spending"], "B2:B200")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["C"].width = 100
    ws.freeze_panes = "A2"


def _amount_sums(ws: Worksheet, row: int, lines: list[AnyLine], col_of: dict[str, int]) -> None:
    """Subtotals as numbers (a formula written here would have no cached value until recalculated)."""
    for key in AMOUNT_KEYS:
        values = [getattr(line, key) for line in lines if getattr(line, key) is not None]
        if not values:
            continue
        total = sum(values, Decimal(0))
        cell = put(ws.cell(row=row, column=col_of[key]), total)
        cell.number_format = AMOUNT_FORMAT
        cell.alignment = right()


def _guide(ws: Worksheet, pack: Pack, year: int) -> None:
    put(ws.cell(row=1, column=1), f"HƯỚNG DẪN LẬP DỰ TOÁN NĂM {year}").font = font(bold=True, size=13)
    notes = [
        "Điền thông tin đơn vị ở trang “Đơn vị”, mỗi nhiệm vụ hoặc nội dung chi một dòng ở trang “Dự toán”, "
        "thuyết minh theo nhóm ở trang “Thuyết minh”.",
        "Số tiền tính bằng triệu đồng, nhập dạng số (tối đa 3 chữ số thập phân). "
        "Có thể thêm dòng đề mục (I, II, 1, 2…) và dòng “Tổng cộng”: budgetkit kiểm tra các số tổng.",
        "Kiểm tra tệp trước khi gửi: budgetkit validate <tệp>.",
        f"Gói hướng dẫn: {pack.id}, phiên bản {pack.pack_version}.",
    ]
    calendar = pack.calendar
    deadline = calendar.deadline(calendar.submit) if calendar is not None else None
    if calendar is not None and deadline is not None:
        d = deadline.date
        note = f"Hạn gửi: trước ngày {d.day}/{d.month}/{d.year} - {deadline.who} {deadline.what} ({deadline.citation})."
        notes.append(note + (" " + calendar.note if calendar.note else ""))
    for row, note in enumerate(notes, start=2):
        put(ws.cell(row=row, column=1), note).alignment = left()
    row = len(notes) + 3
    for header, column in (("Cột", 1), ("Ý nghĩa", 2)):
        put(ws.cell(row=row, column=column), header).font = font(bold=True)
    for key in LINE_COLUMNS:
        row += 1
        put(ws.cell(row=row, column=1), line_header(key, year)).font = font(bold=True)
        put(ws.cell(row=row, column=2), field_help(key, pack)).alignment = left()
    row += 2
    put(ws.cell(row=row, column=1), "Nhóm nội dung").font = font(bold=True)
    put(ws.cell(row=row, column=2), "Lĩnh vực - loại chi cho phép").font = font(bold=True)
    for code, category in pack.categories.items():
        row += 1
        put(ws.cell(row=row, column=1), f"{category.title} ({code})").alignment = left()
        allowed = ", ".join(pack.enums["spending"][s].label for s in category.spending)
        put(ws.cell(row=row, column=2), f"{pack.enums['pillar'][category.pillar].short} - {allowed}")
    row += 2
    put(ws.cell(row=row, column=1), "Mã nhiệm vụ ưu tiên").font = font(bold=True)
    for code, title in pack.priorities.items():
        row += 1
        put(ws.cell(row=row, column=1), code)
        put(ws.cell(row=row, column=2), title).alignment = left()
    ws.column_dimensions["A"].width = 48
    ws.column_dimensions["B"].width = 110
