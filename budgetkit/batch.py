"""A province's folder in one run: parallel checks, the cross-file rules (X001-X004), the roster, the
comparison with the previous round and the outputs asked for (`run_batch`, what `batch` and serve run)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from budgetkit.findings import Finding, make_finding
from budgetkit.guidance import Guidance, Pack, run_pack
from budgetkit.i18n import FileList
from budgetkit.locations import WHOLE_FILE, LineId, Location
from budgetkit.normalize import match_key
from budgetkit.results import FileResult

# --- the cross-file rules --------------------------------------------------------------------


@dataclass
class Roster:
    """The units that must submit: Mã ĐVQHNS -> unit name (from --roster)."""

    units: dict[str, str] = field(default_factory=dict)  # code -> name


#: why a roster cannot be read, in each language, by key ("reading": an F001/F008 reason of the reading rules)
ROSTER_ERRORS: dict[str, dict[str, str]] = {
    "no_code_column": {
        "vi": "không thấy cột “Mã ĐVQHNS” trong 15 hàng đầu của trang đầu tiên",
        "en": "no “Mã ĐVQHNS” (unit code) column in the first 15 rows of the first sheet",
    },
    "budget_file": {
        "vi": "đây là một tệp dự toán, không phải danh sách đơn vị phải nộp (xem docs/input-format.md)",
        "en": "this is a budget file, not a roster of the units that must submit (see docs/input-format.md)",
    },
    "not_a_list": {
        "vi": 'danh sách phải gồm các mục “- code: "3012345"” và “name: …” (hoặc khóa units: chứa các mục đó)',
        "en": 'a roster is a list of items “- code: "3012345"” with “name: …” (or a units: key holding them)',
    },
    "item_without_code": {"vi": "mục thứ {n} không có code (Mã ĐVQHNS)", "en": "item {n} has no code (unit code)"},
    "item_bad_code": {
        "vi": "mục thứ {n}: “{code}” không phải Mã ĐVQHNS (đúng 7 chữ số)",
        "en": "item {n}: “{code}” is not a unit code (exactly 7 digits)",
    },
    "row_bad_code": {
        "vi": "hàng {n}: “{code}” không phải Mã ĐVQHNS (đúng 7 chữ số)",
        "en": "row {n}: “{code}” is not a unit code (exactly 7 digits)",
    },
    "key_twice": {
        "vi": "dòng {line}: khóa “{name}” đã có ở dòng {first}",
        "en": "line {line}: the key “{name}” is already on line {first}",
    },
    "unreadable_workbook": {"vi": "không đọc được bảng tính ({detail})", "en": "cannot read the workbook ({detail})"},
    "unreadable": {"vi": "không đọc được tệp ({detail})", "en": "cannot read the file ({detail})"},
}
UNIT_CODE = re.compile(r"[0-9]{7}")


class RosterError(Exception):
    """A roster that cannot be read: the command stops with its message, rendered in the user's language from
    ROSTER_ERRORS (or, for "reading", from the reading rules' reasons)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key, self.params = key, params
        super().__init__(self.message("vi"))

    def message(self, lang: str = "vi") -> str:
        """Why the roster cannot be read, in Vietnamese ("vi") or English ("en")."""
        lang = "en" if lang == "en" else "vi"
        if self.key == "reading":
            from budgetkit.rules.reading import reason

            return reason(self.params["code"], self.params["kind"], lang, **self.params["values"])
        return ROSTER_ERRORS[self.key][lang].format(**self.params)

    def __reduce__(self) -> tuple[Any, ...]:  # across the isolated worker: the key and the values, not one text
        return (_roster_error, (self.key, self.params))


def _roster_error(key: str, params: dict[str, Any]) -> RosterError:
    return RosterError(key, **params)


def load_roster(path: Path, limits: Any = None) -> Roster:
    """A YAML list of {code, name}, or a workbook whose first sheet has Mã ĐVQHNS and Tên đơn vị; read
    in an isolated worker under the pack's limits (a roster is as untrusted as a budget file). Every code is a
    Mã ĐVQHNS of 7 digits; a budget file given as the roster is said to be one."""
    from budgetkit.isolation import Breach, run_one

    if limits is None:
        limits = run_pack(Guidance()).pack.limits

    def work(_: object) -> Roster | RosterError:
        try:
            return _load_roster(path, limits)
        except RosterError as exc:
            return exc

    outcome = run_one(work, None, limits)
    if isinstance(outcome, Breach):
        kind, values = outcome.finding_kind(limits)
        raise RosterError("reading", code=outcome.code, kind=kind, values=values)
    if isinstance(outcome, RosterError):
        raise outcome
    return outcome


def _load_roster(path: Path, limits: Any) -> Roster:
    """The roster of a YAML file or of a workbook (RosterError with why it cannot be read)."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return _yaml_roster(path, limits)
    rows = _first_sheet_rows(path, limits)
    header_at = None
    for index, row in enumerate(rows[:15]):
        keys = [match_key(str(c)) for c in row]
        if match_key("Mã ĐVQHNS") in keys:
            header_at, code_col = index, keys.index(match_key("Mã ĐVQHNS"))
            name_col = keys.index(match_key("Tên đơn vị")) if match_key("Tên đơn vị") in keys else None
            break
    if header_at is None:
        raise RosterError("no_code_column")
    roster = Roster()
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        code = row[code_col] if code_col < len(row) else ""
        if isinstance(code, float) and code.is_integer():
            code = int(code)
        code = str(code).strip()
        if code:
            if not UNIT_CODE.fullmatch(code):
                raise RosterError("row_bad_code", n=str(number), code=code)
            roster.units[code] = str(row[name_col]).strip() if name_col is not None and name_col < len(row) else ""
    return roster


def _yaml_roster(path: Path, limits: Any) -> Roster:
    """A YAML list of {code, name} (or a mapping whose `units` is that list), read as a budget file's YAML
    is (budgetkit.loaders.yaml_loader): within the pack's limits (bytes, nodes, depth, characters), no
    anchors, aliases or object tags, and a key given twice is an error, never the last one silently winning."""
    import yaml

    from budgetkit.loaders.yaml_loader import Node, Unsafe, _compose, syntax_error

    try:
        size = path.stat().st_size
        if size > limits.yaml_bytes:
            values = {"size": Decimal(size), "limit": Decimal(limits.yaml_bytes)}
            raise RosterError("reading", code="F008", kind="file_bytes", values=values)
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError("unreadable", detail=str(exc).splitlines()[0]) from None
    duplicates: list[tuple[Node, int]] = []
    try:
        root = _compose(text, limits.yaml_depth, limits, duplicates)
    except Unsafe as exc:
        raise RosterError("reading", code=exc.code, kind=exc.kind, values=exc.params) from None
    except yaml.YAMLError as exc:
        kind, values = syntax_error(exc, text)
        raise RosterError("reading", code="F001", kind=kind, values=values) from None
    if duplicates:
        key, first = duplicates[0]
        raise RosterError("key_twice", line=str(key.line), name=str(key.value), first=str(first))
    if root is not None and root.kind == "map":
        if "budget_year" in root.value or "lines" in root.value:
            raise RosterError("budget_file")
        root = root.value["units"][1] if "units" in root.value else None
    if root is None or root.kind != "seq":
        raise RosterError("not_a_list")
    return _roster_items(root.value)


def _roster_items(items: list[Any]) -> Roster:
    """The roster of a YAML list's items (composed nodes): each a mapping with a 7-digit code, and a name."""
    roster = Roster()
    for number, item in enumerate(items, start=1):
        code = item.value.get("code") if item.kind == "map" else None
        if code is None or code[1].kind != "scalar":
            raise RosterError("item_without_code", n=str(number))
        shown_code = str(code[1].value).strip()
        if not UNIT_CODE.fullmatch(shown_code):
            raise RosterError("item_bad_code", n=str(number), code=shown_code)
        name = item.value.get("name")
        shown = name[1].value if name is not None and name[1].kind == "scalar" and not name[1].tag.endswith(":null") else ""
        roster.units[shown_code] = str(shown).strip()
    return roster


def _first_sheet_rows(path: Path, limits: Any) -> list[list[Any]]:
    """The rows of a workbook's first sheet; its archive and that sheet are first checked by meaning, as a
    budget file's are."""
    try:
        from python_calamine import CalamineWorkbook

        from budgetkit.loaders.xlsx_reader import Archive, WorkbookProblem

        try:
            archive = Archive(str(path), limits)
            first = next(iter(archive.sheet_parts), None)
            if first is not None:
                archive.sheet_xml(first)
            archive.close()
        except WorkbookProblem as exc:
            raise RosterError("reading", code=exc.code, kind=exc.kind, values=exc.params) from None
        book = CalamineWorkbook.from_path(str(path))
        if {match_key(name) for name in book.sheet_names} >= {match_key("Đơn vị"), match_key("Dự toán")}:
            raise RosterError("budget_file")
        return book.get_sheet_by_index(0).to_python()
    except RosterError:
        raise
    except Exception as exc:
        raise RosterError("unreadable_workbook", detail=exc.__class__.__name__) from None


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
        """Fold one file's result into the index: its tasks are counted by name and lead agency, then dropped from the result."""
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

        def emit(rule: str, files: list[str], location: Location | None = None, /, **params: Any) -> None:
            params.setdefault("files", ", ".join(files))
            finding = make_finding(pack, rule, location or WHOLE_FILE, involved_files=tuple(files), **params)
            if finding is not None:
                found.append(finding)

        _same_unit(results, emit)
        self._shared_tasks(emit)
        _odd_years(results, emit)
        if roster is not None:
            _roster_findings(results, roster, emit)
        by_path = {r.path: r for r in results}
        for finding in found:  # each file counts the cross-file findings that name it (X001 fails every file it names)
            for path in dict.fromkeys(finding.files):
                if path in by_path:
                    by_path[path].add_cross(finding)
        return found

    def _shared_tasks(self, emit: _Emit) -> None:
        """X002: one task (by name and lead agency) in the files of several units, in order of first sight."""
        results = self.results
        for shared in (self._shared[key] for key in self._first if key in self._shared):
            codes = {_code(results[i]) for i in shared.files}
            if len(codes) > 1:
                paths = [results[i].path for i in shared.files]
                units = {_code(results[i]) or results[i].path for i in shared.files}
                emit(
                    "X002",
                    paths,
                    LineId(shared.line_id),
                    name=shared.name,
                    lead=shared.lead or "-",
                    count=len(units),
                    file_count=len(paths),
                    files=FileList(tuple(paths)),
                )


_Emit = Callable[..., None]


def _code(result: FileResult) -> str | None:
    """The unit code of a result (None when its unit could not be read, or has no code)."""
    return result.unit.get("code") if result.unit else None


def _same_unit(results: Sequence[FileResult], emit: _Emit) -> None:
    """X001: several files of one unit (one Mã ĐVQHNS) for one budget year."""
    by_unit: dict[tuple[str, int | None], list[FileResult]] = defaultdict(list)
    for result in results:
        if code := _code(result):
            by_unit[(code, result.budget_year)].append(result)
    for (code, year), group in by_unit.items():
        if len(group) > 1:
            emit("X001", [r.path for r in group], count=len(group), code=code, year=year)


def _odd_years(results: Sequence[FileResult], emit: _Emit) -> None:
    """X003: the files whose budget year is not the run's usual one."""
    years = Counter(r.budget_year for r in results if r.budget_year is not None)
    if len(years) > 1:
        usual = years.most_common(1)[0][0]
        odd = [r.path for r in results if r.budget_year is not None and r.budget_year != usual]
        emit("X003", odd, years=", ".join(str(y) for y in sorted(years)), year=usual)


def _roster_findings(results: Sequence[FileResult], roster: Roster, emit: _Emit) -> None:
    """X004: the roster's units without a (readable) file, unreadable files not matched to a unit, and
    units that are not on the roster."""
    submitted = {code: r for r in results if (code := _code(r))}
    # Files whose unit could not be read (F001: .xls, .ods, .csv, a damaged workbook) were still submitted:
    # each is matched to a roster unit by its file name (the unit's code or name in it), never "chưa nộp".
    claimed, unclaimed = _claim_unreadable([r for r in results if not _code(r)], roster, set(submitted))
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
            unit_name = result.unit.get("name") if result.unit else ""
            emit("X004", [result.path], kind="not_on_roster", name=unit_name, code=code, path=result.path)


def _claim_unreadable(unreadable: list[FileResult], roster: Roster, taken: set[str]) -> tuple[dict[str, FileResult], list[str]]:
    """(roster code -> the unreadable file that is its unit's, by its name; the paths matched to no unit)."""
    claimed: dict[str, FileResult] = {}
    for result in unreadable:
        code = _roster_unit_of(result.path, roster, taken | set(claimed))
        if code is not None:
            claimed[code] = result
    return claimed, [r.path for r in unreadable if r not in claimed.values()]


_UNIT_WORDS = re.compile(
    r"^(uy ban nhan dan|ubnd|hdnd va ubnd|van phong)?\s*(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|dac khu)?\s*"
)


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


class Progress(Protocol):
    """What a run tells of its progress: start(total) once the number of files to check is known, then
    advance(result) per file checked (the command's progress bar, serve's polled progress)."""

    def start(self, total: int) -> None:
        """The number of files to check is known."""

    def advance(self, result: FileResult) -> None:
        """One more file checked, with its result."""


@dataclass
class BatchOutputs:
    """The files a batch is asked to write besides its report: the province's summary workbook, and the
    annotated copies of the workbooks (targets as planned by annotation_targets and checked by the guard)."""

    summary: Path | None = None
    annotate: Path | None = None
    targets: Sequence[Path] = ()


@dataclass
class BatchRun:
    """A checked set of files: the results in order, the cross-file findings, the pack and year used; with
    a previous round, its comparison; what the run could not do, as lines for the person (`messages`, the
    command prints them on stderr) and the outputs among them that could not be written (`unwritten`)."""

    results: list[FileResult]
    cross: list[Finding]
    pack: Pack
    year: int
    skipped: list[dict[str, str]] = field(default_factory=list)
    compared: Any = None  # rounds.RoundsComparison, with a previous round
    messages: list[str] = field(default_factory=list)
    unwritten: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # the outputs written (annotated copies, then the summary)

    def failed(self, strict: bool = False) -> bool:
        """A file failed, a cross-file error (or warning, with strict), or an output not written: exit 1."""
        return (
            any(r.failed(strict) for r in self.results)
            or any(f.severity == "error" or (strict and f.severity == "warning") for f in self.cross)
            or bool(self.unwritten)
        )


def run_batch(
    paths: list[Path],
    guidance: Guidance,
    jobs: int,
    roster: Roster | None = None,
    progress: Progress | None = None,
    displays: Sequence[str] | None = None,
    *,
    skipped: Sequence[dict[str, str]] = (),
    folder: Path | None = None,
    previous: Path | None = None,
    previous_files: Sequence[Path] = (),
    outputs: BatchOutputs | None = None,
    lang: str = "vi",
) -> BatchRun:
    """`batch`: check every file (each in an isolated worker, `jobs` at a time), then X001-X004 under the pack
    of the files' usual budget year (guidance.run_pack); with `previous` (the previous round's folder and
    its files), each unit compared with its previous round; then the outputs asked for are written.

    displays, when given, are the names shown for the paths (in the same order) in the results and findings."""
    gathered, compared = _check_round(paths, guidance, jobs, progress, displays, folder, previous, previous_files)
    results = gathered.results
    chosen = run_pack(guidance, [r.budget_year for r in results])
    run = BatchRun(results, gathered.findings(chosen.pack, roster), chosen.pack, chosen.year, list(skipped), compared)
    if compared is not None and not any(u.comparison is not None for u in compared.units):
        run.messages.append(
            f"Lưu ý: không đơn vị nào khớp với lần trước “{previous}” (theo Mã ĐVQHNS và năm ngân sách)."
            if lang == "vi"
            else f"Note: no unit matches the previous round “{previous}” (by unit code and budget year)."
        )
    if outputs is not None:
        _write_outputs(run, paths, outputs, guidance, lang)
    return run


def _check_round(
    paths: list[Path],
    guidance: Guidance,
    jobs: int,
    progress: Progress | None,
    displays: Sequence[str] | None,
    folder: Path | None,
    previous: Path | None,
    previous_files: Sequence[Path],
) -> tuple[CrossFiles, Any]:
    """Check the previous round's files first (kept for the comparison; a file sent again unchanged is
    checked once, as this round's), then this round's, in one pool; (this round gathered, the comparison)."""
    from budgetkit.checking import check_files

    gathered = CrossFiles()
    rounds = None
    earlier: list[Path] = []
    if previous is not None:
        from budgetkit.rounds import Rounds, plan_previous

        rounds = Rounds(folder, previous)
        earlier, same = plan_previous(list(previous_files), paths)
        for before, now in same:
            rounds.add_previous_same_as(str(before), str(now))
    if progress is not None:
        progress.start(len(earlier) + len(paths))
    for count, result in enumerate(check_files(earlier + paths, guidance, jobs, snapshots=rounds is not None)):
        if rounds is not None and count < len(earlier):
            rounds.add_previous(result)
        else:
            if rounds is not None:
                rounds.add_current(result)  # matched by the real path (a file sent again unchanged)
            if displays is not None:
                result.path = displays[count - len(earlier)]
            gathered.add(result)
        if progress is not None:
            progress.advance(result)
    return gathered, rounds.finish() if rounds is not None else None


def _write_outputs(run: BatchRun, paths: list[Path], outputs: BatchOutputs, guidance: Guidance, lang: str) -> None:
    """Every output is attempted: one that cannot be written (disk full, name too long) is a message and
    an unwritten output, the others are still written."""
    if outputs.annotate is not None:
        from budgetkit.outputs.annotate import annotate_results, is_annotatable

        marks = None
        if run.compared is not None:
            from budgetkit.outputs.rounds_out import changed_cell_notes

            marks = changed_cell_notes(run.compared, guidance, lang)
        # The real paths (a result's path is the name as shown, made safe).
        pairs = [(p, r) for p, r in zip(paths, run.results, strict=True) if is_annotatable(p)]
        annotated = annotate_results(pairs, outputs.annotate, lang, targets=outputs.targets, limits=run.pack.limits, changes=marks)
        run.messages += annotated.messages
        run.unwritten += annotated.failures
        run.written += annotated.written
    if outputs.summary is not None:
        from budgetkit.guard import unwritable
        from budgetkit.outputs.summary import write_summary

        try:
            write_summary(
                outputs.summary,
                run.results,
                run.cross,
                run.pack,
                run.year,
                **({"previous": run.compared} if run.compared is not None else {}),
            )
        except OSError as exc:
            line = unwritable(outputs.summary, exc, lang)
            run.messages.append(line)
            run.unwritten.append(line)
        else:
            run.written.append(outputs.summary)
