"""The command line: only parsing, calling the library and exit codes (one module per command)."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(
    name="budgetkit",
    help=(
        "Lập, kiểm tra và thuyết minh dự toán ngân sách khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        "theo gói hướng dẫn của từng năm ngân sách (budgetkit rules --year N).\n\nVí dụ: budgetkit validate examples/son-la/chieng-mung.xlsx"
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


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM as Ctrl-C: temporary files removed, workers ended, "Đã dừng."


def main() -> None:
    import signal

    _register()
    argv = sys.argv[1:]
    debug = "--debug" in argv
    from budgetkit.cli.language import detect_lang, run

    lang = detect_lang(argv)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        status = run(app, argv)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng.\n" if lang == "vi" else "Stopped.\n")
        raise SystemExit(130) from None
    except BrokenPipeError:  # the reader of the output went away (| head): nothing more to say
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None
    except OSError as exc:  # an output that cannot be written: disk full, name too long, no permission
        if debug:
            raise
        where = f" “{exc.filename}”" if isinstance(exc.filename, str) and not exc.filename.endswith(".tmp") else ""
        from budgetkit.text import shown_path

        sys.stderr.write(f"Lỗi: không ghi được tệp ra{shown_path(where)} ({exc.strerror or exc.__class__.__name__})\n")
        raise SystemExit(1) from None
    except Exception as exc:  # a real bug: one line, unless --debug
        if debug:
            raise
        sys.stderr.write(f"Lỗi nội bộ của budgetkit: {exc.__class__.__name__}: {exc} (chạy lại với --debug để xem chi tiết)\n"
                         if lang == "vi" else f"budgetkit internal error: {exc.__class__.__name__}: {exc} (run again with --debug for details)\n")
        raise SystemExit(1) from None
    raise SystemExit(status)


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
