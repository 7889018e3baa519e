"""Reading cells out of an .xlsx/.xlsm: the archive's safety checks, two backends, formulas without values.

The fast backend is python-calamine; the tolerant one is openpyxl (read-only). Both give rows of plain
Python values from A1, and the same findings (tests compare them). Neither runs macros.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from budgetkit.i18n import fmt_amount

_SHEET_REL = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"', re.S)
_SHEET_REL2 = re.compile(rb'<sheet\b[^>]*?r:id="([^"]*)"[^>]*?name="([^"]*)"', re.S)
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"', re.S)
_REL2 = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"', re.S)
_CELL = re.compile(rb'<c\b([^>]*?)(/>|>(.*?)</c>)', re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_FORMULA = re.compile(rb"<f[ >/]")


class WorkbookProblem(Exception):
    """The archive cannot or must not be read: (code, reason_vi, reason_en)."""

    def __init__(self, code: str, reason_vi: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.code, self.reason_vi, self.reason_en = code, reason_vi, reason_en


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    value = 0
    for ch in letters:
        value = value * 26 + ord(ch) - 64
    return value - 1


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
            raise WorkbookProblem("F001", "tệp .xlsx bị hỏng hoặc không đầy đủ (có thể tải về chưa xong); hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
                                  "the .xlsx file is damaged or truncated (perhaps an unfinished download); open it in Excel and save it as .xlsx") from None
        self.names = names = set(self.zip.namelist())
        if "xl/workbook.xml" not in names:
            if "mimetype" in names and b"opendocument" in self.zip.read("mimetype")[:100]:
                raise WorkbookProblem("F001", "đây là tệp OpenDocument (.ods), không phải .xlsx; hãy lưu lại dưới dạng .xlsx",
                                      "this is an OpenDocument (.ods) file, not .xlsx; save it as .xlsx")
            if "word/document.xml" in names:
                raise WorkbookProblem("F001", "đây là tệp Word (.docx), không phải bảng tính; hãy dùng tệp .xlsx",
                                      "this is a Word (.docx) file, not a workbook; use an .xlsx file")
            raise WorkbookProblem("F001", "tệp nén này không phải là bảng tính Excel; hãy lưu lại dưới dạng .xlsx",
                                  "this zip file is not an Excel workbook; save it as .xlsx")
        total = 0
        for info in self.zip.infolist():
            total += info.file_size
            ratio_ok = info.file_size <= limits.part_ratio_min_bytes or info.file_size <= limits.part_ratio * max(info.compress_size, 1)
            if info.file_size > limits.part_bytes or not ratio_ok:
                raise WorkbookProblem(
                    "F008",
                    f"phần “{info.filename}” giải nén ra {fmt_amount(info.file_size)} byte (nén {fmt_amount(info.compress_size)} byte), vượt giới hạn {fmt_amount(limits.part_bytes)} byte hoặc {limits.part_ratio} lần",
                    f"part “{info.filename}” unpacks to {info.file_size:,} bytes ({info.compress_size:,} compressed), over the limit of {limits.part_bytes:,} bytes or {limits.part_ratio} times",
                )
        if total > limits.part_bytes * 4:
            raise WorkbookProblem("F008", "tổng dung lượng giải nén của bảng tính quá lớn", "the workbook unpacks to too many bytes in all")
        self._parts: dict[str, bytes] = {}
        for name in ("xl/sharedStrings.xml", "xl/styles.xml"):
            if name in names:
                self._check_xml(name, self.read(name, 4096))
        self.sheet_parts = self._sheet_parts()

    def read(self, name: str, head: int | None = None) -> bytes:
        """A part's bytes (its first `head` bytes only, when given), inflated at most to its declared size.

        Deflated and stored parts are inflated here from the bytes in memory, their CRC checked; anything
        else (encrypted, another method) goes through zipfile, which refuses or reads it."""
        info = self.zip.getinfo(name)
        offset = info.header_offset
        local = self.data[offset : offset + 30]
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or len(local) < 30 \
                or local[:4] != b"PK\x03\x04":
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

    @staticmethod
    def _check_xml(name: str, head: bytes) -> None:
        """No DTD: entity expansion and external entities are refused before any XML parser runs."""
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise WorkbookProblem("F001", f"phần “{name}” khai báo DTD/thực thể XML (có thể là tệp độc hại); không đọc",
                                  f"part “{name}” declares an XML DTD/entities (possibly malicious); not read")

    def sheet_xml(self, sheet: str, max_rows: int | None = None) -> bytes:
        """A sheet's XML, read once and checked (no DTD; at most max_rows rows); b"" when it has no part."""
        part = self.sheet_parts.get(sheet)
        if part is None or part not in self.names:
            return b""
        if part not in self._parts:
            data = self.read(part)
            self._check_xml(part, data[:4096])
            self._parts[part] = data
        data = self._parts[part]
        if max_rows is not None and len(data) > max_rows * 5:  # fewer bytes cannot hold more "<row" marks
            rows = data.count(b"<row ") + data.count(b"<row>")
            if rows > max_rows:
                raise WorkbookProblem("F008", f"trang “{sheet}” có {rows} dòng, vượt giới hạn {max_rows}",
                                      f"sheet “{sheet}” has {rows} rows, over the limit of {max_rows}")
        return data

    def _sheet_parts(self) -> dict[str, str]:
        workbook = self.read("xl/workbook.xml")
        self._check_xml("xl/workbook.xml", workbook[:4096])
        rels = self.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in self.names else b""
        self._check_xml("xl/_rels/workbook.xml.rels", rels[:4096])
        targets = {rid: target for rid, target in _REL.findall(rels)}
        targets.update({rid: target for target, rid in _REL2.findall(rels)})
        pairs = _SHEET_REL.findall(workbook) or [(n, r) for r, n in _SHEET_REL2.findall(workbook)]
        parts: dict[str, str] = {}
        for name, rid in pairs:
            target = targets.get(rid, b"").decode()
            if not target:
                continue
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            parts[_unescape(name)] = os.path.normpath(part).replace(os.sep, "/")
        return parts

    def formulas_without_value(self, sheet: str) -> set[tuple[int, int]]:
        """(row from 1, column from 0) of every formula cell with no cached value."""
        xml = self.sheet_xml(sheet)
        if not _FORMULA.search(xml):  # "<f>" or "<f t=...": not "<formula1>" of a dropdown
            return set()
        found = set()
        for attrs, _, inner in _CELL.findall(xml):
            if inner and _FORMULA.search(inner) and not re.search(rb"<v>[^<]+</v>", inner):
                ref = _REF.search(attrs)
                if ref:
                    found.add((int(ref.group(2)), col_index(ref.group(1).decode())))
        return found

    def close(self) -> None:
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
    name = "calamine"

    def __init__(self, path: str, data: bytes | None = None) -> None:
        from python_calamine import CalamineWorkbook

        self.book = CalamineWorkbook.from_path(path) if data is None else CalamineWorkbook.from_filelike(io.BytesIO(data))
        self.sheet_names: list[str] = list(self.book.sheet_names)

    def rows(self, sheet: str, max_rows: int) -> Iterator[list[Any]]:
        data = self.book.get_sheet_by_name(sheet)
        if data.height > max_rows:
            raise WorkbookProblem("F008", f"trang “{sheet}” có {data.height} dòng, vượt giới hạn {max_rows}",
                                  f"sheet “{sheet}” has {data.height} rows, over the limit of {max_rows}")
        for row in data.iter_rows():
            yield [None if v == "" else v if type(v) not in _DATE_TYPES else _plain(v) for v in row]

    def close(self) -> None:
        self.book.close()


class OpenpyxlReader:
    name = "openpyxl"

    def __init__(self, path: str) -> None:
        import warnings

        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False, keep_links=False)
        self.sheet_names = list(self.book.sheetnames)

    def rows(self, sheet: str, max_rows: int) -> Iterator[list[Any]]:
        ws = self.book[sheet]
        ws.reset_dimensions()
        count = 0
        last_row = 0
        for row in ws.iter_rows():
            cells = [c for c in row if getattr(c, "row", None) is not None]
            if not cells:
                continue
            row_number = cells[0].row
            count = row_number
            if count > max_rows:
                raise WorkbookProblem("F008", f"trang “{sheet}” có hơn {max_rows} dòng", f"sheet “{sheet}” has more than {max_rows} rows")
            while last_row + 1 < row_number:  # rows the sheet leaves out are empty
                last_row += 1
                yield []
            last_row = row_number
            values: list[Any] = []
            for c in cells:
                index = c.column - 1
                while len(values) < index:
                    values.append(None)
                value = c.value
                values.append(None if value == "" else _plain(value))
            yield values

    def close(self) -> None:
        self.book.close()


def open_reader(path: str, data: bytes | None = None) -> CalamineReader | OpenpyxlReader:
    """The fast reader, or the tolerant one when BUDGETKIT_EXCEL_READER=openpyxl; data: the file's bytes
    when already read."""
    backend = os.environ.get("BUDGETKIT_EXCEL_READER", "calamine")
    return OpenpyxlReader(path) if backend == "openpyxl" else CalamineReader(path, data)
