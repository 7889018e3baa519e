"""Loading a budget file: sniff what it really is, then read it as YAML or as a workbook."""

from __future__ import annotations

import os
import re
from pathlib import Path

from budgetkit.guidance import Guidance, pack_year_for
from budgetkit.i18n import fmt_amount
from budgetkit.loaders.common import LoadedFile

BUDGET_SUFFIXES = (".xlsx", ".xlsm", ".yaml", ".yml")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


# Files that are something else, by their first bytes.
_KNOWN = (
    (b"\x1f\x8b", "đây là tệp nén gzip (.gz), không phải bảng tính; hãy giải nén rồi gửi tệp .xlsx bên trong",
     "this is a gzip (.gz) archive, not a workbook; unpack it and send the .xlsx inside"),
    (b"MZ", "đây là tệp chương trình Windows (.exe, có thể là tệp nén tự giải nén), không phải bảng tính; không mở tệp này, hãy xin lại tệp .xlsx",
     "this is a Windows program (.exe, perhaps a self-extracting archive), not a workbook; do not run it, ask for the .xlsx file"),
    (b"Rar!", "đây là tệp nén RAR, không phải bảng tính; hãy giải nén rồi gửi tệp .xlsx bên trong",
     "this is a RAR archive, not a workbook; unpack it and send the .xlsx inside"),
    (b"7z\xbc\xaf\x27\x1c", "đây là tệp nén 7z, không phải bảng tính; hãy giải nén rồi gửi tệp .xlsx bên trong",
     "this is a 7z archive, not a workbook; unpack it and send the .xlsx inside"),
    (b"\x89PNG", "đây là tệp ảnh PNG, không phải bảng tính; hãy gửi tệp .xlsx gốc", "this is a PNG image, not a workbook; send the original .xlsx"),
    (b"\xff\xd8\xff", "đây là tệp ảnh JPEG, không phải bảng tính; hãy gửi tệp .xlsx gốc", "this is a JPEG image, not a workbook; send the original .xlsx"),
)
_YAML_LIKE = re.compile(rb"^(?:---\s*$|(?:budget_year|unit|lines)\s*:)", re.MULTILINE)


def _what_is_it(head: bytes, suffix: str) -> tuple[str, str] | None:
    """(reason_vi, reason_en) for a file that is not a readable budget file; None when it may be one."""
    if head.startswith(_OLE):
        return None  # decided on the whole file (encrypted or .xls)
    if head.startswith(b"%PDF"):
        return ("đây là tệp PDF, không phải bảng tính; hãy gửi tệp .xlsx hoặc .yaml gốc",
                "this is a PDF file, not a workbook; send the original .xlsx or .yaml file")
    for magic, vi, en in _KNOWN:
        if head.startswith(magic):
            return vi, en
    if suffix in (".xlsx", ".xlsm") and not head.startswith(b"PK"):
        if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or head[:2] in (b"\xff\xfe", b"\xfe\xff") \
                or (len(head) > 8 and head.count(b"\x00") * 3 > len(head)):
            return ("đây là tệp văn bản UTF-16/UTF-32 đặt tên .xlsx, không phải bảng tính; hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
                    "this is a UTF-16/UTF-32 text file named .xlsx, not a workbook; open it in Excel and save it as .xlsx")
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if text[:5].lower() in (b"<!doc", b"<html", b"<?xml"):
            return ("đây là tệp HTML/XML đặt tên .xlsx, không phải bảng tính; hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
                    "this is an HTML/XML file named .xlsx, not a workbook; open it in Excel and save it as .xlsx")
        if _YAML_LIKE.search(text[:4096]):
            return ("đây là tệp YAML đặt tên .xlsx; hãy đổi đuôi thành .yaml",
                    "this is a YAML file named .xlsx; rename it to .yaml")
        if b"\x00" in head or sum(1 for b in head[:512] if b < 9 or 13 < b < 32) > 8:
            return ("tệp không phải bảng tính .xlsx mà là một tệp nhị phân khác; hãy lưu lại dưới dạng .xlsx",
                    "the file is not an .xlsx workbook but some other binary file; save it as .xlsx")
        if b"," in head or b";" in head or b"\t" in head:
            return ("đây có vẻ là tệp văn bản CSV, không phải bảng tính .xlsx; hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
                    "this looks like a CSV text file, not an .xlsx workbook; open it in Excel and save it as .xlsx")
        return ("tệp không phải bảng tính .xlsx (nội dung không nhận ra được); hãy lưu lại dưới dạng .xlsx",
                "the file is not an .xlsx workbook (unrecognised content); save it as .xlsx")
    return None


def load(path: str | Path, guidance: Guidance, display: str | None = None, unit_only: bool = False) -> LoadedFile:
    """Read one budget file; never raises for bad input (it becomes findings).

    unit_only reads a file that carries the `unit` part alone (a consolidating body for `report --unit`)."""
    shown = display or str(path)
    loaded = _load_with(path, guidance, shown, guidance.recent_year, unit_only)
    year = loaded.model.budget_year if loaded.model is not None else None
    if year is not None and pack_year_for(year) != loaded.pack.budget_year and guidance.pack(year) is not loaded.pack:
        loaded = _load_with(path, guidance, shown, year, unit_only)
    if year is not None:
        guidance.recent_year = year
    return loaded


def _load_with(path: str | Path, guidance: Guidance, shown: str, year: int | None, unit_only: bool = False) -> LoadedFile:
    pack = guidance.pack(year)
    suffix = Path(path).suffix.lower()
    kind = "yaml" if suffix in (".yaml", ".yml") else "excel"
    loaded = LoadedFile(path=shown, kind=kind, pack=pack, unit_only=unit_only)  # type: ignore[arg-type]
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        loaded.emit("F001", reason_vi=f"không mở được tệp ({exc.strerror})", reason_en=f"the file cannot be opened ({exc.strerror})")
        return loaded
    limits = pack.limits
    if size == 0:
        loaded.emit("F001", reason_vi="tệp rỗng (0 byte)", reason_en="the file is empty (0 bytes)")
        return loaded
    if size > limits.file_bytes or (kind == "yaml" and size > limits.yaml_bytes):
        limit = limits.yaml_bytes if kind == "yaml" and size > limits.yaml_bytes else limits.file_bytes
        loaded.emit("F008", limit_vi=f"tệp {fmt_amount(size)} byte, vượt giới hạn {fmt_amount(limit)} byte",
                    limit_en=f"the file has {size:,} bytes, over the limit of {limit:,} bytes")
        return loaded
    try:
        with open(path, "rb") as handle:  # within the limits: read once, whole
            data = handle.read(limits.file_bytes + 1)
    except OSError as exc:
        loaded.emit("F001", reason_vi=f"không mở được tệp ({exc.strerror})", reason_en=f"the file cannot be opened ({exc.strerror})")
        return loaded
    head = data[:8192]
    if head.startswith(_OLE):
        if _ENCRYPTED in data:
            loaded.emit("F001", reason_vi="bảng tính được đặt mật khẩu (mã hóa); hãy gỡ mật khẩu rồi lưu lại dưới dạng .xlsx",
                        reason_en="the workbook is password-protected (encrypted); remove the password and save it as .xlsx")
        else:
            loaded.emit("F001", reason_vi="đây là tệp Excel 97-2003 (.xls) hoặc tài liệu Office cũ; hãy mở bằng Excel và lưu lại dưới dạng .xlsx",
                        reason_en="this is an Excel 97-2003 (.xls) or older Office file; open it in Excel and save it as .xlsx")
        return loaded
    problem = _what_is_it(head, suffix)
    if problem is not None:
        loaded.emit("F001", reason_vi=problem[0], reason_en=problem[1])
        return loaded
    if head.startswith(b"PK"):
        from budgetkit.loaders.excel import load_excel

        loaded.kind = "excel"
        load_excel(loaded, str(path), year or pack.budget_year, data)
        return loaded
    if kind == "yaml":
        from budgetkit.loaders.yaml_loader import load_yaml

        load_yaml(loaded, data)
        return loaded
    loaded.emit("F001", reason_vi=f"không phải tệp dự toán (chỉ đọc .xlsx, .xlsm, .yaml, .yml; tệp này là “{suffix or 'không có đuôi'}”); hãy lưu lại dưới dạng .xlsx",
                reason_en=f"not a budget file (only .xlsx, .xlsm, .yaml and .yml are read; this is “{suffix or 'no extension'}”); save it as .xlsx")
    return loaded
