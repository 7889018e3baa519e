"""The one output-path guard: no output ever lands on an input of the run, on another output of the same
run, or on an existing file the user did not name for replacing.

Every command that writes calls `check_outputs` (the CLI wraps it in `cli.conventions.guard_outputs`, which turns
a refusal into exit 2 with a one-line reason) before any work is done:

    from budgetkit.guard import Output, OutputRefused, check_outputs
    check_outputs([Output(Path("bao-cao.docx"), "-o")], inputs=[Path("xa.xlsx")])

Paths are compared as the file system sees them: the same file through another spelling, a symbolic or hard
link, or (on a case-insensitive file system such as Windows' or macOS') another letter case is the same file.

Outputs budgetkit writes as results (the summary workbook, annotated copies, report tables) carry a marker
(`mark_output`), so a later `batch` or `report DIR` over a folder holding them skips them
(`output_kind`) instead of reading them back as submissions.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

MARKER = "budgetkit-output"
#: the kinds of marked outputs, as a person would call them
OUTPUT_KINDS: dict[str, dict[str, str]] = {
    "summary": {
        "vi": "bảng tổng hợp do budgetkit tạo (batch --summary)",
        "en": "a summary workbook written by budgetkit (batch --summary)",
    },
    "annotated": {"vi": "bản sao đánh dấu do budgetkit tạo (--annotate)", "en": "an annotated copy written by budgetkit (--annotate)"},
    "report": {"vi": "biểu báo cáo do budgetkit tạo (report -o)", "en": "report tables written by budgetkit (report -o)"},
}
ANNOTATED_SUFFIX = ".kiem-tra"


@dataclass(frozen=True)
class Output:
    """One file a command is about to write.

    option: how the user named it, as shown in messages ("-o", "--summary", "--annotate", "OUT").
    replace: the user named this very file, so an existing file there may be replaced (never an input);
             False for names budgetkit derives itself (annotated copies) or picks by default (template):
             an existing file is then replaced only when it is `replaceable_kind` (a marked output of
             that kind) or with force.
    """

    path: Path
    option: str
    replace: bool = True
    replaceable_kind: str | None = None
    forceable: bool = True  # the command has --force (template); else the only way is another name
    folder: bool = False  # a folder the run writes into (--annotate): never a file, never another output's name


#: every reason a refusal gives, in each language, by key; {path}, {option}, {source}, {other}, {other_option}
#: and {kind} (an output kind, put in words in the language of the message) are filled in.
REFUSALS: dict[str, dict[str, str]] = {
    "a_folder": {
        "vi": "tệp ra “{path}” ({option}) là một thư mục; hãy ghi tên tệp",
        "en": "the output “{path}” ({option}) is a folder; give a file name",
    },
    "an_input": {
        "vi": "tệp ra “{path}” ({option}) chính là tệp vào “{source}”; budgetkit không bao giờ ghi đè tệp vào, hãy chọn tên khác",
        "en": "the output “{path}” ({option}) is the input “{source}”; budgetkit never overwrites an input, choose another name",
    },
    "twice": {
        "vi": "hai tệp ra trùng nhau: “{other}” ({other_option}) và “{path}” ({option}); hãy chọn tên khác",
        "en": "two outputs are the same file: “{other}” ({other_option}) and “{path}” ({option}); choose another name",
    },
    "foreign_in_annotate": {
        "vi": "tệp “{path}” đã có trong thư mục --annotate và không phải bản đánh dấu do budgetkit tạo; hãy chọn thư mục khác",
        "en": "“{path}” already exists in the --annotate folder and is not an annotated copy written by budgetkit; choose another folder",
    },
    "not_that_kind": {
        "vi": "tệp “{path}” đã có và không phải {kind}; budgetkit không ghi đè tệp này (có thể là tệp đã điền): "
        "hãy chọn tên khác hoặc xóa tệp cũ",
        "en": "“{path}” already exists and is not {kind}; budgetkit does not overwrite it (it may be a filled file): "
        "choose another name or remove the old file",
    },
    "exists_without_force": {
        "vi": "tệp “{path}” đã có (có thể là tệp đã điền); budgetkit không ghi đè: thêm --force nếu muốn ghi đè, hoặc chọn tên khác",
        "en": "“{path}” already exists (it may be a filled file); budgetkit does not overwrite it: add --force to overwrite, "
        "or choose another name",
    },
    "exists": {
        "vi": "tệp “{path}” đã có; budgetkit không ghi đè: hãy chọn tên khác hoặc xóa tệp cũ",
        "en": "“{path}” already exists; budgetkit never overwrites it: choose another name or remove the old file",
    },
    "folder_is_a_file": {
        "vi": "“{path}” ({option}) là một tệp đã có, không phải thư mục; hãy ghi tên một thư mục",
        "en": "“{path}” ({option}) is an existing file, not a folder; give a folder name",
    },
}


class OutputRefused(Exception):
    """An output path refused before any work is done: an input of the run, another of its outputs, or a file
    not named for replacing. `reason` is a key of REFUSALS; the message is rendered in the language asked."""

    def __init__(self, reason: str, out: Output, **values: str) -> None:
        self.reason = reason
        self.values = {"path": str(out.path), "option": out.option, **values}
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        """The one-line reason in Vietnamese ("vi") or English ("en")."""
        lang = "en" if lang == "en" else "vi"
        values = dict(self.values)
        if "kind" in values:
            values["kind"] = describe_kind(values["kind"], lang)
        return REFUSALS[self.reason][lang].format(**values)


@lru_cache(maxsize=256)
def _folds_case(folder: str) -> bool:
    """Whether the file system holding folder ignores letter case (probed on the folder's own name)."""
    path = Path(folder)
    while not path.exists() and path != path.parent:
        path = path.parent
    for candidate in [path, *path.parents]:
        name = candidate.name
        if name and name.swapcase() != name:
            other = candidate.with_name(name.swapcase())
            try:
                return other.exists() and os.path.samefile(other, candidate)
            except OSError:
                return False
    return os.name == "nt"


def path_key(path: str | Path) -> str:
    """A comparison key: the absolute, link-resolved path, case-folded where the file system ignores case."""
    real = os.path.realpath(os.path.abspath(os.fspath(path)))
    real = os.path.normcase(real)
    if _folds_case(os.path.dirname(real) or real):
        real = real.casefold()
    return real


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name the same file (or would, once written)."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return path_key(a) == path_key(b)


def is_inside(path: str | Path, folder: str | Path) -> bool:
    """Whether path is folder itself or lies anywhere under it."""
    key, top = path_key(path), path_key(folder)
    return key == top or key.startswith(top.rstrip(os.sep) + os.sep)


def check_outputs(outputs: Sequence[Output], inputs: Iterable[str | Path] = (), *, force: bool = False) -> None:
    """Raise OutputRefused when an output would replace an input, another output, a folder, or an existing
    file the user did not name for replacing. Nothing is written here."""
    input_list = [Path(p) for p in inputs]
    input_keys = {path_key(p): p for p in input_list}
    seen: dict[str, Output] = {}
    for out in outputs:
        if out.folder:
            _check_folder(out, seen)
            continue
        if out.path.is_dir():
            raise OutputRefused("a_folder", out)
        key = path_key(out.path)
        source = input_keys.get(key)
        if source is None and out.path.exists():
            source = next((p for p in input_list if p.exists() and same_file(p, out.path)), None)
        if source is not None:
            raise OutputRefused("an_input", out, source=str(source))
        _check_not_seen(out, key, seen)
        if not out.replace and not force and out.path.exists():
            _check_existing(out)


def _check_existing(out: Output) -> None:
    """An existing file where an output not named for replacing would go: kept unless it is a budgetkit
    output of the kind this one replaces."""
    if out.replaceable_kind and output_kind(out.path) == out.replaceable_kind:
        return
    if out.option == "--annotate":
        raise OutputRefused("foreign_in_annotate", out)
    if out.replaceable_kind and not out.forceable:
        raise OutputRefused("not_that_kind", out, kind=out.replaceable_kind)
    raise OutputRefused("exists_without_force" if out.forceable else "exists", out)


def _check_not_seen(out: Output, key: str, seen: dict[str, Output]) -> None:
    """Refuse an output that is another output of the same run (a file named twice, or a file named as the
    --annotate folder); else remember it."""
    other = seen.get(key)
    if other is not None:
        raise OutputRefused("twice", out, other=str(other.path), other_option=other.option)
    seen[key] = out


def _check_folder(out: Output, seen: dict[str, Output]) -> None:
    """An output folder (--annotate): an existing file there, or a file output of the same name, is refused."""
    if out.path.exists() and not out.path.is_dir():
        raise OutputRefused("folder_is_a_file", out)
    _check_not_seen(out, path_key(out.path), seen)


# --- marking outputs, and knowing them again ---------------------------------------------------------


def mark_output(workbook: Any, kind: str) -> None:
    """Mark an openpyxl workbook as a budgetkit result of the given kind (a custom document property)."""
    from openpyxl.packaging.custom import StringProperty

    props = workbook.custom_doc_props
    for prop in list(props.props):
        if prop.name == MARKER:
            props.props.remove(prop)
    props.append(StringProperty(name=MARKER, value=kind))


def output_kind(path: str | Path) -> str | None:
    """The kind of budgetkit result a workbook is ("summary", "annotated", "report"), None for anything else.

    Reads the end of the file first (the zip's directory): a workbook without a custom-properties part, as
    nearly every submission is, costs one small read; never raises."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 65536))
            if b"docProps/custom.xml" not in handle.read():
                return None
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo("docProps/custom.xml")
            except KeyError:
                return None
            if info.file_size > 65536:
                return None
            text = archive.read(info).decode("utf-8", "replace")
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, NotImplementedError, EOFError):
        return None
    at = text.find(f'name="{MARKER}"')
    if at < 0:
        return None
    for kind in OUTPUT_KINDS:
        if f">{kind}<" in text[at : at + 400]:
            return kind
    return None


def describe_kind(kind: str, lang: str = "vi") -> str:
    """An output's kind in words ("bản sao đánh dấu do budgetkit tạo (--annotate)"...), for the refusal's message."""
    words = OUTPUT_KINDS.get(kind, {"vi": "tệp do budgetkit tạo", "en": "a file written by budgetkit"})
    return words["en" if lang == "en" else "vi"]


def unwritable(path: Path, exc: OSError, lang: str = "vi") -> str:
    """The one line that says an output could not be written (disk full, name too long...): the command
    prints it on stderr and exits 1 once every other output is written."""
    from budgetkit.normalize import shown_path

    reason = exc.strerror or exc.__class__.__name__
    return (
        f"Lỗi: không ghi được “{shown_path(path)}” ({reason})" if lang == "vi" else f"Error: cannot write “{shown_path(path)}” ({reason})"
    )
