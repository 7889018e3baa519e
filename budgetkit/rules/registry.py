"""The rule registry: every rule's code, texts and documentation, and the one way to make a finding."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from budgetkit.findings import NO_LOCATION, Finding, Location
from budgetkit.i18n import fmt_amount
from budgetkit.text import ECHO_CHARS, neutral

if TYPE_CHECKING:
    from budgetkit.guidance import Pack
    from budgetkit.rules.engine import Context

# Families in catalogue order; each module registers its rules on import.
FAMILY_MODULES = ("reading", "values", "arithmetic", "classification", "planning", "estimate", "cross_file")
DOC_HEADINGS = ("what", "why", "failing", "passing")
# A documentation text: a (Vietnamese, English) pair, or one text that reads the same in both (an example such as
# `estimate: -50`). tests/test_rule_docs.py keeps every English text free of Vietnamese prose.
Doc = str | tuple[str, str]


def _pair(text: Doc) -> tuple[str, str]:
    vi, en = (text, text) if isinstance(text, str) else text
    return vi.strip(), en.strip()


@dataclass(frozen=True)
class Rule:
    code: str
    title: tuple[str, str]
    message: tuple[str, str]
    what: tuple[str, str]
    why: tuple[str, str]
    failing: tuple[str, str]
    passing: tuple[str, str]
    check: Callable[[Context], Iterable[Finding | None]] | None = None

    def render(self, lang: str, ctx: dict[str, Any]) -> str:
        template = self.message[0 if lang == "vi" else 1]
        values = {k: (fmt_amount(v, lang) if isinstance(v, Decimal) else v) for k, v in ctx.items()}
        return template.format(**values)

    def doc(self, part: str, lang: str) -> str:
        """One part of the rule's documentation (one of DOC_HEADINGS) in `lang` ("vi" or "en")."""
        if part not in DOC_HEADINGS:
            raise KeyError(f"no documentation part {part!r}")
        text: tuple[str, str] = getattr(self, part)
        return text[0 if lang == "vi" else 1]


_REGISTRY: dict[str, Rule] = {}
_LOADED = False


def register(
    code: str,
    *,
    title: tuple[str, str],
    message: tuple[str, str],
    what: Doc,
    why: Doc,
    failing: Doc,
    passing: Doc,
) -> Callable[[Callable[[Context], Iterable[Finding | None]] | None], Any]:
    """Register a rule; used as a decorator on its check, or called with None for a reported-by-loader rule."""

    def wrap(check: Callable[[Context], Iterable[Finding | None]] | None) -> Any:
        if code in _REGISTRY:
            raise RuntimeError(f"rule {code} registered twice")
        _REGISTRY[code] = Rule(code, title, message, _pair(what), _pair(why), _pair(failing), _pair(passing), check)
        return check

    return wrap


def _load() -> None:
    global _LOADED
    if not _LOADED:
        _LOADED = True
        for name in FAMILY_MODULES:
            importlib.import_module(f"budgetkit.rules.{name}")


def all_rules() -> list[Rule]:
    _load()
    return sorted(_REGISTRY.values(), key=lambda r: ("FVACPSX".index(r.code[0]), r.code))


def all_codes() -> set[str]:
    _load()
    return set(_REGISTRY)


def get(code: str) -> Rule:
    """The rule with this code; fails loudly on an unknown one."""
    _load()
    try:
        return _REGISTRY[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule {code!r}") from None


def make_finding(
    pack: Pack,
    code: str,
    location: Location = NO_LOCATION,
    value: Any = None,
    /,
    *,
    involved_files: tuple[str, ...] = (),
    fixed_severity: str | None = None,
    **ctx: Any,
) -> Finding | None:
    """The one constructor of findings: severity and citation from the pack; None when switched off.

    `fixed_severity` is given only where the format fixes it (an unknown YAML key is an error)."""
    configured = pack.severity(code)
    if configured == "off":
        return None
    severity = fixed_severity or configured
    rule = get(code)
    shown = None if value is None else (f"{value:f}" if isinstance(value, Decimal) else str(value))
    if shown is not None:  # a value from the file, echoed: cut, its control and bidi characters made visible
        shown = neutral(shown, ECHO_CHARS)
    for key, item in ctx.items():
        if type(item) is str:
            ctx[key] = neutral(item, 5 * ECHO_CHARS)
    ctx.setdefault("value", shown)
    return Finding(
        code=code,
        severity=severity,
        message_vi=rule.render("vi", ctx),
        message_en=rule.render("en", ctx),
        location=location,
        citation=pack.citation(code),
        value=shown,
        files=involved_files,
    )
