"""budgetkit validate FILE..."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

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
    load_guidance,
    no_such_file,
    usage_error,
    wrote_line,
)


@app.command(
    help="Kiểm tra một hoặc nhiều tệp dự toán (.xlsx, .xlsm, .yaml).\n\n"
    "Ví dụ: budgetkit validate xa-chieng-mung.xlsx --annotate da-danh-dau/\n\n"
    "Trạng thái thoát: 0 không có lỗi; 1 có lỗi (hoặc cảnh báo với --strict); 2 dùng lệnh sai."
)
def validate(
    files: Annotated[list[Path], typer.Argument(help="Các tệp dự toán cần kiểm tra.", show_default=False)],
    output_format: FormatOption = "text",
    strict: StrictOption = False,
    annotate: AnnotateOption = None,
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """`budgetkit validate FILE...`: check budget files (its help is in the decorator)."""
    lang = check_lang(lang)
    check_format(output_format, lang)
    _check_files(files, lang)
    guidance = load_guidance(guidance_file, lang)
    targets = _annotation_targets(files, annotate, guidance_file, lang) if annotate is not None else None
    from budgetkit.checking import run_validate

    run = run_validate(files, guidance)  # each file in an isolated worker
    if annotate is not None:
        from budgetkit.guidance import run_pack
        from budgetkit.outputs.annotate import annotate_checked

        annotated = annotate_checked(files, run.results, annotate, lang, targets, run_pack(guidance).pack.limits)
        run.messages += annotated.messages
        run.messages += [wrote_line(t, lang) for t in annotated.written]
        run.unwritten += annotated.failures  # outputs that could not be written: exit 1, the others kept
    for line in run.messages:
        sys.stderr.write(line + "\n")
    if output_format == "json":
        from budgetkit.outputs.json_report import report_text

        sys.stdout.write(report_text(run.results, run.pack.info, lang))
    else:
        from budgetkit.cli.conventions import stdout_console
        from budgetkit.outputs.validate_text import render_results

        render_results(stdout_console(), run.results, run.pack, lang, strict)
    raise typer.Exit(EXIT_FAIL if run.failed(strict) else EXIT_OK)


def _check_files(files: list[Path], lang: str) -> None:
    """Every file named exists and is not a folder (exit 2 otherwise)."""
    for path in files:
        if not path.exists():
            no_such_file(path, lang)
        if path.is_dir():
            usage_error(f"“{path}” là thư mục; hãy dùng budgetkit batch {path}", f"“{path}” is a folder; use budgetkit batch {path}", lang)


def _annotation_targets(files: list[Path], annotate: Path, guidance_file: Path | None, lang: str) -> list[Path]:
    """The annotated copies of the workbooks among files, checked by the output guard, with the --annotate
    folder made (exit 2 otherwise)."""
    from budgetkit.cli.conventions import ensure_output_dir, guard_outputs
    from budgetkit.guard import Output
    from budgetkit.outputs.annotate import annotation_targets, is_annotatable

    targets = annotation_targets([path for path in files if is_annotatable(path)], annotate)
    inputs = [*files, *([guidance_file] if guidance_file else [])]
    planned = [Output(annotate, "--annotate", folder=True)]
    planned += [Output(t, "--annotate", replace=False, replaceable_kind="annotated") for t in targets]
    guard_outputs(planned, inputs, lang)
    ensure_output_dir(annotate, lang)
    return targets
