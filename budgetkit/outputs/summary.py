"""The province's summary workbook (batch --summary): Tổng hợp, Lỗi, Biểu 01."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from budgetkit.figures import FIGURE_KEYS, PILLARS, SPENDINGS, add_groups, empty_groups
from budgetkit.findings import Finding
from budgetkit.guard import mark_output
from budgetkit.guidance import Pack
from budgetkit.report.tables import write_bieu01
from budgetkit.rules.engine import FileResult
from budgetkit.xlsx_util import AMOUNT_FORMAT, BORDER, PERCENT_FORMAT, center, font, header_row, left, put, right, save_workbook

PASSED, FAILED = "Đạt", "Không đạt"


def _num(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def consolidated_figures(results: Sequence[FileResult]) -> dict[str, dict[str, dict[str, Decimal]]]:
    """Group figures summed over the files that passed (the one consolidation, used by every output)."""
    figures = {key: empty_groups() for key in FIGURE_KEYS}
    for result in results:
        if not result.failed() and (own := result.figures):
            for key in figures:
                add_groups(figures[key], own[key])
    return figures


def write_summary(path: Path, results: Sequence[FileResult], cross: Sequence[Finding], pack: Pack, year: int, province: str = "",
                  previous: Any = None) -> None:
    """previous: the comparison with the last round (rounds.RoundsComparison, batch --previous), written
    to the sheets "So với lần trước" and "Chi tiết thay đổi"."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Tổng hợp"
    spending_label = {s: pack.enums["spending"][s].short for s in SPENDINGS}
    headers = ["STT", "Tệp", "Tên đơn vị", "Mã ĐVQHNS", "Cấp", "Trạng thái", "Số lỗi", "Số cảnh báo"]
    headers += [f"{pack.enums['pillar'][p].short} - {spending_label[s]}" for p in PILLARS for s in SPENDINGS]
    headers += [f"Tổng dự toán năm {year}", "Tổng chi ngân sách", "Tỷ lệ trên tổng chi (%)"]
    put(ws.cell(row=1, column=1), f"TỔNG HỢP KẾT QUẢ KIỂM TRA DỰ TOÁN KH&CN, ĐMST VÀ CĐS NĂM {year}" + (f" - {province}" if province else "")).font = font(bold=True, size=13)
    put(ws.cell(row=2, column=len(headers)), "Đơn vị tính: Triệu đồng").font = font(italic=True)
    header_row(ws, 3, headers)
    ordered = sorted(results, key=lambda r: (not r.failed(), r.path))
    first = 4
    status_col = get_column_letter(6)
    for offset, result in enumerate(ordered):
        row = first + offset
        unit = result.unit or {}
        level = unit.get("level")
        values: list[object] = [
            offset + 1, result.path, unit.get("name") or "", unit.get("code") or "",
            pack.enums["level"][level].label if level in pack.enums["level"] else "",
            FAILED if result.failed() else PASSED, result.all_errors, result.all_warnings,
        ]
        totals = result.totals  # unpacked once per file
        values += [_num(totals.get(p, {}).get(s, Decimal(0))) for p in PILLARS for s in SPENDINGS]
        for index, value in enumerate(values, start=1):
            put(ws.cell(row=row, column=index), value)
        total_col = len(values) + 1
        first_amount = get_column_letter(9)
        last_amount = get_column_letter(total_col - 1)
        ws.cell(row=row, column=total_col).value = f"=SUM({first_amount}{row}:{last_amount}{row})"
        if result.total_budget_expenditure is not None:
            put(ws.cell(row=row, column=total_col + 1), _num(result.total_budget_expenditure))
        tl, el = get_column_letter(total_col), get_column_letter(total_col + 1)
        ws.cell(row=row, column=total_col + 2).value = f'=IF(N({el}{row})=0,"",{tl}{row}/{el}{row})'
        for index in range(1, len(headers) + 1):
            cell = ws.cell(row=row, column=index)
            cell.border = BORDER
            cell.font = font(bold=index == 6 and result.failed())
            if index >= 9:
                cell.number_format = PERCENT_FORMAT if index == len(headers) else AMOUNT_FORMAT
                cell.alignment = right()
    last = first + len(ordered) - 1
    total_row = last + 1
    put(ws.cell(row=total_row, column=2), "Tổng cộng (các tệp đạt)")
    for index in range(9, len(headers)):
        letter = get_column_letter(index)
        ws.cell(row=total_row, column=index).value = (
            f'=SUMIF(${status_col}${first}:${status_col}${max(last, first)},"{PASSED}",{letter}{first}:{letter}{max(last, first)})'
        )
        ws.cell(row=total_row, column=index).number_format = AMOUNT_FORMAT
    for index in range(1, len(headers) + 1):
        cell = ws.cell(row=total_row, column=index)
        cell.font = font(bold=True)
        cell.border = BORDER
    widths = [6, 36, 36, 12, 14, 12, 8, 10] + [12] * 6 + [15, 15, 12]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "C4"
    ws.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{max(last, 3)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4

    errors_ws = workbook.create_sheet("Lỗi")
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

    write_bieu01(workbook.create_sheet("Biểu 01"), consolidated_figures(results), pack, year,
                 province or "các đơn vị (tổng hợp các tệp đạt)")
    if previous is not None:
        from budgetkit.outputs.rounds_out import write_rounds_sheets

        write_rounds_sheets(workbook, previous, pack, year)
    mark_output(workbook, "summary")  # a later batch over a folder holding it skips it
    save_workbook(workbook, path)


def _finding_row(ws, row: int, path: str, unit_name: str, finding: Finding) -> None:  # type: ignore[no-untyped-def]
    loc = finding.location
    values = [path, unit_name, finding.code, finding.severity.heading("vi"), loc.sheet or (loc.path or ""),
              loc.row or loc.line or "", loc.column or "", loc.line_id or "", finding.message("vi"), finding.citation or ""]
    for index, value in enumerate(values, start=1):
        cell = put(ws.cell(row=row, column=index), value)
        cell.font = font()
        cell.alignment = left() if index in (1, 2, 9, 10) else center()
