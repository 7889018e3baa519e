"""The library entry point: check a file (load it, run every rule: its `FileResult`), check files in
isolated workers (`check_files`; `run_validate`, what `validate` and serve run), load files in isolated
workers, and compare two rounds of one unit's file. The outputs render what these return (the JSON report
is budgetkit.outputs.json_report)."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetkit.compare import (
    Comparison,
    NotComparable,
    check_comparable,
    compare,
    file_digest,
    snapshot_of,
)
from budgetkit.figures import FIGURE_KEYS, group_sums
from budgetkit.findings import Finding
from budgetkit.guidance import Guidance, Pack, run_pack
from budgetkit.loaders import load
from budgetkit.loaders.coercion import LoadedFile
from budgetkit.normalize import match_key, shown_path
from budgetkit.results import FileResult
from budgetkit.rules.engine import run_rules


def check_file(
    path: str | Path, guidance: Guidance, display: str | None = None, with_tasks: bool = False, with_snapshot: bool = False
) -> FileResult:
    """Load one file and run every rule; bad input becomes findings, never an exception.

    with_tasks keeps each task's matching keys for the cross-file rules (batch); with_snapshot keeps
    what a comparison with another round needs (compare.py)."""
    return check_loaded(load(path, guidance, display), path, with_tasks, with_snapshot)


def check_loaded(
    loaded: LoadedFile, path: str | Path, with_tasks: bool = False, with_snapshot: bool = False, findings: list[Finding] | None = None
) -> FileResult:
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
        path=display or str(path),
        kind=loaded.kind,
        unit=unit,
        budget_year=year,
        findings=findings,
        total_budget_expenditure=total_expenditure,
        figures=figures,
        tasks=tasks,
    )
    if with_snapshot:
        result.snapshot = snapshot_of(loaded, file_digest(path))
    return result


def breach_result(shown: str, breach: Any, pack: Pack) -> FileResult:
    """The result of a file whose worker broke a limit or died: F008 (memory, time) or F001."""
    from budgetkit.isolation import breach_finding

    finding = breach_finding(breach, pack)
    return FileResult(path=shown, kind="unknown", unit=None, budget_year=None, findings=[finding] if finding else [])


def check_files(
    paths: Sequence[str | Path],
    guidance: Guidance,
    jobs: int,
    with_tasks: bool = True,
    snapshots: bool = False,
    displays: Sequence[str | None] | None = None,
) -> Iterator[FileResult]:
    """Results in the order of paths, streamed as they come (nothing but the small results is kept).

    Each file is checked in a worker process under the pack's memory and CPU-time limits
    (budgetkit.isolation): a file that aborts the reader or breaks a limit gets its F001/F008 and the
    other files' results are kept. snapshots: each result carries its compare.Snapshot (batch --previous,
    diff, report --previous); displays: the name shown for each file (default: its path, made safe)."""
    from budgetkit.isolation import Breach, run_isolated

    names = [str(p) for p in paths]
    shown = [shown_path(p) if displays is None or displays[n] is None else str(displays[n]) for n, p in enumerate(paths)]
    pack = run_pack(guidance).pack  # the limits of every worker

    def work(number: int) -> FileResult:
        start = time.process_time()
        result = check_file(names[number], guidance, shown[number], with_tasks=with_tasks, with_snapshot=snapshots)
        result.cpu_seconds = time.process_time() - start  # the file's budget left for its annotated copy
        return result

    depth = 2 if len(names) < 64 else 8
    for number, result in enumerate(run_isolated(work, range(len(names)), pack.limits, max(1, jobs), depth)):
        if isinstance(result, Breach):
            result = breach_result(shown[number], result, pack)
        yield result


@dataclass
class ValidateRun:
    """What `validate` gives: each file's result, the pack of the files' one budget year (else the default
    one) that renders them, the lines to show on stderr (the annotated copies not made) and the outputs that
    could not be written (the run fails, the others are kept)."""

    results: list[FileResult]
    pack: Pack
    messages: list[str] = field(default_factory=list)
    unwritten: list[str] = field(default_factory=list)

    def failed(self, strict: bool) -> bool:
        """Exit 1: a file has errors (or warnings, strict), or an output could not be written."""
        return any(r.failed(strict) for r in self.results) or bool(self.unwritten)


def validate_run(results: list[FileResult], guidance: Guidance, messages: Sequence[str] = (), unwritten: Sequence[str] = ()) -> ValidateRun:
    """The run over results already checked, under the pack of the files' one budget year, else the default
    (guidance.run_pack): serve checks the files in its own workers, then renders this as the command does."""
    pack = run_pack(guidance, [r.budget_year for r in results], mixed="default").pack
    return ValidateRun(results, pack, list(messages), list(unwritten))


def run_validate(files: Sequence[Path], guidance: Guidance) -> ValidateRun:
    """`validate`: each file checked in an isolated worker, one at a time, and the pack that renders them.
    (Its --annotate copies are outputs.annotate.annotate_checked's, added to the run by the command: this
    module stays below the outputs.)"""
    return validate_run(list(check_files(files, guidance, 1, with_tasks=False)), guidance)


def load_isolated(
    paths: Sequence[str | Path],
    guidance: Guidance,
    unit_only: bool = False,
    loader_only: bool = False,
    snapshots: bool = False,
    cpu: list[float] | None = None,
) -> list[tuple[Any, list[Finding], FileResult | None]]:
    """(model or None, findings, result or None) of each file, each read in an isolated worker
    (budgetkit.isolation): the findings are every rule's, or the loader's alone (loader_only, or a
    unit-only file); the result (with its snapshot) only when snapshots. A file that breaks a limit or
    aborts the reader is (None, [its F008/F001], None) and the others are read. cpu, when given, receives
    each file's reading time in CPU seconds (the whole budget for a file that broke a limit)."""
    from budgetkit.isolation import Breach, breach_finding, run_isolated

    names = [str(p) for p in paths]

    def work(number: int) -> tuple[Any, list[Finding], FileResult | None, float]:
        start = time.process_time()
        loaded = load(names[number], guidance, names[number], unit_only=unit_only)
        findings = list(loaded.findings) if unit_only or loader_only else run_rules(loaded)
        result = check_loaded(loaded, names[number], with_snapshot=True, findings=findings) if snapshots else None
        return loaded.model, findings, result, time.process_time() - start

    pack = run_pack(guidance).pack  # the limits of every worker
    out: list[tuple[Any, list[Finding], FileResult | None]] = []
    for outcome in run_isolated(work, range(len(names)), pack.limits, 1):
        if isinstance(outcome, Breach):
            finding = breach_finding(outcome, pack)
            outcome = (None, [finding] if finding is not None else [], None, float(pack.limits.cpu_seconds))
        if cpu is not None:
            cpu.append(outcome[3])
        out.append(outcome[:3])
    return out


def diff_files(
    old: str | Path, new: str | Path, guidance: Guidance, old_display: str | None = None, new_display: str | None = None
) -> Comparison:
    """Check both files and compare them; NotComparable when they are not two rounds of one unit or one
    of them cannot be read."""
    # Each file in an isolated worker, as validate's: a file that aborts the reader costs that file alone.
    results = list(check_files([old, new], guidance, 1, with_tasks=False, snapshots=True, displays=[old_display, new_display]))
    for result in results:
        if result.snapshot is None:
            first = result.findings[0] if result.findings else None
            why_vi = f": {first.code} {first.message('vi')}" if first else ""
            why_en = f": {first.code} {first.message('en')}" if first else ""
            raise NotComparable(
                f"không đọc được tệp “{result.path}”{why_vi}", f"the file “{result.path}” cannot be read{why_en}", unreadable=True
            )
    before, after = results
    check_comparable(before.snapshot, after.snapshot)
    return compare(before.snapshot, after.snapshot, before.findings, after.findings)
