"""The finding: an immutable record built once, with its location."""

from __future__ import annotations

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
            parts.append(self.path)
        elif self.field and not self.sheet and not self.line:
            parts.append(self.field + (f"/{self.spending}" if self.spending else ""))
        if self.line_id:
            parts.append(("Mã " if lang == "vi" else "id ") + self.line_id)
        return ", ".join(parts)


NO_LOCATION = Location()


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
