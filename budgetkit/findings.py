"""The finding: an immutable record of a rule's code, severity, location (budgetkit.locations) and
message values, rendered in a language only when shown; the one Severity type."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from budgetkit.locations import NO_LOCATION, Location
from budgetkit.normalize import ECHO_CHARS, neutral
from budgetkit.rules.registry import get


class Severity(StrEnum):
    """How much a finding weighs: an error fails the file, a warning fails it only with --strict.

    The pack may also switch a rule "off"; that is a pack setting, not a severity of a finding."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    def label(self, lang: str = "vi") -> str:
        """The word in running text: "lỗi" / "error"."""
        return SEVERITY_LABELS["en" if lang == "en" else "vi"][self.value]

    def heading(self, lang: str = "vi") -> str:
        """The word as a heading or a cell: "Lỗi" / "Error"."""
        return self.label(lang)[:1].upper() + self.label(lang)[1:]


# The severities (and the pack's "off") as each language names them: the one place of these words.
SEVERITY_LABELS = {
    "vi": {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin", "off": "tắt"},
    "en": {"error": "error", "warning": "warning", "info": "info", "off": "off"},
}


def severity_label(severity: str, lang: str = "vi") -> str:
    """A pack's setting (a severity or "off") in words: "cảnh báo", "tắt"; "warning", "off"."""
    return SEVERITY_LABELS["en" if lang == "en" else "vi"][str(severity)]


class RuleSettings(Protocol):
    """What making a finding asks of the guidance pack (guidance.Pack has it)."""

    def severity(self, code: str) -> str:
        """The rule's severity in the pack, or "off"."""

    def citation(self, code: str, lang: str = "vi") -> str | None:
        """The legal basis the pack cites for the rule (in English with "en" where the pack has it); None when it cites none."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding, as pydantic's ErrorDetails: the rule's code, its severity, where, and the values of
    its message (params, language-neutral: Decimals, i18n.Percent, i18n.Label, text from the file...).
    The text is rendered from the rule's template only when asked for, in the language asked for."""

    code: str
    severity: Severity
    location: Location = NO_LOCATION
    params: dict[str, Any] = field(default_factory=dict)
    value: str | None = None
    files: tuple[str, ...] = field(default=())
    citation: str | None = None
    citation_en: str | None = None  # the pack's English form of the citation, when it gives one

    def cited(self, lang: str = "vi") -> str | None:
        """The citation in `lang`: the pack's English form with "en" where it gives one, else the Vietnamese."""
        return self.citation_en if lang == "en" and self.citation_en else self.citation

    def message(self, lang: str = "vi") -> str:
        """The message in Vietnamese ("vi") or English ("en"), from the rule's template for this finding's
        variant (params["kind"])."""
        return get(self.code).render(lang, {"value": self.value, **self.params})

    def as_record(self, lang: str = "vi") -> dict[str, Any]:
        """The finding as the JSON report writes it (docs/json-output.md)."""
        record: dict[str, Any] = {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message(lang),
            "location": self.location.as_dict(),
        }
        if self.files:
            record["files"] = list(self.files)
        if self.citation:
            record["citation"] = self.cited(lang)
        if self.value is not None:
            record["value"] = self.value
        return record


def make_finding(
    pack: RuleSettings,
    code: str,
    location: Location = NO_LOCATION,
    value: Any = None,
    /,
    *,
    involved_files: tuple[str, ...] = (),
    fixed_severity: Severity | str | None = None,
    **params: Any,
) -> Finding | None:
    """The one constructor of findings: severity and citation from the pack; None when switched off.

    `value` is the value from the file, echoed (cut, its control and bidi characters made visible);
    `params` are the values of the message's template (text among them cut and made visible the same way);
    `kind` among them names the rule's message variant. `fixed_severity` is given only where the format
    fixes it (an unknown YAML key is an error)."""
    configured = pack.severity(code)
    if configured == "off":
        return None
    rule = get(code)
    rule.check_params(params)
    shown = None if value is None else (f"{value:f}" if isinstance(value, Decimal) else str(value))
    if shown is not None:
        shown = neutral(shown, ECHO_CHARS)
    for key, item in params.items():
        if type(item) is str:
            params[key] = neutral(item, 5 * ECHO_CHARS)
    citation, english = pack.citation(code), pack.citation(code, "en")
    return Finding(
        code=code,
        severity=Severity(fixed_severity or configured),
        location=location,
        params=params,
        value=shown,
        files=involved_files,
        citation=citation,
        citation_en=english if english != citation else None,
    )
