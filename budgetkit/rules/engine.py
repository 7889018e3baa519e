"""Running the rules over a loaded file (the per-file result every output renders is budgetkit.results)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budgetkit.figures import group_sums
from budgetkit.findings import Finding, make_finding
from budgetkit.guidance import Pack
from budgetkit.input_layout import line_header
from budgetkit.loaders.coercion import LoadedFile, Locator
from budgetkit.locations import WHOLE_FILE, Group, Location
from budgetkit.model import PartialFile, PartialLine, PartialUnit
from budgetkit.rules.registry import all_rules


@dataclass
class Context:
    """What a rule sees: the file as read, the pack, and where each value sits.

    A rule reads the partial model (budgetkit.model.PartialFile): a value may be empty, and a value that
    could not be read is None and listed in its part's `unreadable` (it was reported while reading). A
    rule about a value's absence asks `line.missing(key)`; a rule that needs a value checks it is there."""

    loaded: LoadedFile
    pack: Pack
    model: PartialFile
    locator: Locator
    _sums: dict[str, dict[str, dict[str, Decimal]]] = field(default_factory=dict)
    room: int = 1 << 62  # findings the file may still get (the pack's limit less those already made)
    dropped: int = 0  # findings past that limit: counted, never made
    _off: dict[str, bool] = field(default_factory=dict)

    @property
    def year(self) -> int:
        """The budget year: the file's, else the pack's."""
        return self.model.budget_year if self.model.budget_year is not None else self.pack.budget_year

    @property
    def lines(self) -> list[PartialLine]:
        """The lines as read, in order (a line's index is its place here)."""
        return self.model.lines

    @property
    def unit(self) -> PartialUnit:
        """The unit as read."""
        return self.model.unit

    def at(self, index: int, key: str) -> Location:
        """Where the value `key` of line `index` sits (not looked up past the limit of findings: unused)."""
        return self.locator.value(index, key) if self.room > 0 else WHOLE_FILE

    def unit_at(self, key: str) -> Location:
        """Where the unit's value `key` (or the budget year) sits."""
        return self.locator.unit(key)

    def with_estimate(self) -> list[tuple[PartialLine, Decimal]]:
        """The lines whose estimate was read, each with it (never None)."""
        return [(line, line.estimate) for line in self.model.lines if line.estimate is not None]

    def unit_missing(self, key: str) -> bool:
        """The unit's value `key` (or the budget year) is not in the file: empty, not unreadable."""
        value = self.model.budget_year if key == "budget_year" else getattr(self.model.unit, key)
        return value is None and key not in self.model.unit.unreadable

    def label(self, key: str) -> str:
        """The column header a person sees for a key ("Dự toán năm 2026" for estimate)."""
        if self.room <= 0:  # past the limit of findings: the label would not be shown
            return key
        try:
            return line_header(key, self.year)
        except KeyError:
            return key

    def finding(self, code: str, location: Location = WHOLE_FILE, value: Any = None, /, **params: Any) -> Finding | None:
        """A finding of this file (None when the pack switches the rule off); params are its message's values.

        Past the pack's limit of findings per file it is only counted (None): a file of 100,000 bad rows
        costs no more than its first 1,000 findings."""
        if self.room <= 0:
            off = self._off.get(code)
            if off is None:
                off = self._off[code] = self.pack.severity(code) == "off"
            if not off:
                self.dropped += 1
            return None
        finding = make_finding(self.pack, code, location, value, **params)
        if finding is not None:
            self.room -= 1
        return finding

    def group_location(self, pillar: str, spending: str | None = None) -> Location:
        """A group of lines: a pillar, or a pillar and a spending type."""
        return Group(pillar, spending)

    def group_sums(self, key: str = "estimate") -> dict[str, dict[str, Decimal]]:
        """Sums of one amount by pillar x spending, computed once per file for every rule that asks."""
        if key not in self._sums:
            self._sums[key] = group_sums(self.model.lines, key)
        return self._sums[key]


def run_rules(loaded: LoadedFile, sums: dict[str, dict[str, dict[str, Decimal]]] | None = None) -> list[Finding]:
    """The loader's findings, then every enabled rule's, in catalogue order.

    sums: group sums the caller already computed (or wants filled), shared with the rules."""
    findings = list(loaded.findings)
    limit = loaded.pack.limits.findings
    dropped = loaded.dropped
    if loaded.model is not None and loaded.locator is not None:  # a loader that made a model located its values
        ctx = Context(loaded, loaded.pack, loaded.model, loaded.locator, sums if sums is not None else {}, room=limit - len(findings))
        for rule in all_rules():
            if rule.check is None or loaded.pack.severity(rule.code) == "off":
                continue
            findings.extend(finding for finding in rule.check(ctx) if finding is not None)
        dropped += ctx.dropped
    if dropped:  # past the limit of findings per file: one finding says how many were left out
        summary = make_finding(loaded.pack, "F008", WHOLE_FILE, kind="findings", limit=limit, dropped=dropped)
        if summary is not None:
            findings.append(summary)
    return findings
