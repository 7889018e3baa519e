"""budgetkit batch DIR"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from budgetkit.cli import app
from budgetkit.cli.conventions import (
    EXIT_FAIL,
    EXIT_OK,
    AnnotateOption,
    DebugOption,
    FormatOption,
    GuidanceOption,
    LangOption,
    StrictOption,
    check_format,
    check_lang,
    ensure_output_dir,
    load_guidance,
    usage_error,
    wrote_line,
)

if TYPE_CHECKING:
    from budgetkit.batch import BatchOutputs, BatchRun, Roster
    from budgetkit.guidance import Guidance


@app.command(
    help="Kiểm tra mọi tệp dự toán trong một thư mục (kể cả thư mục con), song song; kiểm tra chéo giữa các tệp; "
    "in bảng tổng hợp và ghi bảng tổng hợp của tỉnh.\n\n"
    "Ví dụ: budgetkit batch ho-so-xa/ --roster danh-sach-xa.xlsx --summary tong-hop-2026.xlsx"
)
def batch(
    folder: Annotated[Path, typer.Argument(help="Thư mục chứa các tệp dự toán.", show_default=False)],
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Số tiến trình song song (mặc định: số lõi CPU).")] = 0,
    summary: Annotated[Path | None, typer.Option("--summary", help="Ghi bảng tổng hợp của tỉnh (.xlsx).")] = None,
    roster: Annotated[Path | None, typer.Option("--roster", help="Danh sách đơn vị phải nộp (YAML hoặc Excel).")] = None,
    annotate: AnnotateOption = None,
    previous: Annotated[
        Path | None, typer.Option("--previous", help="Thư mục hồ sơ lần nộp trước: so sánh từng đơn vị (theo Mã ĐVQHNS) với lần trước.")
    ] = None,
    output_format: FormatOption = "text",
    strict: StrictOption = False,
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """`budgetkit batch FOLDER`: check every budget file of a folder (its help is in the decorator)."""
    lang = check_lang(lang)
    check_format(output_format, lang)
    if not folder.is_dir():
        usage_error(f"không tìm thấy thư mục “{folder}”", f"folder “{folder}” does not exist", lang)
    if summary is not None and summary.suffix.lower() != ".xlsx":
        usage_error("--summary phải là tệp .xlsx", "--summary must be an .xlsx file", lang)
    guidance = load_guidance(guidance_file, lang)
    from budgetkit.batch import run_batch
    from budgetkit.discovery import discover
    from budgetkit.guard import is_inside

    roster_data = _roster(roster, guidance, lang)
    # Files in an --annotate folder inside the batch folder are this run's outputs (unless it is the batch folder).
    found = discover(folder, lang, tuple(p for p in (annotate,) if p is not None and not is_inside(folder, p)))
    if not found.files:
        usage_error(
            f"thư mục “{folder}” không có tệp dự toán nào (.xlsx, .xlsm, .yaml, .yml)",
            f"folder “{folder}” holds no budget file (.xlsx, .xlsm, .yaml, .yml)",
            lang,
        )
    previous_files = _previous_files(previous, folder, lang)
    other_inputs = [*previous_files, *(p for p in (roster, guidance_file) if p is not None)]
    outputs = _outputs(found.files, folder, summary, annotate, other_inputs, lang)

    with _progress_bar(lang) as progress:
        run = run_batch(
            found.files,
            guidance,
            jobs if jobs > 0 else (os.cpu_count() or 1),
            roster_data,
            progress,
            skipped=found.skipped,
            folder=folder,
            previous=previous,
            previous_files=previous_files,
            outputs=outputs,
            lang=lang,
        )
    for line in [*run.messages, *(wrote_line(path, lang) for path in run.written)]:
        sys.stderr.write(line + "\n")
    _render(run, output_format, lang, strict)
    raise typer.Exit(EXIT_FAIL if run.failed(strict) else EXIT_OK)


def _roster(roster: Path | None, guidance: Guidance, lang: str) -> Roster | None:
    """The roster of --roster (exit 2 when it is missing or cannot be read)."""
    if roster is None:
        return None
    from budgetkit.batch import RosterError, load_roster
    from budgetkit.guidance import run_pack

    if not roster.is_file():
        usage_error(f"không tìm thấy danh sách “{roster}”", f"roster “{roster}” does not exist", lang)
    try:
        return load_roster(roster, run_pack(guidance).pack.limits)
    except RosterError as exc:
        usage_error(f"danh sách đơn vị không hợp lệ: {exc.message('vi')}", f"invalid roster: {exc.message('en')}", lang)


def _previous_files(previous: Path | None, folder: Path, lang: str) -> list[Path]:
    """The files of the --previous folder (exit 2 when it is missing, the folder itself, or empty)."""
    if previous is None:
        return []
    from budgetkit.discovery import discover

    if not previous.is_dir():
        usage_error(f"không tìm thấy thư mục lần trước “{previous}”", f"previous folder “{previous}” does not exist", lang)
    if previous.resolve() == folder.resolve():
        usage_error("--previous là chính thư mục đang kiểm tra", "--previous is the folder being checked", lang)
    files = discover(previous).files
    if not files:
        usage_error(f"thư mục lần trước “{previous}” không có tệp dự toán nào", f"previous folder “{previous}” holds no budget file", lang)
    return files


def _outputs(
    files: list[Path], folder: Path, summary: Path | None, annotate: Path | None, other_inputs: list[Path], lang: str
) -> BatchOutputs:
    """The outputs asked for, checked by the output guard and with their folders made (exit 2 otherwise)."""
    from budgetkit.batch import BatchOutputs
    from budgetkit.cli.conventions import guard_outputs
    from budgetkit.guard import Output
    from budgetkit.outputs.annotate import annotation_targets, is_annotatable

    planned: list[Output] = []
    if summary is not None:  # an existing file is replaced only when it is a summary budgetkit wrote
        planned.append(Output(summary, "--summary", replace=False, replaceable_kind="summary", forceable=False))
    workbooks = [path for path in files if is_annotatable(path)]
    targets = annotation_targets(workbooks, annotate, base=folder) if annotate is not None else []
    if annotate is not None:
        planned.append(Output(annotate, "--annotate", folder=True))
    planned += [Output(t, "--annotate", replace=False, replaceable_kind="annotated") for t in targets]
    guard_outputs(planned, [*files, *other_inputs], lang)
    for target in (summary.parent if summary else None, annotate):
        if target is not None:
            ensure_output_dir(target, lang)
    return BatchOutputs(summary, annotate, targets)


class _Bar:
    """batch.Progress on a rich progress bar (shown on a terminal only)."""

    def __init__(self, bar: Any, task: Any) -> None:
        self.bar, self.task = bar, task

    def start(self, total: int) -> None:
        self.bar.update(self.task, total=total)

    def advance(self, result: object = None) -> None:
        self.bar.advance(self.task)


@contextmanager
def _progress_bar(lang: str) -> Iterator[_Bar]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    err = Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        yield _Bar(bar, bar.add_task("Đang kiểm tra" if lang == "vi" else "Checking", total=None))


def _render(run: BatchRun, output_format: str, lang: str, strict: bool) -> None:
    """The run on stdout: the JSON report, or the terminal summary (and the comparison with the previous round)."""
    if output_format == "json":
        from budgetkit.outputs.json_report import write_report

        extra = {}
        if run.compared is not None:
            from budgetkit.rounds import rounds_record

            extra["previous"] = rounds_record(run.compared, lang, run.pack)
        write_report(sys.stdout, run.results, run.pack.info, lang, run.cross, run.skipped, **extra)
        return
    from budgetkit.cli.conventions import stdout_console
    from budgetkit.outputs.batch_text import render_batch

    console = stdout_console()
    render_batch(console, run.results, run.cross, run.skipped, run.pack, run.year, lang, strict)
    if run.compared is not None:
        from budgetkit.outputs.rounds_out import render_rounds

        render_rounds(console, run.compared, run.pack, lang)
