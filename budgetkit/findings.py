"""The finding: an immutable record built once, with its location (budgetkit.locations)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Location moved to budgetkit.locations (issue 15); re-exported here while other modules move their imports.
from budgetkit.locations import NO_LOCATION, Location, describe_group, describe_path  # noqa: F401

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
