"""budgetkit report FILE... -o OUT.docx|OUT.xlsx"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from budgetkit.cli import app
from budgetkit.cli.common import EXIT_FAIL, DebugOption, GuidanceOption, LangOption, check_lang, ensure_output_dir, load_guidance, usage_error


@app.command(
    help="Lập báo cáo thuyết minh (Word, theo Nghị định 30/2020/NĐ-CP) hoặc các biểu dự toán (Excel) từ một tệp, "
    "hoặc báo cáo tổng hợp từ nhiều tệp hay một thư mục.\n\n"
    "Ví dụ: budgetkit report xa-chieng-mung.xlsx -o bao-cao.docx\n\n"
    "Ví dụ tổng hợp: budgetkit report ho-so-xa/ --unit so-khcn.yaml -o tong-hop.xlsx\n\n"
    "Một tệp còn lỗi thì không lập báo cáo (thoát 1), trừ khi dùng --draft: mọi trang có chữ “DỰ THẢO” và phụ lục liệt kê lỗi. "
    "Khi tổng hợp (thư mục hoặc nhiều tệp), các tệp còn lỗi được để ra ngoài và báo cáo ghi tên chúng; --draft đưa cả chúng vào bản dự thảo. "
    "Hai tệp cùng mã ĐVQHNS (X001) đều bị coi là có lỗi."
)
def report(
    inputs: Annotated[list[Path], typer.Argument(help="Tệp dự toán hoặc thư mục.", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp ra: .docx (báo cáo) hoặc .xlsx (biểu mẫu).", show_default=False)],
    unit_file: Annotated[Path | None, typer.Option("--unit", help="Tệp (YAML hoặc Excel) chỉ có phần đơn vị: cơ quan tổng hợp đứng tên báo cáo.")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Lập bản dự thảo dù tệp còn lỗi (tổng hợp cả các tệp còn lỗi).")] = False,
    roster: Annotated[Path | None, typer.Option("--roster", help="Danh sách đơn vị phải nộp (YAML hoặc Excel): báo cáo tổng hợp ghi đơn vị chưa nộp.")] = None,
    template: Annotated[Path | None, typer.Option("--template", help="Mẫu Word riêng (docxtpl) thay cho mẫu mặc định.")] = None,
    previous: Annotated[Path | None, typer.Option("--previous", help="Tệp hoặc thư mục của lần nộp trước: phụ lục của bản dự thảo (--draft) liệt kê những thay đổi so với lần trước.")] = None,
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    lang = check_lang(lang)
    suffix = output.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        usage_error("tệp ra phải là .docx hoặc .xlsx", "the output must be .docx or .xlsx", lang)
    if template is not None and (suffix != ".docx" or not template.is_file()):
        usage_error(f"--template cần một tệp .docx có thật (và tệp ra .docx): “{template}”", f"--template needs an existing .docx (and a .docx output): “{template}”", lang)
    if previous is not None and (not draft or suffix != ".docx" or not previous.exists()):
        usage_error(f"--previous cần --draft, tệp ra .docx và một tệp hay thư mục có thật (“{previous}”)",
                    f"--previous needs --draft, a .docx output and an existing file or folder (“{previous}”)", lang)
    if unit_file is not None and not unit_file.is_file():
        usage_error(f"không tìm thấy tệp đơn vị “{unit_file}”", f"unit file “{unit_file}” does not exist", lang)
    paths: list[Path] = []
    from budgetkit.batch import discover

    for item in inputs:
        if item.is_dir():
            paths += discover(item).files
        elif item.is_file():
            paths.append(item)
        else:
            usage_error(f"không tìm thấy “{item}”", f"“{item}” does not exist", lang)
    if not paths:
        usage_error("không có tệp dự toán nào để lập báo cáo", "no budget file to report on", lang)
    ensure_output_dir(output.parent if str(output.parent) else Path("."), lang)
    if output.is_dir():
        usage_error(f"“{output}” là thư mục, không phải tệp", f"“{output}” is a folder, not a file", lang)
    guidance = load_guidance(guidance_file, lang)

    from budgetkit.report.context import build_context, from_models
    from budgetkit.validate import load_isolated

    consolidating = len(paths) > 1 or any(item.is_dir() for item in inputs)
    roster_data = None
    if roster is not None:
        from budgetkit.batch import RosterError, load_roster

        if not roster.is_file():
            usage_error(f"không tìm thấy danh sách “{roster}”", f"roster “{roster}” does not exist", lang)
        try:
            roster_data = load_roster(roster)
        except RosterError as exc:
            usage_error(f"danh sách “{roster}” không đọc được: {exc}", f"roster “{roster}” cannot be read: {exc}", lang)
    loaded_files = []
    checked = []  # with --previous: each file's result and snapshot, for the comparison
    loaded_all = load_isolated(paths, guidance, snapshots=previous is not None)  # each file in an isolated worker
    for path, (model, findings, result) in zip(paths, loaded_all, strict=True):
        errors = [f for f in findings if f.severity == "error"]
        loaded_files.append((str(path), model, errors))
        if previous is not None and result is not None:
            checked.append(result)
    from budgetkit.report.sources import select_files

    selection = select_files(loaded_files, guidance, consolidating, draft)
    open_errors, left_out, models = selection.open_errors, selection.left_out, selection.models
    if left_out:
        sys.stderr.write("Không tổng hợp các tệp còn lỗi (sửa lỗi rồi lập lại, hoặc dùng --draft để đưa vào bản dự thảo):\n" if lang == "vi"
                         else "Left out of the consolidation, for their errors (fix them, or use --draft to include them in a draft):\n")
        for path, finding in selection.left_out_errors:
            where = finding.location.describe(lang)
            sys.stderr.write(f"  {path}: {finding.code} {where + ': ' if where else ''}{finding.message(lang)}\n")
    issuer = None
    if unit_file is not None:
        unit_model, unit_findings, _ = load_isolated([unit_file], guidance, unit_only=True)[0]
        unit_errors = [f for f in unit_findings if f.severity == "error"]
        if unit_model is None or unit_errors:
            for finding in unit_errors:
                sys.stderr.write(f"{unit_file}: {finding.code} {finding.message(lang)}\n")
            usage_error(f"tệp đơn vị “{unit_file}” không đọc được", f"unit file “{unit_file}” cannot be read", lang)
        issuer = unit_model.unit
    if open_errors and not draft:
        sys.stderr.write("Chưa lập báo cáo: các tệp còn lỗi (sửa lỗi, hoặc dùng --draft để lập bản dự thảo):\n" if lang == "vi"
                          else "No report: the files have errors (fix them, or use --draft for a draft):\n")
        for path, finding in open_errors:
            sys.stderr.write(f"  {path}: {finding.code} {finding.location.describe(lang)}: {finding.message(lang)}\n")
        raise typer.Exit(EXIT_FAIL)
    if not models:
        sys.stderr.write("Không có tệp nào đọc được và không còn lỗi để lập báo cáo.\n" if lang == "vi" else "No readable file without errors to report on.\n")
        raise typer.Exit(EXIT_FAIL)
    data = from_models(models, issuer, open_errors, draft, consolidated=consolidating)
    data.left_out = left_out
    if roster_data is not None:
        data.not_submitted = selection.not_submitted(roster_data)
    pack = guidance.pack(data.year)
    if suffix == ".docx":
        from budgetkit.report.docx import TemplateProblem, render_docx

        context = build_context(data, pack)
        if previous is not None:
            context["previous_changes"] = _changes_since(checked, previous, guidance, pack, lang)
        if context["missing_assessment"]:
            names = ", ".join(f"“{name}”" for name in context["missing_assessment"])
            sys.stderr.write(f"Lưu ý: phần I ghi “[cần bổ sung]” vì đơn vị chưa nhập {names}.\n" if lang == "vi"
                             else f"Note: section I says “[cần bổ sung]” (to be completed): the unit left empty {names}.\n")
        try:
            render_docx(context, output, template)
        except TemplateProblem as exc:
            usage_error(str(exc), str(exc), lang)
    else:
        from budgetkit.report.xlsx import write_tables

        write_tables(data, pack, output)
    sys.stderr.write(f"Đã ghi {output}\n" if lang == "vi" else f"Wrote {output}\n")


def _changes_since(checked: list, previous: Path, guidance, pack, lang: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def,type-arg]
    """The draft appendix's list of changes since the previous round (one file against another unit's or
    another year's file is refused, as by diff)."""
    from budgetkit.compare import NotComparable, check_comparable
    from budgetkit.outputs.rounds_out import report_change_rows
    from budgetkit.rounds import compare_with_previous
    from budgetkit.validate import check_file

    if previous.is_file() and len(checked) == 1 and checked[0].snapshot is not None:
        before = check_file(previous, guidance, str(previous), with_snapshot=True)
        if before.snapshot is not None:
            try:
                check_comparable(before.snapshot, checked[0].snapshot)
            except NotComparable as exc:
                usage_error(exc.message_vi, exc.message_en, lang)
    return report_change_rows(compare_with_previous(checked, previous, guidance), pack)
