"""Running the rules over a loaded file (the per-file result every output renders is budgetkit.results)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budgetkit.figures import group_sums
from budgetkit.findings import Finding, Location
from budgetkit.guidance import Pack
from budgetkit.layout import line_header
from budgetkit.loaders.common import LoadedFile
from budgetkit.model import BudgetFile, BudgetLine
from budgetkit.rules.registry import all_rules, make_finding


@dataclass
class Context:
    """What a rule sees: the model, the pack, where values sit, and what is already reported."""

    loaded: LoadedFile
    pack: Pack
    model: BudgetFile
    _sums: dict[str, dict[str, dict[str, Decimal]]] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.model.budget_year if self.model.budget_year is not None else self.pack.budget_year

    @property
    def lines(self) -> list[BudgetLine]:
        return self.model.lines

    def at(self, index: int, key: str) -> Location:
        assert self.loaded.locator is not None
        return self.loaded.locator.value(index, key)

    def skip(self, index: int, key: str) -> bool:
        return self.loaded.is_flagged(index, key)

    def label(self, key: str) -> str:
        """The column header a person sees for a key ("Dự toán năm 2026" for estimate)."""
        try:
            return line_header(key, self.year)
        except KeyError:
            return key

    def finding(self, code: str, location: Location = Location(), value: Any = None, /, **ctx: Any) -> Finding | None:
        return make_finding(self.pack, code, location, value, **ctx)

    def group_location(self, pillar: str, spending: str | None = None) -> Location:
        return Location(field=pillar, spending=spending)

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
    if loaded.model is not None:
        ctx = Context(loaded, loaded.pack, loaded.model, sums if sums is not None else {})
        for rule in all_rules():
            if rule.check is None or loaded.pack.severity(rule.code) == "off":
                continue
            for finding in rule.check(ctx):
                if finding is None:
                    continue
                if len(findings) < limit:
                    findings.append(finding)
                else:
                    dropped += 1
    if dropped:  # past the limit of findings per file: one finding says how many were left out
        summary = make_finding(loaded.pack, "F008", Location(),
                               limit_vi=f"hơn {limit} phát hiện; {dropped} phát hiện sau không được liệt kê",
                               limit_en=f"more than {limit} findings; {dropped} further findings are not listed")
        if summary is not None:
            findings.append(summary)
    return findings
