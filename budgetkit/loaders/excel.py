"""The Excel reader: every tolerance of the input format, with the cell of every value."""

from __future__ import annotations

import re
from typing import Any

from budgetkit.findings import Location
from budgetkit.layout import (
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
from budgetkit.loaders.common import (
    UNIT_AMOUNT_KEYS,
    UNIT_INDEX,
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
from budgetkit.loaders.workbook import Archive, WorkbookProblem, col_letter, open_reader
from budgetkit.model import AMOUNT_KEYS
from budgetkit.text import closest, match_key

# A total row's label: "Tổng cộng", "Tổng số", and the short "Cộng", "Tổng" (alone, or with "(I+II+III)", ":").
_TOTAL_LABEL = re.compile(r"^(tong cong|tong so|cong chung|tong|cong)(\s*[:.(].*)?$|^(tong cong|tong so)\b")
_ROMAN = re.compile(r"^[IVXLC]+\s*[.)/:\-]\s*\S|^[IVXLC]+\s+\S")
_COLUMN_NUMBER = re.compile(r"\(?\s*\d{1,2}\s*\)?(\s*=.*)?")
_IGNORED = {header_key(h) for h in IGNORED_HEADERS}
_CLASSIFYING = ("field", "spending", "status", "category")
_NUMERIC_KEYS = frozenset((*AMOUNT_KEYS, "start_year", "end_year"))
# The "line index" of a heading's or total row's amount is HEADING_INDEX - its row number.
HEADING_INDEX = -1000


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
    for value in row:
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

    def value(self, index: int, key: str) -> Location:
        column = self.columns.get(key)
        if index <= HEADING_INDEX:  # a heading's or total row's amount (row number encoded in the index)
            return Location(sheet=self.lines_sheet, row=HEADING_INDEX - index,
                            column=col_letter(column) if column is not None else None, field=key)
        return Location(sheet=self.lines_sheet, row=self.line_rows[index] if index < len(self.line_rows) else None,
                        column=col_letter(column) if column is not None else None, field=key,
                        line_id=self.line_ids[index] if index < len(self.line_ids) else None)

    def unit(self, key: str) -> Location:
        row = self.unit_rows.get(key)
        return Location(sheet=self.unit_sheet, row=row, column="B" if row else None, field=key)

    def explanation(self, index: int, key: str) -> Location:
        column = self.expl_columns.get(key)
        return Location(sheet=self.expl_sheet, row=self.expl_rows[index] if index < len(self.expl_rows) else None,
                        column=col_letter(column) if column is not None else None, field=key)


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
                loaded.emit("F010", Location(sheet=name), kind="hidden_read", hidden=name, sheet=wanted)
            else:
                loaded.emit("F010", Location(sheet=name), kind="hidden_skipped", hidden=name, sheet=wanted, visible=chosen)
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
    if lines_sheet is None:  # a consolidating body's file: the unit alone
        assemble(loaded, year, unit_values, [], [])
        return
    header_year = year if year is not None else guidance_year_for
    lines_values = _read_lines(loaded, archive, reader, co, locator, lines_sheet, header_year)
    if lines_values is None:
        return
    explanation_values = _read_explanations(reader, co, locator, expl_sheet, max_rows)
    assemble(loaded, year, unit_values, lines_values, explanation_values)


def _read_unit(loaded: LoadedFile, archive: Archive, reader: Any, co: Coercer, locator: ExcelLocator,
               unit_sheet: str) -> tuple[int | None, dict[str, Any]]:
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
                loaded.emit("F004", Location(sheet=unit_sheet, row=number, column="A"), label, name=label)
            continue
        locator.unit_rows[key] = number
        if (number, 1) in no_value:
            loaded.emit("F006", locator.unit(key))
            loaded.flagged.add((UNIT_INDEX, key))
            continue
        if key == "budget_year":
            year_raw = _raw(value)
        else:
            unit_raw[key] = _raw(value) if key in UNIT_AMOUNT_KEYS else _raw(_cell_text(value) or None)
    year = co.year(year_raw, UNIT_INDEX, "budget_year", locator.unit("budget_year"))
    unit_values = build_unit(co, unit_raw)

    return year, unit_values


def _read_lines(loaded: LoadedFile, archive: Archive, reader: Any, co: Coercer, locator: ExcelLocator,
                lines_sheet: str, header_year: int) -> list[dict[str, Any]] | None:
    """The `Dự toán` sheet: the header row, then lines, headings with subtotals and total rows.

    None when the sheet cannot be read as lines (no header row)."""
    max_rows = loaded.pack.limits.sheet_rows
    rows_iter = _with_errors(reader.rows(lines_sheet, max_rows), archive.error_cells(lines_sheet))
    head: list[list[Any]] = []
    header_index = None
    for row in rows_iter:
        head.append(row)
        filled = [c for c in row if c is not None]
        # A header row holds at least Mã and Tên: a title row (one merged cell) is not looked up.
        keys = {read_header(_cell_text(c), header_year)[0] for c in filled} if len(filled) >= 2 else set()
        if {"id", "name"} <= keys:
            header_index = len(head) - 1
            break
        if len(head) >= 15:
            break
    if header_index is None:
        found = [_cell_text(c) for r in head for c in r if c is not None and not isinstance(c, int | float)][:12]
        loaded.emit("F003", Location(sheet=lines_sheet), kind="no_header_row", missing=f"“{LINE_HEADERS['id']}”, “{LINE_HEADERS['name']}”",
                    found=", ".join(found) or "-")
        return
    header_row_number = header_index + 1
    header = head[header_index]
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
        where = Location(sheet=lines_sheet, row=header_row_number, column=col_letter(index))
        if key is not None:
            if key in columns:
                loaded.emit("F004", where, text, kind="duplicate", name=text)
            else:
                columns[key] = index
        elif stale_words is not None:
            loaded.emit("F005", where, text, header=text, year=header_year)
        elif header_key(text) not in _IGNORED:
            near = closest(text, [line_header(k, header_year) for k in ("id", "name", *LINE_HEADERS, "estimate", "prior_estimate", "prior_expected", "allocated_before_prior", "other_sources")])
            loaded.emit("F004", where, text, kind="near" if near else "", name=text, near=near)
    locator.columns = columns
    for key in REQUIRED_COLUMNS:
        if key not in columns:
            near = closest(line_header(key, header_year), header_texts)
            loaded.emit("F003", Location(sheet=lines_sheet, row=header_row_number), kind="near" if near else "",
                        missing=f"“{line_header(key, header_year)}”", near=near)
            loaded.absent_columns.add(key)

    no_value = archive.formulas_without_value(lines_sheet)
    lines_values: list[dict[str, Any]] = []
    amount_columns = {k: c for k, c in columns.items() if k in AMOUNT_KEYS}
    open_roman: DeclaredTotal | None = None
    open_heading: DeclaredTotal | None = None
    total_rows: set[int] = set()  # total rows: their formulas are sums of the lines, which are read themselves
    first_data = True
    # Per file, not per cell: the columns to read, padded rows so that every column exists.
    width = max(columns.values(), default=0) + 1
    padding = [None] * width
    plan = [(key, column, key in _NUMERIC_KEYS) for key, column in columns.items()]
    id_column, name_column = columns.get("id"), columns.get("name")
    classifying = [columns[k] for k in _CLASSIFYING if k in columns]
    co.locate = locator.value
    for number, row in enumerate(rows_iter, start=header_row_number + 1):
        if _blank(row):
            continue
        if first_data:
            first_data = False
            texts = [_cell_text(v).strip() for v in row if v is not None and _cell_text(v).strip()]
            if texts and all(_COLUMN_NUMBER.fullmatch(t) for t in texts):
                continue
        if len(row) < width:
            row.extend(padding[len(row):])
        line_id = _cell_text(row[id_column]).strip() if id_column is not None else ""
        name = _cell_text(row[name_column]).strip() if name_column is not None else ""
        is_line = bool(line_id) or any(row[c] is not None for c in classifying)
        if not is_line:
            amounts = {k: c for k, c in amount_columns.items() if row[c] is not None}
            if not name:
                if amounts:
                    loaded.emit("V001", Location(sheet=lines_sheet, row=number, column=col_letter(columns["id"]) if "id" in columns else None, field="id"),
                                key="id", label=LINE_HEADERS["id"])
                continue
            kind = "total" if _TOTAL_LABEL.match(match_key(name)) else "roman" if _ROMAN.match(name) else "heading"
            declared = DeclaredTotal(kind, name, number, {})
            if kind == "total":
                total_rows.add(number)
            for key, column in amounts.items():
                if (number, column) in no_value:
                    continue
                value = co.amount(_raw(row[column]), HEADING_INDEX - number, key)
                if value is not None:
                    declared.amounts[key] = (value, col_letter(column))
            if kind == "total":
                open_roman = open_heading = None
                declared.line_indices = list(range(len(lines_values)))
            elif kind == "roman":
                open_roman, open_heading = declared, None
            else:
                open_heading = declared
            if declared.amounts:
                loaded.declared.append(declared)
            continue
        index = len(lines_values)
        locator.line_rows.append(number)
        locator.line_ids.append(line_id or None)
        raw: dict[str, Any] = {}
        for key, column, numeric in plan:
            value = row[column]
            if value is None:
                if no_value and (number, column) in no_value:
                    loaded.emit("F006", locator.value(index, key))
                    loaded.flagged.add((index, key))
                continue
            # Text columns read a number cell as text ("Mã" 12 reads "12"); a text cell is text either way.
            raw[key] = _raw(value) if numeric or type(value) is str else _raw(_cell_text(value))
        lines_values.append(build_line(co, raw, index))
        for group in (open_roman, open_heading):
            if group is not None:
                group.line_indices.append(index)
    # Formula cells without values elsewhere (a heading's subtotal) still need recalculating. A total row's
    # sums without values (the template's own "Tổng cộng" row, never opened in a spreadsheet program) are
    # not reported: budgetkit reads the lines themselves, and A004 checks the totals that do have values.
    line_rows = set(locator.line_rows)
    for row_number, column in sorted(no_value):
        if row_number > header_row_number and row_number not in line_rows and row_number not in total_rows:
            loaded.emit("F006", Location(sheet=lines_sheet, row=row_number, column=col_letter(column)))

    return lines_values


def _read_explanations(reader: Any, co: Coercer, locator: ExcelLocator, expl_sheet: str | None, max_rows: int) -> list[dict[str, Any]]:
    """The optional `Thuyết minh` sheet: header row Lĩnh vực | Loại chi | Nội dung thuyết minh."""
    explanation_values: list[dict[str, Any]] = []
    if expl_sheet is not None:
        locator.expl_sheet = expl_sheet
        header_keys = {header_key(v): k for k, v in EXPLANATION_HEADERS.items()} | {k: k for k in EXPLANATION_HEADERS}
        expl_columns: dict[str, int] | None = None
        for number, row in enumerate(reader.rows(expl_sheet, max_rows), start=1):
            if expl_columns is None:
                found = {header_keys[header_key(_cell_text(c))]: i for i, c in enumerate(row) if c is not None and header_key(_cell_text(c)) in header_keys}
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
