"""The finding: an immutable record built once, with its location."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

@dataclass(frozen=True, slots=True)
class Location:
    """Where a person fixes it. Excel: sheet/row/column; YAML: line/path; a group: field/spending.

    `field` is the line's key for a value (``estimate``), the pillar for a group finding.
    """

    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None
    path: str | None = None
    field: str | None = None
    spending: str | None = None
    line_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if getattr(self, k) is not None}  # type: ignore[attr-defined]

    def describe(self, lang: str = "vi") -> str:
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


NO_LOCATION = Location()

_ITEM = re.compile(r"^(lines|explanations)\[(\d+)\](?:\.(.+))?$")
# The groups as the template and the reports name them (the pack's short labels, which do not change).
PILLAR_SHORT = {"khcn": "KH&CN", "dmst": "ĐMST", "cds": "CĐS"}
SPENDING_LABEL = {"vi": {"investment": "Đầu tư phát triển", "recurrent": "Thường xuyên"},
                  "en": {"investment": "development investment", "recurrent": "recurrent"}}


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


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    message_vi: str
    message_en: str
    location: Location = NO_LOCATION
    citation: str | None = None
    value: str | None = None
    files: tuple[str, ...] = field(default=())

    def message(self, lang: str = "vi") -> str:
        return self.message_en if lang == "en" else self.message_vi

    def as_record(self, lang: str = "vi") -> dict[str, Any]:
        record: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message(lang),
            "location": self.location.as_dict(),
        }
        if self.files:
            record["files"] = list(self.files)
        if self.citation:
            record["citation"] = self.citation
        if self.value is not None:
            record["value"] = self.value
        return record
