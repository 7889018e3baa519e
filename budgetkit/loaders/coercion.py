"""What every loader produces, and the one coercion of raw values into the model (V002-V004, F007)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from budgetkit.findings import Finding, make_finding
from budgetkit.guidance import Pack
from budgetkit.i18n import Digits
from budgetkit.locations import (
    UNIT,
    WHOLE_FILE,
    ExplanationRef,
    LineRef,
    Location,
    Owner,
    UnitRef,
)
from budgetkit.model import (
    AMOUNT_KEYS,
    ENUMS,
    LINE_KEYS,  # noqa: F401 - the loaders', compare's and convert's list of line keys
    LIST_KEYS,
    UNIT_AMOUNT_KEYS,
    UNIT_KEYS,
    YEAR_KEYS,
    BudgetLine,
    Level,
    PartialExplanation,
    PartialFile,
    PartialLine,
    PartialUnit,
    Pillar,
    Spending,
    Unit,
    enum_name,
    keys_of,
)
from budgetkit.normalize import (
    closest,
    detect_legacy,
    match_key,
    neutral,
    nfc,
    parse_amount_text,
    parse_plain_decimal,
)

# No amount (million dong) or year has 19 digits before the point: a larger number is not read (V003),
# so that sums stay exact within Decimal's 28 digits.
AMOUNT_MAX = Decimal(10) ** 18


class Raw(NamedTuple):
    """A value as the source holds it: a number cell or YAML number ("num"), text ("text"), another
    scalar ("other"), or a YAML list or mapping where one value is expected ("shape").

    A named tuple, not a dataclass: one is made for every cell of a workbook."""

    kind: Literal["num", "text", "other", "shape"]
    text: str


@dataclass
class DeclaredTotal:
    """A total row or a heading's subtotal in a workbook (checked by A004)."""

    kind: Literal["total", "roman", "heading"]
    name: str
    row: int
    amounts: dict[str, tuple[Decimal, str]]  # key -> (value, column letter)
    line_indices: list[int] = field(default_factory=list)


class Locator:
    """Where each value of a loaded file sits: each loader's locator makes its own kind of Location."""

    def value(self, index: int, key: str) -> Location:
        """The value `key` of the model's line `index`."""
        raise NotImplementedError

    def unit(self, key: str) -> Location:
        """The unit's value `key` (and the budget year)."""
        raise NotImplementedError

    def explanation(self, index: int, key: str) -> Location:
        """The value `key` of the source's explanation `index`."""
        raise NotImplementedError

    def heading(self, row: int, key: str) -> Location:
        """The amount `key` of a heading or total row (workbooks only)."""
        raise NotImplementedError

    def at(self, owner: Owner, key: str) -> Location:
        """Where the value `key` of `owner` sits."""
        if isinstance(owner, LineRef):
            return self.value(owner.index, key)
        if isinstance(owner, UnitRef):
            return self.unit(key)
        if isinstance(owner, ExplanationRef):
            return self.explanation(owner.index, key)
        return self.heading(owner.row, key)


@dataclass
class LoadedFile:
    """What a loader gives the rules: the model as far as it could be read, its findings, and where each value sits."""

    path: str
    kind: Literal["yaml", "excel"]
    pack: Pack
    model: PartialFile | None = None  # what could be read (None when the file could not be read at all)
    findings: list[Finding] = field(default_factory=list)
    # The values that could not be read (already reported): a rule does not report them again.
    flagged: set[tuple[Owner, str]] = field(default_factory=set)
    locator: Locator | None = None
    declared: list[DeclaredTotal] = field(default_factory=list)
    absent_columns: set[str] = field(default_factory=set)
    unit_only: bool = False
    dropped: int = 0  # findings past the pack's limit of findings per file (one F008 says how many)
    # Whether a budget year is another pack's (set by loaders.load for its first reading): a workbook whose
    # unit sheet names such a year stops there, restart_year set, and is read again under its pack - its
    # lines are read once, not twice (one file's CPU budget).
    other_pack: Callable[[int], bool] | None = None
    restart_year: int | None = None

    @property
    def full(self) -> bool:
        """The file has all the findings the pack's limit allows: the next ones are only counted."""
        return len(self.findings) >= self.pack.limits.findings

    def emit(
        self, code: str, location: Location = WHOLE_FILE, value: Any = None, /, *, fixed_severity: str | None = None, **params: Any
    ) -> None:
        """Report a finding while reading (params: its message's values, `kind` its variant)."""
        if code != "F008" and self.full:
            self.dropped += 1  # not even made: a file of 100,000 bad rows costs no more than 1,000 findings
            return
        finding = make_finding(self.pack, code, location, value, fixed_severity=fixed_severity, **params)
        if finding is not None:
            self.findings.append(finding)


_TEXT_MEMO: dict[str, tuple[str | None, tuple[str, str | None] | None]] = {}
_TEXT_MEMO_SIZE = 512
_NUMBER_MEMO: dict[str, Decimal] = {}  # a number cell's text -> its amount (Decimals are immutable)


def _clean_text(text: str) -> tuple[str | None, tuple[str, str | None] | None]:
    """(NFC text stripped or None when empty, its legacy-encoding reading or None), remembered: the same
    names and codes come back on every line and in every file of a batch. The memo is bounded."""
    hit = _TEXT_MEMO.get(text)
    if hit is None:
        value = neutral(nfc(text).strip())  # controls and bidi characters shown escaped in every output
        hit = (value or None, detect_legacy(value) if value and not value.isascii() else None)
        if len(_TEXT_MEMO) >= _TEXT_MEMO_SIZE:
            _TEXT_MEMO.clear()
        _TEXT_MEMO[text] = hit
    return hit


_LIST_SPLIT = {"priorities": re.compile(r"[;\n,]"), "indicators": re.compile(r"[;\n]")}


class Coercer:
    """Turns raw values into typed ones, reporting what cannot be read (once per value)."""

    def __init__(self, loaded: LoadedFile, text_numbers_warn: bool) -> None:
        self.loaded = loaded
        self.pack = loaded.pack
        # Excel: any amount typed as text is V004. YAML: a quoted plain decimal is a normal amount.
        self.text_numbers_warn = text_numbers_warn
        # The pack's look-ups, fetched once per file (they are asked for every line).
        self.enum_forms, self.category_forms, self.priority_forms = self.pack.coercion_lookups()

    def _at(self, owner: Owner, key: str, at: Location | None) -> Location:
        """Where a value sits, computed only when a finding needs it (by the loader's locator)."""
        if at is not None:
            return at
        if self.loaded.full:  # past the limit of findings: the finding is only counted, its place unused
            return WHOLE_FILE
        locator = self.loaded.locator
        if locator is None:  # pragma: no cover - every loader sets its locator before coercing
            raise RuntimeError("no locator set before reading values")
        return locator.at(owner, key)

    def _label(self, owner: Owner, key: str) -> str:
        """The value's name as the template shows it: a column header, a unit label, an explanation header."""
        from budgetkit.input_layout import EXPLANATION_HEADERS, UNIT_LABELS, line_header

        if self.loaded.full:  # past the limit of findings: the label would not be shown
            return key
        if isinstance(owner, UnitRef):
            return UNIT_LABELS.get(key, key)
        if isinstance(owner, ExplanationRef):
            return EXPLANATION_HEADERS.get(key, key)
        try:
            return line_header(key, self.pack.budget_year)
        except KeyError:
            return key

    def _flag(self, owner: Owner, key: str) -> None:
        self.loaded.flagged.add((owner, key))

    def text(self, raw: Raw | None, owner: Owner, key: str, at: Location | None = None) -> str | None:
        """A text, NFC and stripped (None when empty); V002 for a list or mapping, F007 for a legacy encoding."""
        if raw is None:
            return None
        if raw.kind == "shape":
            self._flag(owner, key)
            self.loaded.emit("V002", self._at(owner, key, at), raw.text, kind="shape", key=key, label=self._label(owner, key))
            return None
        value, legacy = _clean_text(raw.text)
        if legacy is not None:
            encoding, converted = legacy
            if converted is not None:
                self.loaded.emit("F007", self._at(owner, key, at), value, kind="converted", encoding=encoding, converted=converted)
                return converted
            self.loaded.emit("F007", self._at(owner, key, at), value, kind="unconverted", encoding=encoding)
        return value

    def amount(self, raw: Raw | None, owner: Owner, key: str, at: Location | None = None) -> Decimal | None:
        """An amount (None when empty); V004 for a number typed as text, V003 (flagged) when it is no number."""
        if raw is None or (raw.kind == "text" and not raw.text.strip()):
            return None
        if raw.kind == "num":  # written by a program: Decimal's own syntax ("700.0", "1.5E+3")
            known = _NUMBER_MEMO.get(raw.text)
            if known is not None:
                return known
            try:
                value = Decimal(raw.text)
            except ArithmeticError:
                value = None
            if value is not None and value.is_finite() and abs(value) < AMOUNT_MAX:
                if len(_NUMBER_MEMO) >= _TEXT_MEMO_SIZE:
                    _NUMBER_MEMO.clear()
                value = _NUMBER_MEMO[raw.text] = _normal(value)
                return value
        elif raw.kind == "text":
            if not self.text_numbers_warn:
                plain = parse_plain_decimal(raw.text)
                if plain is not None and abs(plain) < AMOUNT_MAX:
                    return _normal(plain)
            value = parse_amount_text(raw.text)
            if value is not None and abs(value) < AMOUNT_MAX:
                self.loaded.emit("V004", self._at(owner, key, at), raw.text.strip(), **read_as(raw.text.strip(), value))
                return _normal(value)
        self._flag(owner, key)
        self.loaded.emit("V003", self._at(owner, key, at), raw.text.strip(), key=key, label=self._label(owner, key))
        return None

    def year(self, raw: Raw | None, owner: Owner, key: str, at: Location | None = None) -> int | None:
        """A year: a whole number (V003, flagged, otherwise)."""
        value = self.amount(raw, owner, key, at)
        if value is None:
            return None
        if value != value.to_integral_value():
            self._flag(owner, key)
            self.loaded.emit("V003", self._at(owner, key, at), raw.text if raw else "", key=key, label=self._label(owner, key))
            return None
        return int(value)

    def enum(self, raw: Raw | None, owner: Owner, key: str, enum_name: str) -> str | None:
        """The code of a value of the pack's vocabulary `enum_name` (V002, flagged, for another value)."""
        value = self.text(raw, owner, key)
        if value is None:
            return None
        code = self.enum_forms[enum_name].get(match_key(value))
        if code is None:
            allowed = [f"{v.label} ({v.short})" if v.short and v.short != v.label else v.label for v in self.pack.enums[enum_name].values()]
            candidates = [f for c, v in self.pack.enums[enum_name].items() for f in (c, v.label, v.short, *v.forms)]
            self._v002(owner, key, value, allowed, candidates)
        return code

    def yes_no(self, raw: Raw | None, owner: Owner, key: str) -> bool | None:
        """có/không (also x, yes/no, true/false, 1/0, đúng/sai); anything else is V002."""
        value = self.text(raw, owner, key) if raw is None or raw.kind != "num" else raw.text
        if value is None:
            return None
        answer = YES_NO.get(match_key(value))
        if answer is None and raw is not None and raw.kind == "num":
            answer = {"1.0": True, "0.0": False}.get(value)
        if answer is None:
            self._v002(owner, key, value, ["có", "không"], ["có", "không"])
        return answer

    def category(self, raw: Raw | None, owner: Owner) -> str | None:
        """The code of a category of the pack (V002, flagged, for another, with the crosswalk's hint)."""
        value = self.text(raw, owner, "category")
        if value is None:
            return None
        code = self.category_forms.get(match_key(value))
        if code is None:
            allowed = [c.title for c in self.pack.categories.values()]
            candidates = list(self.pack.categories) + allowed
            self._v002(owner, "category", value, allowed, candidates, self._renamed_category(value))
        return code

    def _renamed_category(self, value: str) -> dict[str, Any] | None:
        """The hint for a category of the previous year's pack that this pack renamed (its crosswalk):
        V002's variant and values."""
        crosswalk = self.pack.crosswalk
        if crosswalk is None:
            return None
        key = match_key(value)
        entry = next((e for old, e in crosswalk.categories.items() if match_key(old) == key), None)
        if entry is None:
            return None
        hint: dict[str, Any] = {"kind": "renamed", "from_year": crosswalk.from_year, "new": ", ".join(entry.to)}
        if entry.check:
            hint.update(kind="renamed_check", check=entry.check)
        return hint

    def _v002(
        self, owner: Owner, key: str, value: str, allowed: list[str], candidates: list[str], hint: dict[str, Any] | None = None
    ) -> None:
        self._flag(owner, key)
        if hint is None:
            near = closest(value, candidates)
            hint = {"kind": "near", "near": near} if near else {}
        self.loaded.emit(
            "V002", self._at(owner, key, None), value, key=key, label=self._label(owner, key), allowed="; ".join(allowed), **hint
        )

    def text_list(self, raw: list[Raw] | Raw | None, owner: Owner, key: str) -> list[str]:
        """A list of texts: a YAML list, or a cell's text split at the list's separators; priority codes
        read through the pack's forms."""
        if raw is None:
            return []
        if not isinstance(raw, list) and raw.kind == "shape":
            self.text(raw, owner, key)
            return []
        items: list[str] = []
        for part in raw if isinstance(raw, list) else [raw]:
            pieces = [part.text] if isinstance(raw, list) else _LIST_SPLIT[key].split(part.text)
            for piece in pieces:
                text = self.text(Raw("text", piece), owner, key)
                if text:
                    items.append(text)
        if key == "priorities":
            items = [self.priority_forms.get(match_key(item), item) for item in items]
        return items


_GROUPED_DOT = re.compile(r"[+-]?\d{1,3}(\.\d{3})+")


def read_as(text: str, value: Decimal) -> dict[str, Any]:
    """How a number typed as text was read (V004's variant and values), said so it cannot be misread: the
    digits without separators ("1.234" -> "1234 triệu đồng"), whether the dots were read as thousands
    separators, and, when a dot could have been meant as the decimal mark, what to type instead."""
    read = Digits(_normal(value))
    if not _GROUPED_DOT.fullmatch(nfc(text).strip()):
        return {"read": read}
    if text.count(".") == 1:
        return {"kind": "grouped_or_decimal", "read": read, "other": text.strip().replace(".", ",", 1)}
    return {"kind": "grouped", "read": read}


def _normal(value: Decimal) -> Decimal:
    """Drop a float's trailing noise-free zeros: 250.0 -> 250, keep 0.125."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# What the loaders read, from the model's fields (budgetkit.model: the one list of fields).
# The category is text coerced through the pack's categories, not as plain text.
LINE_TEXT_KEYS = tuple(k for k in keys_of(BudgetLine, "text") if k != "category")
LINE_ENUM_KEYS = {k: enum_name(BudgetLine.model_fields[k]) for k in keys_of(BudgetLine, "enum")}
UNIT_ENUM_KEYS = {k: enum_name(Unit.model_fields[k]) for k in keys_of(Unit, "enum")}
# The accepted forms of a yes/no column (matching keys), and what they mean.
YES_NO = {
    "co": True,
    "x": True,
    "yes": True,
    "true": True,
    "1": True,
    "dung": True,
    "khong": False,
    "no": False,
    "false": False,
    "0": False,
    "sai": False,
}


def build_line(co: Coercer, raw: dict[str, Any], index: int) -> dict[str, Any]:
    """The typed values of the model's line `index` (None where empty or unreadable)."""
    owner = LineRef(index)
    get = raw.get
    values: dict[str, Any] = {}
    for key in LINE_TEXT_KEYS:
        values[key] = co.text(get(key), owner, key)
    if values["budget_code"] is not None:  # "104" and "100 - 104" read as 100-104
        values["budget_code"] = co.pack.read_budget_code(values["budget_code"])
    for key, vocabulary in LINE_ENUM_KEYS.items():
        values[key] = co.enum(get(key), owner, key, vocabulary)
    values["category"] = co.category(get("category"), owner)
    for key in YEAR_KEYS:
        values[key] = co.year(get(key), owner, key)
    for key in AMOUNT_KEYS:
        values[key] = co.amount(get(key), owner, key)
    for key in LIST_KEYS:
        values[key] = co.text_list(get(key), owner, key)
    values["via_fund"] = co.yes_no(get("via_fund"), owner, "via_fund")
    return values


def build_unit(co: Coercer, raw: dict[str, Any]) -> dict[str, Any]:
    """The typed values of the unit (None where empty or unreadable)."""
    values: dict[str, Any] = {}
    for key in UNIT_KEYS:
        if key in UNIT_ENUM_KEYS:
            values[key] = co.enum(raw.get(key), UNIT, key, UNIT_ENUM_KEYS[key])
        elif key in UNIT_AMOUNT_KEYS:
            values[key] = co.amount(raw.get(key), UNIT, key)
        else:
            values[key] = co.text(raw.get(key), UNIT, key)
    return values


def build_explanation(co: Coercer, raw: dict[str, Any], index: int) -> dict[str, Any]:
    """The typed values of the source's explanation `index`."""
    owner = ExplanationRef(index)
    return {
        "field": co.enum(raw.get("field"), owner, "field", "pillar"),
        "spending": co.enum(raw.get("spending"), owner, "spending", "spending"),
        "text": co.text(raw.get("text"), owner, "text"),
    }


def assemble(
    loaded: LoadedFile,
    year: int | None,
    unit_values: dict[str, Any],
    lines_values: list[dict[str, Any]],
    explanation_values: list[dict[str, Any]],
) -> None:
    """The partial model of what was read (loaded.model): the coercion already typed every value; each
    part records which of its values could not be read."""
    unreadable: dict[Owner, set[str]] = {}
    for owner, key in loaded.flagged:
        unreadable.setdefault(owner, set()).add(key)
    absent = frozenset(loaded.absent_columns)
    lines = []
    for index, values in enumerate(lines_values):
        for key, kind in _ENUM_CLASSES.items():
            code = values[key]
            values[key] = kind(code) if code else None
        flagged = unreadable.get(LineRef(index))
        lines.append(PartialLine(**values, unreadable=absent | flagged if flagged else absent))
    level = unit_values["level"]
    unit_values["level"] = Level(level) if level else None
    explanations = [
        PartialExplanation(Pillar(e["field"]) if e["field"] else None, Spending(e["spending"]) if e["spending"] else None, e["text"])
        for e in explanation_values
        if e["text"]
    ]
    unit = PartialUnit(**unit_values, unreadable=frozenset(unreadable.get(UNIT, ())))
    loaded.model = PartialFile(year, unit, lines, explanations)


_ENUM_CLASSES = {key: ENUMS[vocabulary] for key, vocabulary in LINE_ENUM_KEYS.items()}
