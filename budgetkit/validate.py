"""The library entry point: check files and build the documented report."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from budgetkit import __version__
from budgetkit.figures import FIGURE_KEYS, group_sums
from budgetkit.findings import Finding
from budgetkit.guidance import Guidance
from budgetkit.i18n import plain_decimal
from budgetkit.loaders import load
from budgetkit.loaders.common import LoadedFile
from budgetkit.rules.engine import FileResult, run_counts, run_rules
from budgetkit.text import match_key

def check_file(path: str | Path, guidance: Guidance, display: str | None = None, with_tasks: bool = False,
               with_snapshot: bool = False) -> FileResult:
    """Load one file and run every rule; bad input becomes findings, never an exception.

    with_tasks keeps each task's matching keys for the cross-file rules (batch); with_snapshot keeps
    what a comparison with another round needs (compare.py)."""
    return check_loaded(load(path, guidance, display), path, with_tasks, with_snapshot)


def check_loaded(loaded: LoadedFile, path: str | Path, with_tasks: bool = False, with_snapshot: bool = False,
                 findings: list[Finding] | None = None) -> FileResult:
    """The result of a file already loaded; its rules are run here unless their findings are given."""
    display = loaded.path
    model = loaded.model
    figures: dict[str, dict[str, dict[str, Decimal]]] = {}
    if model is not None:
        figures = {key: group_sums(model.lines, key) for key in FIGURE_KEYS}
    if findings is None:
        findings = run_rules(loaded, figures)
    unit = None
    tasks: list[tuple[str, str, str, str, str | None]] = []
    total_expenditure = None
    year = None
    if model is not None:
        unit = {
            "name": model.unit.name,
            "code": model.unit.code,
            "level": model.unit.level.value if model.unit.level is not None else None,
        }
        total_expenditure = model.unit.total_budget_expenditure
        year = model.budget_year
        tasks = [
            (match_key(line.name), match_key(line.lead_agency or ""), line.name, line.lead_agency or "", line.id)
            for line in model.lines
            if with_tasks and line.is_task and line.name
        ]
    result = FileResult(
        path=display or str(path), kind=loaded.kind, unit=unit, budget_year=year,
        findings=findings, total_budget_expenditure=total_expenditure, figures=figures, tasks=tasks,
    )
    if with_snapshot:
        from budgetkit.compare import file_digest, snapshot_of

        result.snapshot = snapshot_of(loaded, file_digest(path))
    return result


def load_isolated(paths: Sequence[str | Path], guidance: Guidance, unit_only: bool = False,
                  loader_only: bool = False, snapshots: bool = False) -> list[tuple[Any, list[Finding], FileResult | None]]:
    """(model or None, findings, result or None) of each file, each read in an isolated worker
    (budgetkit.isolation): the findings are every rule's, or the loader's alone (loader_only, or a
    unit-only file); the result (with its snapshot) only when snapshots. A file that breaks a limit or
    aborts the reader is (None, [its F008/F001], None) and the others are read."""
    from budgetkit.isolation import Breach, breach_finding, run_isolated

    names = [str(p) for p in paths]

    def work(number: int) -> tuple[Any, list[Finding], FileResult | None]:
        loaded = load(names[number], guidance, names[number], unit_only=unit_only)
        findings = list(loaded.findings) if unit_only or loader_only else run_rules(loaded)
        result = check_loaded(loaded, names[number], with_snapshot=True, findings=findings) if snapshots else None
        return loaded.model, findings, result

    pack = guidance.pack(None)
    out: list[tuple[Any, list[Finding], FileResult | None]] = []
    for outcome in run_isolated(work, range(len(names)), pack.limits, 1):
        if isinstance(outcome, Breach):
            finding = breach_finding(outcome, pack)
            outcome = (None, [finding] if finding is not None else [], None)
        out.append(outcome)
    return out


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
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON report of cli-and-outputs.md, exactly (with `previous`, the comparison with the previous
    round of batch --previous: docs/diff.md)."""
    return _report(results, [file_record(r, lang) for r in results], guidance_info, lang, list(cross_file), skipped, previous)


def write_report(
    out: TextIO,
    results: Sequence[FileResult],
    guidance_info: dict[str, Any],
    lang: str = "vi",
    cross_file: Iterable[Finding] = (),
    skipped: list[dict[str, str]] | None = None,
    previous: dict[str, Any] | None = None,
) -> None:
    """The report of build_report, as JSON text (indented by 2) written one file record at a time: a
    national batch never holds the whole report in memory."""
    report = _report(results, _FILES_MARK, guidance_info, lang, list(cross_file), skipped, previous)
    before, after = json.dumps(report, ensure_ascii=False, indent=2).split(json.dumps(_FILES_MARK), 1)
    out.write(before)
    if not results:
        out.write("[]")
    else:
        out.write("[")
        for number, result in enumerate(results):
            record = json.dumps(file_record(result, lang), ensure_ascii=False, indent=2)
            out.write(("," if number else "") + "\n    " + record.replace("\n", "\n    "))
        out.write("\n  ]")
    out.write(after + "\n")


_FILES_MARK = "\x00files\x00"


def _report(
    results: Sequence[FileResult],
    files: Any,
    guidance_info: dict[str, Any],
    lang: str,
    cross: list[Finding],
    skipped: list[dict[str, str]] | None,
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The report, in its documented key order, with `files` as given (the records, or a mark to stream)."""
    failed = sum(1 for r in results if r.failed())
    counts = run_counts(results, cross)
    report: dict[str, Any] = {
        "tool": {"name": "budgetkit", "version": __version__},
        "guidance": guidance_info,
        "files": files,
        "cross_file": [f.as_record(lang) for f in cross],
        "summary": {
            "files": len(results),
            "passed": len(results) - failed,
            "failed": failed,
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
        },
    }
    if skipped is not None:
        report["skipped"] = skipped
    if previous is not None:
        report["previous"] = previous
    return report


def guidance_info_for(results: Sequence[FileResult], guidance: Guidance) -> dict[str, Any]:
    """The pack the run used: the files' budget year when they share one, else the latest."""
    years = {r.budget_year for r in results if r.budget_year is not None}
    pack = guidance.pack(years.pop() if len(years) == 1 else None)
    return pack.info
