"""Loading a budget file: sniff what it really is, then read it as YAML or as a workbook."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

from budgetkit.guidance import Guidance, pack_year_for
from budgetkit.loaders.coercion import LoadedFile

BUDGET_SUFFIXES = (".xlsx", ".xlsm", ".yaml", ".yml")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


# Files that are something else, by their first bytes (the F001 reason of each: rules/reading.py).
_KNOWN = (
    (b"\x1f\x8b", "gzip"),
    (b"MZ", "exe"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
)
_YAML_LIKE = re.compile(rb"^(?:---\s*$|(?:budget_year|unit|lines)\s*:)", re.MULTILINE)


def _what_is_it(head: bytes, suffix: str) -> str | None:
    """The F001 reason (its kind) of a file that is not a readable budget file; None when it may be one."""
    if head.startswith(_OLE):
        return None  # decided on the whole file (encrypted or .xls)
    if head.startswith(b"%PDF"):
        return "pdf"
    for magic, kind in _KNOWN:
        if head.startswith(magic):
            return kind
    if suffix in (".xlsx", ".xlsm") and not head.startswith(b"PK"):
        if (
            head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"))
            or head[:2] in (b"\xff\xfe", b"\xfe\xff")
            or (len(head) > 8 and head.count(b"\x00") * 3 > len(head))
        ):
            return "utf16_named_xlsx"
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        if text[:5].lower() in (b"<!doc", b"<html", b"<?xml"):
            return "html_named_xlsx"
        if _YAML_LIKE.search(text[:4096]):
            return "yaml_named_xlsx"
        if b"\x00" in head or sum(1 for b in head[:512] if b < 9 or 13 < b < 32) > 8:
            return "binary_named_xlsx"
        if b"," in head or b";" in head or b"\t" in head:
            return "csv_named_xlsx"
        return "unrecognised_named_xlsx"
    return None


def load(path: str | Path, guidance: Guidance, display: str | None = None, unit_only: bool = False) -> LoadedFile:
    """Read one budget file; never raises for bad input (it becomes findings).

    unit_only reads a file that carries the `unit` part alone (a consolidating body for `report --unit`)."""
    shown = display or str(path)
    loaded = _load_with(path, guidance, shown, guidance.recent_year, unit_only, guidance)
    year = loaded.restart_year or (loaded.model.budget_year if loaded.model is not None else None)
    if year is not None and (loaded.restart_year is not None or _other_pack(guidance, loaded, year)):
        loaded = _load_with(path, guidance, shown, year, unit_only)
    loaded.other_pack = None  # a closure: the loaded file may cross a pipe
    if year is not None:
        guidance.recent_year = year
    return loaded


def _other_pack(guidance: Guidance, loaded: LoadedFile, year: int) -> bool:
    """The file's budget year is served by another pack than the one it is being read with."""
    return pack_year_for(year) != loaded.pack.budget_year and guidance.pack(year) is not loaded.pack


def _load_with(
    path: str | Path, guidance: Guidance, shown: str, year: int | None, unit_only: bool = False, recheck: Guidance | None = None
) -> LoadedFile:
    pack = guidance.pack(year)
    suffix = Path(path).suffix.lower()
    kind = "yaml" if suffix in (".yaml", ".yml") else "excel"
    loaded = LoadedFile(path=shown, kind=kind, pack=pack, unit_only=unit_only)  # type: ignore[arg-type]
    if recheck is not None:  # a workbook read under another year's pack stops once its unit sheet says so
        loaded.other_pack = lambda found: _other_pack(recheck, loaded, found)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        loaded.emit("F001", kind="cannot_open", error=exc.strerror)
        return loaded
    limits = pack.limits
    if size == 0:
        loaded.emit("F001", kind="empty")
        return loaded
    if size > limits.file_bytes or (kind == "yaml" and size > limits.yaml_bytes):
        limit = limits.yaml_bytes if kind == "yaml" and size > limits.yaml_bytes else limits.file_bytes
        loaded.emit("F008", kind="file_bytes", size=Decimal(size), limit=Decimal(limit))
        return loaded
    try:
        with open(path, "rb") as handle:  # within the limits: read once, whole
            data = handle.read(limits.file_bytes + 1)
    except OSError as exc:
        loaded.emit("F001", kind="cannot_open", error=exc.strerror)
        return loaded
    head = data[:8192]
    if head.startswith(_OLE):
        if _ENCRYPTED in data:
            loaded.emit("F001", kind="encrypted")
        else:
            loaded.emit("F001", kind="xls")
        return loaded
    problem = _what_is_it(head, suffix)
    if problem is not None:
        loaded.emit("F001", kind=problem)
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
    if suffix:
        loaded.emit("F001", kind="other_suffix", suffix=suffix)
    else:
        loaded.emit("F001", kind="no_suffix")
    return loaded
