"""The command line: only parsing, calling the library and exit codes (one module per command)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence

import typer

app = typer.Typer(
    name="budgetkit",
    help=(
        "Lập, kiểm tra và thuyết minh dự toán ngân sách khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        "theo gói hướng dẫn của từng năm ngân sách (budgetkit rules --year "
        "N).\n\nVí dụ: budgetkit validate examples/son-la/chieng-mung.xlsx"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _register() -> None:
    from budgetkit.cli import validate  # noqa: F401  (each module adds its command to app)

    for name in ("batch", "report", "authoring", "diff", "rollover", "serve"):
        try:
            __import__(f"budgetkit.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"budgetkit.cli.{name}":
                raise


def _utf8_streams() -> None:
    """stdout and stderr in UTF-8 whatever the system's code page. On Windows a redirected output
    (`budgetkit validate x.xlsx > ket-qua.txt`, `--format json > x.json`) is in the ANSI code page (cp1252,
    cp1258), which has no "ệ": every Vietnamese line was an internal error. A console already takes Unicode."""
    for stream in (sys.stdout, sys.stderr):
        encoding = str(getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # a stream that cannot change its encoding: left as it is
                reconfigure(encoding="utf-8", errors="backslashreplace")


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM as Ctrl-C: temporary files removed, workers ended, "Đã dừng."


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line as `budgetkit ...` does and return its exit status (the console script exits with it).

    `argv` is the command line without the program name (default: `sys.argv[1:]`). Usage errors and help in
    the user's language; SIGTERM handled as Ctrl-C ("Đã dừng.", 130) while the command runs; an output that
    cannot be written or a bug is one line on stderr and status 1 (the traceback only with --debug).
    """
    import signal
    import threading

    _utf8_streams()
    _register()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    from budgetkit.cli.language import detect_lang, run

    lang = detect_lang(args)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        return run(app, args)
    except SystemExit as exc:  # as the interpreter ends on it: a number is the status, a text is said on stderr
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        sys.stderr.write(f"{exc.code}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n" if lang == "vi" else "Stopped.\n")
        return 130
    except BrokenPipeError:  # the reader of the output went away (| head): nothing more to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # an output that cannot be written: disk full, name too long, no permission
        if debug:
            raise
        where = f" “{exc.filename}”" if isinstance(exc.filename, str) and not exc.filename.endswith(".tmp") else ""
        from budgetkit.normalize import shown_path

        reason = exc.strerror or exc.__class__.__name__
        sys.stderr.write(
            f"Lỗi: không ghi được tệp ra{shown_path(where)} ({reason})\n"
            if lang == "vi"
            else f"Error: cannot write the output{shown_path(where)} ({reason})\n"
        )
        return 1
    except Exception as exc:  # a real bug: one line, unless --debug
        if debug:
            raise
        sys.stderr.write(
            f"Lỗi nội bộ của budgetkit: {exc.__class__.__name__}: {exc} (chạy lại với --debug để xem chi tiết)\n"
            if lang == "vi"
            else f"budgetkit internal error: {exc.__class__.__name__}: {exc} (run again with --debug for details)\n"
        )
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _version(value: bool) -> None:
    if value:
        from budgetkit import __version__

        print(f"budgetkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."),
) -> None:
    """Lập, kiểm tra và thuyết minh dự toán ngân sách KH&CN, ĐMST và CĐS."""
