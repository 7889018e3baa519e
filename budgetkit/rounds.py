"""A province's round against its previous round (`batch DIR --previous PREV_DIR`): per unit, whether it
resubmitted, what changed and which findings it fixed or introduced.

Units are matched by their Mã ĐVQHNS (and budget year); a file that could not be read is matched to the
previous round's file of the same name in the folder. The previous round's results arrive first and are
kept (with their snapshots); each result of this round is compared as it arrives, so only the
comparisons are kept of it.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from budgetkit.compare import Comparison, compare, comparison_record
from budgetkit.figures import ZERO
from budgetkit.i18n import plain_decimal
from budgetkit.results import FileResult

# The order of the statuses in every listing (after the units whose totals moved).
STATUSES = ("changed", "missing", "same_file", "unchanged", "unreadable", "new")
STATUS_LABELS = {
    "vi": {
        "changed": "Nộp lại, có thay đổi",
        "unchanged": "Nộp lại, nội dung không đổi",
        "same_file": "Chưa nộp lại (vẫn tệp lần trước)",
        "missing": "Chưa nộp lại (không có tệp)",
        "new": "Nộp lần đầu",
        "unreadable": "Tệp lần này không đọc được",
    },
    "en": {
        "changed": "Resubmitted, changed",
        "unchanged": "Resubmitted, content unchanged",
        "same_file": "Not resubmitted (last round's file)",
        "missing": "Not resubmitted (no file)",
        "new": "First submission",
        "unreadable": "This round's file cannot be read",
    },
}


@dataclass
class UnitRound:
    """One unit across two rounds: its status, its results in each and their comparison."""

    status: str
    current: FileResult | None
    previous: FileResult | None
    comparison: Comparison | None = None

    @property
    def unit(self) -> dict[str, Any]:
        """The unit as read (this round's, else the previous one's); {} when neither could be read."""
        for result in (self.current, self.previous):
            if result is not None and result.unit:
                return result.unit
        return {}

    @property
    def total_old(self) -> Decimal | None:
        """The previous round's total estimate; None without a readable previous file."""
        if self.comparison is not None:
            return self.comparison.total_old
        return self.previous.grand_total if self.previous is not None and self.previous.unit else None

    @property
    def total_new(self) -> Decimal | None:
        """This round's total estimate; None without a readable file this round."""
        if self.comparison is not None:
            return self.comparison.total_new
        return self.current.grand_total if self.current is not None and self.current.unit else None

    @property
    def totals_moved(self) -> bool:
        """Whether the estimate of any pillar x spending group changed."""
        return self.comparison is not None and self.comparison.totals_moved

    @property
    def difference(self) -> Decimal:
        """This round's total less the previous one's; 0 unless both are known."""
        old, new = self.total_old, self.total_new
        return (new or ZERO) - (old or ZERO) if old is not None and new is not None else ZERO

    def sort_key(self) -> tuple[Any, ...]:
        """The order of the listing: moved totals first, then by status, the largest difference, the path."""
        path = self.current.path if self.current is not None else self.previous.path if self.previous is not None else ""
        return (not self.totals_moved, STATUSES.index(self.status), -abs(self.difference), path)


@dataclass
class RoundsComparison:
    """This round against the previous folder, unit by unit."""

    previous_folder: str
    units: list[UnitRound] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """The number of units of each status."""
        return {status: sum(1 for u in self.units if u.status == status) for status in STATUSES}


def _relative(path: str, folder: Path | None) -> str:
    if folder is None:
        return Path(path).name
    try:
        return str(Path(path).resolve().relative_to(folder))
    except (ValueError, OSError):
        return Path(path).name


class Rounds:
    """Pairs this round's results with the previous round's, as they arrive (previous ones first)."""

    def __init__(self, folder: Path | None, previous_folder: Path) -> None:
        self.folder, self.previous_folder = folder, previous_folder
        # Resolved once: every file's name relative to its folder is asked for.
        self._folder_resolved = folder.resolve() if folder is not None else None
        self._previous_resolved = previous_folder.resolve()
        self._previous: list[FileResult] = []
        self._by_code: dict[tuple[str, int | None], int] = {}
        self._by_name: dict[str, int] = {}
        self._used: set[int] = set()
        self._units: list[UnitRound] = []
        # Previous files byte for byte the same as a file of this round are not checked again: their
        # result is this round's under the old path (this round's path -> the previous path).
        self._same: dict[str, str] = {}

    def add_previous_same_as(self, previous_path: str, current_path: str) -> None:
        """A previous file whose bytes the file current_path of this round has (the caller compared their
        hashes before checking, and checks only current_path)."""
        self._same[current_path] = previous_path

    def _from_same(self, result: FileResult) -> int | None:
        path = self._same.pop(result.path, None)
        if path is None:
            return None
        previous = copy.copy(result)
        previous.path = path
        if result.snapshot is not None:
            previous.snapshot = dataclasses.replace(result.snapshot, path=path)
        self.add_previous(previous)
        return len(self._previous) - 1

    def add_previous(self, result: FileResult) -> None:
        """Take a previous round's result, indexed by unit code and year and by file name for the pairing."""
        index = len(self._previous)
        self._previous.append(result)
        code = (result.unit or {}).get("code")
        if code and result.snapshot is not None:
            self._by_code.setdefault((code, result.budget_year), index)
        self._by_name.setdefault(_relative(result.path, self._previous_resolved), index)

    def add_current(self, result: FileResult) -> UnitRound:
        """This round's result, paired with its previous file (if any) and compared with it."""
        index = self._match(result)
        previous = self._previous[index] if index is not None else None
        if index is not None:
            self._used.add(index)
        unit = _unit_round(result, previous)
        result.snapshot = None  # the comparison holds what is needed of it
        self._units.append(unit)
        return unit

    def _match(self, result: FileResult) -> int | None:
        """The previous file of the same unit: the same bytes, else the same unit code and year, else (for
        a file that could not be read) the same name, unless that file is taken or another unit's."""
        code = (result.unit or {}).get("code")
        snap = result.snapshot
        index = self._from_same(result)
        if index is None and code and snap is not None:
            index = self._by_code.get((code, result.budget_year))
        if index is None and snap is None:
            index = self._by_name.get(_relative(result.path, self._folder_resolved))
            # (a file sent again unchanged was matched above, by its bytes)
            if index is not None and (index in self._used or self._taken_by_another(index, code)):
                index = None
        return index

    def _taken_by_another(self, index: int, code: str | None) -> bool:
        """The previous file was read and is another unit's (its code is not this one's)."""
        previous = self._previous[index]
        return previous.snapshot is not None and bool(code) and (previous.unit or {}).get("code") != code

    def finish(self) -> RoundsComparison:
        """The comparison of the rounds, with the previous files nobody sent again as missing."""
        missing = [UnitRound("missing", None, p) for i, p in enumerate(self._previous) if i not in self._used]
        units = sorted(self._units + missing, key=UnitRound.sort_key)
        return RoundsComparison(str(self.previous_folder), units)


def _unit_round(result: FileResult, previous: FileResult | None) -> UnitRound:
    """A unit's round: unreadable, new (nothing to compare with), or compared (the same file, changed, unchanged)."""
    snap = result.snapshot
    if snap is None:
        return UnitRound("unreadable", result, previous)
    if previous is None or previous.snapshot is None:
        return UnitRound("new", result, previous)
    comparison = compare(previous.snapshot, snap, previous.findings, result.findings)
    if previous.snapshot.digest and previous.snapshot.digest == snap.digest:
        status = "same_file"
    else:
        status = "changed" if comparison.content_changed else "unchanged"
    return UnitRound(status, result, previous, comparison)


def plan_previous(previous: list[Path], current: list[Path]) -> tuple[list[Path], list[tuple[Path, Path]]]:
    """(the previous files to check, the pairs (previous, current) of files with the same bytes): a unit
    that sent its file again unchanged costs one check, not two."""
    from budgetkit.compare import file_digest

    by_digest: dict[str, list[Path]] = {}
    for path in current:
        digest = file_digest(path)
        if digest:
            by_digest.setdefault(digest, []).append(path)
    to_check, same = [], []
    for path in previous:
        twins = by_digest.get(file_digest(path))
        if twins:
            same.append((path, twins.pop(0)))
        else:
            to_check.append(path)
    return to_check, same


def compare_with_previous(current: list[FileResult], previous: Path, guidance: Any, folder: Path | None = None) -> RoundsComparison:
    """This round's results (checked with their snapshots) against the previous round: a file, or a folder
    of files (report --previous)."""
    from budgetkit.checking import check_files
    from budgetkit.discovery import discover

    if previous.is_dir():
        paths, base = discover(previous).files, previous
    else:
        paths, base = [previous], previous.parent
    rounds = Rounds(folder, base)
    # Each previous file in an isolated worker (budgetkit.isolation): one that aborts the reader costs itself alone.
    for result in check_files(paths, guidance, 1, with_tasks=False, snapshots=True, displays=[str(p) for p in paths]):
        rounds.add_previous(result)
    for result in current:
        rounds.add_current(result)
    compared = rounds.finish()
    compared.previous_folder = str(previous)
    return compared


def unit_record(unit: UnitRound, lang: str = "vi", pack: Any = None) -> dict[str, Any]:
    """One unit of the rounds as the JSON output writes it (with the batch's pack: category titles)."""
    total_old, total_new = unit.total_old, unit.total_new
    return {
        "status": unit.status,
        "unit": unit.unit or None,
        "path": unit.current.path if unit.current is not None else None,
        "previous_path": unit.previous.path if unit.previous is not None else None,
        "totals_moved": unit.totals_moved,
        "total_old": plain_decimal(total_old) if total_old is not None else None,
        "total_new": plain_decimal(total_new) if total_new is not None else None,
        "total_difference": plain_decimal(unit.difference) if total_old is not None and total_new is not None else None,
        "comparison": comparison_record(unit.comparison, lang, open_listed=False, pack=pack) if unit.comparison is not None else None,
    }


def rounds_record(rounds: RoundsComparison, lang: str = "vi", pack: Any = None) -> dict[str, Any]:
    """The `previous` part of the batch JSON report (docs/diff.md); with the batch's pack, a changed
    category carries the titles of its codes."""
    return {
        "folder": rounds.previous_folder,
        "summary": {"units": len(rounds.units), **rounds.counts(), "totals_moved": sum(1 for u in rounds.units if u.totals_moved)},
        "units": [unit_record(u, lang, pack) for u in rounds.units],
    }
