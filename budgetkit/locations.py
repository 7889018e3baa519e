"""Where a person fixes a finding, as small typed values made by the loader that saw the value.

A location is one of: a workbook cell (`Cell`: sheet, row, column, the line's Mã), a place in a YAML file
(`YamlPlace`: line, 0-based path such as ``lines[3].estimate``, the line's Mã), a group of lines
(`Group`: a pillar, optionally a spending type), a line named only by its Mã across files (`LineId`), or
the file as a whole (`WHOLE_FILE`). Every kind renders the same JSON keys (docs/json-output.md: sheet, row,
column, line, path, field, spending, line_id) and the same text.

What a value belongs to, inside one loaded file, is an `Owner`: a line by its index in the model
(`LineRef`), the unit (`UNIT`), an explanation by its index (`ExplanationRef`), or a heading or total row of
a workbook (`HeadingRef`). A loader's locator turns an owner and a key into a Location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# The JSON keys of a location, in the order they are written.
KEYS = ("sheet", "row", "column", "line", "path", "field", "spending", "line_id")

_ITEM = re.compile(r"^(lines|explanations)\[(\d+)\](?:\.(.+))?$")
# The groups as the template and the reports name them (the pack's short labels, which do not change).
PILLAR_SHORT = {"khcn": "KH&CN", "dmst": "ĐMST", "cds": "CĐS"}
SPENDING_LABEL = {
    "vi": {"investment": "Đầu tư phát triển", "recurrent": "Thường xuyên"},
    "en": {"investment": "development investment", "recurrent": "recurrent"},
}


def describe_path(path: str, lang: str = "vi") -> str:
    """A YAML path as a person counts: lines[0].estimate -> "mục thứ 1 của lines, khóa estimate"."""
    match = _ITEM.match(path)
    if match is None:
        return path
    section, number, key = match.group(1), int(match.group(2)) + 1, match.group(3)
    if lang == "en":
        return f"item {number} of {section}" + (f", key {key}" if key else "")
    return f"mục thứ {number} của {section}" + (f", khóa {key}" if key else "")


def describe_group(pillar: str, spending: str | None, lang: str = "vi") -> str:
    """A group as the reports name it: khcn/recurrent -> "nhóm KH&CN - Thường xuyên"."""
    name = PILLAR_SHORT.get(pillar, pillar)
    if spending:
        name += " - " + SPENDING_LABEL["en" if lang == "en" else "vi"].get(spending, spending)
    return ("group " if lang == "en" else "nhóm ") + name if spending else ("pillar " if lang == "en" else "lĩnh vực ") + name


class Location:
    """Where a person fixes it. The base of every kind: each JSON key reads None unless the kind has it.

    Not made directly: a loader makes a `Cell` or a `YamlPlace`, a rule a `Group`, a batch a `LineId`."""

    __slots__ = ()

    @property
    def sheet(self) -> str | None:
        """The sheet's name (a Cell's; None for the other kinds, as every key below)."""
        return None

    @property
    def row(self) -> int | None:
        """The row number in the sheet (a Cell's)."""
        return None

    @property
    def column(self) -> str | None:
        """The column letter (a Cell's)."""
        return None

    @property
    def line(self) -> int | None:
        """The line number in the YAML file (a YamlPlace's)."""
        return None

    @property
    def path(self) -> str | None:
        """The YAML path of the value, lines[2].estimate (a YamlPlace's)."""
        return None

    @property
    def field(self) -> str | None:
        """The line's key of the value (``estimate``); for a group, its pillar."""
        return None

    @property
    def spending(self) -> str | None:
        """The spending type (a Group's)."""
        return None

    @property
    def line_id(self) -> str | None:
        """The Mã of the budget line the value belongs to."""
        return None

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of docs/json-output.md: only the keys that have a value, in KEYS order."""
        values = ((key, getattr(self, key)) for key in KEYS)
        return {key: value for key, value in values if value is not None}

    def describe(self, lang: str = "vi") -> str:
        """The location as a person reads it ("Dự toán!O8, Mã KH-01"; "dòng 12, mục thứ 3 của lines, khóa estimate")."""
        parts: list[str] = []
        if self.sheet:
            parts.append(f"{self.sheet}!{self.column or ''}{self.row or ''}" if self.row else self.sheet)
        elif self.line:
            parts.append(("dòng " if lang == "vi" else "line ") + str(self.line))
        if self.path:
            parts.append(describe_path(self.path, lang))
        elif self.field and not self.sheet and not self.line:
            parts.append(describe_group(self.field, self.spending, lang))
        if self.line_id:
            parts.append(("Mã " if lang == "vi" else "id ") + self.line_id)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Cell(Location):
    """A workbook cell (or a whole row, or a whole sheet): `field` is the key of the value read there."""

    sheet: str
    row: int | None = None
    column: str | None = None
    field: str | None = None
    line_id: str | None = None


@dataclass(frozen=True, slots=True)
class YamlPlace(Location):
    """A place in a YAML file: its 1-based line, its 0-based path (``lines[3].estimate``), the key read there."""

    line: int | None = None
    path: str | None = None
    field: str | None = None
    line_id: str | None = None


@dataclass(frozen=True, slots=True)
class Group(Location):
    """The lines of a pillar, or of a pillar and a spending type (JSON: field = the pillar, spending)."""

    pillar: str
    spending: str | None = None

    @property
    def field(self) -> str | None:
        """The group's pillar."""
        return self.pillar


@dataclass(frozen=True, slots=True)
class LineId(Location):
    """A line named by its Mã alone (a task found in several files of a batch)."""

    line_id: str | None


@dataclass(frozen=True, slots=True)
class WholeFile(Location):
    """The file as a whole: no key."""


WHOLE_FILE = WholeFile()
NO_LOCATION = WHOLE_FILE  # the name Finding's default has used


# What a value belongs to, within one loaded file.
@dataclass(frozen=True, slots=True)
class LineRef:
    """A line, by its index in the model's lines (the lines kept, in order)."""

    index: int


@dataclass(frozen=True, slots=True)
class UnitRef:
    """The unit (and the budget year, which the template shows among the unit's values)."""


@dataclass(frozen=True, slots=True)
class ExplanationRef:
    """A group explanation, by its index in the source (the YAML list's item, the sheet's n-th explanation)."""

    index: int


@dataclass(frozen=True, slots=True)
class HeadingRef:
    """A heading's or total row's amount in a workbook, by its row number."""

    row: int


UNIT = UnitRef()
Owner = LineRef | UnitRef | ExplanationRef | HeadingRef
