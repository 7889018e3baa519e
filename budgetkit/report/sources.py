"""What `report` reads and covers: the units' files with their errors, which of them a report or a
consolidation takes (X001, files left out), the consolidating body's unit part, and the one output writer
by suffix. Shared by the command line and `serve`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetkit.findings import Finding
from budgetkit.guidance import Guidance, Pack, run_pack
from budgetkit.model import BudgetFile, Unit
from budgetkit.report.context import ReportInput

if TYPE_CHECKING:
    from budgetkit.batch import Roster


Loaded = tuple[str, "BudgetFile | None", list[Finding]]  # (shown name, model or None, its errors)


def load_sources(
    files: Sequence[tuple[Path, str]], guidance: Guidance, snapshots: bool = False, cpu: list[float] | None = None
) -> tuple[list[Loaded], list[Any]]:
    """Load each (path, shown name) and run the rules, each file in an isolated worker (a file that
    aborts the reader or breaks a limit is its F008/F001); the errors decide what the report may cover.

    Returns the loaded files, and with snapshots, the results of those that could be read (with what a
    comparison with the previous round needs). cpu, when given, receives each file's reading CPU seconds."""
    from budgetkit.checking import load_isolated

    loaded = load_isolated([path for path, _ in files], guidance, snapshots=snapshots, cpu=cpu)
    sources = [
        (shown, model, [f for f in findings if f.severity == "error"])
        for (_, shown), (model, findings, _) in zip(files, loaded, strict=True)
    ]
    return sources, [result for _, _, result in loaded if result is not None]


@dataclass
class Selection:
    """What a report covers, decided as `report` decides it."""

    models: list[tuple[str, BudgetFile]]  # the files the report covers
    open_errors: list[tuple[str, Finding]]  # their errors: a draft lists them, otherwise they refuse the report
    left_out: list[tuple[str, str, list[str]]] = field(default_factory=list)  # consolidation: (file, unit name, error codes)
    left_out_errors: list[tuple[str, Finding]] = field(default_factory=list)  # ... and those files' errors
    submitted: set[str] = field(default_factory=set)  # unit codes of every file read, passing or left out

    def not_submitted(self, roster: Roster) -> list[tuple[str, str]]:
        """The roster's units without a file in the report: (code, name)."""
        return [(code, name) for code, name in roster.units.items() if code not in self.submitted]


def select_files(loaded_files: list[Loaded], guidance: Guidance, consolidating: bool, draft: bool) -> Selection:
    """Two files of one unit (one Mã ĐVQHNS, one year) would be added twice: X001 fails both, as in batch.
    A consolidation goes ahead with the files that pass and names the ones left out; a draft keeps every file."""
    loaded_files = [(path, model, list(errors)) for path, model, errors in loaded_files]
    submitted = _same_unit_fails(loaded_files, guidance)
    open_errors = [(path, f) for path, _, errors in loaded_files for f in errors]
    left_out: list[tuple[str, str, list[str]]] = []
    left_out_errors: list[tuple[str, Finding]] = []
    if consolidating and not draft:
        left_out = [
            (path, model.unit.name if model is not None and model.unit.name else "", [f.code for f in errors])
            for path, model, errors in loaded_files
            if errors
        ]
        loaded_files = [entry for entry in loaded_files if not entry[2]]
        left_out_errors, open_errors = open_errors, []
    models = [(path, model) for path, model, _ in loaded_files if model is not None]
    return Selection(models, open_errors, left_out, left_out_errors, submitted)


def _same_unit_fails(loaded_files: list[Loaded], guidance: Guidance) -> set[str]:
    """X001 (an error unless the pack says otherwise) added to the errors of every file of a unit that has
    several for one year; returns the unit codes of every file read."""
    from budgetkit.findings import make_finding
    from budgetkit.locations import WHOLE_FILE

    by_code: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, (_, model, _) in enumerate(loaded_files):
        if model is not None and model.unit.code:
            by_code[(model.unit.code, model.budget_year)].append(index)
    for (code, year), indexes in by_code.items():
        if len(indexes) > 1:
            files = [loaded_files[i][0] for i in indexes]
            finding = make_finding(
                run_pack(guidance, year=year).pack,
                "X001",
                WHOLE_FILE,
                involved_files=tuple(files),
                files=", ".join(files),
                count=len(files),
                code=code,
                year=year,
            )
            if finding is not None and finding.severity == "error":
                for i in indexes:
                    loaded_files[i][2].append(finding)
    return {code for code, _ in by_code}


def read_issuer(path: Path, guidance: Guidance, shown: str) -> tuple[Unit | None, list[Finding]]:
    """The unit part of a consolidating body's file (`--unit`); None with the errors when it cannot be used."""
    from budgetkit.checking import load_isolated

    model, findings, _ = load_isolated([path], guidance, unit_only=True)[0]
    errors = [f for f in findings if f.severity == "error"]
    if model is None or errors:
        return None, errors
    return model.unit, []


def render_bounded(
    data: ReportInput,
    pack: Pack,
    output: Path,
    template: Path | None,
    previous_changes: list[dict[str, str]] | None,
    budget: float,
) -> tuple[bytes, list[str]] | Any:
    """write_output in an isolated worker, within `budget` CPU seconds (what the file's reading left of its
    budget) and the pack's memory: (the document's bytes, the section I labels it lacks), or why there is
    none - a Breach (a limit, a crash) or the TemplateProblem. The worker renders into a private folder that
    is removed whatever happens; the caller writes the bytes where they belong."""
    import shutil
    import tempfile

    from budgetkit.isolation import Breach, run_isolated
    from budgetkit.report.docx import TemplateProblem

    if budget < 0.5:
        return Breach("time")
    folder = Path(tempfile.mkdtemp(prefix="budgetkit-report-"))
    target = folder / ("bao-cao" + output.suffix.lower())

    def work(_: object) -> list[str] | TemplateProblem:
        try:
            return write_output(data, pack, target, template, previous_changes)
        except TemplateProblem as exc:
            return exc

    try:
        (outcome,) = run_isolated(work, [None], pack.limits, jobs=1, depth=1, budgets=[budget])
        if isinstance(outcome, list):
            return target.read_bytes(), outcome
        return outcome
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_output(
    data: ReportInput,
    pack: Pack,
    output: Path,
    template: Path | None = None,
    previous_changes: list[dict[str, str]] | None = None,
) -> list[str]:
    """The Word report (.docx) or the Biểu workbook (.xlsx), by the output's suffix (TemplateProblem for a bad
    template). Returns the labels of the unit fields section I lacks (shown “[cần bổ sung]” in the report).
    previous_changes: the draft appendix's changes since the previous round (report.build.changes_since)."""
    if output.suffix.lower() == ".docx":
        from budgetkit.report.context import build_context
        from budgetkit.report.docx import render_docx

        context = build_context(data, pack)
        if previous_changes is not None:
            context["previous_changes"] = previous_changes
        render_docx(context, output, template)
        return list(context["missing_assessment"])
    from budgetkit.report.xlsx import write_tables

    write_tables(data, pack, output)
    return []
