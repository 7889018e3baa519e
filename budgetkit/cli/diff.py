"""budgetkit diff OLD NEW"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from budgetkit.cli import app
from budgetkit.cli.conventions import (
    EXIT_FAIL,
    EXIT_OK,
    EXIT_USAGE,
    DebugOption,
    FormatOption,
    GuidanceOption,
    LangOption,
    check_format,
    check_lang,
    load_guidance,
    no_such_file,
    usage_error,
)


@app.command(
    help="So sánh hai lần nộp tệp dự toán của cùng một đơn vị (Excel hoặc YAML, lẫn nhau được): dòng thêm, bớt, "
    "sửa (khớp theo Mã, theo tên khi Mã bị đổi), từng số liệu cũ và mới, tổng theo lĩnh vực và loại chi, "
    "các phát hiện đã sửa, mới và còn lại.\n\n"
    "Ví dụ: budgetkit diff lan-1/chieng-mung.xlsx lan-2/chieng-mung.xlsx\n\n"
    "Trạng thái thoát: 0 đã so sánh; 1 một tệp không đọc được; 2 dùng lệnh sai hoặc hai tệp không cùng đơn vị, "
    "không cùng năm ngân sách."
)
def diff(
    old: Annotated[Path, typer.Argument(help="Tệp lần nộp trước.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="Tệp lần nộp này.", show_default=False)],
    output_format: FormatOption = "text",
    guidance_file: GuidanceOption = None,
    lang: LangOption = "vi",
    debug: DebugOption = False,
) -> None:
    """`budgetkit diff OLD NEW`: compare two rounds of one unit (its help is in the decorator)."""
    lang = check_lang(lang)
    check_format(output_format, lang)
    for path in (old, new):
        if not path.exists():
            no_such_file(path, lang)
        if path.is_dir():
            usage_error(
                f"“{path}” là thư mục; so sánh hai thư mục bằng budgetkit batch MỚI --previous CŨ",
                f"“{path}” is a folder; compare two folders with budgetkit batch NEW --previous OLD",
                lang,
            )
    guidance = load_guidance(guidance_file, lang)
    from budgetkit.checking import diff_files
    from budgetkit.compare import NotComparable, comparison_record

    try:
        comparison = diff_files(old, new, guidance, str(old), str(new))
    except NotComparable as exc:
        sys.stderr.write(("Lỗi: " if lang == "vi" else "Error: ") + exc.message(lang) + "\n")
        raise typer.Exit(EXIT_FAIL if exc.unreadable else EXIT_USAGE) from None
    from budgetkit.guidance import run_pack

    pack = run_pack(guidance, year=comparison.new.year).pack
    if output_format == "json":
        from budgetkit import __version__

        tool = {"name": "budgetkit", "version": __version__}
        record = {"tool": tool, "guidance": pack.info, **comparison_record(comparison, lang, pack=pack)}
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    else:
        from budgetkit.cli.conventions import stdout_console
        from budgetkit.outputs.diff_text import render_comparison

        render_comparison(stdout_console(), comparison, pack, lang)
    raise typer.Exit(EXIT_OK)
