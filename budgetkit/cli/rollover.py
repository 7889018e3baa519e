"""budgetkit rollover FILE -o NEXT_YEAR_FILE"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from budgetkit.cli import app
from budgetkit.cli.conventions import (
    EXIT_FAIL,
    DebugOption,
    GuidanceOption,
    LangOption,
    check_lang,
    ensure_output_dir,
    load_guidance,
    no_such_file,
    usage_error,
)

_OUTPUTS = (".xlsx", ".yaml", ".yml")


@app.command(
    help="Lập tệp dự toán năm sau từ tệp năm nay: chuyển nhiệm vụ chuyển tiếp và hoạt động duy trì (lũy kế, dự toán năm trước), "
    "bỏ nhiệm vụ kết thúc, đổi mã theo gói hướng dẫn năm sau; để trống những gì đơn vị phải điền mới. Không ghi đè tệp đã có.\n\n"
    "Ví dụ: budgetkit rollover chieng-mung-2026.xlsx -o chieng-mung-2027.xlsx"
)
def rollover(
    source: Annotated[Path, typer.Argument(help="Tệp dự toán năm nay (.xlsx, .xlsm, .yaml).", show_default=False)],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Tệp năm sau cần tạo (.xlsx hoặc .yaml); không được trùng tệp đã có.", show_default=False)
    ],
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """`budgetkit rollover`: next year's input file from this year's (its help is in the decorator)."""
    lang = check_lang(lang)
    if not source.is_file():
        no_such_file(source, lang)
    if output.suffix.lower() not in _OUTPUTS:
        usage_error("tệp ra phải là .xlsx hoặc .yaml", "the output must be .xlsx or .yaml", lang)
    from budgetkit.cli.conventions import guard_outputs
    from budgetkit.guard import Output

    # The output guard: never the input, never an existing file (rollover has no --force).
    guard_outputs([Output(output, "-o", replace=False, forceable=False)], [source, *([guidance_file] if guidance_file else [])], lang)
    if output.is_symlink():
        usage_error(
            f"“{output}” đã có; budgetkit không ghi đè - hãy chọn tên khác hoặc xóa tệp cũ",
            f"“{output}” exists; budgetkit never overwrites - choose another name or remove the old file",
            lang,
        )
    guidance = load_guidance(guidance_file, lang)
    model, errors = _read_source(source, guidance)
    if model is None or errors or model.budget_year is None:
        sys.stderr.write(
            "Không lập được tệp năm sau vì tệp có lỗi đọc:\n" if lang == "vi" else "Not rolled over: the file has reading errors:\n"
        )
        from budgetkit.outputs.words import finding_line

        for finding in errors:
            sys.stderr.write(f"  {finding_line(finding, lang)}\n")
        raise typer.Exit(EXIT_FAIL)
    next_year = model.budget_year + 1
    if not guidance.knows_year(next_year):
        usage_error(f"chưa có gói hướng dẫn năm {next_year} để lập tệp năm sau", f"no guidance pack for {next_year} to roll over to", lang)
    ensure_output_dir(output.parent if str(output.parent) else Path("."), lang)

    from budgetkit.guidance import run_pack
    from budgetkit.rollover import rollover as do_rollover

    target_pack = run_pack(guidance, year=next_year).pack
    result = do_rollover(model, target_pack)
    if output.suffix.lower() == ".xlsx":
        from budgetkit.authoring.input_workbook import write_input_workbook

        write_input_workbook(result.model, output, target_pack)
    else:
        from budgetkit.atomic import atomic_write
        from budgetkit.authoring.yaml_writer import to_yaml

        header = (
            f"# Dự toán năm {next_year}, lập bằng budgetkit rollover từ {source.name} (năm {result.from_year}).\n"
            f"# Còn phải điền: dự toán năm {next_year}, ước thực hiện năm {result.from_year}, thuyết minh.\n"
        )
        atomic_write(output, (header + to_yaml(result.model)).encode("utf-8"))
    from budgetkit.outputs.rollover_text import render_rollover

    source_pack = run_pack(guidance, year=result.from_year).pack
    sys.stdout.write(render_rollover(result, target_pack, str(output), lang, source_pack))


def _read_source(source: Path, guidance: Any) -> tuple[Any, list[Any]]:
    """(the file's model or None, the errors that stop the rollover): read in an isolated worker
    (budgetkit.isolation), as every file a command reads - a file that aborts the reader or breaks a
    limit is its F001/F008, never the end of the process."""
    from budgetkit.guidance import run_pack
    from budgetkit.isolation import Breach, breach_finding, run_one

    def work(_: object) -> tuple[Any, list[Any]]:
        from budgetkit.loaders import load

        loaded = load(source, guidance, str(source))
        errors = [f for f in loaded.findings if f.severity == "error"]
        if loaded.model is not None and not errors:  # a line without its Mã, name or status cannot be carried (V001)
            from budgetkit.rules.engine import run_rules

            errors = [f for f in run_rules(loaded) if f.code == "V001" and f.severity == "error"]
        return loaded.model, errors

    pack = run_pack(guidance).pack
    outcome = run_one(work, None, pack.limits)
    if isinstance(outcome, Breach):
        finding = breach_finding(outcome, pack)
        return None, [finding] if finding is not None else []
    return outcome
