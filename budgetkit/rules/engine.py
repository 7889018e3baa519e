"""Running the rules over a loaded file, and the per-file result every output renders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budgetkit.figures import empty_groups, group_sums, pack_figures, unpack_figures
from budgetkit.findings import Finding, make_finding
from budgetkit.guidance import Pack
from budgetkit.layout import line_header
from budgetkit.loaders.common import LoadedFile, Locator
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

    @property
    def year(self) -> int:
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
        """Where the value `key` of line `index` sits."""
        return self.locator.value(index, key)

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
        try:
            return line_header(key, self.year)
        except KeyError:
            return key

    def finding(self, code: str, location: Location = WHOLE_FILE, value: Any = None, /, **params: Any) -> Finding | None:
        """A finding of this file (None when the pack switches the rule off); params are its message's values."""
        return make_finding(self.pack, code, location, value, **params)

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
        ctx = Context(loaded, loaded.pack, loaded.model, loaded.locator, sums if sums is not None else {})
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
        summary = make_finding(loaded.pack, "F008", WHOLE_FILE, kind="findings", limit=limit, dropped=dropped)
        if summary is not None:
            findings.append(summary)
    return findings


class FileResult:
    """One file's outcome: what every formatter renders.

    No model is kept, and the figures are kept packed: a national batch holds thousands of these."""

    __slots__ = (
        "_figures",
        "budget_year",
        "cross_errors",
        "cross_findings",
        "cross_warnings",
        "findings",
        "kind",
        "path",
        "snapshot",
        "tasks",
        "total_budget_expenditure",
        "unit",
    )

    def __init__(
        self,
        path: str,
        kind: str,
        unit: dict[str, Any] | None,
        budget_year: int | None,
        findings: list[Finding],
        total_budget_expenditure: Decimal | None = None,
        figures: dict[str, dict[str, dict[str, Decimal]]] | None = None,
        tasks: list[tuple[str, str, str, str, str | None]] | None = None,
    ) -> None:
        self.path, self.kind, self.unit, self.budget_year = path, kind, unit, budget_year
        self.findings = findings
        self.total_budget_expenditure = total_budget_expenditure
        # Group sums of every amount (FIGURE_KEYS) for the reports; "" when the file has no model.
        self._figures = pack_figures(figures) if figures else ""
        # The file's tasks, for the cross-file rules: (name key, lead key, name, lead, line id).
        self.tasks: Sequence[tuple[str, str, str, str, str | None]] = tasks or ()
        # Findings across files (X001-X004) that name this file, and their counts: an error fails the file too,
        # and every output counts them with the file's own (one count everywhere).
        self.cross_findings: list[Finding] = []
        self.cross_errors = 0
        self.cross_warnings = 0
        # What a comparison with the previous round needs (compare.Snapshot), when asked for.
        self.snapshot: Any = None

    def __repr__(self) -> str:
        return (f"FileResult(path={self.path!r}, kind={self.kind!r}, errors={self.errors}, warnings={self.warnings}, "
                f"cross_errors={self.cross_errors})")

    @property
    def figures(self) -> dict[str, dict[str, dict[str, Decimal]]]:
        return unpack_figures(self._figures) if self._figures else {}

    @property
    def totals(self) -> dict[str, dict[str, Decimal]]:
        """The estimate by pillar and spending type (zeros when the file has no model)."""
        return unpack_figures(self._figures, ("estimate",))["estimate"] if self._figures else empty_groups()

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def infos(self) -> int:
        return sum(1 for f in self.findings if f.severity == "info")

    def add_cross(self, finding: Finding) -> None:
        self.cross_findings.append(finding)
        if finding.severity == "error":
            self.cross_errors += 1
        elif finding.severity == "warning":
            self.cross_warnings += 1

    @property
    def all_errors(self) -> int:
        """The file's errors, its own and those across files that name it."""
        return self.errors + self.cross_errors

    @property
    def all_warnings(self) -> int:
        return self.warnings + self.cross_warnings

    def failed(self, strict: bool = False) -> bool:
        return self.all_errors > 0 or (strict and self.all_warnings > 0)

    @property
    def grand_total(self) -> Decimal:
        return sum((v for group in self.totals.values() for v in group.values()), Decimal(0))


def run_counts(results: Sequence[FileResult], cross: Sequence[Finding] = ()) -> dict[str, int]:
    """The one count of a run, used by every output: each file's findings (its own and the cross-file ones
    that name it, as in its row), plus the cross-file findings that name no file of the run (X004 for a
    unit without a file). The total is the sum of the per-file column plus those."""
    named = {r.path for r in results}
    counts = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        for finding in result.findings:
            counts[finding.severity] += 1
        for finding in result.cross_findings:
            counts[finding.severity] += 1
    for finding in cross:
        if not any(path in named for path in finding.files):
            counts[finding.severity] += 1
    return counts
