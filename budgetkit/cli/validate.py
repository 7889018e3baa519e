"""budgetkit validate FILE..."""

from __future__ import annotations

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
    load_guidance,
    usage_error,
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
    lang = check_lang(lang)
    check_format(output_format, lang)
    for path in files:
        if not path.exists():
            usage_error(f"không tìm thấy tệp “{path}”", f"file “{path}” does not exist", lang)
        if path.is_dir():
            usage_error(f"“{path}” là thư mục; hãy dùng budgetkit batch {path}", f"“{path}” is a folder; use budgetkit batch {path}", lang)
    guidance = load_guidance(guidance_file, lang)
    targets: list[Path] = []
    if annotate is not None:
        from budgetkit.cli.common import ensure_output_dir, guard_outputs
        from budgetkit.guard import Output
        from budgetkit.outputs.annotate import annotation_targets, is_annotatable

        workbooks = [path for path in files if is_annotatable(path)]
        targets = annotation_targets(workbooks, annotate)
        inputs = [*files, *([guidance_file] if guidance_file else [])]
        guard_outputs([Output(t, "--annotate", replace=False, replaceable_kind="annotated") for t in targets], inputs, lang)
        ensure_output_dir(annotate, lang)

    from budgetkit.batch import check_files
    from budgetkit.guidance import run_pack
    from budgetkit.outputs.json_report import report_text

    results = list(check_files(files, guidance, 1, with_tasks=False))  # each file in an isolated worker
    unwritten: list[str] = []  # outputs that could not be written: exit 1, the others kept
    if annotate is not None:
        from budgetkit.outputs.annotate import annotate_results

        pairs = [(path, result) for path, result in zip(files, results, strict=True) if is_annotatable(path)]
        annotated = annotate_results(pairs, annotate, lang, targets=targets, limits=run_pack(guidance).pack.limits)
        for line in annotated.messages:
            sys.stderr.write(line + "\n")
        unwritten += annotated.failures
    pack = run_pack(guidance, [r.budget_year for r in results], mixed="default").pack  # the files' one year, else the default
    if output_format == "json":
        sys.stdout.write(report_text(results, pack.info, lang))
    else:
        from budgetkit.cli.common import stdout_console
        from budgetkit.outputs.text import render_results

        render_results(stdout_console(), results, pack, lang, strict)
    raise typer.Exit(EXIT_FAIL if any(r.failed(strict) for r in results) or unwritten else EXIT_OK)
