"""Rounds of submission: what changed between two files of one unit (`diff`), as plain records.

A file is reduced to a `Snapshot` (its unit, its lines' values and where each sits) by the worker that
checked it; two snapshots and the two files' findings give a `Comparison`. Lines are matched by Mã, then
by name for the lines whose Mã changed; a line is "moved" when its place among the matched lines changed
(a heading row added above it moves every row number, not the order). Values are compared as read
(a figure typed as text in one round and as a number in the next is the same figure; V004 is then a
fixed finding). Money stays Decimal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from budgetkit.figures import PILLARS, SPENDINGS, ZERO, empty_groups
from budgetkit.findings import Finding
from budgetkit.i18n import plain_decimal
from budgetkit.input_layout import UNIT_LABELS, line_header
from budgetkit.loaders.coercion import LINE_KEYS as _LOADER_LINE_KEYS
from budgetkit.loaders.coercion import UNIT_AMOUNT_KEYS
from budgetkit.loaders.coercion import UNIT_KEYS as _LOADER_UNIT_KEYS
from budgetkit.locations import UNIT, LineRef
from budgetkit.model import AMOUNT_KEYS
from budgetkit.normalize import match_key

# The values compared: every content key of the input format, in the loader's order (Mã is the
# matching key, and shown when it changes).
LINE_KEYS = _LOADER_LINE_KEYS
UNIT_KEYS = _LOADER_UNIT_KEYS
ENUM_OF = {"field": "pillar", "spending": "spending", "status": "status", "level": "level", "serves_sector": "sector"}
_ID = LINE_KEYS.index("id")
_NAME = LINE_KEYS.index("name")
_ESTIMATE = LINE_KEYS.index("estimate")


class Unreadable:
    """A value the loader could not read (V002/V003): it is neither empty nor a figure."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unreadable)

    def __hash__(self) -> int:
        return 17

    def __repr__(self) -> str:
        return "UNREADABLE"

    def __reduce__(self) -> str:
        return "UNREADABLE"


UNREADABLE = Unreadable()


@dataclass(frozen=True, slots=True)
class LineSnap:
    """One budget line as a comparison sees it: its values in LINE_KEYS order and where it sits."""

    values: tuple[Any, ...]  # in LINE_KEYS order: Decimal, int, str, tuple of str, None or UNREADABLE
    row: int | None  # Excel row, or the YAML line of the item

    @property
    def id(self) -> str | None:
        """The line's Mã; None when missing or unreadable."""
        return self.values[_ID] if isinstance(self.values[_ID], str) else None

    @property
    def name(self) -> str | None:
        """The line's name; None when missing or unreadable."""
        return self.values[_NAME] if isinstance(self.values[_NAME], str) else None

    def get(self, key: str) -> Any:
        """The value of a line key (one of LINE_KEYS) as read, UNREADABLE included."""
        return self.values[LINE_KEYS.index(key)]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What a comparison needs of one file: small, picklable (a batch worker sends it back)."""

    path: str
    kind: str  # "excel" or "yaml"
    year: int | None
    unit: tuple[Any, ...]  # in UNIT_KEYS order
    lines: tuple[LineSnap, ...]
    explanations: tuple[tuple[str | None, str | None, str], ...]
    digest: str = ""  # the file's content hash: the same file sent again
    lines_sheet: str | None = None  # Excel: where the cells are (for the annotated copy)
    unit_sheet: str | None = None
    columns: tuple[tuple[str, str], ...] = ()  # key -> column letter
    unit_rows: tuple[tuple[str, int], ...] = ()  # key -> row of the unit sheet

    def unit_value(self, key: str) -> Any:
        """The value of a unit key (one of UNIT_KEYS) as read, UNREADABLE included."""
        return self.unit[UNIT_KEYS.index(key)]

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Sent from a batch worker as plain tuples with amounts as text: a tenth of the default cost."""
        lines = tuple(tuple(str(v) if type(v) is Decimal else v for v in line.values) for line in self.lines)
        unit = tuple(str(v) if type(v) is Decimal else v for v in self.unit)
        return _unpack, (
            (
                self.path,
                self.kind,
                self.year,
                unit,
                lines,
                tuple(line.row for line in self.lines),
                self.explanations,
                self.digest,
                self.lines_sheet,
                self.unit_sheet,
                self.columns,
                self.unit_rows,
            ),
        )

    @property
    def code(self) -> str | None:
        """The unit's Mã ĐVQHNS; None when missing or unreadable."""
        code = self.unit_value("code")
        return code if isinstance(code, str) else None

    def cell(self, row: int | None, key: str) -> str | None:
        """The cell reference ("O9") of a line value in the lines sheet; None outside a workbook."""
        letter = dict(self.columns).get(key)
        return f"{letter}{row}" if letter and row else None


def file_digest(path: Any) -> str:
    """A hash of the file's bytes ("" when it cannot be read): the very same file sent again."""
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).hexdigest()
    except OSError:
        return ""


_AMOUNT_AT = tuple(LINE_KEYS.index(k) for k in AMOUNT_KEYS)
_UNIT_AMOUNT_AT = tuple(UNIT_KEYS.index(k) for k in UNIT_AMOUNT_KEYS if k in UNIT_KEYS)


def _unpack(packed: tuple[Any, ...]) -> Snapshot:
    path, kind, year, unit, lines, rows, explanations, digest, lines_sheet, unit_sheet, columns, unit_rows = packed
    built = []
    for values, row in zip(lines, rows, strict=True):
        values = list(values)
        for at in _AMOUNT_AT:
            if type(values[at]) is str:
                values[at] = Decimal(values[at])
        built.append(LineSnap(tuple(values), row))
    unit = list(unit)
    for at in _UNIT_AMOUNT_AT:
        if type(unit[at]) is str:
            unit[at] = Decimal(unit[at])
    return Snapshot(path, kind, year, tuple(unit), tuple(built), explanations, digest, lines_sheet, unit_sheet, columns, unit_rows)


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, (Decimal, int, str, bool)) and not isinstance(value, Enum)):
        return value
    if isinstance(value, list):
        return tuple(value)
    return getattr(value, "value", value)  # an enumeration: its code


_PLAIN_TYPES = frozenset((str, Decimal, int, bool, type(None)))
_KEY_AT = {k: i for i, k in enumerate(LINE_KEYS)}


def snapshot_of(loaded: Any, digest: str = "") -> Snapshot | None:
    """The snapshot of a loaded file (loaders.coercion.LoadedFile); None when it could not be read.

    Built for every file of a batch --previous: values are taken as the loader left them (texts are
    compared under white-space folding later, only when they differ)."""
    model = loaded.model
    if model is None:
        return None
    locator = loaded.locator
    rows: list[int] | None = getattr(locator, "line_rows", None)
    unreadable: dict[int, list[int]] = {}
    for owner, key in loaded.flagged:
        if isinstance(owner, LineRef) and key in _KEY_AT:
            unreadable.setdefault(owner.index, []).append(_KEY_AT[key])
    lines = []
    for index, line in enumerate(model.lines):
        source = line.__dict__
        values = [source.get(key) for key in LINE_KEYS]
        for at, value in enumerate(values):
            if type(value) not in _PLAIN_TYPES:  # an enumeration (its code) or a list (a tuple)
                values[at] = _plain(value)
        for at in unreadable.get(index, ()):
            values[at] = UNREADABLE
        if rows is not None:
            row = rows[index] if index < len(rows) else None
        else:
            row = locator.value(index, "id").line if locator is not None else None
        lines.append(LineSnap(tuple(values), row))
    flagged = loaded.flagged
    unit = tuple(UNREADABLE if (UNIT, key) in flagged else _plain(getattr(model.unit, key, None)) for key in UNIT_KEYS)
    explanations = tuple((_plain(e.field), _plain(e.spending), e.text) for e in model.explanations)
    columns: tuple[tuple[str, str], ...] = ()
    unit_rows: tuple[tuple[str, int], ...] = ()
    lines_sheet = unit_sheet = None
    if rows is not None:
        from budgetkit.loaders.columns import col_letter

        columns = tuple((k, col_letter(c)) for k, c in locator.columns.items())
        unit_rows = tuple(locator.unit_rows.items())
        lines_sheet, unit_sheet = locator.lines_sheet, locator.unit_sheet
    return Snapshot(
        path=loaded.path,
        kind=loaded.kind,
        year=model.budget_year,
        unit=unit,
        lines=tuple(lines),
        explanations=explanations,
        digest=digest,
        lines_sheet=lines_sheet,
        unit_sheet=unit_sheet,
        columns=columns,
        unit_rows=unit_rows,
    )


def differs(a: Any, b: Any) -> bool:
    """Two values differ as content: texts (and lists of texts) are compared with every run of white
    space, line breaks included, as one space (layout, not content)."""
    if a == b:
        return False
    if isinstance(a, str) and isinstance(b, str):
        return a.split() != b.split()
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return any(differs(x, y) for x, y in zip(a, b, strict=True))
    return True


# --- matching lines --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pair:
    """A line of the old file matched with a line of the new file, and how (by Mã, or by name when the Mã changed)."""

    old: int  # index in the old file's lines
    new: int
    by: str  # "id" or "name" (the Mã was changed)


def match_lines(old: Sequence[LineSnap], new: Sequence[LineSnap]) -> tuple[list[Pair], list[int], list[int]]:
    """(pairs, removed old indices, added new indices). By Mã first (exact, then under the matching rule),
    then by name among the lines left; duplicates pair in their order."""
    pairs: list[Pair] = []
    old_left = list(range(len(old)))
    new_left = list(range(len(new)))

    def pair_by(key_of: Any, by: str) -> None:
        nonlocal old_left, new_left
        waiting: dict[Any, list[int]] = defaultdict(list)
        for i in old_left:
            key = key_of(old[i])
            if key:
                waiting[key].append(i)
        taken_old: set[int] = set()
        still_new = []
        for j in new_left:
            key = key_of(new[j])
            queue = waiting.get(key) if key else None
            if queue:
                i = queue.pop(0)
                taken_old.add(i)
                pairs.append(Pair(i, j, by))
            else:
                still_new.append(j)
        old_left = [i for i in old_left if i not in taken_old]
        new_left = still_new

    pair_by(lambda line: line.id, "id")
    pair_by(lambda line: match_key(line.id) if line.id else None, "id")
    pair_by(lambda line: match_key(line.name) if line.name else None, "name")
    pairs.sort(key=lambda p: p.new)
    return pairs, old_left, new_left


def moved_pairs(pairs: Sequence[Pair]) -> set[int]:
    """New indices of the pairs out of the longest run kept in the same order (pairs sorted by new)."""
    # Longest increasing subsequence of the old indices, by patience sorting.
    import bisect

    tails: list[int] = []
    tails_at: list[int] = []
    parent = [-1] * len(pairs)
    for k, pair in enumerate(pairs):
        pos = bisect.bisect_left(tails, pair.old)
        if pos == len(tails):
            tails.append(pair.old)
            tails_at.append(k)
        else:
            tails[pos] = pair.old
            tails_at[pos] = k
        parent[k] = tails_at[pos - 1] if pos else -1
    kept: set[int] = set()
    k = tails_at[-1] if tails_at else -1
    while k >= 0:
        kept.add(k)
        k = parent[k]
    return {pairs[k].new for k in range(len(pairs)) if k not in kept}


# --- the comparison --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ValueChange:
    """One value that changed: its key, the old and the new value, and the new value's cell."""

    key: str
    old: Any
    new: Any
    cell: str | None = None  # where the new value sits (Excel), for the annotated copy


@dataclass(frozen=True, slots=True)
class LineChange:
    """One line across the two rounds: added, removed, changed (values or place) or unchanged."""

    old: LineSnap | None
    new: LineSnap | None
    by: str = "id"  # how it was matched ("id", or "name" when the Mã changed)
    moved: bool = False
    changes: tuple[ValueChange, ...] = ()
    # For a moved line: the Mã of the line above it in each file ("" at the top of the table).
    old_after: str | None = None
    new_after: str | None = None

    @property
    def kind(self) -> str:
        """What became of the line: "added", "removed", "changed" (a value changed, or the line moved) or "unchanged"."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.changes or self.moved else "unchanged"


@dataclass
class Comparison:
    """What changed from one round to the next for one unit."""

    old: Snapshot
    new: Snapshot
    lines: list[LineChange]  # in the new file's order, then the removed lines in the old file's order
    unit_changes: list[ValueChange]
    explanations_changed: bool
    totals_old: dict[str, dict[str, Decimal]]
    totals_new: dict[str, dict[str, Decimal]]
    fixed: list[Finding] = field(default_factory=list)
    introduced: list[Finding] = field(default_factory=list)
    still_open: list[Finding] = field(default_factory=list)
    old_counts: dict[str, int] = field(default_factory=dict)  # errors and warnings of each file
    new_counts: dict[str, int] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[LineChange]:
        """The lines of one kind ("added", "removed", "changed", "unchanged"), in the comparison's order."""
        return [c for c in self.lines if c.kind == kind]

    @property
    def total_old(self) -> Decimal:
        """The old file's total estimate (all groups)."""
        return sum((v for g in self.totals_old.values() for v in g.values()), ZERO)

    @property
    def total_new(self) -> Decimal:
        """The new file's total estimate (all groups)."""
        return sum((v for g in self.totals_new.values() for v in g.values()), ZERO)

    @property
    def totals_moved(self) -> bool:
        """Whether the estimate of any pillar x spending group changed."""
        return any(self.totals_old[p][s] != self.totals_new[p][s] for p in PILLARS for s in SPENDINGS)

    @property
    def content_changed(self) -> bool:
        """Whether anything of the content changed: a unit value, the explanations or a line."""
        return bool(self.unit_changes) or self.explanations_changed or any(c.kind != "unchanged" for c in self.lines)

    def counts(self) -> dict[str, int]:
        """The counts of the JSON output: lines added, removed, changed, unchanged, renamed, moved and values changed."""
        kinds = [c.kind for c in self.lines]
        return {
            "added": kinds.count("added"),
            "removed": kinds.count("removed"),
            "changed": kinds.count("changed"),
            "unchanged": kinds.count("unchanged"),
            "renamed": sum(1 for c in self.lines if c.old is not None and c.new is not None and c.by == "name"),
            "moved": sum(1 for c in self.lines if c.moved),
            "values_changed": sum(len(c.changes) for c in self.lines) + len(self.unit_changes),
        }

    def changed_cells(self) -> dict[tuple[str, str], tuple[str, Any, Any]]:
        """(sheet, cell) of the new workbook -> (key, old value, new value), for the annotated copy; added
        lines mark their Mã cell with old value None."""
        cells: dict[tuple[str, str], tuple[str, Any, Any]] = {}
        new = self.new
        if new.lines_sheet is not None:
            for change in self.lines:
                if change.new is None:
                    continue
                if change.old is None:
                    ref = new.cell(change.new.row, "id") or new.cell(change.new.row, "name")
                    if ref:
                        cells[(new.lines_sheet, ref)] = ("id", None, change.new.id)
                    continue
                for value in change.changes:
                    if value.cell:
                        cells[(new.lines_sheet, value.cell)] = (value.key, value.old, value.new)
        if new.unit_sheet is not None:
            rows = dict(new.unit_rows)
            for value in self.unit_changes:
                if value.key in rows:
                    cells[(new.unit_sheet, f"B{rows[value.key]}")] = (value.key, value.old, value.new)
        return cells


class NotComparable(Exception):
    """Two files that are not two rounds of one unit (the command refuses, exit 2), or a file that cannot
    be read at all (unreadable=True: its F001 says why; exit 1)."""

    def __init__(self, message_vi: str, message_en: str, unreadable: bool = False) -> None:
        super().__init__(message_en)
        self.message_vi, self.message_en, self.unreadable = message_vi, message_en, unreadable

    def message(self, lang: str) -> str:
        """The reason in Vietnamese ("vi") or English ("en")."""
        return self.message_en if lang == "en" else self.message_vi


def check_comparable(old: Snapshot, new: Snapshot) -> None:
    """Refuse (NotComparable) two files of different units or budget years."""
    if old.code and new.code and old.code != new.code:
        raise NotComparable(
            f"hai tệp không cùng một đơn vị (Mã ĐVQHNS {old.code} và {new.code}); chỉ so sánh hai lần nộp của cùng một đơn vị",
            f"the two files are not of one unit (unit codes {old.code} and {new.code}); only two rounds of one unit are compared",
        )
    if old.year is not None and new.year is not None and old.year != new.year:
        raise NotComparable(
            f"hai tệp không cùng năm ngân sách ({old.year} và {new.year}); chỉ so sánh hai lần nộp của cùng một năm",
            f"the two files are not of one budget year ({old.year} and {new.year}); only two rounds of one year are compared",
        )


def _sums(lines: Sequence[LineSnap]) -> dict[str, dict[str, Decimal]]:
    sums = empty_groups()
    fi, si = LINE_KEYS.index("field"), LINE_KEYS.index("spending")
    for line in lines:
        p, s, v = line.values[fi], line.values[si], line.values[_ESTIMATE]
        if p in sums and s in SPENDINGS and isinstance(v, Decimal):
            sums[p][s] += v
    return sums


def compare(
    old: Snapshot,
    new: Snapshot,
    old_findings: Sequence[Finding] = (),
    new_findings: Sequence[Finding] = (),
) -> Comparison:
    """The comparison of two rounds of one unit (check_comparable first when that must be enforced)."""
    pairs, removed, added = match_lines(old.lines, new.lines)
    moved = moved_pairs(pairs)
    by_new = {p.new: p for p in pairs}
    added_set = set(added)
    changes: list[LineChange] = []
    for j, line in enumerate(new.lines):
        if j in added_set:
            changes.append(LineChange(None, line))
            continue
        pair = by_new[j]
        before = old.lines[pair.old]
        diffs = tuple(
            ValueChange(key, a, b, new.cell(line.row, key))
            for key, a, b in zip(LINE_KEYS, before.values, line.values, strict=True)
            if a != b and differs(a, b)
        )
        if j in moved:
            above_old = old.lines[pair.old - 1].id or "-" if pair.old else ""
            above_new = new.lines[j - 1].id or "-" if j else ""
            changes.append(LineChange(before, line, pair.by, True, diffs, above_old, above_new))
        else:
            changes.append(LineChange(before, line, pair.by, False, diffs))
    changes += [LineChange(old.lines[i], None) for i in removed]
    unit_changes = [ValueChange(key, a, b) for key, a, b in zip(UNIT_KEYS, old.unit, new.unit, strict=True) if differs(a, b)]
    fixed, introduced, still_open = match_findings(old_findings, new_findings, _renamed(pairs, old, new))
    return Comparison(
        old=old,
        new=new,
        lines=changes,
        unit_changes=unit_changes,
        explanations_changed=len(old.explanations) != len(new.explanations)
        or any(differs(a, b) for a, b in zip(old.explanations, new.explanations, strict=False)),
        totals_old=_sums(old.lines),
        totals_new=_sums(new.lines),
        fixed=fixed,
        introduced=introduced,
        still_open=still_open,
        old_counts=severity_counts(old_findings),
        new_counts=severity_counts(new_findings),
    )


def _renamed(pairs: Sequence[Pair], old: Snapshot, new: Snapshot) -> dict[str, str]:
    """The Mã of each line matched by its name: old Mã -> new Mã (a finding keeps its line across the change)."""
    renamed: dict[str, str] = {}
    for pair in pairs:
        old_id, new_id = old.lines[pair.old].id, new.lines[pair.new].id
        if pair.by == "name" and old_id and new_id:
            renamed[old_id] = new_id
    return renamed


def severity_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """The number of errors and of warnings among the findings."""
    return {"errors": sum(1 for f in findings if f.severity == "error"), "warnings": sum(1 for f in findings if f.severity == "warning")}


def finding_key(finding: Finding, renamed: dict[str, str] | None = None) -> tuple[Any, ...]:
    """What makes two rounds' findings "the same": the rule and the line (by Mã) and value it is about,
    never the row (rows move) nor the message (it quotes the figures)."""
    loc = finding.location
    if loc.line_id:
        line_id = (renamed or {}).get(loc.line_id, loc.line_id)
        return (finding.code, "line", line_id, loc.field)
    if loc.field or loc.spending:
        return (finding.code, "field", loc.field, loc.spending)
    return (finding.code, "other", loc.column, finding.value)


def match_findings(
    old: Sequence[Finding], new: Sequence[Finding], renamed: dict[str, str] | None = None
) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(fixed: old findings gone, new: findings not there before, still open: the new file's findings that
    were there before). Findings with the same key pair in their order."""
    waiting: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, finding in enumerate(old):
        waiting[finding_key(finding, renamed)].append(index)
    introduced, still_open = [], []
    for finding in new:
        queue = waiting.get(finding_key(finding))
        if queue:
            queue.pop(0)
            still_open.append(finding)
        else:
            introduced.append(finding)
    left = sorted(i for queue in waiting.values() for i in queue)
    return [old[i] for i in left], introduced, still_open


# --- records ---------------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """A compared value as JSON writes it: Decimal as plain text, tuples as lists, missing or unreadable as None."""
    if value is None or isinstance(value, Unreadable):
        return None
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def value_label(key: str, year: int, unit: bool = False) -> str:
    """The label a person sees in the template for a key."""
    if unit:
        return UNIT_LABELS.get(key, key)
    return line_header(key, year)


def column_read(snapshot: Snapshot, key: str) -> bool:
    """False when a workbook had no readable column for this key (absent, or last year's header: F005)."""
    return snapshot.kind != "excel" or not snapshot.columns or key in dict(snapshot.columns)


def _change_record(
    change: ValueChange,
    year: int,
    unit: bool = False,
    old: Snapshot | None = None,
    new: Snapshot | None = None,
    titles: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One changed value as JSON: its key, label, old and new values; for an amount the difference; for a
    category the pack's titles of both codes (`titles`: the pack's categories, when the caller has the pack)."""
    record: dict[str, Any] = {
        "field": change.key,
        "label": value_label(change.key, year, unit),
        "old": json_value(change.old),
        "new": json_value(change.new),
    }
    if change.key == "category" and titles is not None:
        for side, value in (("old_title", change.old), ("new_title", change.new)):
            category = titles.get(value) if isinstance(value, str) else None
            record[side] = category.title if category is not None else None
    if isinstance(change.old, Decimal) and isinstance(change.new, Decimal):
        record["difference"] = plain_decimal(change.new - change.old)
    if isinstance(change.old, Unreadable):
        record["old_unreadable"] = True
    if isinstance(change.new, Unreadable):
        record["new_unreadable"] = True
    if not unit and old is not None and not column_read(old, change.key):
        record["old_column_missing"] = True
    if not unit and new is not None and not column_read(new, change.key):
        record["new_column_missing"] = True
    return record


def _line_brief(line: LineSnap) -> dict[str, Any]:
    return {"id": line.id, "name": line.name, "row": line.row, "estimate": json_value(line.get("estimate"))}


def _totals_record(groups: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, str]]:
    return {p: {s: plain_decimal(groups[p][s]) for s in SPENDINGS} for p in PILLARS}


def file_side(snapshot: Snapshot, counts: dict[str, int]) -> dict[str, Any]:
    """One file of a comparison as the JSON output describes it: path, unit, year, status and counts."""
    return {
        "path": snapshot.path,
        "unit": {"name": json_value(snapshot.unit_value("name")), "code": snapshot.code, "level": json_value(snapshot.unit_value("level"))},
        "budget_year": snapshot.year,
        "status": "failed" if counts.get("errors") else "passed",
        "errors": counts.get("errors", 0),
        "warnings": counts.get("warnings", 0),
    }


def comparison_record(comparison: Comparison, lang: str = "vi", open_listed: bool = True, pack: Any = None) -> dict[str, Any]:
    """The documented JSON of one comparison (docs/diff.md). open_listed=False (a batch's report, whose
    files[] already list every finding of this round) leaves the still-open findings out of
    `findings` (their number stays in `summary.open`). With the pack (guidance.Pack) of the files' year, a
    changed category also carries the titles of its old and new codes (`old_title`, `new_title`)."""
    year = comparison.new.year or comparison.old.year or 0
    titles = pack.categories if pack is not None else None
    changed = []
    for change in comparison.of_kind("changed"):
        assert change.old is not None and change.new is not None
        changed.append(
            {
                "id": change.new.id,
                "old_id": change.old.id if change.old.id != change.new.id else None,
                "name": change.new.name,
                "matched_by": change.by,
                "moved": change.moved,
                "old_row": change.old.row,
                "new_row": change.new.row,
                **({"old_after": change.old_after, "new_after": change.new_after} if change.moved else {}),
                "changes": [_change_record(v, year, False, comparison.old, comparison.new, titles) for v in change.changes],
            }
        )
    counts = comparison.counts()
    delta = {p: {s: plain_decimal(comparison.totals_new[p][s] - comparison.totals_old[p][s]) for s in SPENDINGS} for p in PILLARS}
    return {
        "old": file_side(comparison.old, comparison.old_counts),
        "new": file_side(comparison.new, comparison.new_counts),
        "same_file": bool(comparison.old.digest) and comparison.old.digest == comparison.new.digest,
        "lines": {
            "added": [_line_brief(c.new) for c in comparison.of_kind("added") if c.new is not None],
            "removed": [_line_brief(c.old) for c in comparison.of_kind("removed") if c.old is not None],
            "changed": changed,
            "unchanged": counts["unchanged"],
        },
        "unit_changes": [_change_record(v, year, unit=True) for v in comparison.unit_changes],
        "explanations_changed": comparison.explanations_changed,
        "totals": {"old": _totals_record(comparison.totals_old), "new": _totals_record(comparison.totals_new), "difference": delta},
        "findings": {
            "fixed": [f.as_record(lang) for f in comparison.fixed],
            "new": [f.as_record(lang) for f in comparison.introduced],
            **({"open": [f.as_record(lang) for f in comparison.still_open]} if open_listed else {}),
        },
        "summary": {
            **counts,
            "total_old": plain_decimal(comparison.total_old),
            "total_new": plain_decimal(comparison.total_new),
            "total_difference": plain_decimal(comparison.total_new - comparison.total_old),
            "totals_moved": comparison.totals_moved,
            "fixed": len(comparison.fixed),
            "new_findings": len(comparison.introduced),
            "open": len(comparison.still_open),
        },
    }
