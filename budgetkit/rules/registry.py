"""The rule catalogue: every rule's code, title, message templates and documentation.

It sits below the guidance pack, the loaders and the engine: it imports none of them. A finding
(budgetkit.findings) keeps its rule's code and its message values; the text comes from here when it is shown."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from string import Formatter
from typing import Any

from budgetkit.i18n import FileList, fmt_amount
from budgetkit.normalize import ECHO_CHARS, neutral

# Families in catalogue order; each module registers its rules on import.
FAMILY_MODULES = ("reading", "values", "arithmetic", "classification", "planning", "estimate", "cross_file")
DOC_HEADINGS = ("what", "why", "failing", "passing")
# A documentation text: a (Vietnamese, English) pair, or one text that reads the same in both (an example such as
# `estimate: -50`). tests/test_rule_docs.py keeps every English text free of Vietnamese prose.
Doc = str | tuple[str, str]


def _pair(text: Doc) -> tuple[str, str]:
    vi, en = (text, text) if isinstance(text, str) else text
    return vi.strip(), en.strip()


# A rule's check: Context -> its findings (None where switched off). Typed loosely here so that the
# catalogue need not import the engine, which sits above the loaders.
Check = Callable[[Any], Iterable[Any]]
# (Vietnamese, English) templates of one message.
Templates = tuple[str, str]


def render_value(value: Any, lang: str) -> Any:
    """One message value in a language: a Decimal in its number format (1.234,5 / 1,234.5), a typed value
    of budgetkit.i18n (Percent, Digits, Label, FileList) by its render, a Location by its describe;
    text and whole numbers as they are."""
    if isinstance(value, Decimal):
        return fmt_amount(value, lang)
    if isinstance(value, FileList):
        return neutral(value.render(lang), 5 * ECHO_CHARS)
    if hasattr(value, "render"):
        return value.render(lang)
    if hasattr(value, "describe"):
        return value.describe(lang)
    return value


@dataclass(frozen=True)
class Rule:
    """A rule of the catalogue. `messages` maps each variant (sub-kind) of its message to its
    (Vietnamese, English) templates; a rule of one message has the one variant ""."""

    code: str
    title: Templates
    messages: Mapping[str, Templates]
    what: tuple[str, str]
    why: tuple[str, str]
    failing: tuple[str, str]
    passing: tuple[str, str]
    check: Check | None = None

    def template(self, lang: str, kind: str = "") -> str:
        """The template of one variant in one language."""
        try:
            pair = self.messages[kind]
        except KeyError:
            raise KeyError(f"rule {self.code} has no message variant {kind!r}") from None
        return pair[1] if lang == "en" else pair[0]

    def render(self, lang: str, params: Mapping[str, Any]) -> str:
        """The message in a language from the values of a finding (params["kind"] picks the variant)."""
        values = {key: render_value(value, lang) for key, value in params.items()}
        return self.template(lang, params.get("kind", "")).format(**values)

    def placeholders(self, kind: str = "") -> frozenset[str]:
        """The names a variant's templates use (both languages)."""
        return _placeholders(self.messages[kind])

    def check_params(self, params: Mapping[str, Any]) -> None:
        """Fail loudly, when a finding is made, on a variant this rule does not have or a value its
        templates need and were not given (the echoed `value` is always given): a finding always renders."""
        kind = params.get("kind", "")
        if kind not in self.messages:
            raise KeyError(f"rule {self.code} has no message variant {kind!r}")
        missing = self.placeholders(kind) - params.keys() - {"value"}
        if missing:
            raise KeyError(f"rule {self.code} ({kind or 'message'}) needs {', '.join(sorted(missing))}")

    def doc(self, part: str, lang: str) -> str:
        """One part of the rule's documentation (one of DOC_HEADINGS) in `lang` ("vi" or "en")."""
        if part not in DOC_HEADINGS:
            raise KeyError(f"no documentation part {part!r}")
        text: tuple[str, str] = getattr(self, part)
        return text[0 if lang == "vi" else 1]


@cache
def _placeholders(templates: Templates) -> frozenset[str]:
    return frozenset(name for text in templates for _, name, _, _ in Formatter().parse(text) if name)


_REGISTRY: dict[str, Rule] = {}
_LOADED = False


def register(
    code: str,
    *,
    title: Templates,
    message: Templates | Mapping[str, Templates],
    what: Doc,
    why: Doc,
    failing: Doc,
    passing: Doc,
) -> Callable[[Check | None], Any]:
    """Register a rule; used as a decorator on its check, or called with None for a reported-by-loader rule.

    `message` is one (Vietnamese, English) pair of templates, or named variants {kind: (vi, en)} where
    the wording differs by case; a finding picks its variant with the value `kind`."""
    messages = {"": message} if isinstance(message, tuple) else dict(message)

    def wrap(check: Check | None) -> Any:
        if code in _REGISTRY:
            raise RuntimeError(f"rule {code} registered twice")
        _REGISTRY[code] = Rule(code, title, messages, _pair(what), _pair(why), _pair(failing), _pair(passing), check)
        return check

    return wrap


def _load() -> None:
    global _LOADED
    if not _LOADED:
        _LOADED = True
        for name in FAMILY_MODULES:
            importlib.import_module(f"budgetkit.rules.{name}")


def all_rules() -> list[Rule]:
    """Every rule, in catalogue order (F, V, A, C, P, S, X)."""
    _load()
    return sorted(_REGISTRY.values(), key=lambda r: ("FVACPSX".index(r.code[0]), r.code))


def all_codes() -> set[str]:
    """The codes of every rule."""
    _load()
    return set(_REGISTRY)


def get(code: str) -> Rule:
    """The rule with this code; fails loudly on an unknown one."""
    _load()
    try:
        return _REGISTRY[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule {code!r}") from None
