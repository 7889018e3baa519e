"""The work behind each endpoint: the library functions the command line uses, on files already received
into a private folder. Plain functions, run off the event loop (a thread; batch's process pool inside)."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budgetkit.guidance import Guidance, run_pack
from budgetkit.isolation import Breach
from budgetkit.results import FileResult
from budgetkit.serve.uploads import Refused, rel_display

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
YAML = "application/yaml"


@dataclass
class Download:
    """A finished file, held in memory: nothing of it stays on disk after the response."""

    data: bytes
    name: str
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)


try:
    import resource
except ImportError:  # pragma: no cover - Windows: no per-process limits (the loaders' own limits hold)
    resource = None  # type: ignore[assignment]

_WORKER_GUIDANCE: Guidance | None = None


def init_worker(override: str | None) -> None:
    """A worker process of the server's pool: the guidance is loaded once, and the worker is bounded as
    `validate`'s isolated workers are (budgetkit.isolation): its address space now plus the pack's
    `memory_bytes`; SIGXCPU (check_one's CPU-time limit) ends it, without a core file."""
    global _WORKER_GUIDANCE
    # What a check imports, imported before the address space is measured: the limit is the file's alone.
    import python_calamine  # noqa: F401

    import budgetkit.checking
    import budgetkit.loaders.excel
    import budgetkit.loaders.yaml_loader  # noqa: F401
    from budgetkit.rules.registry import all_rules

    all_rules()
    _WORKER_GUIDANCE = Guidance(Path(override) if override else None)
    if resource is None:  # Windows: no address-space or CPU-time limit for a process
        return
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    limits = run_pack(_WORKER_GUIDANCE).pack.limits
    with contextlib.suppress(OSError, ValueError):  # a platform without the limits: the loaders' own hold
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        with open("/proc/self/statm") as handle:
            size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (size + limits.memory_bytes, size + limits.memory_bytes))


def check_one(path: str, shown: str) -> FileResult | Breach:
    """validate's check of one received file, in a worker process (the result is small and pickled back),
    within the pack's CPU time for one file; Breach("memory") when it runs out of its address space. A file
    that kills the worker (CPU time, a native abort) breaks the pool: the server checks the request's
    files again in isolated workers (check_isolated), which say which file it was."""
    from budgetkit.checking import check_file

    assert _WORKER_GUIDANCE is not None
    limits = run_pack(_WORKER_GUIDANCE).pack.limits
    if resource is not None:  # Windows has no CPU-time limit for a process
        with contextlib.suppress(OSError, ValueError):
            usage = resource.getrusage(resource.RUSAGE_SELF)
            soft = int(usage.ru_utime + usage.ru_stime) + limits.cpu_seconds + 1
            resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))
    try:
        return check_file(path, _WORKER_GUIDANCE, shown)
    except MemoryError:
        return Breach("memory")
    except Exception as exc:  # a bug: that file's F001, as an isolated worker gives it
        return Breach("error", f"{exc.__class__.__name__}: {str(exc)[:300]}")


def check_isolated(files: Sequence[tuple[Path, str]], guidance: Guidance) -> list[FileResult]:
    """validate's check of the received files, each in an isolated worker (as `validate` runs it): a file
    that breaks a limit or kills its worker gets its F008/F001, the others their results."""
    from budgetkit.checking import check_file
    from budgetkit.isolation import run_isolated

    limits = run_pack(guidance).pack.limits

    def work(number: int) -> FileResult:
        path, shown = files[number]
        return check_file(path, guidance, shown)

    return [finish(outcome, files[n][1], guidance) for n, outcome in enumerate(run_isolated(work, range(len(files)), limits))]


def finish(outcome: FileResult | Breach, shown: str, guidance: Guidance) -> FileResult:
    """A file's result; for a breach, the F008 or F001 result that `validate` gives it."""
    from budgetkit.checking import breach_result

    return breach_result(shown, outcome, run_pack(guidance).pack) if isinstance(outcome, Breach) else outcome


def validate_report(results: Sequence[FileResult], guidance: Guidance, lang: str, strict: bool) -> tuple[str, int]:
    """The JSON text of `validate --format json` over the results (checked in the server's workers), and the
    command's exit code: the same run (validate.validate_run) the command renders."""
    from budgetkit.checking import validate_run
    from budgetkit.outputs.json_report import report_text

    run = validate_run(list(results), guidance)
    return report_text(run.results, run.pack.info, lang), int(run.failed(strict))


@dataclass
class Batch:
    """A folder (or zip) checked as a batch: the files found, their names as shown, those skipped, the run."""

    folder: Path
    found: list[Path]
    shown: list[str]
    skipped: list[dict[str, str]]
    run: Any  # budgetkit.batch.BatchRun


def discover(folder: Path) -> tuple[list[Path], list[str], list[dict[str, str]]]:
    """batch's own discovery over the received folder, with the names as the person sent them."""
    from budgetkit.discovery import discover as find

    found = find(folder)
    if not found.files:
        raise Refused(422, "no_budget_files")
    skipped = [{**item, "path": rel_display(Path(item["path"]), folder)} for item in found.skipped]
    return found.files, [rel_display(p, folder) for p in found.files], skipped


def run_batch(folder: Path, guidance: Guidance, jobs: int, roster_path: Path | None, progress: Any = None) -> Batch:
    """batch over the received folder; progress (batch.Progress, optional) is told start(total) then advance() per file."""
    from budgetkit.batch import RosterError, load_roster
    from budgetkit.batch import run_batch as run

    roster = None
    if roster_path is not None:
        try:
            roster = load_roster(roster_path)
        except RosterError as exc:
            raise Refused(422, "bad_roster", detail=str(exc)) from None
    paths, shown, skipped = discover(folder)
    return Batch(folder, paths, shown, skipped, run(paths, guidance, jobs, roster, progress, shown, skipped=skipped))


def batch_json(batch: Batch, lang: str, strict: bool) -> tuple[str, int]:
    """The JSON text of `batch --format json`, and the command's exit code."""
    from budgetkit.outputs.json_report import write_report

    out = io.StringIO()
    run = batch.run
    write_report(out, run.results, run.pack.info, lang, run.cross, run.skipped)
    return out.getvalue(), int(run.failed(strict))


def summary(batch: Batch, scratch: Path) -> Download:
    """The province's summary workbook of a batch, as a download."""
    from budgetkit.outputs.summary import write_summary

    target = scratch / "tong-hop.xlsx"
    run = batch.run
    write_summary(target, run.results, run.cross, run.pack, run.year)
    return Download(target.read_bytes(), f"tong-hop-{run.year}.xlsx", XLSX)


def annotate(pairs: Sequence[tuple[Path, FileResult]], base: Path, scratch: Path, lang: str) -> Download:
    """One marked workbook as itself; several as a .zip (names as `--annotate DIR` gives them: subfolders
    kept, a/x.xlsx and b/x.xlsx never give one copy), each made in an isolated worker as the command does."""
    from budgetkit.outputs.annotate import annotate_results

    written = annotate_results(pairs, scratch, lang, base=base).written
    if not written:
        raise Refused(422, "nothing_annotated")
    if len(pairs) == 1:
        return Download(written[0].read_bytes(), written[0].name, XLSX)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in written:
            archive.write(path, path.relative_to(scratch).as_posix())
    return Download(buffer.getvalue(), "da-danh-dau.zip", ZIP)


def report(
    files: Sequence[tuple[Path, str]],
    guidance: Guidance,
    output: str,
    draft: bool,
    unit: tuple[Path, str] | None,
    roster_path: Path | None,
    scratch: Path,
) -> Download:
    """The Word report (docx) or the Biểu workbook (xlsx), as `report` makes them. One file with errors is
    refused (422) unless draft; several files are a consolidation of those that pass, naming the ones left
    out (X-Budgetkit-Left-Out counts them), or of every file in a draft."""
    from budgetkit.batch import RosterError, load_roster
    from budgetkit.report.build import build_report_outputs

    roster = None
    if roster_path is not None:
        try:
            roster = load_roster(roster_path)
        except RosterError as exc:
            raise Refused(422, "bad_roster", detail=str(exc)) from None
    consolidating = len(files) > 1
    stem = "bao-cao" if output == "docx" else "bieu"
    target = scratch / f"{stem}.{output}"
    outcome = build_report_outputs(files, target, guidance, consolidating=consolidating, draft=draft, unit=unit, roster=roster)
    if outcome.refused == "unit":
        raise Refused(422, "bad_unit")
    if outcome.refused == "errors" or (outcome.refused == "nothing" and outcome.errors):
        raise ReportRefused(outcome.errors)
    if outcome.refused == "budget":
        raise Refused(422, "report_budget")
    if outcome.refused is not None:
        raise Refused(422, "report_nothing")
    name = f"{stem}{'-tong-hop' if consolidating else ''}-{outcome.year}{'-du-thao' if draft else ''}.{output}"
    return Download(target.read_bytes(), name, DOCX if output == "docx" else XLSX, {"X-Budgetkit-Left-Out": str(outcome.left_out)})


class ReportRefused(Refused):
    """The files have errors: the report is refused, with each error listed."""

    def __init__(self, errors: list[tuple[str, Any]]) -> None:
        super().__init__(422, "report_errors")
        self.errors = errors

    def records(self, lang: str) -> list[dict[str, Any]]:
        """The errors as the JSON answer lists them: each with its file's path."""
        return [{"path": path, **finding.as_record(lang)} for path, finding in self.errors]


def template(guidance: Guidance, output: str, year: int | None, scratch: Path) -> Download:
    """The blank input file of a year's pack (.xlsx or .yaml), as a download."""
    from budgetkit.authoring.template import write_template

    pack = run_pack(guidance, year=year).pack
    target = scratch / f"du-toan-{pack.budget_year}.{output}"
    write_template(target, pack)
    return Download(target.read_bytes(), target.name, XLSX if output == "xlsx" else YAML)


def rules(guidance: Guidance, lang: str) -> dict[str, Any]:
    """The catalogue (`budgetkit rules`), with each rule's documentation (`explain`)."""
    from budgetkit.rules.registry import all_rules

    pack = run_pack(guidance).pack
    out = []
    for rule in all_rules():
        out.append(
            {
                "code": rule.code,
                "severity": pack.severity(rule.code),
                "title": rule.title[0 if lang == "vi" else 1],
                "what": rule.doc("what", lang),
                "why": rule.doc("why", lang),
                "failing": rule.doc("failing", lang),
                "passing": rule.doc("passing", lang),
                "citation": pack.citation(rule.code, lang),
            }
        )
    return {"guidance": pack.info, "rules": out}
