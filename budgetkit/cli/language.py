"""The command line in the user's language: help and usage errors in Vietnamese (English with --lang en or
BUDGETKIT_LANG=en). The parser's own English ("No such option", "Missing argument", "Usage:") never reaches
the user: usage errors are re-worded here from the parser's exception, help is rendered by the parser and
its headings translated.

English help: each command's and option's help is written in Vietnamese where it is declared; its English
is in EN_HELP (by command, or "*" for an option every command shares). A test checks that every command and
option has one: add it here when you add a command or an option.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass
from typing import Any

# (command, parameter name or "" for the command itself) -> English help; "*" for an option of every command.
EN_HELP: dict[tuple[str, str], str] = {
    ("", ""): "Prepare, check and explain S&T, innovation and digital-transformation budget estimates under each budget "
    "year's guidance pack (budgetkit rules --year N).\n\nExample: budgetkit validate examples/son-la/chieng-mung.xlsx",
    ("", "version"): "Print the version and exit.",
    ("*", "lang"): "Language of messages: vi (default) or en.",
    ("*", "guidance_file"): "Your own guidance pack or a province's override file (YAML): thresholds, severities, rules switched off.",
    ("*", "debug"): "Show the traceback when the program fails.",
    ("*", "output_format"): "text (default) or json.",
    ("*", "strict"): "Count warnings as failures (exit 1), cross-file warnings included.",
    ("*", "annotate"): "Folder for annotated copies of the workbooks: the cells with findings marked, and a “Kết quả kiểm tra” sheet.",
    ("validate", ""): "Check one or more budget files (.xlsx, .xlsm, .yaml).\n\nExample: budgetkit validate xa-chieng-mung.xlsx "
    "--annotate da-danh-dau/\n\nExit status: 0 no error; 1 errors (or warnings with --strict); 2 wrong usage.",
    ("validate", "files"): "The budget files to check.",
    ("batch", ""): "Check every budget file in a folder (subfolders included), in parallel; cross-file checks; print the summary "
    "table and write the province's summary workbook.\n\nExample: budgetkit batch ho-so-xa/ --roster danh-sach-xa.xlsx "
    "--summary tong-hop-2026.xlsx",
    ("batch", "folder"): "The folder holding the budget files.",
    ("batch", "jobs"): "Number of parallel processes (default: the number of CPU cores).",
    ("batch", "summary"): "Write the province's summary workbook (.xlsx).",
    ("batch", "roster"): "The list of units that must submit (YAML or Excel).",
    ("batch", "previous"): "The folder of the previous round of submissions: each unit compared (by unit code) with the previous round.",
    ("report", ""): "Write the explanatory report (Word, under Decree 30/2020/NĐ-CP) or the estimate tables (Excel) from one file, "
    "or a consolidated report from several files or a folder.\n\nExample: budgetkit report xa-chieng-mung.xlsx -o "
    "bao-cao.docx\n\nConsolidated: budgetkit report ho-so-xa/ --unit so-khcn.yaml -o tong-hop.xlsx\n\nOne file with "
    "errors gets no report (exit 1) unless --draft: every page then says “DỰ THẢO” and an appendix lists the errors. "
    "When consolidating (a folder or several files), the files with errors are left out and the report names them; "
    "--draft takes them into the draft too. Two files of one unit code (X001) both count as having errors.",
    ("report", "inputs"): "Budget files or folders.",
    ("report", "output"): "Output file: .docx (report) or .xlsx (tables).",
    ("report", "unit_file"): "A file (YAML or Excel) with only the unit part: the consolidating body that signs the report.",
    ("report", "draft"): "Write a draft even though the files have errors (a consolidation takes in the files with errors too).",
    ("report", "roster"): "The list of units that must submit (YAML or Excel): the consolidated report names the units without a file.",
    ("report", "template"): "Your own Word template (docxtpl) instead of the default one.",
    ("report", "previous"): "The file or folder of the previous submission: the draft's (--draft) appendix lists what changed since.",
    ("template", ""): "Create a blank budget file to fill in: a workbook with drop-down lists and a guide sheet, or a commented "
    "YAML.\n\nExample: budgetkit template --year 2027 -o du-toan-2027.xlsx",
    ("template", "output"): "The file to create (.xlsx or .yaml).",
    ("template", "year"): "Budget year (chooses the guidance pack).",
    ("template", "force"): "Overwrite an existing file (by default an existing file is never overwritten).",
    ("convert", ""): "Convert a budget file from YAML to Excel and back without losing content. The output format follows OUT's "
    "extension.\n\nExample: budgetkit convert xa-chieng-mung.yaml xa-chieng-mung.xlsx",
    ("convert", "source"): "Input file (.yaml, .xlsx, .xlsm).",
    ("convert", "target"): "Output file (.xlsx or .yaml).",
    ("convert", "force"): "Overwrite an existing output file (by default an existing file is never overwritten).",
    ("schema", ""): "Print the JSON Schema of the YAML format (for editors), or write it to a file.\n\nExample: budgetkit schema "
    "-o budget-file.schema.json",
    ("schema", "output"): "File to write the schema to (default: print it).",
    ("schema", "force"): "Overwrite an existing file (by default an existing file is never overwritten).",
    ("rules", ""): "The catalogue of rules: code, severity, title; --changes: where that year's pack differs from the year "
    "before's.\n\nExample: budgetkit rules --lang en; budgetkit rules --year 2027 --changes",
    ("rules", "markdown"): "Print the full documentation as Markdown (docs/rules.md; with --lang en: docs/rules.en.md).",
    ("rules", "year"): "Budget year (chooses the guidance pack; default: the latest).",
    ("rules", "changes"): "List what the pack of --year changes from the year before's.",
    ("explain", ""): "Explain one rule: what it checks, why, a failing and a passing example, its source.\n\nExample: "
    "budgetkit explain A001",
    ("explain", "code"): "Rule code, e.g. A001.",
    ("explain", "year"): "Budget year (severity and source from that year's pack).",
    ("diff", ""): "Compare two submissions of the same unit (Excel or YAML, either way): lines added, removed, changed (matched "
    "by id, by name when the id changed), each old and new value, totals by pillar and spending type, findings "
    "fixed, new and still open.\n\nExample: budgetkit diff lan-1/chieng-mung.xlsx lan-2/chieng-mung.xlsx\n\nExit "
    "status: 0 compared; 1 a file cannot be read; 2 wrong usage, or the files are not of one unit and one budget year.",
    ("diff", "old"): "The previous submission.",
    ("diff", "new"): "This submission.",
    ("serve", ""): "Open a web page on this machine for checking estimates: drop files in the browser, see the results, download "
    "annotated copies, reports and the summary workbook. By default only this machine can reach it (127.0.0.1); "
    "opening it to the local network (another --host) requires --token, and every request must carry that key."
    "\n\nExample: budgetkit serve --open\n\nExample on the department's network: budgetkit serve --host 0.0.0.0 "
    "--token \"$(python3 -c 'import secrets; print(secrets.token_urlsafe())')\"",
    ("serve", "host"): "Address to listen on (default 127.0.0.1: this machine only).",
    ("serve", "port"): "Port (0: any free port).",
    ("serve", "open_browser"): "Open the page in the browser.",
    ("serve", "token"): "Access key (at least 16 characters A-Z a-z 0-9 . _ ~ -), required when --host is not this machine.",
    ("serve", "jobs"): "Number of parallel checking processes (default: the number of CPU cores).",
    ("rollover", ""): "Make next year's budget file from this year's: continuing tasks and recurring activities carried over "
    "(allocations, last year's estimate), finished tasks dropped, codes renamed by next year's pack; what "
    "the unit must fill in anew is left blank. Never overwrites an existing file.\n\nExample: budgetkit "
    "rollover chieng-mung-2026.xlsx -o chieng-mung-2027.xlsx",
    ("rollover", "source"): "This year's budget file (.xlsx, .xlsm, .yaml).",
    ("rollover", "output"): "Next year's file to create (.xlsx or .yaml); must not be an existing file.",
}

_HEADINGS = {
    "vi": [
        ("Usage:", "Cách dùng:"),
        ("Arguments:", "Tham số:"),
        ("Options:", "Tùy chọn:"),
        ("Commands:", "Lệnh:"),
        ("Show this message and exit.", "In hướng dẫn này rồi thoát."),
        ("[default: ", "[mặc định: "),
        ("[required]", "[bắt buộc]"),
        ("[env var:", "[biến môi trường:"),
        ("default: ", "mặc định: "),
        ("<list[Path]>", "<tệp>...    "),
        ("<path>", "<tệp> "),
        ("<str>", "<chữ>"),
        ("<int>", "<số> "),
        ("[OPTIONS]", "[TÙY CHỌN]"),
        ("COMMAND [ARGS]...", "LỆNH [THAM SỐ]..."),
    ],
    "en": [("<list[Path]>", "<path>...   ")],
}


def detect_lang(argv: Sequence[str]) -> str:
    """The language asked for, before the command line is parsed: --lang X, --lang=X, else BUDGETKIT_LANG."""
    lang = os.environ.get("BUDGETKIT_LANG", "vi")
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            lang = argv[index + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return "en" if lang.strip().lower() == "en" else "vi"


def translate_help(command: Any, lang: str) -> None:
    """Put the English help on the parser's command tree (Vietnamese is what the commands declare)."""
    if lang != "en":
        return
    command.help = EN_HELP.get(("", ""), command.help)
    for param in command.params:
        param.help = EN_HELP.get(("", param.name), param.help)
    for name, sub in getattr(command, "commands", {}).items():
        sub.help = EN_HELP.get((name, ""), sub.help)
        sub.short_help = None
        for param in sub.params:
            if getattr(param, "help", None) is not None or (name, param.name) in EN_HELP:
                param.help = EN_HELP.get((name, param.name), EN_HELP.get(("*", param.name), param.help))


# The arguments as the usage line names them (the parser shows "{files}"): words a user reads, not parameter names.
_ARGUMENT_NAMES = {
    "vi": {
        "files": "TỆP",
        "inputs": "TỆP",
        "folder": "THƯ_MỤC",
        "old": "TỆP_CŨ",
        "new": "TỆP_MỚI",
        "source": "TỆP_VÀO",
        "target": "TỆP_RA",
        "code": "MÃ",
    },
    "en": {
        "files": "FILES",
        "inputs": "FILES",
        "folder": "FOLDER",
        "old": "OLD",
        "new": "NEW",
        "source": "IN",
        "target": "OUT",
        "code": "CODE",
    },
}
_USAGE_ARGUMENT = re.compile(r"\{([a-z_]+)\}")
# A row of the help's arguments section: "  folder <tệp>   Thư mục ..." (name, its metavar, the padding before the help).
_ARGUMENT_ROW = re.compile(r"^(  )([a-z_]+)((?:\.\.\.)?) <[^>]*>\s*(?:\.\.\.)?(\s*)")


def argument_name(name: str, lang: str) -> str:
    """An argument as the user reads it (TỆP, THƯ_MỤC / FILES, FOLDER), never the parameter's name."""
    return _ARGUMENT_NAMES["en" if lang == "en" else "vi"].get(name, name.upper())


def _argument_row(match: re.Match[str], lang: str) -> str:
    width = len(match.group(0))
    shown = match.group(1) + argument_name(match.group(2), lang) + match.group(3)
    return shown + " " * max(2, width - len(shown))


def localise_help_text(text: str, lang: str) -> str:
    """The parser's help text in the user's language: its headings translated, the usage line's arguments named."""
    for english, local in _HEADINGS[lang]:
        text = text.replace(english, local)
    lines = text.split("\n")
    in_arguments = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("Usage:", "Cách dùng:")):
            lines[index] = _USAGE_ARGUMENT.sub(lambda m: argument_name(m.group(1), lang), line)
        elif line.strip() in ("Arguments:", "Tham số:"):
            in_arguments = True
        elif in_arguments and not line.startswith("  "):
            in_arguments = False
        elif in_arguments:
            lines[index] = _ARGUMENT_ROW.sub(lambda m: _argument_row(m, lang), line)
    return "\n".join(lines)


def usage_message(exc: Any, lang: str, command_path: str) -> str:
    """A one-line reason for a usage error of the parser, in the user's language (never the parser's English)."""
    param = getattr(exc, "param", None)
    shown = _param_shown(param, lang) if param is not None else getattr(exc, "param_hint", None) or ""
    if isinstance(shown, (list, tuple)):
        shown = " / ".join(shown)
    explain = _USAGE_BY_KIND.get(type(exc).__name__, _usage_from_message)
    return explain(_UsageError(exc, lang != "en", command_path, shown))


@dataclass
class _UsageError:
    """A parser's usage error with what its message needs: Vietnamese or not, the command, the parameter shown."""

    exc: Any
    vi: bool
    command_path: str
    shown: str

    @property
    def message(self) -> str:
        return str(getattr(self.exc, "message", ""))


def _no_such_option(e: _UsageError) -> str:
    name = getattr(e.exc, "option_name", "")
    near = ", ".join(getattr(e.exc, "possibilities", None) or [])
    if e.vi:
        return f"lệnh {e.command_path} không có tùy chọn “{name}”" + (f" (có phải: {near}?)" if near else "")
    return f"{e.command_path} has no option “{name}”" + (f" (did you mean: {near}?)" if near else "")


def _missing_parameter(e: _UsageError) -> str:
    param = getattr(e.exc, "param", None)
    what = getattr(e.exc, "param_type", None) or ("argument" if param is not None and param.param_type_name == "argument" else "option")
    if e.vi:
        return f"thiếu {'tham số' if what == 'argument' else 'tùy chọn'} {e.shown} của lệnh {e.command_path}"
    return f"{e.command_path} needs the {what} {e.shown}"


def _bad_parameter(e: _UsageError) -> str:
    expected = _expected(e.exc, getattr(e.exc, "param", None), "vi" if e.vi else "en")
    value = _quoted_value(e.exc)
    if e.vi:
        return f"giá trị {value}không hợp lệ cho {e.shown}" + (f": cần {expected}" if expected else "")
    return f"invalid value {value}for {e.shown}" + (f": {expected} expected" if expected else "")


# What the parser says of a misused option -> (Vietnamese, English), "{name}" the option.
_OPTION_USAGE = (
    ("requires an argument", "tùy chọn {name} cần một giá trị", "the option {name} needs a value"),
    ("does not take a value", "tùy chọn {name} không nhận giá trị", "the option {name} takes no value"),
)


def _bad_usage(e: _UsageError) -> str:
    name = getattr(e.exc, "option_name", "") or e.shown
    for said, vi, en in _OPTION_USAGE:
        if said in e.message:
            return (vi if e.vi else en).format(name=name)
    return f"dùng tùy chọn {name} không đúng" if e.vi else f"wrong use of {name}"


def _usage_from_message(e: _UsageError) -> str:
    """Errors known only by the parser's message: no such command, extra arguments, anything else."""
    match = re.match(r"No such command '(.*?)'", e.message)
    if match:
        near = re.search(r"Did you mean (.*)\?", e.message)
        suggestion = near.group(1).replace("'", "") if near else ""
        if e.vi:
            return f"không có lệnh “{match.group(1)}”" + (f" (có phải: {suggestion}?)" if suggestion else "") + "; xem budgetkit --help"
        return f"no command “{match.group(1)}”" + (f" (did you mean: {suggestion}?)" if suggestion else "") + "; see budgetkit --help"
    match = re.match(r"Got unexpected extra arguments? \((.*)\)", e.message)
    if match:
        if e.vi:
            return f"thừa tham số “{match.group(1)}” cho lệnh {e.command_path}"
        return f"unexpected extra argument “{match.group(1)}” for {e.command_path}"
    if e.vi:
        return f"dùng lệnh {e.command_path} không đúng; xem {e.command_path} --help"
    return f"wrong use of {e.command_path}; see {e.command_path} --help"


_USAGE_BY_KIND: dict[str, Callable[[_UsageError], str]] = {
    "NoSuchOption": _no_such_option,
    "MissingParameter": _missing_parameter,
    "BadParameter": _bad_parameter,
    "BadOptionUsage": _bad_usage,
    "BadArgumentUsage": _bad_usage,
}


def _param_shown(param: Any, lang: str) -> str:
    if getattr(param, "param_type_name", "") == "argument":
        return argument_name(param.name or "", lang)
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or list(getattr(param, "opts", []))
    return " / ".join(opts)


_EXPECTED = {
    "int": ("một số nguyên", "a whole number"),
    "integer": ("một số nguyên", "a whole number"),
    "float": ("một số", "a number"),
    "decimal": ("một số", "a number"),
    "bool": ("có hoặc không", "yes or no"),
    "boolean": ("có hoặc không", "yes or no"),
    "path": ("một đường dẫn", "a path"),
    "choice": ("một giá trị cho phép", "an allowed value"),
}


def _first_error(exc: Any) -> dict[str, Any]:
    """The parser may check values with pydantic: its first error (type, input), never its English text."""
    cause = exc.__cause__
    try:
        errors = cause.errors() if cause is not None and hasattr(cause, "errors") else []
    except Exception:
        errors = []
    return errors[0] if errors else {}


def _expected(exc: Any, param: Any, lang: str) -> str:
    error_type = str(_first_error(exc).get("type", ""))
    name = error_type.split("_")[0] if error_type else str(getattr(getattr(param, "type", None), "name", "") or "")
    pair = _EXPECTED.get(name.lower())
    return "" if pair is None else pair[1 if lang == "en" else 0]


def _quoted_value(exc: Any) -> str:
    error = _first_error(exc)
    if "input" in error and isinstance(error["input"], (str, int, float)):
        return f"“{error['input']}” "
    match = re.search(r"'(.*?)'", str(getattr(exc, "message", "")))
    return f"“{match.group(1)}” " if match else ""


def run(app: Any, argv: Sequence[str]) -> int:
    """Parse and run the command line; usage errors and help in the user's language. Returns the exit status."""
    import typer

    lang = detect_lang(argv)
    command = typer.main.get_command(app)
    translate_help(command, lang)
    if argv and argv[0].startswith("-"):  # `budgetkit --lang en validate ...`: the language goes to the command
        rest = [a for i, a in enumerate(argv) if not a.startswith("--lang") and (i == 0 or argv[i - 1] != "--lang")]
        has_command = any(not a.startswith("-") for a in rest)
        argv = rest + (["--lang", lang] if has_command and len(rest) < len(argv) else [])
    wants_help = any(a in ("-h", "--help") for a in argv) or not argv
    try:
        if wants_help:
            buffer = io.StringIO()
            with redirect_stdout(buffer):
                status = command.main(args=list(argv) or ["--help"], prog_name="budgetkit", standalone_mode=False)
            sys.stdout.write(localise_help_text(buffer.getvalue(), lang))
            return status if isinstance(status, int) else 0
        status = command.main(args=list(argv), prog_name="budgetkit", standalone_mode=False)
        return status if isinstance(status, int) else 0
    except Exception as exc:
        if not hasattr(exc, "exit_code") or not hasattr(exc, "format_message"):
            raise
        if type(exc).__name__ == "Abort":
            sys.stderr.write("Đã dừng.\n" if lang == "vi" else "Stopped.\n")
            return 1
        ctx = getattr(exc, "ctx", None)
        path = getattr(ctx, "command_path", None) or "budgetkit"
        sys.stderr.write(("Lỗi: " if lang == "vi" else "Error: ") + usage_message(exc, lang, path) + "\n")
        return int(getattr(exc, "exit_code", 2) or 2)
