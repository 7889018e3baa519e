"""What `report` reads: the units' files (with their open errors) and the consolidating body's unit part,
and the one output writer by suffix. Shared by the command line and `serve`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from budgetkit.findings import Finding
from budgetkit.guidance import Guidance, Pack
from budgetkit.model import BudgetFile, Unit
from budgetkit.report.context import ReportInput


@dataclass
class Sources:
    models: list[tuple[str, BudgetFile]] = field(default_factory=list)  # (shown name, model) of each readable file
    open_errors: list[tuple[str, Finding]] = field(default_factory=list)  # (shown name, error) over all files


def read_sources(files: Sequence[tuple[Path, str]], guidance: Guidance) -> Sources:
    """Load each (path, shown name) and run the rules, each file in an isolated worker (a file that
    aborts the reader or breaks a limit is its F008/F001); errors are kept to refuse or mark a draft."""
    from budgetkit.validate import load_isolated

    sources = Sources()
    for (_, shown), (model, findings, _) in zip(files, load_isolated([p for p, _ in files], guidance), strict=True):
        sources.open_errors += [(shown, f) for f in findings if f.severity == "error"]
        if model is not None:
            sources.models.append((shown, model))
    return sources


def read_issuer(path: Path, guidance: Guidance, shown: str) -> tuple[Unit | None, list[Finding]]:
    """The unit part of a consolidating body's file (`--unit`); None with the errors when it cannot be used."""
    from budgetkit.validate import load_isolated

    model, findings, _ = load_isolated([path], guidance, unit_only=True)[0]
    errors = [f for f in findings if f.severity == "error"]
    if model is None or errors:
        return None, errors
    return model.unit, []


def write_output(data: ReportInput, pack: Pack, output: Path, template: Path | None = None) -> list[str]:
    """The Word report (.docx) or the Biểu workbook (.xlsx), by the output's suffix (TemplateProblem for a bad
    template). Returns the labels of the unit fields section I lacks (shown “[cần bổ sung]” in the report)."""
    if output.suffix.lower() == ".docx":
        from budgetkit.report.context import build_context
        from budgetkit.report.docx import render_docx

        context = build_context(data, pack)
        render_docx(context, output, template)
        return list(context["missing_assessment"])
    from budgetkit.report.xlsx import write_tables

    write_tables(data, pack, output)
    return []
