"""Writing workbooks safely: text stays text, fixed metadata, deterministic bytes, atomic save."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.properties import PageSetupProperties

from budgetkit.atomic import atomic_write, deterministic_zip

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
FIXED_TIME = dt.datetime(2026, 1, 1)
FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
AMOUNT_FORMAT = "#,##0.###;-#,##0.###;0"
PERCENT_FORMAT = "0.0%"


def cell_number(value: Decimal) -> int | float:
    """An amount as a cell holds it: a whole number as an int (no "1000.0"), else a float (a cell has no
    decimal type; the figure itself stays Decimal everywhere else)."""
    return int(value) if value == value.to_integral_value() else float(value)


def put(cell: Cell | MergedCell, value: Any) -> Cell | MergedCell:
    """Write a value; any text is stored as text, never read as a formula (=, +, -, @ ...); a Decimal as
    its number (cell_number)."""
    if isinstance(value, str):
        cell.value = _ILLEGAL.sub("", value)
        cell.data_type = "s"
    elif isinstance(value, Decimal):
        cell.value = cell_number(value)
    else:
        cell.value = value
    return cell


def fit_row_height(ws: Any, row: int, widths: dict[int, float], size: int = 12) -> None:
    """Set a row's height to show its wrapped text: spreadsheet programs do not grow rows written by a
    library, so a long name would be cut off. Characters per line are estimated from the column width."""
    lines = 1
    for column, width in widths.items():
        value = ws.cell(row=row, column=column).value
        if isinstance(value, str) and value:
            per_line = max(1.0, width * 1.15 * 12 / size)
            lines = max(lines, sum(max(1, -(-len(part) // int(per_line))) for part in value.split("\n")))
    if lines > 1:
        ws.row_dimensions[row].height = min(409, lines * size * 1.3 + 4)


def font(bold: bool = False, italic: bool = False, size: int = 12) -> Font:
    """The forms' font, bold or italic, in that size."""
    return Font(name=FONT, bold=bold, italic=italic, size=size)


def center(wrap: bool = True) -> Alignment:
    """Centred both ways, wrapped unless wrap is False."""
    return Alignment(horizontal="center", vertical="center", wrap_text=wrap)


def left(wrap: bool = True) -> Alignment:
    """Left-aligned, vertically centred, wrapped unless wrap is False."""
    return Alignment(horizontal="left", vertical="center", wrap_text=wrap)


def right() -> Alignment:
    """Right-aligned, vertically centred (numbers)."""
    return Alignment(horizontal="right", vertical="center")


def header_row(ws: Any, row: int, headers: list[str]) -> None:
    """A table's heading row: bold, centred, boxed, from column A."""
    for index, header in enumerate(headers, start=1):
        cell = put(ws.cell(row=row, column=index), header)
        cell.font = font(bold=True)
        cell.alignment = center()
        cell.border = BORDER


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook's file, with fixed metadata and deterministic bytes."""
    workbook.properties.creator = "budgetkit"
    workbook.properties.lastModifiedBy = "budgetkit"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    workbook.save(buffer)
    return deterministic_zip(buffer.getvalue())


def save_workbook(workbook: Workbook, path: str | Path) -> None:
    """Write the workbook to path atomically."""
    atomic_write(path, workbook_bytes(workbook))


def landscape_a4(ws: Any, fit_width: bool = True) -> None:
    """Print a sheet on landscape A4; with fit_width, every column on one page wide (as many pages down as needed)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        if ws.sheet_properties.pageSetUpPr is None:
            ws.sheet_properties.pageSetUpPr = PageSetupProperties()
        ws.sheet_properties.pageSetUpPr.fitToPage = True
