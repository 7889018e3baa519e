"""The command reference (docs/commands.md, docs/commands.en.md), made from each command's own help.

The help a user sees with `budgetkit LỆNH --help` is the one description of a command; this module puts the
help of every command on one page, with what all commands share (exit statuses, language, outputs). A test
keeps the two files equal to what this prints:

    python -m budgetkit.cli.reference > docs/commands.md
    python -m budgetkit.cli.reference en > docs/commands.en.md
"""

from __future__ import annotations

import io
import os
import sys
from contextlib import redirect_stdout

# The width the help is rendered at on the page (the parser wraps at most at 80 columns).
_WIDTH = "80"

_INTRO = {
    "vi": """# Các lệnh của budgetkit

Tệp này được tạo bởi `python -m budgetkit.cli.reference` từ phần hướng dẫn của từng lệnh (`budgetkit LỆNH
--help`); đừng sửa tay. Bản tiếng Anh: `docs/commands.en.md`.

Gọi chương trình đã cài trong môi trường ảo: `.venv/bin/budgetkit` (Linux, macOS) hoặc
`.venv\\Scripts\\budgetkit` (Windows); xem README.md.

**Chung cho mọi lệnh**
- Trạng thái thoát: 0 không có lỗi; 1 có lỗi (kể cả tệp không đọc được; với `--strict` cả cảnh báo); 2 dùng
  lệnh sai (tùy chọn không có, tệp vào không có, tệp ra không an toàn, tệp điều chỉnh sai). `diff` thoát 0
  khi đã so sánh được.
- Thông báo, lỗi dùng lệnh và hướng dẫn bằng tiếng Việt; `--lang en` hoặc biến môi trường
  `BUDGETKIT_LANG=en` cho tiếng Anh.
- Không lệnh nào ghi lên tệp vào, lên một tệp ra khác của cùng lượt, hay lên một tệp đã có mà bạn không chỉ
  định để ghi đè (`--force` của `template`, `convert`, `schema`); mọi tệp ra được ghi trọn vẹn hoặc không ghi.
- Định dạng tệp vào: `docs/input-format.md`; báo cáo JSON (`--format json`): `docs/json-output.md`; danh mục
  quy tắc: `docs/rules.md`; báo cáo Word và biểu Excel: `docs/report.md`; so sánh các lần nộp: `docs/diff.md`;
  gói 2027 và `rollover`: `docs/pack-2027.md`; trang web: `docs/serve.md`.
""",
    "en": """# budgetkit's commands

This file is made by `python -m budgetkit.cli.reference en` from each command's help (`budgetkit COMMAND
--help --lang en`); do not edit it by hand. In Vietnamese: `docs/commands.md`.

Call the program installed in the virtual environment: `.venv/bin/budgetkit` (Linux, macOS) or
`.venv\\Scripts\\budgetkit` (Windows); see README.md.

**What every command shares**
- Exit status: 0 no error; 1 errors (a file that cannot be read included; with `--strict` warnings too); 2 wrong
  usage (an unknown option, a missing input, an unsafe output, a wrong override file). `diff` exits 0 when it
  compared the files.
- Messages, usage errors and help are in Vietnamese; `--lang en` or the environment variable
  `BUDGETKIT_LANG=en` gives English.
- No command writes over an input, over another output of the same run, or over an existing file you did not
  name for replacing (`--force` of `template`, `convert`, `schema`); every output is written whole or not at all.
- The input format: `docs/input-format.md`; the JSON report (`--format json`): `docs/json-output.md`; the rule
  catalogue: `docs/rules.en.md`; the Word report and the Excel tables: `docs/report.md`; comparing rounds of
  submission: `docs/diff.md`; the 2027 pack and `rollover`: `docs/pack-2027.md`; the web page: `docs/serve.md`.
""",
}


def _help(args: list[str]) -> str:
    """What `budgetkit ARGS` prints (help), at the page's width."""
    from budgetkit.cli import main

    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = _WIDTH
    buffer = io.StringIO()
    try:
        with redirect_stdout(buffer):
            main(args)
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before
    return buffer.getvalue().rstrip() + "\n"


def command_names() -> list[str]:
    """The commands, in the order `budgetkit --help` lists them."""
    import typer

    from budgetkit.cli import _register, app

    _register()
    group = typer.main.get_command(app)
    return list(getattr(group, "commands", {}))


def commands_markdown(lang: str = "vi") -> str:
    """The whole reference page in `lang` ("vi" or "en")."""
    lang = "en" if lang == "en" else "vi"
    parts = [_INTRO[lang], "```text\n" + _help(["--help", "--lang", lang]) + "```\n"]
    for name in command_names():
        parts.append(f"## `budgetkit {name}`\n\n```text\n" + _help([name, "--help", "--lang", lang]) + "```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(commands_markdown(sys.argv[1] if len(sys.argv) > 1 else "vi"))
