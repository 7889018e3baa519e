"""budgetkit batch DIR"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from budgetkit.cli import app
from budgetkit.cli.common import (
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
    output_error,
    usage_error,
)


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
    previous: Annotated[Path | None, typer.Option("--previous", help="Thư mục hồ sơ lần nộp trước: so sánh từng đơn vị (theo Mã ĐVQHNS) với lần trước.")] = None,
    output_format: FormatOption = "text",
    strict: StrictOption = False,
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    lang = check_lang(lang)
    check_format(output_format, lang)
    if not folder.is_dir():
        usage_error(f"không tìm thấy thư mục “{folder}”", f"folder “{folder}” does not exist", lang)
    if summary is not None and summary.suffix.lower() != ".xlsx":
        usage_error("--summary phải là tệp .xlsx", "--summary must be an .xlsx file", lang)
    guidance = load_guidance(guidance_file, lang)
    from budgetkit.batch import CrossFiles, RosterError, check_files, discover, load_roster

    roster_data = None
    if roster is not None:
        if not roster.is_file():
            usage_error(f"không tìm thấy danh sách “{roster}”", f"roster “{roster}” does not exist", lang)
        try:
            roster_data = load_roster(roster, guidance.pack(None).limits)
        except RosterError as exc:
            usage_error(f"danh sách đơn vị không hợp lệ: {exc}", f"invalid roster: {exc}", lang)
    from budgetkit.guard import is_inside

    # Files in an --annotate folder inside the batch folder are this run's outputs (unless it is the batch folder).
    outputs_here = tuple(p for p in (annotate,) if p is not None and not is_inside(folder, p))
    found = discover(folder, lang, outputs_here)
    if not found.files:
        usage_error(f"thư mục “{folder}” không có tệp dự toán nào (.xlsx, .xlsm, .yaml, .yml)",
                    f"folder “{folder}” holds no budget file (.xlsx, .xlsm, .yaml, .yml)", lang)
    previous_files: list[Path] = []
    if previous is not None:
        if not previous.is_dir():
            usage_error(f"không tìm thấy thư mục lần trước “{previous}”", f"previous folder “{previous}” does not exist", lang)
        if previous.resolve() == folder.resolve():
            usage_error("--previous là chính thư mục đang kiểm tra", "--previous is the folder being checked", lang)
        previous_files = discover(previous).files
        if not previous_files:
            usage_error(f"thư mục lần trước “{previous}” không có tệp dự toán nào", f"previous folder “{previous}” holds no budget file", lang)
    from budgetkit.cli.common import guard_outputs
    from budgetkit.guard import Output
    from budgetkit.outputs.annotate import annotation_targets, is_annotatable

    planned: list[Output] = []
    if summary is not None:
        planned.append(Output(summary, "--summary"))
    workbooks = [path for path in found.files if is_annotatable(path)]
    targets = annotation_targets(workbooks, annotate, base=folder) if annotate is not None else []
    planned += [Output(t, "--annotate", replace=False, replaceable_kind="annotated") for t in targets]
    guard_outputs(planned, [*found.files, *previous_files, *(p for p in (roster, guidance_file) if p is not None)], lang)
    for target in (summary.parent if summary else None, annotate):
        if target is not None:
            ensure_output_dir(target, lang)

    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    err = Console(stderr=True)
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("Đang kiểm tra" if lang == "vi" else "Checking", total=len(previous_files) + len(found.files))
        gathered = CrossFiles()
        rounds = None
        if previous is not None:
            from budgetkit.rounds import Rounds, plan_previous

            rounds = Rounds(folder, previous)
            previous_files, same = plan_previous(previous_files, found.files)
            for earlier, now in same:  # sent again unchanged: checked once, as this round's file
                rounds.add_previous_same_as(str(earlier), str(now))
            progress.update(task, total=len(previous_files) + len(found.files))
        count = 0
        # The previous round's files first (kept for the comparison), then this round's, in one pool.
        for result in check_files(previous_files + found.files, guidance, workers, snapshots=rounds is not None):
            if rounds is not None and count < len(previous_files):
                rounds.add_previous(result)
            else:
                if rounds is not None:
                    rounds.add_current(result)
                gathered.add(result)
            count += 1
            progress.advance(task)
    results = gathered.results
    compared = rounds.finish() if rounds is not None else None
    if compared is not None and not any(u.comparison is not None for u in compared.units):
        sys.stderr.write(f"Lưu ý: không đơn vị nào khớp với lần trước “{previous}” (theo Mã ĐVQHNS và năm ngân sách).\n"
                         if lang == "vi" else f"Note: no unit matches the previous round “{previous}” (by unit code and budget year).\n")

    years = [r.budget_year for r in results if r.budget_year is not None]
    year = max(set(years), key=years.count) if years else guidance.pack(None).budget_year
    pack = guidance.pack(year)
    cross = gathered.findings(pack, roster_data)

    # Every output is attempted: one that cannot be written (disk full, name too long) is one line on
    # stderr and exit 1, the others are still written.
    unwritten: list[str] = []
    if annotate is not None:
        from budgetkit.outputs.annotate import annotate_results

        marks = None
        if compared is not None:
            from budgetkit.outputs.rounds_out import changed_cell_notes

            marks = changed_cell_notes(compared, guidance, lang)
        # The real paths (a result's path is the name as shown, made safe).
        annotate_results([(p, r) for p, r in zip(found.files, results, strict=True) if is_annotatable(p)], annotate, lang,
                         targets=targets, failures=unwritten, limits=pack.limits, changes=marks)
    if summary is not None:
        from budgetkit.outputs.summary import write_summary

        try:
            write_summary(summary, results, cross, pack, year, **({"previous": compared} if compared is not None else {}))
        except OSError as exc:
            unwritten.append(output_error(summary, exc, lang))
    if output_format == "json":
        from budgetkit.outputs.json_report import write_report

        extra = {}
        if compared is not None:
            from budgetkit.rounds import rounds_record

            extra["previous"] = rounds_record(compared, lang)
        write_report(sys.stdout, results, pack.info, lang, cross, found.skipped, **extra)
    else:
        from budgetkit.cli.common import stdout_console
        from budgetkit.outputs.batch_text import render_batch

        console = stdout_console()
        render_batch(console, results, cross, found.skipped, pack, year, lang, strict)
        if compared is not None:
            from budgetkit.outputs.rounds_out import render_rounds

            render_rounds(console, compared, pack, lang)
    failed = (any(r.failed(strict) for r in results) or any(f.severity == "error" or (strict and f.severity == "warning") for f in cross)
              or bool(unwritten))
    raise typer.Exit(EXIT_FAIL if failed else EXIT_OK)
