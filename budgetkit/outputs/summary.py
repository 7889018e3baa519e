"""The province's summary workbook (batch --summary): Tổng hợp, Lỗi, Biểu 01."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from budgetkit.figures import PILLARS, SPENDINGS
from budgetkit.findings import Finding
from budgetkit.guard import mark_output
from budgetkit.guidance import Pack
from budgetkit.report.tables import write_bieu01
from budgetkit.results import FileResult, consolidated_figures
from budgetkit.xlsx_writing import (
    AMOUNT_FORMAT,
    BORDER,
    PERCENT_FORMAT,
    center,
    font,
    header_row,
    landscape_a4,
    left,
    put,
    right,
    save_workbook,
)

PASSED, FAILED = "Đạt", "Không đạt"


def write_summary(
    path: Path, results: Sequence[FileResult], cross: Sequence[Finding], pack: Pack, year: int, province: str = "", previous: Any = None
) -> None:
    """The summary workbook: "Tổng hợp" (a row per file, failed first, and the total of the files that
    passed), "Lỗi" (every finding), "Biểu 01" (the consolidation). previous: the comparison with the last
    round (rounds.RoundsComparison, batch --previous), written to the sheets "So với lần trước" and
    "Chi tiết thay đổi"."""
    workbook = Workbook()
    ws = workbook.worksheets[0]
    ws.title = "Tổng hợp"
    ordered = sorted(results, key=lambda r: (not r.failed(), r.path))
    _files_sheet(ws, ordered, pack, year, province)
    _errors_sheet(workbook.create_sheet("Lỗi"), ordered, cross)
    write_bieu01(
        workbook.create_sheet("Biểu 01"), consolidated_figures(results), pack, year, province or "các đơn vị (tổng hợp các tệp đạt)"
    )
    if previous is not None:
        from budgetkit.outputs.rounds_out import write_rounds_sheets

        write_rounds_sheets(workbook, previous, pack, year)
    mark_output(workbook, "summary")  # a later batch over a folder holding it skips it
    save_workbook(workbook, path)


def _files_sheet(ws: Any, ordered: Sequence[FileResult], pack: Pack, year: int, province: str) -> None:
    """ "Tổng hợp": one row per file, its status, counts and estimate by group, its share of the unit's
    total spending; the last row sums the files that passed (SUMIF over the status)."""
    spending_label = {s: pack.enums["spending"][s].short for s in SPENDINGS}
    headers = ["STT", "Tệp", "Tên đơn vị", "Mã ĐVQHNS", "Cấp", "Trạng thái", "Số lỗi", "Số cảnh báo"]
    headers += [f"{pack.enums['pillar'][p].short} - {spending_label[s]}" for p in PILLARS for s in SPENDINGS]
    headers += [f"Tổng dự toán năm {year}", "Tổng chi ngân sách", "Tỷ lệ trên tổng chi (%)"]
    title = f"TỔNG HỢP KẾT QUẢ KIỂM TRA DỰ TOÁN KH&CN, ĐMST VÀ CĐS NĂM {year}" + (f" - {province}" if province else "")
    put(ws.cell(row=1, column=1), title).font = font(bold=True, size=13)
    put(ws.cell(row=2, column=len(headers)), "Đơn vị tính: Triệu đồng").font = font(italic=True)
    header_row(ws, 3, headers)
    first = 4
    for offset, result in enumerate(ordered):
        _file_row(ws, first + offset, offset + 1, result, pack, len(headers))
    last = first + len(ordered) - 1
    _passed_total_row(ws, last + 1, first, last, len(headers))
    widths = [6, 36, 36, 12, 14, 12, 8, 10] + [12] * 6 + [15, 15, 12]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{max(last, 3)}"
    landscape_a4(ws, fit_width=False)


def _file_row(ws: Any, row: int, number: int, result: FileResult, pack: Pack, width: int) -> None:
    unit = result.unit or {}
    level = unit.get("level")
    values: list[object] = [
        number,
        result.path,
        unit.get("name") or "",
        unit.get("code") or "",
        pack.enums["level"][level].label if level in pack.enums["level"] else "",
        FAILED if result.failed() else PASSED,
        result.all_errors,
        result.all_warnings,
    ]
    totals = result.totals  # unpacked once per file
    values += [totals.get(p, {}).get(s, Decimal(0)) for p in PILLARS for s in SPENDINGS]  # put() writes a Decimal as its number
    for index, value in enumerate(values, start=1):
        put(ws.cell(row=row, column=index), value)
    total_col = len(values) + 1
    first_amount = get_column_letter(9)
    last_amount = get_column_letter(total_col - 1)
    ws.cell(row=row, column=total_col).value = f"=SUM({first_amount}{row}:{last_amount}{row})"
    if result.total_budget_expenditure is not None:
        put(ws.cell(row=row, column=total_col + 1), result.total_budget_expenditure)
    tl, el = get_column_letter(total_col), get_column_letter(total_col + 1)
    ws.cell(row=row, column=total_col + 2).value = f'=IF(N({el}{row})=0,"",{tl}{row}/{el}{row})'
    for index in range(1, width + 1):
        cell = ws.cell(row=row, column=index)
        cell.border = BORDER
        cell.font = font(bold=index == 6 and result.failed())
        if index >= 9:
            cell.number_format = PERCENT_FORMAT if index == width else AMOUNT_FORMAT
            cell.alignment = right()


def _passed_total_row(ws: Any, row: int, first: int, last: int, width: int) -> None:
    status_col = get_column_letter(6)
    put(ws.cell(row=row, column=2), "Tổng cộng (các tệp đạt)")
    for index in range(9, width):
        letter = get_column_letter(index)
        ws.cell(
            row=row, column=index
        ).value = f'=SUMIF(${status_col}${first}:${status_col}${max(last, first)},"{PASSED}",{letter}{first}:{letter}{max(last, first)})'
        ws.cell(row=row, column=index).number_format = AMOUNT_FORMAT
    for index in range(1, width + 1):
        cell = ws.cell(row=row, column=index)
        cell.font = font(bold=True)
        cell.border = BORDER


def _errors_sheet(errors_ws: Any, ordered: Sequence[FileResult], cross: Sequence[Finding]) -> None:
    """ "Lỗi": every finding of every file (failed files first), then those across files."""
    headers = ["Tệp", "Đơn vị", "Mã quy tắc", "Mức độ", "Trang", "Dòng", "Cột", "Mã dòng", "Nội dung", "Căn cứ"]
    header_row(errors_ws, 1, headers)
    row = 2
    for result in ordered:
        unit_name = (result.unit or {}).get("name") or ""
        for finding in result.findings:
            _finding_row(errors_ws, row, result.path, unit_name, finding)
            row += 1
    for finding in cross:
        _finding_row(errors_ws, row, "; ".join(finding.files) or "(cả lượt kiểm tra)", "", finding)
        row += 1
    for index, width in enumerate([34, 30, 10, 10, 12, 7, 6, 10, 90, 40], start=1):
        errors_ws.column_dimensions[get_column_letter(index)].width = width
    errors_ws.freeze_panes = "A2"
    errors_ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(row - 1, 1)}"


def _finding_row(ws: Any, row: int, path: str, unit_name: str, finding: Finding) -> None:
    loc = finding.location
    values = [
        path,
        unit_name,
        finding.code,
        finding.severity.heading("vi"),
        loc.sheet or (loc.path or ""),
        loc.row or loc.line or "",
        loc.column or "",
        loc.line_id or "",
        finding.message("vi"),
        finding.citation or "",
    ]
    for index, value in enumerate(values, start=1):
        cell = put(ws.cell(row=row, column=index), value)
        cell.font = font()
        cell.alignment = left() if index in (1, 2, 9, 10) else center()
