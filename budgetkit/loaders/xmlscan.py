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

_REF = re.compile(r"\$?([A-Za-z]{1,3})?\$?(\d+)?")
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


def _column(letters: str) -> int:
    value = 0
    for ch in letters.upper():
        value = value * 26 + ord(ch) - 64
    return value - 1


def cell_position(ref: str) -> tuple[int | None, int | None]:
    """(row from 1, column from 0) of "B7"; a part missing is None."""
    match = _REF.fullmatch(ref.strip())
    if not match:
        return None, None
    letters, digits = match.groups()
    return (int(digits) if digits else None), (_column(letters) if letters else None)


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
        raise ScanProblem("F001", "xml_invalid", part=part, problem=str(expat.errors.messages.get(exc.code, exc.code)),
                          line=exc.lineno) from None


def _over(kind: str, **params: Any) -> ScanProblem:
    """A limit broken (F008): counts are shown with thousands separators."""
    return ScanProblem("F008", kind, **{k: Decimal(v) if type(v) is int else v for k, v in params.items()})


@dataclass
class SheetScan:
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
    if len(cells) != tags.count(b"c") or len(rows) != tags.count(b"row") or len(merges) != merge_count \
            or tags.count(b"dimension") > 1:
        return None
    scan = SheetScan()
    scan.rows = len(rows)
    if scan.rows > limits.sheet_rows:
        raise _over("sheet_rows", sheet=sheet, limit=limits.sheet_rows)
    last_row = max(map(int, rows), default=0)
    if last_row > limits.sheet_rows:
        raise _over("sheet_row", sheet=sheet, row=last_row, limit=limits.sheet_rows)
    letters, numbers = zip(*cells) if cells else ((), ())
    last_col = max((_column(c.decode()) for c in set(letters)), default=-1)
    last_row = max(last_row, max(map(int, numbers), default=0))
    if b"dimension" in tags:
        dimension = _DIMENSION.search(data)
        if dimension is None:
            return None
        for corner in dimension.group(1).decode("ascii", "replace").split(":"):
            row, col = cell_position(corner)
            last_row, last_col = max(last_row, row or 0), max(last_col, col if col is not None else -1)
    scan.last_row, scan.last_column = last_row, last_col
    if last_row * (last_col + 1) > limits.sheet_cells:
        return None  # the element-by-element scan names the cell and refuses
    for c1, r1, c2, r2 in merges:
        scan.merged_cells += (abs(int(r2) - int(r1)) + 1) * (abs(_column(c2.decode()) - _column(c1.decode())) + 1)
    if scan.merged_cells > merged_budget:
        return None
    if len(data) > limits.value_chars and max(map(len, _INLINE.findall(data)), default=0) > limits.value_chars:
        return None  # bytes >= characters: only a long one needs counting
    has_formula = b"f" in tags
    if has_formula or ((b'"e"' in data or b"'e'" in data) and _ERROR_TYPE.search(data)):
        for attrs, _, inner in _CELL.findall(data):
            ref = _CELL_R.search(attrs)
            if ref is None:
                return None
            cell = (int(ref.group(2)), _column(ref.group(1).decode()))
            value = _VALUE.search(inner) if inner else None
            text = value.group(1).strip() if value else b""
            if has_formula and inner and _FORMULA_TAG.search(inner) and not text:
                scan.no_value.add(cell)
            elif text and _ERROR_TYPE.search(attrs):
                scan.errors[cell] = text.decode("utf-8", "replace")
    return scan


def scan_sheet(data: bytes, part: str, sheet: str, limits: Any, merged_budget: int) -> SheetScan:
    """Rows, extent, merged cells, formulas without values and error cells of a worksheet part; raises
    ScanProblem past a limit (rows, cells of the extent, characters of an inline string, merged cells)."""
    scan_plain(data, part)  # well-formed, no DTD anywhere
    fast = _fast_sheet(data, part, sheet, limits, merged_budget)
    if fast is not None:
        return fast
    scan = SheetScan()
    parser = _parser(part)
    state = {"row": 0, "col": -1, "cell": None, "formula": False, "value": "", "type": "", "in": "", "chars": 0}
    max_rows, max_cells, max_chars = limits.sheet_rows, limits.sheet_cells, limits.value_chars

    def extent(row: int, col: int) -> None:
        if row > scan.last_row:
            scan.last_row = row
        if col > scan.last_column:
            scan.last_column = col
        if scan.last_row * (scan.last_column + 1) > max_cells:
            from budgetkit.loaders.workbook import col_letter

            raise _over("sheet_cells", sheet=sheet, cell=f"{col_letter(scan.last_column)}{scan.last_row}",
                        cells=scan.last_row * (scan.last_column + 1), limit=max_cells)

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "c":
            ref = attrs.get("r")
            if ref is None:
                ref = next((v for k, v in attrs.items() if _local(k) == "r"), None)
            row, col = cell_position(ref) if ref else (None, None)
            row = row or state["row"] or 1
            col = col if col is not None else state["col"] + 1
            state["row"], state["col"] = row, col
            state["cell"], state["formula"], state["value"], state["chars"] = (row, col), False, "", 0
            state["type"] = attrs.get("t", "")
            extent(row, col)
        elif local == "row":
            scan.rows += 1
            if scan.rows > max_rows:
                raise _over("sheet_rows", sheet=sheet, limit=max_rows)
            ref = attrs.get("r")
            row = int(ref) if ref and ref.strip().isdigit() else state["row"] + 1
            state["row"], state["col"] = row, -1
            if row > max_rows:
                raise _over("sheet_row", sheet=sheet, row=row, limit=max_rows)
            extent(row, 0)
        elif local == "f":
            state["formula"] = True
        elif local in ("v", "t"):
            state["in"] = local
        elif local == "dimension":
            for corner in (attrs.get("ref") or "").split(":"):
                row, col = cell_position(corner)
                extent(row or 1, col or 0)
        elif local == "mergeCell":
            first, _, last = (attrs.get("ref") or "").partition(":")
            r1, c1 = cell_position(first)
            r2, c2 = cell_position(last or first)
            if None not in (r1, c1, r2, c2):
                area = (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)  # type: ignore[operator]
                scan.merged_cells += area
                if scan.merged_cells > merged_budget:
                    raise _over("merged_cells", limit=limits.merged_cells, first=first, last=last, sheet=sheet)

    def end(name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "c":
            cell = state["cell"]
            if cell is not None:
                value = state["value"]
                if state["formula"] and not value.strip():
                    scan.no_value.add(cell)
                elif state["type"] == "e" and value.strip():
                    scan.errors[cell] = value.strip()
            state["cell"] = None
        elif local in ("v", "t"):
            state["in"] = ""

    def text(data: str) -> None:
        where = state["in"]
        if where == "v":
            state["value"] += data
        elif where == "t":
            state["chars"] += len(data)
            if state["chars"] > max_chars:
                raise _over("cell_chars", sheet=sheet, limit=max_chars)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    _parse(parser, data, part)
    return scan


def scan_shared_strings(data: bytes, part: str, limits: Any) -> None:
    """No DTD; no string longer than the limit of characters."""
    if len(data) <= limits.value_chars:  # bytes >= characters: no string can be longer
        scan_plain(data, part)
        return
    parser = _parser(part)
    state = {"chars": 0, "in_t": False}
    max_chars = limits.value_chars

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "si":
            state["chars"] = 0
        elif local == "t":
            state["in_t"] = True

    def end(name: str) -> None:
        if name.endswith("t") and name.rpartition(" ")[2] == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"]:
            state["chars"] += len(data)
            if state["chars"] > max_chars:
                raise _over("text_chars", limit=max_chars)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    _parse(parser, data, part)


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
    name: str
    rid: str
    state: str  # "visible", "hidden", "veryHidden"


def scan_workbook(data: bytes, part: str, limits: Any) -> list[SheetEntry]:
    """The sheets in order, with their relationship id (r:id under any prefix) and visibility."""
    parser = _parser(part)
    sheets: list[SheetEntry] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] != "sheet":
            return
        rid = ""
        for key, value in attrs.items():
            namespace, _, local = key.rpartition(" ")
            if local == "id" and (namespace in _REL_NAMESPACES or not rid and namespace):
                rid = value
        sheets.append(SheetEntry(attrs.get("name", ""), rid, attrs.get("state", "visible") or "visible"))
        if len(sheets) > limits.sheets:
            raise ScanProblem("F008", "sheets", limit=limits.sheets)

    parser.StartElementHandler = start
    _parse(parser, data, part)
    return sheets


def scan_rels(data: bytes, part: str) -> dict[str, str]:
    """Relationship id -> target."""
    parser = _parser(part)
    targets: dict[str, str] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "Relationship" and "Id" in attrs:
            targets[attrs["Id"]] = attrs.get("Target", "")

    parser.StartElementHandler = start
    _parse(parser, data, part)
    return targets
