"""The estimate tables Biểu 01-05 as one workbook with live formulas."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from budgetkit.figures import FIGURE_KEYS, PILLARS, ZERO, group_sums, priority_sums
from budgetkit.guidance import Pack
from budgetkit.model import BudgetLine, Spending, Status, Unit
from budgetkit.report.context import ReportInput, period, place_name, signing
from budgetkit.report.tables import Column, Group, TableWriter, form_note, write_bieu01, write_note
from budgetkit.xlsx_writing import AMOUNT_FORMAT, BORDER, center, fit_row_height, font, landscape_a4, left, put, save_workbook


def _by_pillar(
    data: ReportInput, pack: Pack, keep: Callable[[BudgetLine], bool], row: Callable[[BudgetLine, str], dict[str, object]]
) -> list[Group]:
    groups = []
    for pillar in PILLARS:
        items = [(line, unit) for line, unit in data.lines if line.field is not None and line.field.value == pillar and keep(line)]
        groups.append(Group(pack.enums["pillar"][pillar].label.upper(), [row(line, unit) for line, unit in items]))
    return groups


def write_tables(data: ReportInput, pack: Pack, target: Path) -> None:
    """Write the report's Excel forms (Biểu 01 ...) of the files it covers to target."""
    year = data.year
    issuer = data.issuer.name or ""
    workbook = Workbook()
    lines = [line for line, _ in data.lines]
    figures = {key: group_sums(lines, key) for key in FIGURE_KEYS}
    first = workbook.active
    assert isinstance(first, Worksheet)
    first.title = "Biểu 01"
    writers = [write_bieu01(first, figures, pack, year, issuer, memo=memo_rows(lines, pack))]

    def unit_suffix(unit: str) -> str:
        return f" ({unit})" if data.consolidated else ""

    # Widths add up to at most MAX_WIDTH: fitted to one A4 landscape page, the text stays at 9 pt or more.
    task_columns = [
        Column("STT", "int", 5),
        Column("Tên nhiệm vụ", "text", 23, key="name"),
        Column("Đơn vị chủ trì", "text", 14, key="lead"),
        Column("Thời gian thực hiện", "int", 9, key="period"),
        Column("Quyết định phê duyệt", "text", 15, key="approval"),
        Column("Tổng kinh phí được duyệt", "amount", 9.5, key="approved_total"),
        Column(f"Lũy kế bố trí đến hết năm {year - 2}", "amount", 9.5, key="allocated_before_prior"),
        Column(f"Dự toán năm {year - 1}", "amount", 9.5, key="prior_estimate"),
        Column(f"Ước thực hiện năm {year - 1}", "amount", 9.5, key="prior_expected"),
        Column(f"Dự toán năm {year}", "amount", 9.5, key="estimate"),
        Column(f"Nguồn khác năm {year}", "amount", 9.5, key="other_sources"),
        Column("Chỉ tiêu, sản phẩm đầu ra", "text", 17, key="indicators"),
        Column("Nhiệm vụ ưu tiên", "text", 10, key="priorities"),
    ]

    def task_row(line: BudgetLine, unit: str) -> dict[str, object]:
        return {
            "name": (line.name or "") + unit_suffix(unit),
            "lead": line.lead_agency,
            "period": period(line),
            "approval": line.approval,
            "approved_total": line.approved_total,
            "allocated_before_prior": line.allocated_before_prior,
            "prior_estimate": line.prior_estimate,
            "prior_expected": line.prior_expected,
            "estimate": line.estimate or ZERO,
            "other_sources": line.other_sources,
            "indicators": "; ".join(line.indicators or []) or None,
            "priorities": ", ".join(line.priorities or []) or None,
        }

    # Biểu 02 also shows the cumulative allocation to the end of N-1 and what remains (Circular 56, Điều 22),
    # after the columns the older layout had, so that those keep their letters.
    continuing_columns = [
        *task_columns[:11],
        Column(f"Lũy kế đến hết năm {year - 1}", "amount", 8.5, key="cumulative"),
        Column("Số còn phải bố trí", "amount", 8.5, key="remaining"),
        *task_columns[11:],
    ]
    # Two more columns on the same page: the text columns give up some width (still 9 pt or more).
    narrower = {"name": 20, "lead": 12, "period": 8, "approval": 13, "indicators": 15, "priorities": 9}
    continuing_columns = [
        Column(c.header, c.kind, narrower.get(c.key, 8.5 if c.kind == "amount" else c.width), c.ratio, c.key) for c in continuing_columns
    ]

    def continuing_row(line: BudgetLine, unit: str) -> dict[str, object]:
        return {**task_row(line, unit), "cumulative": line.allocated_through_prior, "remaining": line.remaining_approval}

    for title, sheet, form, status, columns, row_of in (
        ("NHIỆM VỤ CHUYỂN TIẾP", "Biểu 02", "Biểu 02", Status.CONTINUING, continuing_columns, continuing_row),
        ("NHIỆM VỤ MỞ MỚI", "Biểu 03", "Biểu 03", Status.NEW, task_columns, task_row),
    ):
        ws = workbook.create_sheet(sheet)
        writer = TableWriter(ws, columns, f"DỰ TOÁN KINH PHÍ {title} NĂM {year}", f"(Kèm theo báo cáo của {issuer})", form)
        writer.groups(_by_pillar(data, pack, _has_status(status), row_of))
        write_note(writer, form_note(pack, form, year))
        writers.append(writer)

    invest_columns = [c for c in task_columns if c.key not in ("indicators",)]
    invest_columns[4] = Column("Quyết định đầu tư", "text", 22, key="approval")
    invest_columns[5] = Column("Tổng mức đầu tư (vốn NSNN)", "amount", 12, key="approved_total")
    ws = workbook.create_sheet("Biểu 04")
    writer = TableWriter(ws, invest_columns, f"DỰ TOÁN CHI ĐẦU TƯ PHÁT TRIỂN NĂM {year}", f"(Kèm theo báo cáo của {issuer})", "Biểu 04")
    writer.groups(_by_pillar(data, pack, lambda line: line.spending == Spending.INVESTMENT, task_row))
    write_note(writer, form_note(pack, "Biểu 04", year))
    writers.append(writer)

    writers.append(write_bieu05(workbook.create_sheet("Biểu 05"), lines, pack, year, issuer))
    writers.append(write_bieu06(workbook.create_sheet("Biểu 06"), lines, pack, year, issuer))
    if data.consolidated:
        writers.append(write_units_sheet(workbook.create_sheet("Theo đơn vị"), data, pack))
    for writer in writers:
        finish_sheet(writer, data)
    if data.draft:
        write_errors_sheet(workbook.create_sheet("Lỗi chưa xử lý"), data)
    from budgetkit.guard import mark_output

    mark_output(workbook, "report")  # a later batch or report over a folder holding it skips it
    save_workbook(workbook, target)


def _has_status(status: Status) -> Callable[[BudgetLine], bool]:
    """Whether a line has the status (Biểu 02 continuing tasks, Biểu 03 new ones)."""

    def keep(line: BudgetLine) -> bool:
        return line.status == status

    return keep


def memo_rows(lines: list[BudgetLine], pack: Pack) -> list[tuple[str, dict[str, Decimal]]]:
    """The "trong đó" rows of Biểu 01 (Circular 56/2025/TT-BTC, Điều 23.1.b, 23.2): lines serving education or
    health, carried out through funds, moved from other sectors."""
    sectors = pack.enums["sector"]
    parts: list[tuple[str, list[BudgetLine]]] = [
        (
            f"Phục vụ lĩnh vực {sectors[code].label.lower()}",
            [line for line in lines if line.serves_sector is not None and line.serves_sector.value == code],
        )
        for code in sectors
    ]
    parts += [
        ("Thực hiện qua cơ chế quỹ", [line for line in lines if line.via_fund is True]),
        ("Nhiệm vụ chuyển từ lĩnh vực chi khác", [line for line in lines if line.moved_from_sector]),
    ]
    out = []
    for label, chosen in parts:
        out.append((label, {key: sum((line.amount(key) for line in chosen), ZERO) for key in FIGURE_KEYS}))
    return out


def write_bieu06(ws: Worksheet, lines: list[BudgetLine], pack: Pack, year: int, issuer: str) -> TableWriter:
    """Biểu 06: the estimate by Loại - Khoản (Circular 130/2025/TT-BTC, Phụ lục II)."""
    columns = [
        Column("STT", "int", 6),
        Column("Mã Loại - Khoản", "text", 14, key="code"),
        Column("Tên gọi", "text", 56, key="title"),
        Column("Số dòng", "int", 9, key="count"),
        Column(f"Dự toán năm {year - 1}", "amount", 15, key="prior_estimate"),
        Column(f"Dự toán năm {year}", "amount", 15, key="estimate"),
        Column(f"Tỷ trọng trong tổng dự toán năm {year} (%)", "ratio", 14, ratio=("estimate", "TOTAL:estimate"), key="share"),
    ]
    writer = TableWriter(ws, columns, f"DỰ TOÁN NĂM {year} THEO MÃ LOẠI - KHOẢN", f"(Kèm theo báo cáo của {issuer})", "Biểu 06")
    index = pack.budget_index
    by_code: dict[str, list[BudgetLine]] = {}
    for line in lines:
        by_code.setdefault(line.budget_code or "", []).append(line)

    def row(code: str) -> dict[str, object]:
        chosen = by_code[code]
        return {
            "code": code or None,
            "title": pack.code_title(code) if code else "(dòng chưa ghi mã Loại - Khoản)",
            "count": len(chosen),
            "prior_estimate": sum((line.amount("prior_estimate") for line in chosen), ZERO),
            "estimate": sum((line.amount("estimate") for line in chosen), ZERO),
        }

    sector = index.sector if index else "100"
    inside = sorted(c for c in by_code if c and pack.in_sector(c))
    outside = sorted(c for c in by_code if c and not pack.in_sector(c))
    sector_title = index.loai.get(sector, "") if index else ""
    groups = [
        Group(f"LOẠI {sector} - {sector_title.upper()}".rstrip(" -"), [row(c) for c in inside]),
        Group("NGOÀI LOẠI " + sector + " (KHÔNG THUỘC LĨNH VỰC CHI)", [row(c) for c in outside]),
    ]
    if "" in by_code:
        groups.append(Group("CHƯA GHI MÃ LOẠI - KHOẢN", [row("")]))
    writer.groups(groups)
    write_note(writer, form_note(pack, "Biểu 06", year))
    return writer


def write_bieu05(ws: Worksheet, lines: list[BudgetLine], pack: Pack, year: int, issuer: str) -> TableWriter:
    """Biểu 05: the estimate by priority, with its share of the whole estimate."""
    columns = [
        Column("STT", "int", 6),
        Column("Mã", "text", 12, key="code"),
        Column("Nhiệm vụ ưu tiên", "text", 58, key="title"),
        Column(f"Dự toán năm {year}", "amount", 19, key="estimate"),
        Column("Tỷ trọng trong tổng dự toán (%)", "ratio", 20, ratio=("estimate", "TOTAL:estimate"), key="share"),
    ]
    writer = TableWriter(ws, columns, f"DỰ TOÁN NĂM {year} THEO NHIỆM VỤ ƯU TIÊN", f"(Kèm theo báo cáo của {issuer})", "Biểu 05")
    # The share is of the whole estimate: the first row carries it, from Biểu 01's total.
    writer.total_row = writer.row
    put(ws.cell(row=writer.row, column=2), "")
    put(ws.cell(row=writer.row, column=3), f"Tổng dự toán năm {year} (Biểu 01)")
    ws.cell(row=writer.row, column=4).value = "='Biểu 01'!F7"
    writer._ratios(writer.row)
    writer._style_row(writer.row, bold=True)
    writer.row += 1
    order = list(pack.priorities)
    sums = priority_sums(lines)
    for index, (code, amount) in enumerate(
        sorted(sums.items(), key=lambda item: order.index(item[0]) if item[0] in order else 999), start=1
    ):
        writer.data_row(
            str(index), {"code": code, "title": pack.priorities.get(code, "(mã không có trong gói hướng dẫn)"), "estimate": amount}
        )
    note_row = writer.row + 1
    put(
        ws.cell(row=note_row, column=2), "Ghi chú: một nhiệm vụ gắn nhiều mã được tính ở mỗi mã, nên tổng các tỷ trọng có thể vượt 100%."
    ).font = font(italic=True)
    writer.finish()
    writer.row = note_row
    write_note(writer, form_note(pack, "Biểu 05", year))
    return writer


# Measured in LibreOffice's PDF (the font sizes it writes): A4 landscape between 0.3 inch side margins holds
# 113 column-width units at 100% (Excel's units are narrower: its page holds more), and 508 pt between the
# 0.6 inch top and bottom margins. A sheet of at most MAX_WIDTH units fitted to the page width prints at
# 75% or more, and no sheet is printed below MIN_SCALE: its 12 pt text stays at 9 pt or more. A row without
# a height of its own is counted as Excel draws 12 pt Times (LibreOffice draws it 12.8 pt), so a page
# planned here is never too full for either program.
PAGE_UNITS = 113
PAGE_HEIGHT = 508
ROW_HEIGHT = 15.75
MIN_SCALE = 0.75
MAX_WIDTH = 150


def finish_sheet(writer: TableWriter, data: ReportInput) -> None:
    """What every Biểu carries besides its table: the unit's name and code, the draft mark, the date and
    signature area, number formats without a trailing separator, and a print size that stays readable."""
    ws = writer.ws
    _unit_label(ws, data.issuer)
    if data.draft:
        _draft_marks(ws)
    footer = ws.oddFooter
    assert footer is not None  # a new sheet has one
    footer.center.text = "Trang &P/&N"
    footer.center.size = 12  # printed at the sheet's scale, as the table's text
    _fit_row_heights(writer)
    _amount_formats(writer, any(line.estimate != line.estimate.to_integral_value() for line, _ in data.lines if line.estimate is not None))
    end_row = _signature_block(writer, data)
    ws.print_area = f"A1:{get_column_letter(len(writer.columns))}{end_row}"
    assert sum(c.width for c in writer.columns) <= MAX_WIDTH, ws.title
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.row_dimensions[5].height = 62
    _fit_pages(writer, end_row)


def _fit_pages(writer: TableWriter, end_row: int) -> None:
    """Pages that a clerk can sign: a Biểu that fits one page at MIN_SCALE or more is printed on one page;
    a longer one is printed at its fit-to-width scale with page breaks placed here, so that its last data
    row, the notes and the date and signature area start a page together (never a page holding only the
    repeated heading, a group heading and the signatures). Excel ignores manual breaks under "fit to",
    hence the scale."""
    ws = writer.ws
    scale = min(1.0, PAGE_UNITS / sum(c.width for c in writer.columns))
    heights = {row: ws.row_dimensions[row].height or ROW_HEIGHT for row in range(1, end_row + 1)}
    total = sum(heights.values())
    if total * scale <= PAGE_HEIGHT:
        return
    if total * MIN_SCALE <= PAGE_HEIGHT:
        ws.page_setup.fitToHeight = 1
        return
    percent = max(int(MIN_SCALE * 100), int(scale * 100))
    setup = ws.sheet_properties.pageSetUpPr
    assert setup is not None  # landscape_a4 made it
    setup.fitToPage = False
    ws.page_setup.scale = percent
    table = [row for row in range(7, end_row + 1) if ws.cell(row=row, column=1).border == BORDER]
    # The tail starts at the last data row (numbered 1, 2 ...): the empty group headings after it go with it.
    numbered = [row for row in table if str(ws.cell(row=row, column=1).value or "").isdigit()]
    tail = (numbered or table)[-1]
    for row in page_breaks(heights, PAGE_HEIGHT * 100 / percent, heights[5] + heights[6], tail):
        ws.row_breaks.append(Break(id=row))


def page_breaks(heights: dict[int, float], capacity: float, titles: float, tail: int) -> list[int]:
    """The rows after which a page ends: rows never split, each page after the first starts with the
    repeated heading (titles high), and the rows from tail to the end start a page together when they do
    not fit under the rows before them."""
    breaks: list[int] = []
    used, content = 0.0, False
    rows = sorted(heights)
    for row in rows:
        need = sum(heights[r] for r in rows if r >= tail) if row == tail else heights[row]
        if content and used + need > capacity:
            breaks.append(row - 1)
            used, content = titles, False
        used += heights[row]
        content = content or row > 6
    return breaks


def _unit_label(ws: Worksheet, issuer: Unit) -> None:
    """The unit's name and budget code in the top left cell."""
    label = f"Đơn vị: {issuer.name or ''}" + (f" - Mã ĐVQHNS: {issuer.code}" if issuer.code else "")
    cell = put(ws.cell(row=1, column=1), label)
    cell.font = font(bold=True)
    cell.alignment = left(wrap=False)


def _draft_marks(ws: Worksheet) -> None:
    """A draft says so in its title, its page header and a note above the table."""
    title = ws.cell(row=2, column=1)
    title.value = f"DỰ THẢO - {title.value}"
    header = ws.oddHeader
    assert header is not None  # a new sheet has one
    header.center.text = "DỰ THẢO"
    header.center.size = 14
    header.center.font = "Times New Roman,Bold"
    note = put(ws.cell(row=4, column=1), "Bản dự thảo: tệp còn lỗi, xem trang “Lỗi chưa xử lý”.")
    note.font = font(bold=True, italic=True)
    note.alignment = left(wrap=False)


def _merge_group_names(writer: TableWriter) -> dict[int, float]:
    """A narrow code column (Biểu 06): group names span it and the title column beside it. Returns the
    text widths a merged row wraps in."""
    ws = writer.ws
    widths = dict(writer.text_widths)
    if len(writer.columns) > 2 and writer.columns[2].kind == "text" and writer.columns[1].width < 20:
        for row in range(7, writer.row):
            code, title = ws.cell(row=row, column=2).value, ws.cell(row=row, column=3).value
            if code and title in (None, "") and str(code).isupper():
                ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
        widths[2] = writer.columns[1].width + writer.columns[2].width
    return widths


def _fit_row_heights(writer: TableWriter) -> None:
    """Every table row (heading rows too: a long group name wraps in a narrow column) as tall as its text."""
    ws = writer.ws
    merged_widths = _merge_group_names(writer)
    for row in range(7, writer.row):
        if ws.cell(row=row, column=1).border != BORDER:
            continue  # a note under the table keeps its own height
        merged = any(r.min_row == row and r.min_col == 2 and r.max_col == 3 for r in ws.merged_cells.ranges)
        widths = merged_widths if merged else writer.text_widths
        fit_row_height(ws, row, widths)
        _fit_capitals(ws, row, widths)


def _fit_capitals(ws: Worksheet, row: int, widths: dict[int, float]) -> None:
    """Capitals (group names) are wider than fit_row_height assumes: their row grows to hold them."""
    for column, width in widths.items():
        value = ws.cell(row=row, column=column).value
        if isinstance(value, str) and value.isupper():
            lines = -(-int(len(value) * 1.4) // int(width * 1.1))
            if lines > 1:
                ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, lines * 16 + 4)


def _amount_formats(writer: TableWriter, fractional_estimate: bool) -> None:
    """Amount columns: whole numbers as 1.234 (no separator left hanging), fractions as 1.234,5. A cell that
    takes another sheet's total (Biểu 05 takes Biểu 01's estimate) is fractional when an estimate is: a
    whole-number format would print 26.400,5 as 26.401."""
    ws = writer.ws
    for index, column in enumerate(writer.columns, start=1):
        if column.kind != "amount":
            continue
        cells = [ws.cell(row=row, column=index) for row in range(7, writer.row)]
        fractional = any(isinstance(c.value, float) and not c.value.is_integer() for c in cells) or (
            fractional_estimate and any(str(c.value).startswith("='") for c in cells)
        )
        for c in cells:
            if c.number_format in (AMOUNT_FORMAT, "General") and c.border == BORDER:
                c.number_format = "#,##0.0##" if fractional else "#,##0"


def _signature_block(writer: TableWriter, data: ReportInput) -> int:
    """The date and signature area under the table: the preparer on the left, the approver on the right.
    Returns its last row."""
    ws = writer.ws
    issuer = data.issuer
    last_col = len(writer.columns)
    row = writer.row + 1
    sign_col = last_col - 1 if last_col <= 5 else last_col - 3
    left_end = min(sign_col - 1, 3)
    authority, title = signing(issuer)
    put(ws.cell(row=row, column=sign_col), f"{place_name(issuer)}, ngày ..... tháng ..... năm {data.year - 1}").font = font(italic=True)
    ws.cell(row=row, column=sign_col).alignment = center(wrap=False)
    ws.merge_cells(start_row=row, start_column=sign_col, end_row=row, end_column=last_col)
    right_lines = ([authority] if authority else []) + [title, "(Ký, ghi rõ họ tên, đóng dấu)", "", issuer.approver or ""]
    left_lines = [""] * (len(right_lines) - 4) + ["NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", "", issuer.prepared_by or ""]
    for offset in range(len(right_lines)):
        r = row + 1 + offset
        if offset == len(right_lines) - 2:
            ws.row_dimensions[r].height = 54  # one tall row is the space to sign (fewer rows: less likely cut by a page break)
        _signature_text(ws, r, 2, left_lines[offset])
        _signature_text(ws, r, sign_col, right_lines[offset])
        ws.merge_cells(start_row=r, start_column=sign_col, end_row=r, end_column=last_col)
        if left_end > 2:
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=left_end)
    return row + len(right_lines)


def _signature_text(ws: Worksheet, row: int, column: int, text: str) -> None:
    """One line of a signature block: a title in bold, a "(...)" hint in italics; nothing for an empty line."""
    if not text:
        return
    target = ws.cell(row=row, column=column)
    put(target, text).font = font(bold=not text.startswith("("), italic=text.startswith("("))
    target.alignment = center(wrap=False)


def write_units_sheet(ws: Worksheet, data: ReportInput, pack: Pack) -> TableWriter:
    """A consolidation's estimate by unit, grouped by budget level."""
    year = data.year
    columns = [
        Column("STT", "int", 6),
        Column("Đơn vị", "text", 44, key="name"),
        Column("Mã ĐVQHNS", "text", 12, key="code"),
        Column(f"Dự toán năm {year - 1}", "amount", 15, key="prior_estimate"),
        Column(f"Ước thực hiện năm {year - 1}", "amount", 15, key="prior_expected"),
        Column(f"Dự toán năm {year}", "amount", 15, key="estimate"),
        Column(f"Tỷ trọng trong tổng dự toán năm {year} (%)", "ratio", 14, ratio=("estimate", "TOTAL:estimate"), key="share"),
    ]
    writer = TableWriter(
        ws, columns, f"DỰ TOÁN NĂM {year} THEO ĐƠN VỊ VÀ CẤP NGÂN SÁCH", f"(Kèm theo báo cáo của {data.issuer.name or ''})", "Biểu tổng hợp"
    )
    order = list(pack.enums["level"])
    groups: dict[str, Group] = {}
    for unit, own in sorted(
        zip(data.units, data.unit_lines, strict=False), key=lambda item: order.index(item[0].level.value) if item[0].level else 99
    ):
        level = unit.level.value if unit.level else ""
        group = groups.setdefault(level, Group(pack.enums["level"][level].label.upper() if level in pack.enums["level"] else level))
        group.rows.append(
            {
                "name": unit.name,
                "code": unit.code,
                **{key: sum((line.amount(key) for line in own), ZERO) for key in ("prior_estimate", "prior_expected", "estimate")},
            }
        )
    writer.groups(list(groups.values()))
    row = writer.row + 1
    notes = [
        (
            "Chưa tổng hợp do hồ sơ còn lỗi:",
            [
                f"{name or Path(path).name} (tệp {Path(path).name}): {', '.join(dict.fromkeys(codes))}"
                for path, name, codes in data.left_out
            ],
        ),
        (
            "Đơn vị trong danh sách chưa gửi dự toán:",
            [f"{name} (mã {code})" if name else f"Mã {code}" for code, name in data.not_submitted],
        ),
    ]
    for title, items in notes:
        if not items:
            continue
        put(ws.cell(row=row, column=2), title).font = font(bold=True, italic=True)
        row += 1
        for item in items:
            put(ws.cell(row=row, column=2), f"- {item}").font = font()
            ws.cell(row=row, column=2).alignment = left(wrap=False)
            row += 1
    writer.row = row
    return writer


def write_errors_sheet(ws: Worksheet, data: ReportInput) -> None:
    """A draft's open errors, one row each, as the Word draft's appendix lists them."""
    put(ws.cell(row=1, column=1), "DỰ THẢO - CÁC LỖI CHƯA XỬ LÝ").font = font(bold=True, size=13)
    # 140 units: fitted to the page width it prints at 80% (9.7 pt), as the Biểu do (MIN_SCALE).
    headers = (("Tệp", 26), ("Mã", 8), ("Vị trí", 24), ("Nội dung", 82))
    for index, (text, width) in enumerate(headers, start=1):
        cell = put(ws.cell(row=3, column=index), text)
        cell.font = font(bold=True)
        cell.border = BORDER
        cell.alignment = center()
        ws.column_dimensions[get_column_letter(index)].width = width
    for row, (path, finding) in enumerate(data.open_errors, start=4):
        for index, value in enumerate((Path(path).name, finding.code, finding.location.describe("vi"), finding.message("vi")), start=1):
            cell = put(ws.cell(row=row, column=index), value)
            cell.font = font()
            cell.border = BORDER
            cell.alignment = left()
        fit_row_height(ws, row, {1: 26, 3: 24, 4: 82})
    if not data.open_errors:
        put(ws.cell(row=4, column=1), "Không có lỗi.").font = font(italic=True)
    ws.print_title_rows = "3:3"
    landscape_a4(ws)
    ws.page_margins.left = ws.page_margins.right = 0.3  # as the Biểu: PAGE_UNITS wide
