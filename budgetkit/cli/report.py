"""budgetkit report FILE... -o OUT.docx|OUT.xlsx"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from budgetkit.cli import app
from budgetkit.cli.conventions import (
    DebugOption,
    GuidanceOption,
    LangOption,
    check_lang,
    ensure_output_dir,
    load_guidance,
    usage_error,
)

if TYPE_CHECKING:
    from budgetkit.batch import Roster


@app.command(
    help="Lập báo cáo thuyết minh (Word, theo Nghị định 30/2020/NĐ-CP) hoặc các biểu dự toán (Excel) từ một tệp, "
    "hoặc báo cáo tổng hợp từ nhiều tệp hay một thư mục.\n\n"
    "Ví dụ: budgetkit report xa-chieng-mung.xlsx -o bao-cao.docx\n\n"
    "Ví dụ tổng hợp: budgetkit report ho-so-xa/ --unit so-khcn.yaml -o tong-hop.xlsx\n\n"
    "Một tệp còn lỗi thì không lập báo cáo (thoát 1), trừ khi dùng --draft: mọi trang có chữ “DỰ THẢO” và phụ lục liệt kê lỗi. "
    "Khi tổng hợp (thư mục hoặc nhiều tệp), các tệp còn lỗi được để ra "
    "ngoài và báo cáo ghi tên chúng; --draft đưa cả chúng vào bản dự thảo. "
    "Hai tệp cùng mã ĐVQHNS (X001) đều bị coi là có lỗi."
)
def report(
    inputs: Annotated[list[Path], typer.Argument(help="Tệp dự toán hoặc thư mục.", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp ra: .docx (báo cáo) hoặc .xlsx (biểu mẫu).", show_default=False)],
    unit_file: Annotated[
        Path | None, typer.Option("--unit", help="Tệp (YAML hoặc Excel) chỉ có phần đơn vị: cơ quan tổng hợp đứng tên báo cáo.")
    ] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Lập bản dự thảo dù tệp còn lỗi (tổng hợp cả các tệp còn lỗi).")] = False,
    roster: Annotated[
        Path | None, typer.Option("--roster", help="Danh sách đơn vị phải nộp (YAML hoặc Excel): báo cáo tổng hợp ghi đơn vị chưa nộp.")
    ] = None,
    template: Annotated[Path | None, typer.Option("--template", help="Mẫu Word riêng (docxtpl) thay cho mẫu mặc định.")] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="Tệp hoặc thư mục của lần nộp trước: phụ lục của bản dự thảo (--draft) liệt kê những thay đổi so với lần trước.",
        ),
    ] = None,
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """`budgetkit report`: the Word report or the Excel forms (its help is in the decorator)."""
    lang = check_lang(lang)
    _check_options(output, template, previous, draft, unit_file, lang)
    paths = _inputs(inputs, lang)
    from budgetkit.cli.conventions import guard_outputs
    from budgetkit.guard import Output

    # Report tables (.xlsx) replace an existing workbook only when budgetkit wrote it as report tables: a
    # unit's filled workbook named by mistake is kept. A .docx named is replaced (budgetkit reads no .docx).
    planned = Output(output, "-o") if output.suffix.lower() == ".docx" else Output(output, "-o", False, "report", forceable=False)
    guard_outputs([planned], [*paths, *(p for p in (unit_file, template, guidance_file, roster) if p is not None)], lang)
    ensure_output_dir(output.parent if str(output.parent) else Path("."), lang)
    guidance = load_guidance(guidance_file, lang)
    roster_data = _roster(roster, lang)
    from budgetkit.report.build import build_report_outputs

    outcome = build_report_outputs(
        [(path, str(path)) for path in paths],
        output,
        guidance,
        consolidating=len(paths) > 1 or any(item.is_dir() for item in inputs),
        draft=draft,
        unit=(unit_file, str(unit_file)) if unit_file is not None else None,
        roster=roster_data,
        template=template,
        previous=previous,
        lang=lang,
    )
    for line in outcome.messages:
        sys.stderr.write(line + "\n")
    if outcome.usage is not None:
        usage_error(*outcome.usage, lang)
    if outcome.exit_code:
        raise typer.Exit(outcome.exit_code)


def _check_options(output: Path, template: Path | None, previous: Path | None, draft: bool, unit_file: Path | None, lang: str) -> None:
    """The options that do not go together, or name no file (exit 2)."""
    suffix = output.suffix.lower()
    if suffix not in (".docx", ".xlsx"):
        usage_error("tệp ra phải là .docx hoặc .xlsx", "the output must be .docx or .xlsx", lang)
    if template is not None and (suffix != ".docx" or not template.is_file()):
        usage_error(
            f"--template cần một tệp .docx có thật (và tệp ra .docx): “{template}”",
            f"--template needs an existing .docx (and a .docx output): “{template}”",
            lang,
        )
    if previous is not None and (not draft or suffix != ".docx" or not previous.exists()):
        usage_error(
            f"--previous cần --draft, tệp ra .docx và một tệp hay thư mục có thật (“{previous}”)",
            f"--previous needs --draft, a .docx output and an existing file or folder (“{previous}”)",
            lang,
        )
    if unit_file is not None and not unit_file.is_file():
        usage_error(f"không tìm thấy tệp đơn vị “{unit_file}”", f"unit file “{unit_file}” does not exist", lang)


def _inputs(inputs: list[Path], lang: str) -> list[Path]:
    """The budget files named, and those found in the folders named (exit 2 when one does not exist, or none)."""
    from budgetkit.discovery import discover

    paths: list[Path] = []
    for item in inputs:
        if item.is_dir():
            paths += discover(item, lang).files
        elif item.is_file():
            paths.append(item)
        else:
            usage_error(f"không tìm thấy “{item}”", f"“{item}” does not exist", lang)
    if not paths:
        usage_error("không có tệp dự toán nào để lập báo cáo", "no budget file to report on", lang)
    return paths


def _roster(roster: Path | None, lang: str) -> Roster | None:
    """The roster of --roster (exit 2 when it is missing or cannot be read)."""
    if roster is None:
        return None
    from budgetkit.batch import RosterError, load_roster

    if not roster.is_file():
        usage_error(f"không tìm thấy danh sách “{roster}”", f"roster “{roster}” does not exist", lang)
    try:
        return load_roster(roster)
    except RosterError as exc:
        usage_error(
            f"danh sách “{roster}” không đọc được: {exc.message('vi')}", f"roster “{roster}” cannot be read: {exc.message('en')}", lang
        )
