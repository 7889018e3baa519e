"""The estimate tables (Biểu 01-05): title rows, headings, live SUM and ratio formulas, A4 landscape."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgetkit.figures import FIGURE_KEYS, PILLARS, SPENDINGS
from budgetkit.guidance import Pack
from budgetkit.xlsx_writing import (
    AMOUNT_FORMAT,
    BORDER,
    PERCENT_FORMAT,
    center,
    fit_row_height,
    font,
    landscape_a4,
    left,
    put,
    right,
)

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
Kind = Literal["text", "amount", "ratio", "int"]


@dataclass(frozen=True)
class Column:
    """One column of a Biểu: header, kind, width and, for a ratio, the columns it divides."""

    header: str
    kind: Kind = "text"
    width: float = 14
    # For a ratio column: (numerator letter key, denominator key) by column keys; "TOTAL:" prefix uses the total row.
    ratio: tuple[str, str] | None = None
    key: str = ""


@dataclass
class Group:
    """A heading of a Biểu and the rows and subgroups under it."""

    heading: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    subgroups: list[Group] = field(default_factory=list)


class TableWriter:
    """One Biểu sheet. Data rows hold numbers; heading and total rows hold SUM formulas over them."""

    def __init__(self, ws: Worksheet, columns: Sequence[Column], title: str, subtitle: str, form: str) -> None:
        self.ws = ws
        self.columns = list(columns)
        self.col = {c.key: i + 1 for i, c in enumerate(self.columns) if c.key}
        self.text_widths = {i + 1: c.width for i, c in enumerate(self.columns) if c.kind == "text"}
        last = get_column_letter(len(self.columns))
        put(ws.cell(row=1, column=len(self.columns)), form).font = font(bold=True, italic=True)
        ws.cell(row=1, column=len(self.columns)).alignment = right()
        for row, text, bold in ((2, title, True), (3, subtitle, False)):
            cell = put(ws.cell(row=row, column=1), text)
            cell.font = font(bold=bold, italic=not bold, size=13 if bold else 12)
            cell.alignment = center()
            ws.merge_cells(f"A{row}:{last}{row}")
        ws.row_dimensions[2].height = 36
        put(ws.cell(row=4, column=len(self.columns)), "Đơn vị tính: Triệu đồng").font = font(italic=True)
        ws.cell(row=4, column=len(self.columns)).alignment = right()
        for index, column in enumerate(self.columns, start=1):
            header = put(ws.cell(row=5, column=index), column.header)
            header.font = font(bold=True)
            header.alignment = center()
            header.border = BORDER
            number = put(ws.cell(row=6, column=index), f"({index})")
            number.font = font(italic=True)
            number.alignment = center()
            number.border = BORDER
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.row_dimensions[5].height = 45
        self.row = 7
        self.total_row: int | None = None
        self._ratio_cells: list[tuple[int, Column, int]] = []
        ws.freeze_panes = "A7"
        ws.print_title_rows = "5:6"
        landscape_a4(ws)
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.print_options.horizontalCentered = True

    def _style_row(self, row: int, bold: bool) -> None:
        for index, column in enumerate(self.columns, start=1):
            cell = self.ws.cell(row=row, column=index)
            cell.border = BORDER
            cell.font = font(bold=bold)
            if column.kind == "amount":
                cell.number_format = AMOUNT_FORMAT
                cell.alignment = right()
            elif column.kind == "ratio":
                cell.number_format = PERCENT_FORMAT
                cell.alignment = right()
            elif column.kind == "int":
                cell.alignment = center()
            else:
                cell.alignment = left()

    def _sum_row(self, row: int, label_number: str, label: str, parts: list[tuple[int, int]] | list[int]) -> None:
        """A heading/total row whose amounts are SUM formulas over row ranges or single rows."""
        put(self.ws.cell(row=row, column=1), label_number)
        put(self.ws.cell(row=row, column=2), label)
        for index, column in enumerate(self.columns, start=1):
            if column.kind != "amount":
                continue
            letter = get_column_letter(index)
            refs = []
            for part in parts:
                if isinstance(part, tuple):
                    if part[1] >= part[0]:
                        refs.append(f"{letter}{part[0]}:{letter}{part[1]}")
                else:
                    refs.append(f"{letter}{part}")
            self.ws.cell(row=row, column=index).value = f"=SUM({','.join(refs)})" if refs else 0
        self._ratios(row)
        self._style_row(row, bold=True)

    def _ratios(self, row: int) -> None:
        for index, column in enumerate(self.columns, start=1):
            if column.kind == "ratio" and column.ratio:
                self._ratio_cells.append((row, column, index))

    def data_row(self, number: str, values: dict[str, Any]) -> int:
        """Write one data row (its number and values) and return its row number."""
        row = self.row
        put(self.ws.cell(row=row, column=1), number)
        for key, value in values.items():
            if key in self.col and value is not None:
                put(self.ws.cell(row=row, column=self.col[key]), value)  # a Decimal as its number
        self._ratios(row)
        self._style_row(row, bold=False)
        fit_row_height(self.ws, row, self.text_widths)
        self.row += 1
        return row

    def groups(self, groups: list[Group], total_label: str = "Tổng cộng") -> None:
        """Roman headings (with optional numbered subgroups), their lines, and the total row first."""
        self.total_row = self.row
        self.row += 1
        heading_rows: list[int] = []
        for g_index, group in enumerate(groups):
            heading_row = self.row
            heading_rows.append(heading_row)
            self.row += 1
            if group.subgroups:
                sub_rows: list[int] = []
                for s_index, sub in enumerate(group.subgroups, start=1):
                    sub_row = self.row
                    sub_rows.append(sub_row)
                    self.row += 1
                    first = self.row
                    for r_index, values in enumerate(sub.rows, start=1):
                        self.data_row(f"{s_index}.{r_index}", values)
                    self._sum_row(sub_row, str(s_index), sub.heading, [(first, self.row - 1)])
                self._sum_row(heading_row, ROMAN[g_index], group.heading, sub_rows)
            else:
                first = self.row
                for r_index, values in enumerate(group.rows, start=1):
                    self.data_row(str(r_index), values)
                self._sum_row(heading_row, ROMAN[g_index], group.heading, [(first, self.row - 1)])
        self._sum_row(self.total_row, "", total_label, heading_rows)
        self.finish()

    def finish(self) -> None:
        """Write the ratio formulas, now that the total row is known, and set the print area."""
        for row, column, index in self._ratio_cells:
            numerator, denominator = column.ratio  # type: ignore[misc]
            top = f"{get_column_letter(self.col[numerator])}{row}"
            if denominator.startswith("TOTAL:"):
                assert self.total_row is not None
                bottom = f"${get_column_letter(self.col[denominator[6:]])}${self.total_row}"
            else:
                bottom = f"{get_column_letter(self.col[denominator])}{row}"
            self.ws.cell(row=row, column=index).value = f'=IF(N({bottom})=0,"",{top}/{bottom})'
        self.ws.print_area = f"A1:{get_column_letter(len(self.columns))}{self.row - 1}"


def form_note(pack: Pack, form: str, year: int) -> str | None:
    """The pack's footnote of a table (the article it answers), with its years."""
    note = pack.form_notes.get(form)
    return note.replace("{prior}", str(year - 1)).replace("{year}", str(year)) if note else None


def write_note(writer: TableWriter, text: str | None) -> None:
    """A footnote under the table (the article the table answers), inside the print area."""
    if not text:
        return
    row = writer.row + 1
    cell = put(writer.ws.cell(row=row, column=2), text)
    cell.font = font(italic=True)
    cell.alignment = left()
    writer.ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(writer.columns))
    writer.ws.row_dimensions[row].height = 15 * (1 + len(text) // 150)
    writer.row = row + 1
    writer.ws.print_area = f"A1:{get_column_letter(len(writer.columns))}{row}"


def write_bieu01(
    ws: Worksheet,
    figures: dict[str, dict[str, dict[str, Decimal]]],
    pack: Pack,
    year: int,
    unit_name: str,
    memo: Sequence[tuple[str, dict[str, Decimal]]] = (),
) -> TableWriter:
    """Biểu 01: the estimate by pillar x spending type, with execution rate, change and share, the 30/6
    disbursement, and the "trong đó" rows of Circular 56/2025/TT-BTC, Điều 23 (memo: label -> figures)."""
    columns = [
        Column("STT", "int", 6),
        Column("Nội dung", "text", 30, key="name"),
        Column(f"Dự toán năm {year - 1}", "amount", 13, key="prior_estimate"),
        Column(f"Ước thực hiện năm {year - 1}", "amount", 13, key="prior_expected"),
        Column(f"Tỷ lệ thực hiện năm {year - 1} (%)", "ratio", 11, ratio=("prior_expected", "prior_estimate"), key="rate"),
        Column(f"Dự toán năm {year}", "amount", 13, key="estimate"),
        Column(f"So sánh dự toán năm {year} với năm {year - 1} (%)", "ratio", 12, ratio=("estimate", "prior_estimate"), key="change"),
        Column(f"Tỷ trọng trong tổng dự toán năm {year} (%)", "ratio", 12, ratio=("estimate", "TOTAL:estimate"), key="share"),
        Column(f"Nguồn khác năm {year}", "amount", 13, key="other_sources"),
        Column(f"Giải ngân đến 30/6/{year - 1}", "amount", 13, key="prior_h1_disbursed"),
    ]
    writer = TableWriter(
        ws,
        columns,
        f"TỔNG HỢP DỰ TOÁN NGÂN SÁCH KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ NĂM {year}",
        f"(Kèm theo báo cáo của {unit_name})",
        "Biểu 01",
    )
    groups = []
    for pillar in PILLARS:
        group = Group(pack.enums["pillar"][pillar].label.upper())
        for spending in SPENDINGS:
            row: dict[str, Any] = {"name": f"Chi {pack.enums['spending'][spending].label.lower()}"}
            for key in FIGURE_KEYS:
                row[key] = figures.get(key, {}).get(pillar, {}).get(spending, Decimal(0))
            group.rows.append(row)
        groups.append(group)
    writer.groups(groups)
    if memo:
        # "Trong đó" rows: parts of the total above, not added to it.
        writer._style_row(writer.row, bold=True)
        put(ws.cell(row=writer.row, column=2), "Trong đó:").font = font(bold=True, italic=True)
        writer.row += 1
        for label, values in memo:
            writer.data_row("", {"name": f"- {label}", **values})
        writer.finish()
    write_note(writer, form_note(pack, "Biểu 01", year))
    return writer
