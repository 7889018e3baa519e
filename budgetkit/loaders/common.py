"""What every loader produces, and the one coercion of raw values into the model (V002-V004, F007)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from budgetkit.findings import Finding, Location, make_finding
from budgetkit.guidance import Pack
from budgetkit.i18n import Digits
from budgetkit.model import AMOUNT_KEYS, BudgetFile
from budgetkit.text import closest, detect_legacy, match_key, neutral, nfc, parse_amount_text, parse_plain_decimal

UNIT_INDEX = -1  # the "line index" under which unit values are flagged
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
    """Where each value of a loaded file sits."""

    def value(self, index: int, key: str) -> Location:
        raise NotImplementedError

    def unit(self, key: str) -> Location:
        raise NotImplementedError

    def explanation(self, index: int, key: str) -> Location:
        raise NotImplementedError


@dataclass
class LoadedFile:
    path: str
    kind: Literal["yaml", "excel"]
    pack: Pack
    model: BudgetFile | None = None
    findings: list[Finding] = field(default_factory=list)
    flagged: set[tuple[int, str]] = field(default_factory=set)
    locator: Locator | None = None
    declared: list[DeclaredTotal] = field(default_factory=list)
    absent_columns: set[str] = field(default_factory=set)
    unit_only: bool = False
    dropped: int = 0  # findings past the pack's limit of findings per file (one F008 says how many)

    def emit(self, code: str, location: Location = Location(), value: Any = None, /, *,
             fixed_severity: str | None = None, **params: Any) -> None:
        """Report a finding while reading (params: its message's values, `kind` its variant)."""
        if len(self.findings) >= self.pack.limits.findings and code != "F008":
            self.dropped += 1  # not even made: a file of 100,000 bad rows costs no more than 1,000 findings
            return
        finding = make_finding(self.pack, code, location, value, fixed_severity=fixed_severity, **params)
        if finding is not None:
            self.findings.append(finding)

    def is_flagged(self, index: int, key: str) -> bool:
        return (index, key) in self.flagged or key in self.absent_columns


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
        # Where the value (index, key) sits; each section sets it (lines, unit, explanations).
        self.locate: Callable[[int, str], Location] = lambda index, key: Location(field=key)

    def _at(self, index: int, key: str, at: Location | None) -> Location:
        """Where a value sits, computed only when a finding needs it."""
        return at if at is not None else self.locate(index, key)

    def _label(self, index: int, key: str) -> str:
        """The value's name as the template shows it: a column header, a unit label, an explanation header."""
        from budgetkit.layout import EXPLANATION_HEADERS, UNIT_LABELS, line_header

        if index == UNIT_INDEX:
            return UNIT_LABELS.get(key, key)
        if index <= -2:
            return EXPLANATION_HEADERS.get(key, key)
        try:
            return line_header(key, self.pack.budget_year)
        except KeyError:
            return key

    def _flag(self, index: int, key: str) -> None:
        self.loaded.flagged.add((index, key))

    def text(self, raw: Raw | None, index: int, key: str, at: Location | None = None) -> str | None:
        if raw is None:
            return None
        if raw.kind == "shape":
            self._flag(index, key)
            self.loaded.emit("V002", self._at(index, key, at), raw.text, kind="shape", key=key, label=self._label(index, key))
            return None
        value, legacy = _clean_text(raw.text)
        if legacy is not None:
            encoding, converted = legacy
            if converted is not None:
                self.loaded.emit("F007", self._at(index, key, at), value, kind="converted", encoding=encoding, converted=converted)
                return converted
            self.loaded.emit("F007", self._at(index, key, at), value, kind="unconverted", encoding=encoding)
        return value

    def amount(self, raw: Raw | None, index: int, key: str, at: Location | None = None) -> Decimal | None:
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
                self.loaded.emit("V004", self._at(index, key, at), raw.text.strip(), **read_as(raw.text.strip(), value))
                return _normal(value)
        self._flag(index, key)
        self.loaded.emit("V003", self._at(index, key, at), raw.text.strip(), key=key, label=self._label(index, key))
        return None

    def year(self, raw: Raw | None, index: int, key: str, at: Location | None = None) -> int | None:
        value = self.amount(raw, index, key, at)
        if value is None:
            return None
        if value != value.to_integral_value():
            self._flag(index, key)
            self.loaded.emit("V003", self._at(index, key, at), raw.text if raw else "", key=key, label=self._label(index, key))
            return None
        return int(value)

    def enum(self, raw: Raw | None, index: int, key: str, enum_name: str) -> str | None:
        value = self.text(raw, index, key)
        if value is None:
            return None
        code = self.enum_forms[enum_name].get(match_key(value))
        if code is None:
            allowed = [f"{v.label} ({v.short})" if v.short and v.short != v.label else v.label for v in self.pack.enums[enum_name].values()]
            candidates = [f for c, v in self.pack.enums[enum_name].items() for f in (c, v.label, v.short, *v.forms)]
            self._v002(index, key, value, allowed, candidates)
        return code

    def yes_no(self, raw: Raw | None, index: int, key: str) -> bool | None:
        """có/không (also x, yes/no, true/false, 1/0, đúng/sai); anything else is V002."""
        value = self.text(raw, index, key) if raw is None or raw.kind != "num" else raw.text
        if value is None:
            return None
        answer = YES_NO.get(match_key(value))
        if answer is None and raw is not None and raw.kind == "num":
            answer = {"1.0": True, "0.0": False}.get(value)
        if answer is None:
            self._v002(index, key, value, ["có", "không"], ["có", "không"])
        return answer

    def category(self, raw: Raw | None, index: int) -> str | None:
        value = self.text(raw, index, "category")
        if value is None:
            return None
        code = self.category_forms.get(match_key(value))
        if code is None:
            allowed = [c.title for c in self.pack.categories.values()]
            candidates = list(self.pack.categories) + allowed
            self._v002(index, "category", value, allowed, candidates, self._renamed_category(value))
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

    def _v002(self, index: int, key: str, value: str, allowed: list[str], candidates: list[str],
              hint: dict[str, Any] | None = None) -> None:
        self._flag(index, key)
        if hint is None:
            near = closest(value, candidates)
            hint = {"kind": "near", "near": near} if near else {}
        self.loaded.emit("V002", self._at(index, key, None), value, key=key, label=self._label(index, key),
                         allowed="; ".join(allowed), **hint)

    def text_list(self, raw: list[Raw] | Raw | None, index: int, key: str) -> list[str]:
        if raw is None:
            return []
        if not isinstance(raw, list) and raw.kind == "shape":
            self.text(raw, index, key)
            return []
        items: list[str] = []
        for part in raw if isinstance(raw, list) else [raw]:
            pieces = [part.text] if isinstance(raw, list) else _LIST_SPLIT[key].split(part.text)
            for piece in pieces:
                text = self.text(Raw("text", piece), index, key)
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


LINE_TEXT_KEYS = ("id", "name", "lead_agency", "approval", "budget_code", "moved_from_sector", "explanation")
LINE_ENUM_KEYS = {"field": "pillar", "spending": "spending", "status": "status", "serves_sector": "sector"}
LINE_KEYS = (
    "id", "name", "field", "spending", "status", "category", "lead_agency", "start_year", "end_year",
    "approval", *AMOUNT_KEYS, "priorities", "indicators", "budget_code", "via_fund", "serves_sector", "moved_from_sector",
    "explanation",
)
UNIT_KEYS = (
    "name", "code", "level", "parent", "province", "recipient", "total_budget_expenditure", "budget_ceiling",
    "prepared_by", "approver", "approver_title", "proposals",
    "letterhead", "place", "abbreviation", "signing_authority", "recipients", "drafting_unit",
    "prior_results", "prior_disbursement", "prior_difficulties", "prior_causes",
)
UNIT_AMOUNT_KEYS = ("total_budget_expenditure", "budget_ceiling")
# The accepted forms of a yes/no column (matching keys), and what they mean.
YES_NO = {"co": True, "x": True, "yes": True, "true": True, "1": True, "dung": True,
          "khong": False, "no": False, "false": False, "0": False, "sai": False}


def build_line(co: Coercer, raw: dict[str, Any], index: int) -> dict[str, Any]:
    """The typed values of one line (None where empty or unreadable)."""
    locator = co.loaded.locator
    assert locator is not None
    co.locate = locator.value
    get = raw.get
    values: dict[str, Any] = {}
    for key in LINE_TEXT_KEYS:
        values[key] = co.text(get(key), index, key)
    if values["budget_code"] is not None:  # "104" and "100 - 104" read as 100-104
        values["budget_code"] = co.pack.read_budget_code(values["budget_code"])
    for key, enum_name in LINE_ENUM_KEYS.items():
        values[key] = co.enum(get(key), index, key, enum_name)
    values["category"] = co.category(get("category"), index)
    for key in ("start_year", "end_year"):
        values[key] = co.year(get(key), index, key)
    for key in AMOUNT_KEYS:
        values[key] = co.amount(get(key), index, key)
    for key in ("priorities", "indicators"):
        values[key] = co.text_list(get(key), index, key)
    values["via_fund"] = co.yes_no(get("via_fund"), index, "via_fund")
    return values


def build_unit(co: Coercer, raw: dict[str, Any]) -> dict[str, Any]:
    locator = co.loaded.locator
    assert locator is not None
    co.locate = lambda _, key: locator.unit(key)
    values: dict[str, Any] = {}
    for key in UNIT_KEYS:
        if key == "level":
            values[key] = co.enum(raw.get(key), UNIT_INDEX, key, "level")
        elif key in UNIT_AMOUNT_KEYS:
            values[key] = co.amount(raw.get(key), UNIT_INDEX, key)
        else:
            values[key] = co.text(raw.get(key), UNIT_INDEX, key)
    return values


def build_explanation(co: Coercer, raw: dict[str, Any], index: int) -> dict[str, Any]:
    locator = co.loaded.locator
    assert locator is not None
    co.locate = lambda flagged_index, key: locator.explanation(-2 - flagged_index, key)
    return {
        "field": co.enum(raw.get("field"), -2 - index, "field", "pillar"),
        "spending": co.enum(raw.get("spending"), -2 - index, "spending", "spending"),
        "text": co.text(raw.get("text"), -2 - index, "text"),
    }


def assemble(
    loaded: LoadedFile,
    year: int | None,
    unit_values: dict[str, Any],
    lines_values: list[dict[str, Any]],
    explanation_values: list[dict[str, Any]],
) -> None:
    """Build the model without re-validating what the coercion already checked (fast, and partial
    values stay visible to the rules)."""
    from budgetkit.model import BudgetLine, Explanation, Level, Pillar, ServedSector, Spending, Status, Unit

    def enum(kind: Any, code: str | None) -> Any:
        return kind(code) if code else None

    lines = []
    for values in lines_values:
        values["field"] = enum(Pillar, values["field"])
        values["spending"] = enum(Spending, values["spending"])
        values["status"] = enum(Status, values["status"])
        values["serves_sector"] = enum(ServedSector, values["serves_sector"])
        lines.append(BudgetLine.build(values))
    unit_values["level"] = enum(Level, unit_values["level"])
    explanations = [
        Explanation.build({"field": enum(Pillar, e["field"]), "spending": enum(Spending, e["spending"]), "text": e["text"]})
        for e in explanation_values
        if e["text"]
    ]
    loaded.model = BudgetFile.build(
        {"budget_year": year, "unit": Unit.build(unit_values), "lines": lines, "explanations": explanations}
    )
