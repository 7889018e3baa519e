"""Reading cells out of an .xlsx/.xlsm: the archive's safety checks, two backends, formulas without values.

The fast backend is python-calamine; the tolerant one is openpyxl (read-only). Both give rows of plain
Python values from A1, and the same findings (tests compare them). Neither runs macros.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from budgetkit.loaders.xmlscan import (
    ScanProblem,
    SheetScan,
    scan_plain,
    scan_rels,
    scan_shared_strings,
    scan_sheet,
    scan_styles,
    scan_workbook,
)


class WorkbookProblem(Exception):
    """The archive cannot or must not be read: the finding's code (F001, F008), its reason (`kind`, a
    sub-kind of the rule: rules/reading.py) and the reason's values."""

    def __init__(self, code: str, kind: str, **params: Any) -> None:
        super().__init__(f"{code} {kind}")
        self.code, self.kind, self.params = code, kind, params


class Archive:
    """The zip of a workbook, checked against the limits before any XML parser sees it."""

    def __init__(self, path: str, limits: Any, data: bytes | None = None) -> None:
        # The whole file in memory (its size is limited before): one read, and the parts are inflated from
        # these bytes without zipfile's per-part file handling (a batch reads thousands of small workbooks).
        if data is None:
            with open(path, "rb") as handle:
                data = handle.read()
        self.data = data
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(self.data))
        except zipfile.BadZipFile:
            raise WorkbookProblem("F001", "damaged_zip") from None
        self.names = names = set(self.zip.namelist())
        if "xl/workbook.xml" not in names:
            if "mimetype" in names and b"opendocument" in self.zip.read("mimetype")[:100]:
                raise WorkbookProblem("F001", "ods")
            if "word/document.xml" in names:
                raise WorkbookProblem("F001", "docx")
            raise WorkbookProblem("F001", "zip_not_workbook")
        total = 0
        for info in self.zip.infolist():
            total += info.file_size
            ratio_ok = info.file_size <= limits.part_ratio_min_bytes or info.file_size <= limits.part_ratio * max(info.compress_size, 1)
            if info.file_size > limits.part_bytes or not ratio_ok:
                raise WorkbookProblem(
                    "F008",
                    "part_bytes",
                    part=info.filename,
                    size=Decimal(info.file_size),
                    packed=Decimal(info.compress_size),
                    limit=Decimal(limits.part_bytes),
                    ratio=limits.part_ratio,
                )
        if total > limits.part_bytes * 4:
            raise WorkbookProblem("F008", "unpacked_total")
        self._parts: dict[str, bytes] = {}
        self.limits = limits
        try:
            self._scan_all()
        except ScanProblem as exc:
            raise WorkbookProblem(exc.code, exc.kind, **exc.params) from None

    def _scan_all(self) -> None:
        """Every XML part checked by meaning before a reader parses it (budgetkit.loaders.xmlscan): no
        DTD anywhere; the sheets' count, extent, rows, merged cells; styles; characters per text."""
        limits = self.limits
        names = self.names
        workbook = self.read("xl/workbook.xml")
        entries = scan_workbook(workbook, "xl/workbook.xml", limits)
        rels_name = "xl/_rels/workbook.xml.rels"
        targets = scan_rels(self.read(rels_name), rels_name) if rels_name in names else {}
        self.sheet_parts: dict[str, str] = {}
        self.sheet_states: dict[str, str] = {}
        # Every part a listed sheet points at, under the name the zip holds it (readers find a part whatever
        # its case): two sheets of one name, or a target spelled "Worksheets/Sheet2.xml", cannot leave a
        # part the reader parses unscanned.
        self.listed_parts: list[tuple[str, str]] = []
        by_case = {name.lower(): name for name in sorted(names, reverse=True)}
        for entry in entries:
            self.sheet_states.setdefault(entry.name, entry.state)
            target = targets.get(entry.rid, "")
            if target:
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                part = os.path.normpath(part).replace(os.sep, "/")
                part = part if part in names else by_case.get(part.lower(), part)
                self.sheet_parts.setdefault(entry.name, part)
                self.listed_parts.append((entry.name, part))
        self.scans: dict[str, SheetScan] = {}
        self._merged_left = limits.merged_cells
        for part, scan in (("xl/sharedStrings.xml", scan_shared_strings), ("xl/styles.xml", scan_styles)):
            if part in names:
                scan(self.read(part), part, limits)

    def scan_everything(self) -> None:
        """Every XML part checked, every worksheet scanned: what a reader that loads the whole workbook
        (openpyxl for --annotate) needs first. Raises WorkbookProblem."""
        by_part = {part: name for name, part in reversed(self.listed_parts)}
        try:
            for info in self.zip.infolist():
                part = info.filename
                if part in self.scans or part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml"):
                    continue
                if part in by_part or part.startswith("xl/worksheets/"):
                    self._scan_sheet(part, by_part.get(part, part))
                elif part.endswith((".xml", ".rels", ".vml")):
                    scan_plain(self.read(part), part)
        except ScanProblem as exc:
            raise WorkbookProblem(exc.code, exc.kind, **exc.params) from None

    def _scan_sheet(self, part: str, sheet: str) -> bytes:
        data = self._parts.get(part)
        if data is None:
            data = self._parts[part] = self.read(part)
        if part not in self.scans:
            scan = scan_sheet(data, part, sheet, self.limits, self._merged_left)
            self._merged_left -= scan.merged_cells
            self.scans[part] = scan
        return data

    def read(self, name: str, head: int | None = None) -> bytes:
        """A part's bytes (its first `head` bytes only, when given), inflated at most to its declared size.

        Deflated and stored parts are inflated here from the bytes in memory, their CRC checked; anything
        else (encrypted, another method) goes through zipfile, which refuses or reads it."""
        info = self.zip.getinfo(name)
        offset = info.header_offset
        local = self.data[offset : offset + 30]
        if (
            info.flag_bits & 0x1
            or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            or len(local) < 30
            or local[:4] != b"PK\x03\x04"
        ):
            with self.zip.open(info) as part:
                return part.read(head if head is not None else -1)
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        start = offset + 30 + name_length + extra_length
        packed = self.data[start : start + info.compress_size]
        wanted = head if head is not None else info.file_size
        if info.compress_type == zipfile.ZIP_STORED:
            data = packed[:wanted]
        else:
            try:
                data = zlib.decompressobj(-15).decompress(packed, wanted + 1)
            except zlib.error as exc:
                raise zipfile.BadZipFile(f"{name}: {exc}") from None
        if head is not None:
            return data[:head]
        if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 or size for file {name!r}")
        return data

    def scan_listed(self) -> None:
        """Every sheet the workbook lists, scanned by meaning: what the two readers may parse, whichever of
        them runs and however it resolves a sheet's part (so that both refuse the same files). Raises
        WorkbookProblem."""
        try:
            for name, part in self.listed_parts:
                if part in self.names:
                    self._scan_sheet(part, name)
        except ScanProblem as exc:
            raise WorkbookProblem(exc.code, exc.kind, **exc.params) from None

    def sheet_xml(self, sheet: str, max_rows: int | None = None) -> bytes:
        """A sheet's XML, scanned by meaning before any reader parses it (no DTD; rows, extent, merged
        cells, characters within the limits); b"" when it has no part. Every other part listed under the
        same sheet name is scanned too (a reader may take any of them). Raises WorkbookProblem."""
        part = self.sheet_parts.get(sheet)
        if part is None or part not in self.names:
            return b""
        try:
            for name, other in self.listed_parts:
                if name == sheet and other != part and other in self.names:
                    self._scan_sheet(other, sheet)
            return self._scan_sheet(part, sheet)
        except ScanProblem as exc:
            raise WorkbookProblem(exc.code, exc.kind, **exc.params) from None

    def _scan(self, sheet: str) -> SheetScan:
        part = self.sheet_parts.get(sheet)
        return self.scans.get(part or "", SheetScan())

    def formulas_without_value(self, sheet: str) -> set[tuple[int, int]]:
        """(row from 1, column from 0) of every formula cell with no cached value."""
        return self._scan(sheet).no_value

    def error_cells(self, sheet: str) -> dict[tuple[int, int], str]:
        """(row from 1, column from 0) -> the error an Excel error cell holds (#REF!, #DIV/0!...)."""
        return self._scan(sheet).errors

    def close(self) -> None:
        """Close the zip."""
        self.zip.close()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


_DATE_TYPES = frozenset((dt.date, dt.datetime, dt.time, dt.timedelta))


class CalamineReader:
    """Reads a workbook's values with calamine (fast), from a path or from the bytes already read."""

    name = "calamine"

    def __init__(self, path: str, data: bytes | None = None) -> None:
        from python_calamine import CalamineWorkbook

        self.book = CalamineWorkbook.from_path(path) if data is None else CalamineWorkbook.from_filelike(io.BytesIO(data))
        self.sheet_names: list[str] = list(self.book.sheet_names)

    def rows(self, sheet: str, max_rows: int) -> Iterator[list[Any]]:
        """The rows of a sheet as lists of values (empty cells None, dates as ISO text); F008 past max_rows."""
        data = self.book.get_sheet_by_name(sheet)
        if data.height > max_rows:
            raise WorkbookProblem("F008", "sheet_height", sheet=sheet, count=data.height, limit=max_rows)
        for row in data.iter_rows():
            yield [None if v == "" else v if type(v) not in _DATE_TYPES else _plain(v) for v in row]

    def close(self) -> None:
        """Close the workbook."""
        self.book.close()


class OpenpyxlReader:
    """Reads a workbook's values with openpyxl (read-only, cached values), where calamine cannot."""

    name = "openpyxl"

    def __init__(self, path: str) -> None:
        import warnings

        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False, keep_links=False)
        self.sheet_names = list(self.book.sheetnames)

    def rows(self, sheet: str, max_rows: int) -> Iterator[list[Any]]:
        """The rows of a sheet as lists of values, the rows it leaves out as empty ones; F008 past max_rows."""
        ws = self.book[sheet]
        ws.reset_dimensions()
        count = 0
        last_row = 0
        for row in ws.iter_rows():
            cells = [c for c in row if getattr(c, "row", None) is not None]
            if not cells:
                continue
            row_number = int(cells[0].row or 0)
            count = row_number
            if count > max_rows:
                raise WorkbookProblem("F008", "sheet_rows", sheet=sheet, limit=max_rows)
            while last_row + 1 < row_number:  # rows the sheet leaves out are empty
                last_row += 1
                yield []
            last_row = row_number
            values: list[Any] = []
            for c in cells:
                index = int(c.column or 1) - 1
                while len(values) < index:
                    values.append(None)
                value = c.value
                values.append(None if value == "" else _plain(value))
            yield values

    def close(self) -> None:
        """Close the workbook."""
        self.book.close()


def open_reader(path: str, data: bytes | None = None) -> CalamineReader | OpenpyxlReader:
    """The fast reader, or the tolerant one when BUDGETKIT_EXCEL_READER=openpyxl; data: the file's bytes
    when already read."""
    backend = os.environ.get("BUDGETKIT_EXCEL_READER", "calamine")
    return OpenpyxlReader(path) if backend == "openpyxl" else CalamineReader(path, data)
