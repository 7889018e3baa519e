"""Which files of a folder are budget files (batch, report, serve and the previous round all read a
folder this way), and which are skipped, each with why."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from budgetkit.loaders import BUDGET_SUFFIXES
from budgetkit.normalize import shown_path


@dataclass
class Discovery:
    """The budget files found under a folder, sorted, and the files skipped ({path, reason})."""

    files: list[Path]
    skipped: list[dict[str, str]]


#: spreadsheets that look like a submission but cannot be read: each is a failed file (F001), never skipped
UNREADABLE_SUFFIXES = (".xls", ".ods", ".csv", ".xlsb", ".numbers", ".fods")


def discover(folder: Path, lang: str = "vi", outputs: tuple[Path, ...] = ()) -> Discovery:
    """Every budget file under folder, sorted. Spreadsheets budgetkit cannot read (.xls, .ods, .csv ...)
    are files too (they fail with F001: a unit did submit). Office lock files, hidden files, links,
    budgetkit's own results (summary, annotated copies, report tables: `guard.output_kind`) and this run's
    outputs are skipped, each with why."""
    files: list[Path] = []
    skipped: list[dict[str, str]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            reason = skip_reason(path, lang, outputs)
            if reason is None:
                files.append(path)
            else:  # bytes that are not UTF-8, controls: shown escaped
                skipped.append({"path": shown_path(path), "reason": reason})
    return Discovery(files, skipped)


def skip_reason(path: Path, lang: str = "vi", outputs: tuple[Path, ...] = ()) -> str | None:
    """Why a file found in a folder is not a budget file to check (None: it is one)."""
    from budgetkit.guard import ANNOTATED_SUFFIX, describe_kind, is_inside, output_kind

    vi = lang != "en"
    name, suffix = path.name, path.suffix.lower()
    if name.startswith("~$"):
        return "tệp khóa của Office (~$), không phải tệp dự toán" if vi else "Office lock file (~$), not a budget file"
    if name.startswith("."):
        return "tệp ẩn" if vi else "hidden file"
    if path.is_symlink():
        return "liên kết tượng trưng, không đọc" if vi else "symbolic link, not read"
    try:  # a named pipe or a device named .xlsx would block the first read for ever
        regular = stat.S_ISREG(path.stat().st_mode)
    except OSError:
        regular = False
    if not regular:
        return "không phải tệp thường (ống, thiết bị...), không đọc" if vi else "not a regular file (pipe, device...), not read"
    if any(is_inside(path, out) for out in outputs):
        return "tệp ra của chính lượt kiểm tra này" if vi else "an output of this very run"
    if suffix in (".xlsx", ".xlsm") and (Path(name).stem.lower().endswith(ANNOTATED_SUFFIX) or output_kind(path)):
        return describe_kind(output_kind(path) or "annotated", lang) + (", không phải tệp dự toán" if vi else ", not a submission")
    if suffix in BUDGET_SUFFIXES or suffix in UNREADABLE_SUFFIXES:
        return None
    return f"không phải tệp dự toán ({path.suffix or 'không có đuôi'})" if vi else f"not a budget file ({path.suffix or 'no extension'})"
