"""budgetkit template, convert, schema, rules, explain."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from budgetkit.cli import app
from budgetkit.cli.conventions import (
    EXIT_FAIL,
    DebugOption,
    GuidanceOption,
    LangOption,
    check_lang,
    guard_outputs,
    load_guidance,
    no_such_file,
    usage_error,
)

_WORKBOOK = (".xlsx", ".xlsm")
_YAML = (".yaml", ".yml")


@app.command(
    help="Tạo tệp dự toán trống để điền: bảng tính có danh sách chọn và trang Hướng dẫn, hoặc YAML có chú thích.\n\n"
    "Ví dụ: budgetkit template --year 2027 -o du-toan-2027.xlsx"
)
def template(
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp cần tạo (.xlsx hoặc .yaml).")] = Path("du-toan.xlsx"),
    year: Annotated[int | None, typer.Option("--year", help="Năm ngân sách (chọn gói hướng dẫn).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có (mặc định: không ghi đè).")] = False,
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """`budgetkit template`: write a blank input file to fill (its help is in the decorator)."""
    lang = check_lang(lang)
    if output.suffix.lower() not in _WORKBOOK + _YAML:
        usage_error("tệp ra phải là .xlsx hoặc .yaml", "the output must be .xlsx or .yaml", lang)
    guidance = load_guidance(guidance_file, lang)
    if year is not None and not guidance.knows_year(year):
        usage_error(f"chưa có gói hướng dẫn cho năm {year}", f"no guidance pack for {year}", lang)
    from budgetkit.authoring.template import write_template
    from budgetkit.guard import Output

    # A template never replaces an existing file without --force: du-toan.xlsx may be the unit's filled workbook.
    guard_outputs([Output(output, "-o", replace=False)], [p for p in (guidance_file,) if p is not None], lang, force=force)
    _writable(output, lang)
    from budgetkit.guidance import run_pack

    write_template(output, run_pack(guidance, year=year).pack)
    sys.stderr.write(f"Đã tạo {output}\n" if lang == "vi" else f"Wrote {output}\n")


@app.command(
    help="Chuyển tệp dự toán YAML sang Excel và ngược lại, không mất nội dung. Định dạng ra theo đuôi của OUT.\n\n"
    "Ví dụ: budgetkit convert xa-chieng-mung.yaml xa-chieng-mung.xlsx"
)
def convert(
    source: Annotated[Path, typer.Argument(help="Tệp vào (.yaml, .xlsx, .xlsm).", show_default=False)],
    target: Annotated[Path, typer.Argument(help="Tệp ra (.xlsx hoặc .yaml).", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp ra đã có (mặc định: không ghi đè).")] = False,
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """`budgetkit convert`: YAML to Excel or back, nothing lost (its help is in the decorator)."""
    lang = check_lang(lang)
    if not source.is_file():
        no_such_file(source, lang)
    if target.suffix.lower() not in (".xlsx", *_YAML):
        usage_error("tệp ra phải là .xlsx hoặc .yaml", "the output must be .xlsx or .yaml", lang)
    from budgetkit.guard import Output

    # An existing OUT may be the unit's filled workbook or file: replaced only with --force.
    guard_outputs([Output(target, "OUT", replace=False)], [source, *(p for p in (guidance_file,) if p is not None)], lang, force=force)
    guidance = load_guidance(guidance_file, lang)
    from budgetkit.authoring.convert import ConversionRefused
    from budgetkit.authoring.convert import convert as do_convert

    _writable(target, lang)
    try:
        do_convert(source, target, guidance)
    except ConversionRefused as exc:
        sys.stderr.write("Không chuyển được vì tệp có lỗi đọc:\n" if lang == "vi" else "Not converted: the file has reading errors:\n")
        from budgetkit.outputs.words import finding_line

        for finding in exc.findings:
            sys.stderr.write(f"  {finding_line(finding, lang)}\n")
        raise typer.Exit(EXIT_FAIL) from None
    sys.stderr.write(f"Đã ghi {target}\n" if lang == "vi" else f"Wrote {target}\n")


@app.command(
    help="In JSON Schema của định dạng YAML (cho trình soạn thảo), hoặc ghi vào tệp.\n\nVí dụ: budgetkit schema -o budget-file.schema.json"
)
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Tệp ghi schema (mặc định: in ra màn hình).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp đã có (mặc định: không ghi đè).")] = False,
    lang: LangOption = "vi",
) -> None:
    """`budgetkit schema`: print or write the JSON Schema of the YAML format (its help is in the decorator)."""
    lang = check_lang(lang)
    from budgetkit.authoring.schema import schema_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return
    from budgetkit.guard import Output

    guard_outputs([Output(output, "-o", replace=False)], [], lang, force=force)
    _writable(output, lang)
    from budgetkit.atomic import atomic_write

    atomic_write(output, text.encode("utf-8"))


@app.command(
    help="Danh mục quy tắc kiểm tra: mã, mức độ, nội dung; --changes: gói năm đó khác gói năm trước ở đâu.\n\n"
    "Ví dụ: budgetkit rules --lang en; budgetkit rules --year 2027 --changes"
)
def rules(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="In tài liệu đầy đủ dạng Markdown (docs/rules.md; với --lang en: docs/rules.en.md).")
    ] = False,
    year: Annotated[int | None, typer.Option("--year", help="Năm ngân sách (chọn gói hướng dẫn; mặc định: gói mới nhất).")] = None,
    changes: Annotated[bool, typer.Option("--changes", help="Liệt kê những gì gói của năm --year khác gói năm trước đó.")] = False,
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
) -> None:
    """`budgetkit rules`: the rule catalogue, the Markdown docs or a pack's changes (its help is in the decorator)."""
    lang = check_lang(lang)
    guidance = load_guidance(guidance_file, lang)
    if year is not None and not guidance.knows_year(year):
        usage_error(f"chưa có gói hướng dẫn cho năm {year}", f"no guidance pack for {year}", lang)
    from budgetkit.findings import severity_label
    from budgetkit.guidance import run_pack

    pack = run_pack(guidance, year=year).pack
    from budgetkit.rules.docs import rules_reference
    from budgetkit.rules.registry import all_rules

    if changes:
        from budgetkit.guidance import builtin_years
        from budgetkit.guidance.changes import changes_markdown

        earlier = [y for y in builtin_years() if y < pack.budget_year]
        if not earlier:
            usage_error(
                f"không có gói nào trước năm {pack.budget_year} để so sánh", f"no pack before {pack.budget_year} to compare with", lang
            )
        sys.stdout.write(changes_markdown(run_pack(guidance, year=earlier[-1]).pack, pack, lang))
        return
    if markdown:
        sys.stdout.write(rules_reference(pack, lang))
        return
    from rich.table import Table

    from budgetkit.cli.conventions import stdout_console

    table = Table(header_style="bold")
    for header in ("Mã", "Mức độ", "Nội dung") if lang == "vi" else ("Code", "Severity", "Title"):
        table.add_column(header)
    for rule in all_rules():
        table.add_row(rule.code, severity_label(pack.severity(rule.code), lang), rule.title[0 if lang == "vi" else 1])
    stdout_console().print(table)


@app.command(help="Giải thích một quy tắc: kiểm tra gì, vì sao, ví dụ không đạt và đạt, căn cứ.\n\nVí dụ: budgetkit explain A001")
def explain(
    code: Annotated[str, typer.Argument(help="Mã quy tắc, ví dụ A001.", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", help="Năm ngân sách (mức độ, căn cứ theo gói của năm đó).")] = None,
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
) -> None:
    """`budgetkit explain CODE`: one rule in full (its help is in the decorator)."""
    lang = check_lang(lang)
    guidance = load_guidance(guidance_file, lang)
    from budgetkit.rules.docs import rule_markdown
    from budgetkit.rules.registry import all_codes, get

    wanted = code.strip().upper()
    if wanted not in all_codes():
        import difflib

        near = difflib.get_close_matches(wanted, sorted(all_codes()), n=3, cutoff=0.5)
        same_family = sorted(c for c in all_codes() if c[:1] == wanted[:1])[:3]
        suggestions = ", ".join(near or same_family) or "budgetkit rules"
        usage_error(f"không có quy tắc “{code}”; có phải: {suggestions}?", f"no rule “{code}”; did you mean: {suggestions}?", lang)
    if year is not None and not guidance.knows_year(year):
        usage_error(f"chưa có gói hướng dẫn cho năm {year}", f"no guidance pack for {year}", lang)
    from budgetkit.guidance import run_pack

    sys.stdout.write(rule_markdown(get(wanted), run_pack(guidance, year=year).pack, lang, level=1))


def _writable(path: Path, lang: str) -> None:
    from budgetkit.cli.conventions import ensure_output_dir

    ensure_output_dir(path.parent if str(path.parent) else Path("."), lang)
    if path.is_dir():
        usage_error(f"“{path}” là thư mục", f"“{path}” is a folder", lang)
