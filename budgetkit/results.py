"""What a run produced, below the rules and every output: each file's result (`FileResult`), the one
count of a run (`run_counts`) and the figures consolidated over the files that passed
(`consolidated_figures`). The rules make results; the formatters and the reports read them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from budgetkit.figures import (
    FIGURE_KEYS,
    add_groups,
    empty_groups,
    pack_figures,
    unpack_figures,
)
from budgetkit.findings import Finding


class FileResult:
    """One file's outcome: what every formatter renders.

    No model is kept, and the figures are kept packed: a national batch holds thousands of these."""

    __slots__ = (
        "_figures",
        "budget_year",
        "cpu_seconds",
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
        # The CPU time its reading took in its worker: what is left of the file's budget for its annotated copy.
        self.cpu_seconds = 0.0

    def __repr__(self) -> str:
        return (
            f"FileResult(path={self.path!r}, kind={self.kind!r}, errors={self.errors}, warnings={self.warnings}, "
            f"cross_errors={self.cross_errors})"
        )

    @property
    def figures(self) -> dict[str, dict[str, dict[str, Decimal]]]:
        """Every amount of FIGURE_KEYS by pillar and spending ({} when the file has no model)."""
        return unpack_figures(self._figures) if self._figures else {}

    @property
    def totals(self) -> dict[str, dict[str, Decimal]]:
        """The estimate by pillar and spending type (zeros when the file has no model)."""
        return unpack_figures(self._figures, ("estimate",))["estimate"] if self._figures else empty_groups()

    @property
    def errors(self) -> int:
        """The file's own errors (the cross-file ones are in all_errors)."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """The file's own warnings."""
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def infos(self) -> int:
        """The file's own notes (severity info)."""
        return sum(1 for f in self.findings if f.severity == "info")

    def add_cross(self, finding: Finding) -> None:
        """Count a cross-file finding (X001-X004) that names this file."""
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
        """The file's warnings, its own and those across files that name it."""
        return self.warnings + self.cross_warnings

    def failed(self, strict: bool = False) -> bool:
        """An error (its own or across files) fails the file; with strict, a warning too."""
        return self.all_errors > 0 or (strict and self.all_warnings > 0)

    @property
    def grand_total(self) -> Decimal:
        """The file's estimate over every pillar and spending type."""
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


def consolidated_figures(results: Sequence[FileResult]) -> dict[str, dict[str, dict[str, Decimal]]]:
    """Group figures summed over the files that passed (the one consolidation, used by every output)."""
    figures = {key: empty_groups() for key in FIGURE_KEYS}
    for result in results:
        if not result.failed() and (own := result.figures):
            for key in figures:
                add_groups(figures[key], own[key])
    return figures
