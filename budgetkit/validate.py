"""The library entry point: check files and build the documented report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetkit import __version__
from budgetkit.figures import empty_groups, group_sums
from budgetkit.findings import Finding
from budgetkit.guidance import Guidance
from budgetkit.i18n import plain_decimal
from budgetkit.loaders import load
from budgetkit.rules.engine import FileResult, run_rules
from budgetkit.text import match_key

FIGURE_KEYS = ("prior_estimate", "prior_expected", "estimate", "other_sources")


def check_file(path: str | Path, guidance: Guidance, display: str | None = None, with_tasks: bool = False) -> FileResult:
    """Load one file and run every rule; bad input becomes findings, never an exception.

    with_tasks keeps each task's matching keys for the cross-file rules (batch)."""
    loaded = load(path, guidance, display)
    model = loaded.model
    figures: dict[str, dict[str, dict[str, Decimal]]] = {}
    if model is not None:
        figures = {key: group_sums(model.lines, key) for key in FIGURE_KEYS}
    findings = run_rules(loaded, figures)
    unit = None
    tasks: list[tuple[str, str, str, str, str | None]] = []
    totals = empty_groups()
    total_expenditure = None
    year = None
    if model is not None:
        unit = {
            "name": model.unit.name,
            "code": model.unit.code,
            "level": model.unit.level.value if model.unit.level is not None else None,
        }
        totals = figures["estimate"]
        total_expenditure = model.unit.total_budget_expenditure
        year = model.budget_year
        tasks = [
            (match_key(line.name), match_key(line.lead_agency or ""), line.name, line.lead_agency or "", line.id)
            for line in model.lines
            if with_tasks and line.is_task and line.name
        ]
    return FileResult(
        path=display or str(path), kind=loaded.kind, unit=unit, budget_year=year, totals=totals,
        findings=findings, total_budget_expenditure=total_expenditure, figures=figures, tasks=tasks,
    )


def file_record(result: FileResult, lang: str = "vi") -> dict[str, Any]:
    return {
        "path": result.path,
        "status": "failed" if result.failed() else "passed",
        "unit": result.unit,
        "totals": {p: {s: plain_decimal(v) for s, v in g.items()} for p, g in result.totals.items()},
        "findings": [f.as_record(lang) for f in result.findings],
    }


def build_report(
    results: Sequence[FileResult],
    guidance_info: dict[str, Any],
    lang: str = "vi",
    cross_file: Iterable[Finding] = (),
    skipped: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The JSON report of cli-and-outputs.md, exactly."""
    cross = list(cross_file)
    files = [file_record(r, lang) for r in results]
    all_findings = [f for r in results for f in r.findings] + cross
    report: dict[str, Any] = {
        "tool": {"name": "budgetkit", "version": __version__},
        "guidance": guidance_info,
        "files": files,
        "cross_file": [f.as_record(lang) for f in cross],
        "summary": {
            "files": len(files),
            "passed": sum(1 for f in files if f["status"] == "passed"),
            "failed": sum(1 for f in files if f["status"] == "failed"),
            "errors": sum(1 for f in all_findings if f.severity == "error"),
            "warnings": sum(1 for f in all_findings if f.severity == "warning"),
            "infos": sum(1 for f in all_findings if f.severity == "info"),
        },
    }
    if skipped is not None:
        report["skipped"] = skipped
    return report


def guidance_info_for(results: Sequence[FileResult], guidance: Guidance) -> dict[str, Any]:
    """The pack the run used: the files' budget year when they share one, else the latest."""
    years = {r.budget_year for r in results if r.budget_year is not None}
    pack = guidance.pack(years.pop() if len(years) == 1 else None)
    return pack.info
