"""A province's folder in one run: discovery, parallel checks, the cross-file rules (X001-X004)."""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budgetkit.findings import Finding, make_finding
from budgetkit.guidance import Guidance, Pack
from budgetkit.i18n import FileList
from budgetkit.loaders import BUDGET_SUFFIXES
from budgetkit.locations import WHOLE_FILE, LineId, Location
from budgetkit.rules.engine import FileResult
from budgetkit.text import match_key, shown_path


@dataclass
class Discovery:
    files: list[Path]
    skipped: list[dict[str, str]]


#: spreadsheets that look like a submission but cannot be read: each is a failed file (F001), never skipped
UNREADABLE_SUFFIXES = (".xls", ".ods", ".csv", ".xlsb", ".numbers", ".fods")


def discover(folder: Path, lang: str = "vi", outputs: tuple[Path, ...] = ()) -> Discovery:
    """Every budget file under folder, sorted. Spreadsheets budgetkit cannot read (.xls, .ods, .csv ...)
    are files too (they fail with F001: a unit did submit). Office lock files, hidden files, links,
    budgetkit's own results (summary, annotated copies, report tables: `guard.output_kind`) and this run's
    outputs are skipped, each with why."""
    from budgetkit.guard import ANNOTATED_SUFFIX, describe_kind, is_inside, output_kind

    vi = lang != "en"
    files: list[Path] = []
    skipped: list[dict[str, str]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            shown = shown_path(path)  # bytes that are not UTF-8, controls: shown escaped
            suffix = path.suffix.lower()
            reason: str | None = None
            if name.startswith("~$"):
                reason = "tệp khóa của Office (~$), không phải tệp dự toán" if vi else "Office lock file (~$), not a budget file"
            elif name.startswith("."):
                reason = "tệp ẩn" if vi else "hidden file"
            elif path.is_symlink():
                reason = "liên kết tượng trưng, không đọc" if vi else "symbolic link, not read"
            elif any(is_inside(path, out) for out in outputs):
                reason = "tệp ra của chính lượt kiểm tra này" if vi else "an output of this very run"
            elif suffix in (".xlsx", ".xlsm") and (Path(name).stem.lower().endswith(ANNOTATED_SUFFIX) or output_kind(path)):
                reason = describe_kind(output_kind(path) or "annotated", lang) + (", không phải tệp dự toán" if vi else ", not a submission")
            elif suffix in BUDGET_SUFFIXES or suffix in UNREADABLE_SUFFIXES:
                files.append(path)
                continue
            else:
                reason = (f"không phải tệp dự toán ({path.suffix or 'không có đuôi'})" if vi
                          else f"not a budget file ({path.suffix or 'no extension'})")
            skipped.append({"path": shown, "reason": reason})
    return Discovery(files, skipped)


def breach_result(shown: str, breach: Any, pack: Pack) -> FileResult:
    """The result of a file whose worker broke a limit or died: F008 (memory, time) or F001."""
    from budgetkit.isolation import breach_finding

    finding = breach_finding(breach, pack)
    return FileResult(path=shown, kind="unknown", unit=None, budget_year=None, findings=[finding] if finding else [])


def check_files(
    paths: list[Path],
    guidance: Guidance,
    jobs: int,
    progress: Callable[[FileResult], None] | None = None,
    with_tasks: bool = True,
    snapshots: bool = False,
) -> Iterator[FileResult]:
    """Results in the order of paths, streamed as they come (nothing but the small results is kept).

    Each file is checked in a worker process under the pack's memory and CPU-time limits
    (budgetkit.isolation): a file that aborts the reader or breaks a limit gets its F001/F008 and the
    other files' results are kept. snapshots: each result carries its compare.Snapshot (batch --previous)."""
    from budgetkit.isolation import Breach, run_isolated
    from budgetkit.text import shown_path
    from budgetkit.validate import check_file

    names = [str(p) for p in paths]
    shown = [shown_path(p) for p in paths]
    pack = guidance.pack(None)

    def work(number: int) -> FileResult:
        return check_file(names[number], guidance, shown[number], with_tasks=with_tasks, with_snapshot=snapshots)

    depth = 2 if len(names) < 64 else 8
    for number, result in enumerate(run_isolated(work, range(len(names)), pack.limits, max(1, jobs), depth)):
        if isinstance(result, Breach):
            result = breach_result(shown[number], result, pack)
        if progress:
            progress(result)
        yield result


# --- the cross-file rules --------------------------------------------------------------------


@dataclass
class Roster:
    units: dict[str, str] = field(default_factory=dict)  # code -> name


class RosterError(Exception):
    pass


def load_roster(path: Path, limits: Any = None) -> Roster:
    """A YAML list of {code, name}, or a workbook whose first sheet has Mã ĐVQHNS and Tên đơn vị; read
    in an isolated worker under the pack's limits (a roster is as untrusted as a budget file)."""
    from budgetkit.isolation import Breach, run_one

    if limits is None:
        limits = Guidance().pack(None).limits

    def work(_: object) -> Roster | str:
        try:
            return _load_roster(path, limits)
        except RosterError as exc:
            return str(exc)

    outcome = run_one(work, None, limits)
    if isinstance(outcome, Breach):
        raise RosterError(outcome.reason(limits, "vi"))
    if isinstance(outcome, str):
        raise RosterError(outcome)
    return outcome


def _load_roster(path: Path, limits: Any) -> Roster:
    roster = Roster()
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise RosterError(str(exc).splitlines()[0]) from None
        if isinstance(data, dict):
            data = data.get("units")
        if not isinstance(data, list):
            raise RosterError("danh sách phải là một list các mục {code, name}")
        for item in data:
            if not isinstance(item, dict) or "code" not in item:
                raise RosterError("mỗi mục cần có code (và name)")
            roster.units[str(item["code"]).strip()] = str(item.get("name") or "").strip()
        return roster
    try:
        from python_calamine import CalamineWorkbook

        from budgetkit.loaders.workbook import Archive, WorkbookProblem

        try:  # the roster's archive and first sheet checked by meaning, as a budget file's are
            archive = Archive(str(path), limits)
            first = next(iter(archive.sheet_parts), None)
            if first is not None:
                archive.sheet_xml(first)
            archive.close()
        except WorkbookProblem as exc:
            from budgetkit.rules.reading import reason

            raise RosterError(reason(exc.code, exc.kind, "vi", **exc.params)) from None
        book = CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_index(0).to_python()
    except RosterError:
        raise
    except Exception as exc:
        raise RosterError(f"không đọc được bảng tính ({exc.__class__.__name__})") from None
    header_at = None
    for index, row in enumerate(rows[:15]):
        keys = [match_key(str(c)) for c in row]
        if match_key("Mã ĐVQHNS") in keys:
            header_at, code_col = index, keys.index(match_key("Mã ĐVQHNS"))
            name_col = keys.index(match_key("Tên đơn vị")) if match_key("Tên đơn vị") in keys else None
            break
    if header_at is None:
        raise RosterError("không thấy cột “Mã ĐVQHNS”")
    for row in rows[header_at + 1 :]:
        code = row[code_col] if code_col < len(row) else ""
        if isinstance(code, float) and code.is_integer():
            code = int(code)
        code = str(code).strip()
        if code:
            roster.units[code] = str(row[name_col]).strip() if name_col is not None and name_col < len(row) else ""
    return roster


@dataclass
class _SharedTask:
    """A task (by name and lead agency) found in more than one file."""

    files: list[int]  # indices of the files holding it, in order
    name: str
    lead: str
    line_id: str | None


class CrossFiles:
    """What the cross-file rules (X001-X004) need, gathered file by file as the results arrive.

    Each result's tasks are folded into a small index and then dropped: a national batch keeps a few
    bytes a task (a hash and a file number), not the task names."""

    def __init__(self) -> None:
        self.results: list[FileResult] = []
        # hash of (name key, lead key) -> index of the file where the task was first seen, in order of sight
        self._first: dict[int, int] = {}
        self._shared: dict[int, _SharedTask] = {}

    def add(self, result: FileResult) -> None:
        index = len(self.results)
        self.results.append(result)
        for name_key, lead_key, name, lead, line_id in result.tasks:
            key = hash((name_key, lead_key))
            first_file = self._first.setdefault(key, index)
            if first_file == index and key not in self._shared:  # first seen, or again in the same file
                continue
            shared = self._shared.get(key)
            if shared is None:
                # The first file's own spelling is not kept; this one matches it by name and lead agency.
                shared = self._shared[key] = _SharedTask([first_file], name, lead, line_id)
            if shared.files[-1] != index:
                shared.files.append(index)
        result.tasks = ()

    def findings(self, pack: Pack, roster: Roster | None = None) -> list[Finding]:
        """X001-X004 over the files' summaries. X001 also fails every file it names."""
        results = self.results
        found: list[Finding] = []
        for result in results:
            result.cross_findings, result.cross_errors, result.cross_warnings = [], 0, 0

        def emit(rule: str, files: list[str], location: Location | None = None, /, **params: Any) -> Finding | None:
            params.setdefault("files", ", ".join(files))
            finding = make_finding(pack, rule, location or WHOLE_FILE, involved_files=tuple(files), **params)
            if finding is not None:
                found.append(finding)
            return finding

        by_unit: dict[tuple[str, int | None], list[FileResult]] = defaultdict(list)
        for result in results:
            if result.unit and result.unit.get("code"):
                by_unit[(result.unit["code"], result.budget_year)].append(result)
        for (code, year), group in by_unit.items():
            if len(group) > 1:
                emit("X001", [r.path for r in group], count=len(group), code=code, year=year)

        in_order = (self._shared[key] for key in self._first if key in self._shared)  # order of first sight
        for shared in in_order:
            codes = {results[i].unit.get("code") if results[i].unit else None for i in shared.files}
            if len(codes) > 1:
                paths = [results[i].path for i in shared.files]
                units = {code or path for code, path in ((results[i].unit.get("code") if results[i].unit else None, results[i].path)
                                                        for i in shared.files)}
                emit("X002", paths, LineId(shared.line_id), name=shared.name, lead=shared.lead or "-",
                     count=len(units), file_count=len(paths), files=FileList(tuple(paths)))

        years = Counter(r.budget_year for r in results if r.budget_year is not None)
        if len(years) > 1:
            usual = years.most_common(1)[0][0]
            odd = [r.path for r in results if r.budget_year is not None and r.budget_year != usual]
            emit("X003", odd, years=", ".join(str(y) for y in sorted(years)), year=usual)

        if roster is not None:
            submitted = {r.unit["code"]: r for r in results if r.unit and r.unit.get("code")}
            # Files whose unit could not be read (F001: .xls, .ods, .csv, a damaged workbook) were still submitted:
            # each is matched to a roster unit by its file name (the unit's code or name in it), never "chưa nộp".
            unreadable = [r for r in results if not (r.unit and r.unit.get("code"))]
            claimed: dict[str, FileResult] = {}
            for result in unreadable:
                code = _roster_unit_of(result.path, roster, set(submitted) | set(claimed))
                if code is not None:
                    claimed[code] = result
            unclaimed = [r.path for r in unreadable if r not in claimed.values()]
            for code, name in roster.units.items():
                if code in submitted:
                    continue
                if code in claimed:
                    path = claimed[code].path
                    emit("X004", [path], kind="unreadable", name=name or "", code=code, path=path)
                    continue
                emit("X004", [], kind="missing_readable" if unclaimed else "missing", name=name or "", code=code)
            if unclaimed:
                emit("X004", unclaimed, kind="unmatched", count=len(unclaimed), files=FileList(tuple(unclaimed)))
            for code, result in submitted.items():
                if code not in roster.units:
                    emit("X004", [result.path], kind="not_on_roster", name=result.unit.get("name") if result.unit else "",
                         code=code, path=result.path)
        by_path = {r.path: r for r in results}
        for finding in found:  # each file counts the cross-file findings that name it (X001 fails every file it names)
            for path in dict.fromkeys(finding.files):
                if path in by_path:
                    by_path[path].add_cross(finding)
        return found


_UNIT_WORDS = re.compile(r"^(uy ban nhan dan|ubnd|hdnd va ubnd|van phong)?\s*(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|dac khu)?\s*")


def _words(text: str) -> str:
    return " " + " ".join(re.sub(r"[^0-9a-z]+", " ", match_key(text)).split()) + " "


def _roster_unit_of(path: str, roster: Roster, taken: set[str]) -> str | None:
    """The roster unit an unreadable file belongs to, by its file name: the unit's code in it, or the unit's
    name without "UBND xã" ("chieng-sinh.xls" is Chiềng Sinh's). None when no unit, or more than one, fits."""
    stem = _words(Path(path).stem)
    by_code = [c for c in roster.units if c not in taken and c in stem]
    if len(by_code) == 1:
        return by_code[0]
    fits = []
    for code, name in roster.units.items():
        if code in taken or not name:
            continue
        core = _words(_UNIT_WORDS.sub("", _words(name).strip()))
        if core.strip() and core in stem:
            fits.append(code)
    return fits[0] if len(fits) == 1 else None


def cross_file_findings(results: list[FileResult], pack: Pack, roster: Roster | None = None) -> list[Finding]:
    """X001-X004 over results already gathered (the results' tasks are consumed)."""
    index = CrossFiles()
    for result in results:
        index.add(result)
    return index.findings(pack, roster)


@dataclass
class BatchRun:
    """A checked set of files: the results in order, the cross-file findings, the pack and year used."""

    results: list[FileResult]
    cross: list[Finding]
    pack: Pack
    year: int


def run_batch(
    paths: list[Path],
    guidance: Guidance,
    jobs: int,
    roster: Roster | None = None,
    progress: Callable[[FileResult], None] | None = None,
    displays: Sequence[str] | None = None,
) -> BatchRun:
    """check_files, then X001-X004 under the pack of the files' usual budget year (what `batch` reports).

    displays, when given, are the names shown for the paths (in the same order) in the results and findings."""
    gathered = CrossFiles()
    for number, result in enumerate(check_files(paths, guidance, jobs, progress)):
        if displays is not None:
            result.path = displays[number]
        gathered.add(result)
    results = gathered.results
    years = [r.budget_year for r in results if r.budget_year is not None]
    year = max(set(years), key=years.count) if years else guidance.pack(None).budget_year
    pack = guidance.pack(year)
    return BatchRun(results, gathered.findings(pack, roster), pack, year)
