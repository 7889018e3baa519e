"""What every command shares: exit codes, the language and guidance options, clean errors."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from budgetkit.guard import Output
    from budgetkit.guidance import Guidance

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2

LangOption = Annotated[
    str,
    typer.Option("--lang", envvar="BUDGETKIT_LANG", help="Ngôn ngữ thông báo: vi (mặc định) hoặc en."),
]
GuidanceOption = Annotated[
    Path | None,
    typer.Option("--guidance", help="Gói hướng dẫn riêng hoặc tệp điều chỉnh (YAML) của tỉnh: ngưỡng, mức độ, tắt quy tắc."),
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Hiện traceback khi có lỗi của chương trình.")]
FormatOption = Annotated[str, typer.Option("--format", help="text (mặc định) hoặc json.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Coi cảnh báo là không đạt (thoát 1).")]
AnnotateOption = Annotated[
    Path | None,
    typer.Option("--annotate", help="Thư mục ghi bản sao bảng tính có đánh dấu các ô bị phát hiện và trang “Kết quả kiểm tra”."),
]


def check_lang(lang: str) -> str:
    """The --lang value as "vi" or "en"; anything else is a usage error."""
    lang = lang.strip().lower()
    if lang not in ("vi", "en"):
        usage_error(f"--lang phải là vi hoặc en (nhận được “{lang}”)", f"--lang must be vi or en (got “{lang}”)", "vi")
    return lang


def check_format(output_format: str, lang: str) -> None:
    """Refuse (usage error) a --format other than text or json."""
    if output_format not in ("text", "json"):
        usage_error(
            f"--format phải là text hoặc json (nhận được “{output_format}”)", f"--format must be text or json (got “{output_format}”)", lang
        )


def usage_error(message_vi: str, message_en: str, lang: str) -> NoReturn:
    """Print the one-line usage error in the user's language on stderr and exit with EXIT_USAGE."""
    sys.stderr.write(("Lỗi: " + message_vi if lang == "vi" else "Error: " + message_en) + "\n")
    raise typer.Exit(EXIT_USAGE)


def no_such_file(path: Path, lang: str) -> NoReturn:
    """The usage error of an input file that does not exist (exit 2)."""
    usage_error(f"không tìm thấy tệp “{path}”", f"file “{path}” does not exist", lang)


def wrote_line(path: Path, lang: str) -> str:
    """The line that says an output was written ("Đã ghi …" / "Wrote …"), as every command that writes says it."""
    from budgetkit.normalize import shown_path

    return f"Đã ghi {shown_path(path)}" if lang == "vi" else f"Wrote {shown_path(path)}"


def load_guidance(path: Path | None, lang: str) -> Guidance:
    """The guidance: the built-in packs, with --guidance-file over them; a missing or invalid file is a usage error."""
    from budgetkit.guidance import Guidance, GuidanceError

    if path is not None and not path.is_file():
        usage_error(f"không tìm thấy tệp hướng dẫn “{path}”", f"guidance file “{path}” not found", lang)
    try:
        return Guidance(path)
    except GuidanceError as exc:
        usage_error(f"tệp hướng dẫn không hợp lệ: {exc.message('vi')}", f"invalid guidance file: {exc.message('en')}", lang)


def stdout_console() -> Console:
    """The rich console of stdout: no soft wrap, and wide (at least 100 columns) when not a terminal."""
    from rich.console import Console

    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else max(100, int(os.environ.get("COLUMNS", "160"))))


def ensure_output_dir(path: Path, lang: str) -> None:
    """An output folder that exists or can be made, and can be written (else exit 2 before any work)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".budgetkit-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        usage_error(f"không ghi được vào thư mục “{path}” ({exc.strerror})", f"cannot write to folder “{path}” ({exc.strerror})", lang)


def guard_outputs(outputs: Sequence[Output], inputs: Sequence[Path] = (), lang: str = "vi", force: bool = False) -> None:
    """The output-path guard (budgetkit.guard) for a command: a refusal is exit 2 with its one-line reason."""
    from budgetkit.guard import OutputRefused, check_outputs

    try:
        check_outputs(outputs, inputs, force=force)
    except OutputRefused as exc:
        usage_error(exc.message("vi"), exc.message("en"), lang)
