"""Annotated copies of Excel inputs: every cell with a finding filled and commented, plus a sheet of
all findings linked to their cells. The original is never touched."""

from __future__ import annotations

import re
import warnings
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from budgetkit.atomic import atomic_write
from budgetkit.findings import Finding
from budgetkit.guard import ANNOTATED_SUFFIX, mark_output
from budgetkit.outputs.words import counted
from budgetkit.results import FileResult
from budgetkit.xlsx_writing import (
    _ILLEGAL,
    FONT,
    font,
    header_row,
    landscape_a4,
    left,
    put,
    workbook_bytes,
)

RESULT_SHEET = "Kết quả kiểm tra"
RESULT_SHEETS = {"vi": RESULT_SHEET, "en": "Check results"}
RESULT_HEADERS = {
    "vi": ["Mã quy tắc", "Mức độ", "Vị trí", "Mã dòng", "Nội dung", "Căn cứ"],
    "en": ["Rule", "Severity", "Location", "Line id", "Message", "Basis"],
}
FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}
# A value changed since the last round (batch --previous): a third colour, lavender.
CHANGED_FILL = PatternFill("solid", fgColor="D9D2E9")
RANK = {"error": 0, "warning": 1, "info": 2}
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def _severity(finding: Finding, lang: str) -> str:
    """The severity as a cell's comment names it: "Lỗi" in Vietnamese, "error" in English."""
    return finding.severity.heading("vi") if lang == "vi" else finding.severity.label("en")


def safe_name(relative: str) -> str:
    """A file name made from a path: no folders, nothing that leaves the output folder."""
    name = relative.replace("\\", "/").strip("/").replace("/", "__")
    name = _UNSAFE.sub("_", name).strip(" .") or "tep"
    # At most 180 bytes (a Vietnamese letter takes up to 3): with ".kiem-tra.xlsx" and the temporary
    # name of the atomic write, still under the 255 bytes a file name may have.
    return name.encode("utf-8")[:180].decode("utf-8", "ignore").strip(" .") or "tep"


def annotated_path(folder: Path, source: Path, base: Path | None = None) -> Path:
    """Where the annotated copy of source goes: its path relative to base kept as subfolders (each part made
    safe), or its bare name without base."""
    parts: list[str] = [source.name]
    if base is not None:
        try:
            parts = list(source.resolve().relative_to(base.resolve()).parts) or [source.name]
        except ValueError:
            parts = [source.name]
    folders = [safe_name(part) for part in parts[:-1] if part not in ("", ".", "..")]
    stem, suffix = Path(safe_name(parts[-1])).stem, source.suffix.lower()
    return folder.joinpath(*folders, f"{stem}{ANNOTATED_SUFFIX}{suffix if suffix in ('.xlsx', '.xlsm') else '.xlsx'}")


def annotation_targets(sources: Sequence[Path], folder: Path, base: Path | None = None) -> list[Path]:
    """One distinct target per source: relative subfolders kept (under base, or under the sources' common
    folder), and a number added when two would still be one file (a/x.xlsx, a/X.xlsx on Windows)."""
    if base is None and sources:
        import os

        try:
            base = Path(os.path.commonpath([str(s.resolve().parent) for s in sources]))
        except ValueError:  # different drives
            base = None
    from budgetkit.guard import path_key

    taken: set[str] = set()
    targets = []
    for source in sources:
        target = annotated_path(folder, source, base)
        number = 1
        while path_key(target) in taken:
            number += 1
            stem = target.name[: -len(target.suffix)].removesuffix(ANNOTATED_SUFFIX)
            target = target.with_name(f"{stem}-{number}{ANNOTATED_SUFFIX}{target.suffix}")
        taken.add(path_key(target))
        targets.append(target)
    return targets


def is_annotatable(source: Path) -> bool:
    """Whether an annotated copy can be made of the file (a workbook: .xlsx or .xlsm)."""
    return source.suffix.lower() in (".xlsx", ".xlsm")


def annotated_bytes(
    source: Path, result: FileResult, lang: str = "vi", changes: dict[tuple[str, str], str] | None = None, limits: Any = None
) -> bytes | None:
    """The annotated copy's bytes; None when the input is not a readable workbook.

    changes: (sheet, cell) -> note of the cells whose value changed since the last round (filled with
    CHANGED_FILL unless a finding's colour is there, the note added to the comment)."""
    if result.kind != "excel" or result.unit is None:
        return None
    workbook = _open_checked(source, limits)
    if workbook is None:
        return None
    by_cell = _mark_findings(workbook, result, lang)
    _mark_changes(workbook, changes or {}, by_cell)
    _result_sheet(workbook, result, lang, changes)
    workbook.active = 0
    mark_output(workbook, "annotated")  # a later batch over a folder holding it skips it
    return workbook_bytes(workbook)


def _open_checked(source: Path, limits: Any) -> Any:
    """The workbook loaded by openpyxl, once every part and every sheet was checked by meaning (no DTD,
    the extent, merged cells, styles, sheets within the limits); None when it cannot be."""
    try:
        from budgetkit.guidance import Guidance
        from budgetkit.loaders.xlsx_reader import Archive

        archive = Archive(str(source), limits if limits is not None else Guidance().pack(None).limits)
        archive.scan_everything()
        archive.close()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    except Exception:
        return None


def _mark_findings(workbook: Any, result: FileResult, lang: str) -> dict[tuple[str, str], list[Finding]]:
    """Fill and comment every cell a finding names (the worst severity's colour); returns them by cell."""
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in result.findings:
        loc = finding.location
        if loc.sheet and loc.row and loc.sheet in workbook.sheetnames:
            by_cell[(loc.sheet, f"{loc.column or 'A'}{loc.row}")].append(finding)
    for (sheet, ref), findings in by_cell.items():
        cell = workbook[sheet][ref]
        worst = min(findings, key=lambda f: RANK[f.severity]).severity
        if type(cell).__name__ == "MergedCell":
            continue
        cell.fill = FILLS[worst]
        text = "\n".join(f"{f.code} ({_severity(f, lang)}): {f.message(lang)}" for f in findings[:20])
        if len(findings) > 20:
            text += f"\n… (+{len(findings) - 20})"
        comment = Comment(_ILLEGAL.sub("", text)[:30_000], "budgetkit")
        comment.width, comment.height = 420, min(60 + 40 * len(findings), 400)
        cell.comment = comment
    return by_cell


def _mark_changes(workbook: Any, changes: dict[tuple[str, str], str], by_cell: dict[tuple[str, str], list[Finding]]) -> None:
    """The cells changed since the last round: CHANGED_FILL unless a finding's colour is there, the note
    added to the comment."""
    for (sheet, ref), note in changes.items():
        if sheet not in workbook.sheetnames:
            continue
        cell = workbook[sheet][ref]
        if type(cell).__name__ == "MergedCell":
            continue
        if (sheet, ref) in by_cell and cell.comment is not None:
            height = min(100 + 40 * len(by_cell[(sheet, ref)]), 400)
            cell.comment = Comment(cell.comment.text + "\n" + note, "budgetkit", width=420, height=height)
        else:
            cell.fill = CHANGED_FILL
            cell.comment = Comment(note, "budgetkit", width=300, height=80)


def _result_sheet(workbook: Any, result: FileResult, lang: str, changes: dict[tuple[str, str], str] | None) -> None:
    """The first sheet, “Kết quả kiểm tra” (“Check results” in English): the counts, then every finding
    linked to its cell, its name, headers and severities in the language asked for."""
    lang = "en" if lang == "en" else "vi"
    for name in RESULT_SHEETS.values():
        if name in workbook.sheetnames:
            del workbook[name]
    ws = workbook.create_sheet(RESULT_SHEETS[lang], 0)
    headers = RESULT_HEADERS[lang]
    put(ws.cell(row=1, column=1), _result_title(result, lang, changes)).font = font(bold=True, size=13)
    header_row(ws, 2, headers)
    every = [*result.findings, *result.cross_findings]  # the cross-file ones (X001 ...) too: one count everywhere
    for row, finding in enumerate(sorted(every, key=lambda f: RANK[f.severity]), start=3):
        loc = finding.location
        where = loc.describe(lang)
        values = [finding.code, finding.severity.heading(lang), where, loc.line_id or "", finding.message(lang), finding.cited(lang) or ""]
        for index, value in enumerate(values, start=1):
            cell = put(ws.cell(row=row, column=index), value)
            cell.font = font()
            cell.alignment = left()
        if loc.sheet and loc.row and loc.sheet in workbook.sheetnames:
            link = ws.cell(row=row, column=3)
            link.hyperlink = f"#'{loc.sheet}'!{loc.column or 'A'}{loc.row}"
            link.font = Font(name=FONT, size=12, color="0563C1", underline="single")
        ws.cell(row=row, column=2).fill = FILLS[finding.severity]
    for letter, width in zip("ABCDEF", (10, 10, 22, 10, 100, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    landscape_a4(ws)
    ws.auto_filter.ref = f"A2:F{max(2, len(every) + 2)}"


def _result_title(result: FileResult, lang: str, changes: dict[tuple[str, str], str] | None) -> str:
    if lang == "vi":
        return f"Kết quả kiểm tra của budgetkit: {result.all_errors} lỗi, {result.all_warnings} cảnh báo" + (
            f"; {len(changes)} ô thay đổi so với lần trước (tô màu tím nhạt)" if changes else ""
        )
    return f"budgetkit check result: {counted(result.all_errors, 'errors')}, {counted(result.all_warnings, 'warnings')}" + (
        f"; {len(changes)} cells changed since the last round (light purple)" if changes else ""
    )


@dataclass
class Annotated:
    """What annotate_results did: the copies written, and what it could not do, as lines for the person
    (the command prints them on stderr); `failures` are the outputs that could not be written (exit 1)."""

    written: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def annotate_results(
    pairs: Sequence[tuple[Path, FileResult]],
    folder: Path,
    lang: str = "vi",
    base: Path | None = None,
    limits: Any = None,
    changes: dict[str, dict[tuple[str, str], str]] | None = None,
    targets: Sequence[Path] | None = None,
) -> Annotated:
    """Annotated copies of the workbooks among pairs, each made in an isolated worker (the reload with
    openpyxl is bounded by the same memory and time limits as the reading); written atomically here.

    An output that cannot be written (disk full, name too long) is a message and a failure, and the other
    copies are still written; a workbook that cannot be annotated, or a YAML file, is a message. changes:
    by result path, the cells changed since the last round (annotated_bytes)."""
    from budgetkit.guidance import Guidance
    from budgetkit.isolation import run_isolated

    # targets as planned by annotation_targets (and checked by the output guard): subfolders kept, never one copy for two
    if targets is None:
        targets = annotation_targets([source for source, _ in pairs], folder, base)
    chosen = [(source, result, target) for (source, result), target in zip(pairs, targets, strict=True)]
    todo = [
        i
        for i, (source, result, target) in enumerate(chosen)
        if result.kind == "excel" and result.unit is not None and target.resolve() != source.resolve()
    ]
    limits = limits if limits is not None else Guidance().pack(None).limits

    def work(number: int) -> bytes | None:
        source, result, _ = chosen[number]
        return annotated_bytes(source, result, lang, (changes or {}).get(result.path), limits)

    # One budget per file: its copy gets the CPU time its reading left; under half a second, no copy (F008 time).
    from budgetkit.isolation import Breach

    left = {n: float(limits.cpu_seconds) - chosen[n][1].cpu_seconds for n in todo}
    runnable = [n for n in todo if left[n] >= 0.5]
    made: dict[int, Any] = {n: Breach("time") for n in todo if left[n] < 0.5}
    if runnable:
        made.update(zip(runnable, run_isolated(work, runnable, limits, 1, budgets=[left[n] for n in runnable]), strict=True))
    outcome = Annotated()
    for number, (source, result, target) in enumerate(chosen):
        _settle(outcome, source, result, target, made.get(number), limits, lang)
    return outcome


def annotate_checked(
    files: Sequence[Path],
    results: Sequence[FileResult],
    folder: Path,
    lang: str = "vi",
    targets: Sequence[Path] | None = None,
    limits: Any = None,
) -> Annotated:
    """`validate --annotate`: the workbooks among files (results in the same order) annotated in folder
    (targets: as annotation_targets planned them for those workbooks), each in an isolated worker."""
    pairs = [(path, result) for path, result in zip(files, results, strict=True) if is_annotatable(path)]
    return annotate_results(pairs, folder, lang, targets=targets, limits=limits)


def _settle(outcome: Annotated, source: Path, result: FileResult, target: Path, data: Any, limits: Any, lang: str) -> None:
    """Write one copy made by a worker (bytes), or say why there is none (a Breach, None)."""
    from budgetkit.isolation import Breach
    from budgetkit.normalize import shown_path

    shown = shown_path(source)
    if isinstance(data, bytes):
        try:
            atomic_write(target, data)
        except OSError as exc:
            line = (
                f"Lỗi: không ghi được bản đánh dấu “{shown_path(target)}” ({exc.strerror or exc})"
                if lang == "vi"
                else f"Error: cannot write the annotated copy “{shown_path(target)}” ({exc.strerror or exc})"
            )
            outcome.messages.append(line)
            outcome.failures.append(line)
            return
        outcome.written.append(target)
    elif result.kind == "excel" and result.unit is not None:
        why = "" if not isinstance(data, Breach) else f" ({data.reason(limits, lang)})"
        outcome.messages.append(f"Không tạo được bản đánh dấu cho {shown}{why}" if lang == "vi" else f"Could not annotate {shown}{why}")
    elif result.kind == "yaml":
        outcome.messages.append(
            f"Bỏ qua {shown}: chỉ đánh dấu được bảng tính (.xlsx, .xlsm)"
            if lang == "vi"
            else f"Skipped {shown}: only workbooks (.xlsx, .xlsm) are annotated"
        )
