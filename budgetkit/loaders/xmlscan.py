"""The pre-parse checks of a workbook's XML, by meaning: a streaming expat pass over each part before
calamine or openpyxl sees it.

Elements and attributes are matched by local name whatever their prefix or namespace (a reader that
ignores namespaces must not see a cell this scan missed); a DTD anywhere in a part is refused before any
entity could be expanded; character references in attribute values are decoded as the readers would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.parsers import expat

from budgetkit.loaders.columns import cell_position, col_index, col_letter

_REL_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)


class ScanProblem(Exception):
    """The part must not be read: the finding's code (F001, F008), its reason (`kind`, a sub-kind of the
    rule: rules/reading.py) and the reason's values."""

    def __init__(self, code: str, kind: str, **params: Any) -> None:
        super().__init__(f"{code} {kind}")
        self.code, self.kind, self.params = code, kind, params


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _parser(part: str) -> Any:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True

    def refuse(*_: Any) -> None:
        raise ScanProblem("F001", "xml_dtd", part=part)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _parse(parser: Any, data: bytes, part: str) -> None:
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ScanProblem(
            "F001", "xml_invalid", part=part, problem=str(expat.errors.messages.get(exc.code, exc.code)), line=exc.lineno
        ) from None


def _over(kind: str, **params: Any) -> ScanProblem:
    """A limit broken (F008): counts are shown with thousands separators."""
    return ScanProblem("F008", kind, **{k: Decimal(v) if type(v) is int else v for k, v in params.items()})


@dataclass
class SheetScan:
    """What the scan of one sheet's XML found: its extent, merged cells, formulas without a value, error cells."""

    rows: int = 0
    last_row: int = 0  # the sheet's extent: the largest row and column of any reference or <dimension>
    last_column: int = -1
    merged_cells: int = 0
    no_value: set[tuple[int, int]] = field(default_factory=set)  # formula cells without a cached value
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # error cells (#REF!, #DIV/0!)


# The fast path of scan_sheet: C-speed counts over the bytes, used only when every tag they need is
# accounted for (each <c> and <row> start tag has a literal reference, each <mergeCell> a literal range,
# the part is UTF-8); expat has checked the part first (well-formed, no DTD). Anything else, and any
# doubt, takes the element-by-element scan.
_PREFIXED = re.compile(rb":(?:c|row|mergeCell|dimension|f|v|is|t)[\s/>]")
_TAGS = re.compile(rb"<(c|row|mergeCell|dimension|f)[\s/>]")
_C_REF = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<row r="([0-9]{1,7})"')
_MERGE_REF = re.compile(rb'<mergeCell ref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<dimension ref="([^"]*)"')
_INLINE = re.compile(rb"<is>.*?</is>", re.S)
_FORMULA_TAG = re.compile(rb"<f[\s/>]")
_ERROR_TYPE = re.compile(rb"""(?<![\w:.-])t\s*=\s*["']e["']""")
_CELL = re.compile(rb"<c\s([^>]*?)(/>|>(.*?)</c>)", re.S)
_CELL_R = re.compile(rb'(?<![\w:.-])r="([A-Z]{1,3})([0-9]{1,7})"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']*)["']""")


def _fast_sheet(data: bytes, part: str, sheet: str, limits: Any, merged_budget: int) -> SheetScan | None:
    """The scan from counts over the bytes; None when they do not account for every tag. A handful of
    passes at C speed: a sheet of a commune costs about what calamine takes to parse it, a fraction."""
    if not _ascii_compatible(data):
        return None
    if _PREFIXED.search(data):  # an element under a prefix: the scan by elements reads it by meaning
        return None
    tags = _TAGS.findall(data)  # every start tag of the elements counted, whatever follows the name
    cells = _C_REF.findall(data)
    rows = _ROW_REF.findall(data)
    merge_count = tags.count(b"mergeCell")
    merges = _MERGE_REF.findall(data) if merge_count else []
    if len(cells) != tags.count(b"c") or len(rows) != tags.count(b"row") or len(merges) != merge_count or tags.count(b"dimension") > 1:
        return None
    scan = SheetScan(rows=len(rows))
    extent = _fast_extent(data, tags, cells, rows, sheet, limits)
    if extent is None:
        return None
    scan.last_row, scan.last_column = extent
    if scan.last_row * (scan.last_column + 1) > limits.sheet_cells:
        return None  # the element-by-element scan names the cell and refuses
    for c1, r1, c2, r2 in merges:
        scan.merged_cells += (abs(int(r2) - int(r1)) + 1) * (abs(col_index(c2.decode()) - col_index(c1.decode())) + 1)
    if scan.merged_cells > merged_budget:
        return None
    if len(data) > limits.value_chars and max(map(len, _INLINE.findall(data)), default=0) > limits.value_chars:
        return None  # bytes >= characters: only a long one needs counting
    has_formula = b"f" in tags
    if has_formula or ((b'"e"' in data or b"'e'" in data) and _ERROR_TYPE.search(data)):
        return scan if _fast_cells(data, scan, has_formula) else None
    return scan


def _fast_extent(
    data: bytes, tags: list[bytes], cells: list[tuple[bytes, bytes]], rows: list[bytes], sheet: str, limits: Any
) -> tuple[int, int] | None:
    """(last row, last column) of every reference and the <dimension>; raises past the limit of rows;
    None when the <dimension> cannot be read from the bytes."""
    if len(rows) > limits.sheet_rows:
        raise _too_many_rows(sheet, limits.sheet_rows)
    last_row = max(map(int, rows), default=0)
    if last_row > limits.sheet_rows:
        raise _row_too_far(sheet, last_row, limits.sheet_rows)
    letters, numbers = zip(*cells, strict=True) if cells else ((), ())
    last_col = max((col_index(c.decode()) for c in set(letters)), default=-1)
    last_row = max(last_row, max(map(int, numbers), default=0))
    if b"dimension" in tags:
        dimension = _DIMENSION.search(data)
        if dimension is None:
            return None
        for corner in dimension.group(1).decode("ascii", "replace").split(":"):
            row, col = cell_position(corner)
            last_row, last_col = max(last_row, row or 0), max(last_col, col if col is not None else -1)
    return last_row, last_col


def _fast_cells(data: bytes, scan: SheetScan, has_formula: bool) -> bool:
    """The formula cells without a cached value and the error cells, from each <c>; False when a cell's
    reference cannot be read from the bytes."""
    for attrs, _, inner in _CELL.findall(data):
        ref = _CELL_R.search(attrs)
        if ref is None:
            return False
        cell = (int(ref.group(2)), col_index(ref.group(1).decode()))
        value = _VALUE.search(inner) if inner else None
        text = value.group(1).strip() if value else b""
        if has_formula and inner and _FORMULA_TAG.search(inner) and not text:
            scan.no_value.add(cell)
        elif text and _ERROR_TYPE.search(attrs):
            scan.errors[cell] = text.decode("utf-8", "replace")
    return True


def _too_many_rows(sheet: str, max_rows: int) -> ScanProblem:
    return _over("sheet_rows", sheet=sheet, limit=max_rows)


def _row_too_far(sheet: str, row: int, max_rows: int) -> ScanProblem:
    return _over("sheet_row", sheet=sheet, row=row, limit=max_rows)


class _Scan:
    """One streaming expat pass over a part (no DTD: _parser refuses one). A subclass handles the start and
    end of elements and their text, by the element's expanded name (its local name after the last space)."""

    def __init__(self, part: str) -> None:
        self.part = part

    def start(self, name: str, attrs: dict[str, str]) -> None:
        """An element starts."""

    def end(self, name: str) -> None:
        """An element ends."""

    def text(self, data: str) -> None:
        """Character data."""

    def run(self, data: bytes) -> None:
        """Parse the part, calling the handlers this class has (a handler it does not have is not called)."""
        parser = _parser(self.part)
        parser.StartElementHandler = self.start
        if type(self).end is not _Scan.end:
            parser.EndElementHandler = self.end
        if type(self).text is not _Scan.text:
            parser.CharacterDataHandler = self.text
        _parse(parser, data, self.part)


class _TextLimit:
    """The characters of one text (a cell's inline string, a shared string) counted against the limit."""

    def __init__(self, limit: int, kind: str, **params: Any) -> None:
        self.limit, self.kind, self.params = limit, kind, params  # kind: the F008 variant (cell_chars, text_chars)
        self.chars = 0

    def reset(self) -> None:
        """A new text starts."""
        self.chars = 0

    def add(self, data: str) -> None:
        """More characters of the text; raises past the limit."""
        self.chars += len(data)
        if self.chars > self.limit:
            raise _over(self.kind, limit=self.limit, **self.params)


class _SheetScan(_Scan):
    """The scan of a worksheet element by element, by meaning (any prefix or namespace)."""

    def __init__(self, part: str, sheet: str, limits: Any, merged_budget: int) -> None:
        super().__init__(part)
        self.sheet, self.limits, self.merged_budget = sheet, limits, merged_budget
        self.scan = SheetScan()
        self.row, self.col = 0, -1
        self.cell: tuple[int, int] | None = None
        self.formula, self.value, self.type, self.inside = False, "", "", ""
        self.chars = _TextLimit(limits.value_chars, "cell_chars", sheet=sheet)
        self._starts = {"c": self._cell, "row": self._row, "dimension": self._dimension, "mergeCell": self._merge}

    def extent(self, row: int, col: int) -> None:
        """The sheet reaches (row, col): refused when its extent holds more cells than the limit."""
        scan, max_cells = self.scan, self.limits.sheet_cells
        scan.last_row = max(scan.last_row, row)
        scan.last_column = max(scan.last_column, col)
        cells = scan.last_row * (scan.last_column + 1)
        if cells > max_cells:
            corner = f"{col_letter(scan.last_column)}{scan.last_row}"
            raise _over("sheet_cells", sheet=self.sheet, cell=corner, cells=cells, limit=max_cells)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        handler = self._starts.get(local)
        if handler is not None:
            handler(attrs)
        elif local == "f":
            self.formula = True
        elif local in ("v", "t"):
            self.inside = local

    def _cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref is None:
            ref = next((v for k, v in attrs.items() if _local(k) == "r"), None)
        row, col = cell_position(ref) if ref else (None, None)
        row = row or self.row or 1
        col = col if col is not None else self.col + 1
        self.row, self.col = row, col
        self.cell, self.formula, self.value = (row, col), False, ""
        self.chars.reset()
        self.type = attrs.get("t", "")
        self.extent(row, col)

    def _row(self, attrs: dict[str, str]) -> None:
        max_rows = self.limits.sheet_rows
        self.scan.rows += 1
        if self.scan.rows > max_rows:
            raise _too_many_rows(self.sheet, max_rows)
        ref = attrs.get("r")
        row = int(ref) if ref and ref.strip().isdigit() else self.row + 1
        self.row, self.col = row, -1
        if row > max_rows:
            raise _row_too_far(self.sheet, row, max_rows)
        self.extent(row, 0)

    def _dimension(self, attrs: dict[str, str]) -> None:
        for corner in (attrs.get("ref") or "").split(":"):
            row, col = cell_position(corner)
            self.extent(row or 1, col or 0)

    def _merge(self, attrs: dict[str, str]) -> None:
        first, _, last = (attrs.get("ref") or "").partition(":")
        r1, c1 = cell_position(first)
        r2, c2 = cell_position(last or first)
        if r1 is None or c1 is None or r2 is None or c2 is None:
            return
        self.scan.merged_cells += (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
        if self.scan.merged_cells > self.merged_budget:
            merged = self.limits.merged_cells
            raise _over("merged_cells", limit=merged, first=first, last=last, sheet=self.sheet)

    def end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "c":
            self._end_cell()
        elif local in ("v", "t"):
            self.inside = ""

    def _end_cell(self) -> None:
        """A formula without a value, or an error value (#REF!), is noted by its cell."""
        if self.cell is not None:
            value = self.value.strip()
            if self.formula and not value:
                self.scan.no_value.add(self.cell)
            elif self.type == "e" and value:
                self.scan.errors[self.cell] = value
        self.cell = None

    def text(self, data: str) -> None:
        if self.inside == "v":
            self.value += data
        elif self.inside == "t":
            self.chars.add(data)


def scan_sheet(data: bytes, part: str, sheet: str, limits: Any, merged_budget: int) -> SheetScan:
    """Rows, extent, merged cells, formulas without values and error cells of a worksheet part; raises
    ScanProblem past a limit (rows, cells of the extent, characters of an inline string, merged cells)."""
    scan_plain(data, part)  # well-formed, no DTD anywhere
    fast = _fast_sheet(data, part, sheet, limits, merged_budget)
    if fast is not None:
        return fast
    scanner = _SheetScan(part, sheet, limits, merged_budget)
    scanner.run(data)
    return scanner.scan


class _SharedStringsScan(_Scan):
    """The characters of each shared string (<si>, its <t> parts) against the limit."""

    def __init__(self, part: str, limits: Any) -> None:
        super().__init__(part)
        self.chars = _TextLimit(limits.value_chars, "text_chars")
        self.in_t = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "si":
            self.chars.reset()
        elif local == "t":
            self.in_t = True

    def end(self, name: str) -> None:
        if name.endswith("t") and name.rpartition(" ")[2] == "t":
            self.in_t = False

    def text(self, data: str) -> None:
        if self.in_t:
            self.chars.add(data)


def scan_shared_strings(data: bytes, part: str, limits: Any) -> None:
    """No DTD; no string longer than the limit of characters."""
    if len(data) <= limits.value_chars:  # bytes >= characters: no string can be longer
        scan_plain(data, part)
        return
    _SharedStringsScan(part, limits).run(data)


_STYLE_TAGS = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:xf|font|fill|border|numFmt|dxf|cellStyle|tableStyle)[\s/>]")


def scan_styles(data: bytes, part: str, limits: Any) -> None:
    """No DTD; at most the limit of style records (formats, fonts, fills, borders...). The count is of
    start tags under any prefix (one in a comment counts too: never fewer than a parser would see)."""
    scan_plain(data, part)
    count = len(_STYLE_TAGS.findall(data))
    if count > limits.styles:
        raise _over("styles", count=count, limit=limits.styles)


def _ascii_compatible(data: bytes) -> bool:
    """The part is UTF-8 (or plain ASCII): markup can be found in its bytes as written."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:64]:
        return False
    declared = _DECLARED.match(data[:200])
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8", b"us-ascii", b"ascii")


def scan_plain(data: bytes, part: str) -> None:
    """No DTD anywhere in the part. In UTF-8 a DTD cannot be written but as "<!DOCTYPE" (and an entity
    but as "<!ENTITY"), so their absence from the bytes is proof; another encoding is parsed by expat."""
    if _ascii_compatible(data):
        if b"<!" in data and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
            _parse(_parser(part), data, part)  # refuses a real one (not the words in a comment)
        return
    _parse(_parser(part), data, part)


@dataclass
class SheetEntry:
    """A sheet as the workbook lists it: name, relationship id and visibility."""

    name: str
    rid: str
    state: str  # "visible", "hidden", "veryHidden"


class _WorkbookScan(_Scan):
    """The <sheet> elements of workbook.xml."""

    def __init__(self, part: str, limits: Any) -> None:
        super().__init__(part)
        self.limits = limits
        self.sheets: list[SheetEntry] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] != "sheet":
            return
        rid = ""
        for key, value in attrs.items():
            namespace, _, local = key.rpartition(" ")
            if local == "id" and (namespace in _REL_NAMESPACES or (not rid and namespace)):
                rid = value
        self.sheets.append(SheetEntry(attrs.get("name", ""), rid, attrs.get("state", "visible") or "visible"))
        if len(self.sheets) > self.limits.sheets:
            raise ScanProblem("F008", "sheets", limit=self.limits.sheets)


def scan_workbook(data: bytes, part: str, limits: Any) -> list[SheetEntry]:
    """The sheets in order, with their relationship id (r:id under any prefix) and visibility."""
    scanner = _WorkbookScan(part, limits)
    scanner.run(data)
    return scanner.sheets


class _RelsScan(_Scan):
    """The <Relationship> elements of a .rels part."""

    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.targets: dict[str, str] = {}

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "Relationship" and "Id" in attrs:
            self.targets[attrs["Id"]] = attrs.get("Target", "")


def scan_rels(data: bytes, part: str) -> dict[str, str]:
    """Relationship id -> target."""
    scanner = _RelsScan(part)
    scanner.run(data)
    return scanner.targets
