"""`report` as one library call: read the units' files (each in an isolated worker), choose what the
report covers, and write the Word report or the Biểu workbook. The command line and `serve` both call
`build_report_outputs`; each says the outcome its own way (lines on stderr and an exit code, or an HTTP
answer)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from budgetkit.findings import Finding
from budgetkit.guidance import Guidance, Pack, run_pack
from budgetkit.outputs.words import finding_line
from budgetkit.report.context import ReportInput, from_models
from budgetkit.report.sources import (
    Selection,
    load_sources,
    read_issuer,
    render_bounded,
    select_files,
)

if TYPE_CHECKING:
    from budgetkit.batch import Roster


@dataclass
class ReportOutcome:
    """What build_report_outputs did.

    written: the file written (None when refused). messages: lines for the person, in order (files left
    out of a consolidation, a unit file's errors, the errors that refuse the report, a note on section I,
    "Đã ghi ..."); the command prints them on stderr. refused: why nothing was written - "unit" (the
    `--unit` file cannot be used), "previous" or "template" (what was asked cannot be done: `usage`
    says it, exit 2), "errors" (the files have errors and no draft was asked: `errors` lists them, exit
    1), "nothing" (no readable file without errors, exit 1), "budget" (the document could not be made within
    the work budget of budgetkit, exit 1)."""

    written: Path | None = None
    messages: list[str] = field(default_factory=list)
    refused: str | None = None
    usage: tuple[str, str] | None = None  # (Vietnamese, English) of a usage problem
    errors: list[tuple[str, Finding]] = field(default_factory=list)  # (file, error) that refuse the report
    year: int | None = None  # the report's budget year
    left_out: int = 0  # files left out of a consolidation for their errors

    @property
    def exit_code(self) -> int:
        """0 written; 1 the files' errors refuse the report; 2 a usage problem."""
        if self.refused is None:
            return 0
        return 1 if self.refused in ("errors", "nothing", "budget") else 2


def build_report_outputs(
    files: Sequence[tuple[Path, str]],
    output: Path,
    guidance: Guidance,
    *,
    consolidating: bool,
    draft: bool = False,
    unit: tuple[Path, str] | None = None,
    roster: Roster | None = None,
    template: Path | None = None,
    previous: Path | None = None,
    lang: str = "vi",
) -> ReportOutcome:
    """The Word report (.docx) or the Biểu workbook (.xlsx, by output's suffix) over files ((path, name
    shown) each). One file with errors is refused unless draft; a consolidation covers the files that pass
    and names the ones left out, or every file in a draft. unit: the consolidating body's unit part;
    roster: the units that must submit; template: a Word template of one's own; previous: the previous
    round (a file or a folder), whose changes a draft's appendix lists."""
    outcome = ReportOutcome()
    cpu: list[float] = []
    loaded, checked = load_sources(files, guidance, snapshots=previous is not None, cpu=cpu)
    # One file's report shares that file's CPU budget with its reading; a consolidation has a document's budget.
    reading = cpu[0] if len(files) == 1 and cpu else 0.0
    selection = select_files(loaded, guidance, consolidating, draft)
    outcome.left_out = len(selection.left_out)
    if selection.left_out:
        outcome.messages.append(_LEFT_OUT[lang])
        outcome.messages += [f"  {path}: {_finding_line(finding, lang, always_colon=False)}" for path, finding in selection.left_out_errors]
    issuer = None
    if unit is not None:
        issuer, unit_errors = read_issuer(unit[0], guidance, unit[1])
        if issuer is None:
            outcome.messages += [f"{unit[0]}: {finding.code} {finding.message(lang)}" for finding in unit_errors]
            return _refuse(outcome, "unit", usage=(f"tệp đơn vị “{unit[0]}” không đọc được", f"unit file “{unit[0]}” cannot be read"))
    data = _covered(selection, issuer, draft, consolidating, roster, outcome, lang)
    if data is None:
        return outcome
    pack = run_pack(guidance, [model.budget_year for _, model in selection.models], mixed="first").pack
    outcome.year = data.year
    budget = float(run_pack(guidance).pack.limits.cpu_seconds) - reading
    docx_previous = previous if output.suffix.lower() == ".docx" else None
    _write(data, pack, output, guidance, outcome, lang, template, docx_previous, checked, budget)
    return outcome


def _over_budget(breach: Any, pack: Pack, lang: str) -> str:
    """Why the document could not be made: the limit it broke, or how its worker ended."""
    limits = pack.limits
    if breach.kind == "time":
        if lang == "vi":
            return f"Không lập được báo cáo: việc đọc tệp và lập báo cáo cần quá {limits.cpu_seconds} giây (giới hạn cho mỗi tệp)."
        return f"No report: reading the file and making the report need more than {limits.cpu_seconds} s (the limit for one file)."
    if breach.kind == "memory":
        megabytes = limits.memory_bytes // 1_000_000
        if lang == "vi":
            return f"Không lập được báo cáo: việc lập báo cáo cần quá {megabytes} MB bộ nhớ (giới hạn cho mỗi tệp)."
        return f"No report: making the report needs more than {megabytes} MB of memory (the limit for one file)."
    return f"Không lập được báo cáo: {breach.reason(limits, lang)}." if lang == "vi" else f"No report: {breach.reason(limits, lang)}."


_LEFT_OUT = {
    "vi": "Không tổng hợp các tệp còn lỗi (sửa lỗi rồi lập lại, hoặc dùng --draft để đưa vào bản dự thảo):",
    "en": "Left out of the consolidation, for their errors (fix them, or use --draft to include them in a draft):",
}
_REFUSED = {
    "vi": "Chưa lập báo cáo: các tệp còn lỗi (sửa lỗi, hoặc dùng --draft để lập bản dự thảo):",
    "en": "No report: the files have errors (fix them, or use --draft for a draft):",
}
_NOTHING = {"vi": "Không có tệp nào đọc được và không còn lỗi để lập báo cáo.", "en": "No readable file without errors to report on."}


def _finding_line(finding: Finding, lang: str, always_colon: bool = True) -> str:
    """ "CODE where: message" (without a place, "CODE message", or "CODE: message" when always_colon)."""
    if always_colon:
        return finding_line(finding, lang)
    where = finding.location.describe(lang)
    return f"{finding.code} {where + ': ' if where else ''}{finding.message(lang)}"


def _refuse(
    outcome: ReportOutcome, why: str, usage: tuple[str, str] | None = None, errors: list[tuple[str, Finding]] | None = None
) -> ReportOutcome:
    outcome.refused, outcome.usage, outcome.errors = why, usage, errors or []
    return outcome


def _covered(
    selection: Selection, issuer: Any, draft: bool, consolidating: bool, roster: Roster | None, outcome: ReportOutcome, lang: str
) -> ReportInput | None:
    """What the report covers; None (the outcome refused) when the files' errors refuse it or nothing is left."""
    if selection.open_errors and not draft:
        outcome.messages.append(_REFUSED[lang])
        outcome.messages += [f"  {path}: {_finding_line(finding, lang)}" for path, finding in selection.open_errors]
        _refuse(outcome, "errors", errors=selection.open_errors)
        return None
    if not selection.models:
        outcome.messages.append(_NOTHING[lang])
        _refuse(outcome, "nothing", errors=selection.left_out_errors)
        return None
    data = from_models(selection.models, issuer, selection.open_errors, draft, consolidated=consolidating)
    data.left_out = selection.left_out
    if roster is not None:
        data.not_submitted = selection.not_submitted(roster)
    return data


def _write(
    data: ReportInput,
    pack: Pack,
    output: Path,
    guidance: Guidance,
    outcome: ReportOutcome,
    lang: str,
    template: Path | None,
    previous: Path | None,
    checked: list[Any],
    budget: float,
) -> None:
    """Write the report (with the draft appendix's changes since the previous round), rendered in an isolated
    worker within `budget` CPU seconds, or refuse."""
    from budgetkit.atomic import atomic_write
    from budgetkit.compare import NotComparable
    from budgetkit.isolation import Breach
    from budgetkit.report.docx import TemplateProblem

    changes = None
    if previous is not None:
        try:
            changes = changes_since(checked, previous, guidance, pack)
        except NotComparable as exc:
            _refuse(outcome, "previous", usage=(exc.message_vi, exc.message_en))
            return

    rendered = render_bounded(data, pack, output, template, changes, budget)
    if isinstance(rendered, TemplateProblem):
        _refuse(outcome, "template", usage=(str(rendered), str(rendered)))
        return
    if isinstance(rendered, Breach):
        outcome.messages.append(_over_budget(rendered, pack, lang))
        _refuse(outcome, "budget")
        return
    data_bytes, missing = rendered
    if missing:
        names = ", ".join(f"“{name}”" for name in missing)
        outcome.messages.append(
            f"Lưu ý: phần I ghi “[cần bổ sung]” vì đơn vị chưa nhập {names}."
            if lang == "vi"
            else f"Note: section I says “[cần bổ sung]” (to be completed): the unit left empty {names}."
        )
    atomic_write(output, data_bytes)
    outcome.written = output
    outcome.messages.append(f"Đã ghi {output}" if lang == "vi" else f"Wrote {output}")


def changes_since(checked: list[Any], previous: Path, guidance: Guidance, pack: Pack) -> list[dict[str, str]]:
    """The draft appendix's list of changes since the previous round (checked: this round's results with
    their snapshots). One file against another unit's or another year's file is NotComparable, as by diff."""
    from budgetkit.checking import check_files
    from budgetkit.compare import check_comparable
    from budgetkit.outputs.rounds_out import report_change_rows
    from budgetkit.rounds import compare_with_previous

    if previous.is_file() and len(checked) == 1 and checked[0].snapshot is not None:
        # In an isolated worker (budgetkit.isolation), as every file a command reads.
        (before,) = check_files([previous], guidance, 1, with_tasks=False, snapshots=True, displays=[str(previous)])
        if before.snapshot is not None:
            check_comparable(before.snapshot, checked[0].snapshot)
    return report_change_rows(compare_with_previous(checked, previous, guidance), pack)
