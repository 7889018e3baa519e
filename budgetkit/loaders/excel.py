"""The Excel reader: every tolerance of the input format, with the cell of every value."""

from __future__ import annotations

import re
from typing import Any, Literal

from budgetkit.input_layout import (
    EXPLANATION_HEADERS,
    IGNORED_HEADERS,
    LINE_HEADERS,
    REQUIRED_COLUMNS,
    SHEET_EXPLANATIONS,
    SHEET_LINES,
    SHEET_UNIT,
    header_key,
    line_header,
    read_header,
    unit_label_key,
)
from budgetkit.loaders.coercion import (
    UNIT_AMOUNT_KEYS,
    Coercer,
    DeclaredTotal,
    LoadedFile,
    Locator,
    Raw,
    assemble,
    build_explanation,
    build_line,
    build_unit,
)
from budgetkit.loaders.columns import col_letter
from budgetkit.loaders.xlsx_reader import Archive, WorkbookProblem, open_reader
from budgetkit.locations import UNIT, Cell, HeadingRef, LineRef
from budgetkit.model import AMOUNT_KEYS, YEAR_KEYS
from budgetkit.normalize import closest, match_key

# A total row's label: "Tổng cộng", "Tổng số", and the short "Cộng", "Tổng" (alone, or with "(I+II+III)", ":").
_TOTAL_LABEL = re.compile(r"^(tong cong|tong so|cong chung|tong|cong)(\s*[:.(].*)?$|^(tong cong|tong so)\b")
_ROMAN = re.compile(r"^[IVXLC]+\s*[.)/:\-]\s*\S|^[IVXLC]+\s+\S")
_COLUMN_NUMBER = re.compile(r"\(?\s*\d{1,2}\s*\)?(\s*=.*)?")
_IGNORED = {header_key(h) for h in IGNORED_HEADERS}
_CLASSIFYING = ("field", "spending", "status", "category")
_NUMERIC_KEYS = frozenset((*AMOUNT_KEYS, *YEAR_KEYS))


def _raw(value: Any) -> Raw | None:
    kind = type(value)
    if kind is str:
        return Raw("text", value) if value.strip() else None
    if kind is float:
        return Raw("num", repr(value))
    if kind is int:
        return Raw("num", str(value))
    if value is None:
        return None
    if kind is bool:
        return Raw("other", "TRUE" if value else "FALSE")
    text = str(value)
    return Raw("text", text) if text.strip() else None


def _blank(row: list[Any]) -> bool:
    """No cell holds anything but spaces."""
    for value in row:  # noqa: SIM110 - a plain loop: this runs for every row of a sheet
        if value is not None and (type(value) is not str or value.strip()):
            return False
    return True


def _cell_text(value: Any) -> str:
    """A cell as text (numbers written plainly: Mã 12 reads "12")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _with_errors(rows: Any, errors: dict[tuple[int, int], str]) -> Any:
    """The rows with each Excel error cell (#REF!, #DIV/0!...) as its error text: calamine reads one as
    empty, and an amount that cannot be computed must be a finding (V003) where it is read."""
    if not errors:
        return rows
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row_number, column), text in errors.items():
        by_row.setdefault(row_number, []).append((column, text))

    def filled() -> Any:
        for number, row in enumerate(rows, start=1):
            cells = by_row.get(number)
            if cells:
                row = list(row)
                for column, text in cells:
                    if len(row) <= column:
                        row.extend([None] * (column + 1 - len(row)))
                    row[column] = text
            yield row

    return filled()


class ExcelLocator(Locator):
    """The cell of every value of a workbook: the lines' rows and columns, the unit's rows."""

    def __init__(self) -> None:
        self.lines_sheet = SHEET_LINES
        self.unit_sheet = SHEET_UNIT
        self.expl_sheet = SHEET_EXPLANATIONS
        self.line_rows: list[int] = []
        self.line_ids: list[str | None] = []
        self.columns: dict[str, int] = {}
        self.unit_rows: dict[str, int] = {}
        self.expl_rows: list[int] = []
        self.expl_columns: dict[str, int] = {}

    def _column(self, key: str) -> str | None:
        column = self.columns.get(key)
        return col_letter(column) if column is not None else None

    def value(self, index: int, key: str) -> Cell:
        """The cell of a line's value."""
        return Cell(
            self.lines_sheet,
            self.line_rows[index] if index < len(self.line_rows) else None,
            self._column(key),
            key,
            self.line_ids[index] if index < len(self.line_ids) else None,
        )

    def heading(self, row: int, key: str) -> Cell:
        """The cell of a value in a heading (subtotal) row."""
        return Cell(self.lines_sheet, row, self._column(key), key)

    def unit(self, key: str) -> Cell:
        """The cell of a unit value (column B of the unit sheet)."""
        row = self.unit_rows.get(key)
        return Cell(self.unit_sheet, row, "B" if row else None, key)

    def explanation(self, index: int, key: str) -> Cell:
        """The cell of an explanation's value."""
        column = self.expl_columns.get(key)
        return Cell(
            self.expl_sheet,
            self.expl_rows[index] if index < len(self.expl_rows) else None,
            col_letter(column) if column is not None else None,
            key,
        )


def _find_sheet(names: list[str], wanted: str, states: dict[str, str] | None = None, loaded: LoadedFile | None = None) -> str | None:
    """The sheet of the template's name `wanted`: a visible one first. A hidden sheet of that name is
    never silently preferred: it is F010, and read only when no visible sheet has the name."""
    key = match_key(wanted)
    matches = [n for n in names if match_key(n) == key]
    if not matches:
        return None
    visible = [n for n in matches if (states or {}).get(n, "visible") == "visible"]
    chosen = visible[0] if visible else matches[0]
    if loaded is not None:
        for name in matches:
            if name in visible:
                continue
            if name == chosen:
                loaded.emit("F010", Cell(name), kind="hidden_read", hidden=name, sheet=wanted)
            else:
                loaded.emit("F010", Cell(name), kind="hidden_skipped", hidden=name, sheet=wanted, visible=chosen)
    return chosen


def load_excel(loaded: LoadedFile, path: str, guidance_year_for: Any, data: bytes | None = None) -> None:
    """Read a workbook into loaded (data: the file's bytes when already read)."""
    limits = loaded.pack.limits
    try:
        archive = Archive(path, limits, data)
    except WorkbookProblem as exc:
        _problem(loaded, exc)
        return
    except Exception as exc:  # e.g. an encrypted or otherwise unreadable part inside the archive
        loaded.emit("F001", kind="workbook_unreadable", error=exc.__class__.__name__)
        return
    try:
        reader = open_reader(path, archive.data)
    except Exception as exc:  # a damaged part the archive check could not see
        archive.close()
        loaded.emit("F001", kind="workbook_unreadable", error=exc.__class__.__name__)
        return
    try:
        _read(loaded, archive, reader, guidance_year_for)
    except WorkbookProblem as exc:
        _problem(loaded, exc)
    except Exception as exc:
        loaded.emit("F001", kind="content_unreadable", error=exc.__class__.__name__)
    finally:
        reader.close()
        archive.close()


def _problem(loaded: LoadedFile, exc: WorkbookProblem) -> None:
    loaded.emit(exc.code, kind=exc.kind, **exc.params)


def _read(loaded: LoadedFile, archive: Archive, reader: Any, guidance_year_for: Any) -> None:
    archive.scan_listed()  # every listed sheet, before either reader parses one (WorkbookProblem)
    names = reader.sheet_names
    states = archive.sheet_states
    unit_sheet = _find_sheet(names, SHEET_UNIT, states, loaded)
    lines_sheet = _find_sheet(names, SHEET_LINES, states, loaded)
    required = ((SHEET_UNIT, unit_sheet),) if loaded.unit_only else ((SHEET_UNIT, unit_sheet), (SHEET_LINES, lines_sheet))
    missing = [n for n, s in required if s is None]
    if missing:
        loaded.emit("F002", missing=", ".join(f"“{m}”" for m in missing), found=", ".join(f"“{n}”" for n in names) or "-")
        return
    assert unit_sheet is not None
    locator = ExcelLocator()
    locator.unit_sheet, locator.lines_sheet = unit_sheet, lines_sheet or SHEET_LINES
    loaded.locator = locator
    co = Coercer(loaded, text_numbers_warn=True)
    max_rows = loaded.pack.limits.sheet_rows

    expl_sheet = _find_sheet(names, SHEET_EXPLANATIONS, states, loaded)
    for sheet in (unit_sheet, lines_sheet, expl_sheet):
        if sheet is not None:
            # Refuses a DTD or too many rows before either reader parses the sheet.
            archive.sheet_xml(sheet, max_rows)
    year, unit_values = _read_unit(loaded, archive, reader, co, locator, unit_sheet)
    if year is not None and loaded.other_pack is not None and loaded.other_pack(year):
        loaded.restart_year = year  # read again under the year's pack (loaders.load), the lines read once
        return
    if lines_sheet is None:  # a consolidating body's file: the unit alone
        assemble(loaded, year, unit_values, [], [])
        return
    header_year = year if year is not None else guidance_year_for
    lines_values = _read_lines(loaded, archive, reader, co, locator, lines_sheet, header_year)
    if lines_values is None:
        return
    explanation_values = _read_explanations(reader, co, locator, expl_sheet, max_rows)
    assemble(loaded, year, unit_values, lines_values, explanation_values)


def _read_unit(
    loaded: LoadedFile, archive: Archive, reader: Any, co: Coercer, locator: ExcelLocator, unit_sheet: str
) -> tuple[int | None, dict[str, Any]]:
    """The `Đơn vị` sheet: labels in column A, values in column B."""
    max_rows = loaded.pack.limits.sheet_rows
    no_value = archive.formulas_without_value(unit_sheet)
    unit_raw: dict[str, Any] = {}
    year_raw: Raw | None = None
    for number, row in enumerate(_with_errors(reader.rows(unit_sheet, max_rows), archive.error_cells(unit_sheet)), start=1):
        label = _cell_text(row[0] if row else None).strip()
        if not label:
            continue
        value = row[1] if len(row) > 1 else None
        key = unit_label_key(label)
        if key is None:
            if value is not None:
                loaded.emit("F004", Cell(unit_sheet, number, "A"), label, name=label)
            continue
        locator.unit_rows[key] = number
        if (number, 1) in no_value:
            loaded.emit("F006", locator.unit(key))
            loaded.flagged.add((UNIT, key))
            continue
        if key == "budget_year":
            year_raw = _raw(value)
        else:
            unit_raw[key] = _raw(value) if key in UNIT_AMOUNT_KEYS else _raw(_cell_text(value) or None)
    year = co.year(year_raw, UNIT, "budget_year", locator.unit("budget_year"))
    unit_values = build_unit(co, unit_raw)

    return year, unit_values


def _read_lines(
    loaded: LoadedFile, archive: Archive, reader: Any, co: Coercer, locator: ExcelLocator, lines_sheet: str, header_year: int
) -> list[dict[str, Any]] | None:
    """The `Dự toán` sheet: the header row, then lines, headings with subtotals and total rows.

    None when the sheet cannot be read as lines (no header row)."""
    rows_iter = _with_errors(reader.rows(lines_sheet, loaded.pack.limits.sheet_rows), archive.error_cells(lines_sheet))
    header_index = _find_header_row(loaded, rows_iter, lines_sheet, header_year)
    if header_index is None:
        return None
    header_row_number, header = header_index
    columns = _header_columns(loaded, header, lines_sheet, header_row_number, header_year)
    locator.columns = columns
    lines = _LinesReader(loaded, co, locator, columns, archive.formulas_without_value(lines_sheet))
    lines.read(rows_iter, header_row_number + 1)
    lines.report_formulas_elsewhere(lines_sheet, header_row_number)
    return lines.values


def _find_header_row(loaded: LoadedFile, rows_iter: Any, lines_sheet: str, header_year: int) -> tuple[int, list[Any]] | None:
    """(row number, cells) of the header row: the first of the first 15 rows that holds Mã and Tên.

    None (and F003) when there is none; the rows before it are consumed from rows_iter."""
    head: list[list[Any]] = []
    for row in rows_iter:
        head.append(row)
        filled = [c for c in row if c is not None]
        # A header row holds at least Mã and Tên: a title row (one merged cell) is not looked up.
        keys = {read_header(_cell_text(c), header_year)[0] for c in filled} if len(filled) >= 2 else set()
        if {"id", "name"} <= keys:
            return len(head), row
        if len(head) >= 15:
            break
    found = [_cell_text(c) for r in head for c in r if c is not None and not isinstance(c, int | float)][:12]
    loaded.emit(
        "F003",
        Cell(lines_sheet),
        kind="no_header_row",
        missing=f"“{LINE_HEADERS['id']}”, “{LINE_HEADERS['name']}”",
        found=", ".join(found) or "-",
    )
    return None


def _header_columns(loaded: LoadedFile, header: list[Any], lines_sheet: str, header_row_number: int, header_year: int) -> dict[str, int]:
    """The column of each key the header names (F004, F005 for the headers not read; F003 for a missing one)."""
    columns: dict[str, int] = {}
    header_texts: list[str] = []
    for index, cell in enumerate(header):
        text = _cell_text(cell).strip()
        if not text:
            continue
        header_texts.append(text)
        key, stale_words = read_header(text, header_year)
        if key is not None and key not in columns:
            columns[key] = index
            continue
        where = Cell(lines_sheet, header_row_number, col_letter(index))
        if key is not None:
            loaded.emit("F004", where, text, kind="duplicate", name=text)
        elif stale_words is not None:
            loaded.emit("F005", where, text, header=text, year=header_year)
        elif header_key(text) not in _IGNORED:
            near = closest(
                text,
                [
                    line_header(k, header_year)
                    for k in (
                        "id",
                        "name",
                        *LINE_HEADERS,
                        "estimate",
                        "prior_estimate",
                        "prior_expected",
                        "allocated_before_prior",
                        "other_sources",
                    )
                ],
            )
            loaded.emit("F004", where, text, kind="near" if near else "", name=text, near=near)
    for key in REQUIRED_COLUMNS:
        if key not in columns:
            near = closest(line_header(key, header_year), header_texts)
            loaded.emit(
                "F003",
                Cell(lines_sheet, header_row_number),
                kind="near" if near else "",
                missing=f"“{line_header(key, header_year)}”",
                near=near,
            )
            loaded.absent_columns.add(key)
    return columns


class _LinesReader:
    """The rows below the header: each is a line, a heading or total row (its amounts kept for A004), or
    nothing (blank, the row of column numbers). Everything per file is computed once: this runs per row."""

    def __init__(
        self, loaded: LoadedFile, co: Coercer, locator: ExcelLocator, columns: dict[str, int], no_value: set[tuple[int, int]]
    ) -> None:
        self.loaded, self.co, self.locator, self.columns, self.no_value = loaded, co, locator, columns, no_value
        self.values: list[dict[str, Any]] = []
        self.amount_columns = {k: c for k, c in columns.items() if k in AMOUNT_KEYS}
        self.open_roman: DeclaredTotal | None = None
        self.open_heading: DeclaredTotal | None = None
        self.total_rows: set[int] = set()  # total rows: their formulas are sums of the lines, which are read themselves
        # Padded rows so that every column exists; the columns to read.
        self.width = max(columns.values(), default=0) + 1
        self.padding: list[Any] = [None] * self.width
        self.plan = [(key, column, key in _NUMERIC_KEYS) for key, column in columns.items()]
        self.id_column, self.name_column = columns.get("id"), columns.get("name")
        self.classifying = [columns[k] for k in _CLASSIFYING if k in columns]

    def read(self, rows_iter: Any, first_number: int) -> None:
        """Every row from `first_number` on."""
        first_data = True
        for number, row in enumerate(rows_iter, start=first_number):
            if _blank(row):
                continue
            if first_data:
                first_data = False
                if _column_numbers(row):
                    continue
            if len(row) < self.width:
                row.extend(self.padding[len(row) :])
            line_id = _cell_text(row[self.id_column]).strip() if self.id_column is not None else ""
            if line_id or any(row[c] is not None for c in self.classifying):
                self.line(number, row, line_id)
            else:
                self.heading(number, row)

    def heading(self, number: int, row: list[Any]) -> None:
        """A row that is not a line: a total row, a Roman heading or another heading (with their amounts)."""
        name = _cell_text(row[self.name_column]).strip() if self.name_column is not None else ""
        amounts = {k: c for k, c in self.amount_columns.items() if row[c] is not None}
        if not name:
            if amounts:
                id_letter = col_letter(self.columns["id"]) if "id" in self.columns else None
                self.loaded.emit("V001", Cell(self.locator.lines_sheet, number, id_letter, "id"), key="id", label=LINE_HEADERS["id"])
            return
        kind: Literal["total", "roman", "heading"] = (
            "total" if _TOTAL_LABEL.match(match_key(name)) else "roman" if _ROMAN.match(name) else "heading"
        )
        declared = DeclaredTotal(kind, name, number, {})
        owner = HeadingRef(number)
        for key, column in amounts.items():
            if (number, column) in self.no_value:
                continue
            value = self.co.amount(_raw(row[column]), owner, key)
            if value is not None:
                declared.amounts[key] = (value, col_letter(column))
        if kind == "total":
            self.total_rows.add(number)
            self.open_roman = self.open_heading = None
            declared.line_indices = list(range(len(self.values)))
        elif kind == "roman":
            self.open_roman, self.open_heading = declared, None
        else:
            self.open_heading = declared
        if declared.amounts:
            self.loaded.declared.append(declared)

    def line(self, number: int, row: list[Any], line_id: str) -> None:
        """A line: its raw values, typed by the coercer; counted in the open headings."""
        index = len(self.values)
        self.locator.line_rows.append(number)
        self.locator.line_ids.append(line_id or None)
        no_value = self.no_value
        raw: dict[str, Any] = {}
        for key, column, numeric in self.plan:
            value = row[column]
            if value is None:
                if no_value and (number, column) in no_value:
                    self.loaded.emit("F006", self.locator.value(index, key))
                    self.loaded.flagged.add((LineRef(index), key))
                continue
            # Text columns read a number cell as text ("Mã" 12 reads "12"); a text cell is text either way.
            raw[key] = _raw(value) if numeric or type(value) is str else _raw(_cell_text(value))
        self.values.append(build_line(self.co, raw, index))
        for group in (self.open_roman, self.open_heading):
            if group is not None:
                group.line_indices.append(index)

    def report_formulas_elsewhere(self, lines_sheet: str, header_row_number: int) -> None:
        """F006 for the formula cells without values outside the lines and total rows (a heading's subtotal).

        A total row's sums without values (the template's own "Tổng cộng" row, never opened in a spreadsheet
        program) are not reported: budgetkit reads the lines themselves, and A004 checks the totals that do
        have values."""
        line_rows = set(self.locator.line_rows)
        for row_number, column in sorted(self.no_value):
            if row_number > header_row_number and row_number not in line_rows and row_number not in self.total_rows:
                self.loaded.emit("F006", Cell(lines_sheet, row_number, col_letter(column)))


def _column_numbers(row: list[Any]) -> bool:
    """The row numbering the columns ("1", "(2)", "3 = 1 + 2"...), which some templates put below the header."""
    texts = [_cell_text(v).strip() for v in row if v is not None and _cell_text(v).strip()]
    return bool(texts) and all(_COLUMN_NUMBER.fullmatch(t) for t in texts)


def _read_explanations(reader: Any, co: Coercer, locator: ExcelLocator, expl_sheet: str | None, max_rows: int) -> list[dict[str, Any]]:
    """The optional `Thuyết minh` sheet: header row Lĩnh vực | Loại chi | Nội dung thuyết minh."""
    explanation_values: list[dict[str, Any]] = []
    if expl_sheet is not None:
        locator.expl_sheet = expl_sheet
        header_keys = {header_key(v): k for k, v in EXPLANATION_HEADERS.items()} | {k: k for k in EXPLANATION_HEADERS}
        expl_columns: dict[str, int] | None = None
        for number, row in enumerate(reader.rows(expl_sheet, max_rows), start=1):
            if expl_columns is None:
                found = {
                    header_keys[header_key(_cell_text(c))]: i
                    for i, c in enumerate(row)
                    if c is not None and header_key(_cell_text(c)) in header_keys
                }
                if "text" in found:
                    expl_columns = found
                    locator.expl_columns = found
                elif number >= 15:
                    break
                continue
            raw = {k: _raw(_cell_text(row[c]) or None) if c < len(row) else None for k, c in expl_columns.items()}
            if raw.get("text") is None:
                continue
            locator.expl_rows.append(number)
            explanation_values.append(build_explanation(co, raw, len(explanation_values)))
    return explanation_values
