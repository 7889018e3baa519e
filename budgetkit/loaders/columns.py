"""Column letters and cell references of a worksheet (A = 0, B7 = row 7 of column 1), for the archive's
readers (xlsx_reader.py) and the pre-parse scan of its XML (xmlscan.py) alike."""

from __future__ import annotations

import re

_REF = re.compile(r"\$?([A-Za-z]{1,3})?\$?(\d+)?")


def col_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """A -> 0, Z -> 25, AA -> 26 (lower case too)."""
    value = 0
    for ch in letters.upper():
        value = value * 26 + ord(ch) - 64
    return value - 1


def cell_position(ref: str) -> tuple[int | None, int | None]:
    """(row from 1, column from 0) of "B7" (or "$B$7"); a part missing is None."""
    match = _REF.fullmatch(ref.strip())
    if not match:
        return None, None
    letters, digits = match.groups()
    return (int(digits) if digits else None), (col_index(letters) if letters else None)
