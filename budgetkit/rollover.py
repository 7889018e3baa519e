"""Next year's budget file from this year's (`budgetkit rollover`).

What moves, for a file of budget year N rolled to N+1:
- the unit's identity is kept; the year's own figures and texts (total expenditure, proposals, the
  explanations) are left to fill, since they describe year N;
- every task still running in N+1 (end year > N) is carried as a continuing task: the new
  "Lũy kế bố trí đến hết năm N-1" is the old cumulative figure plus the old N-1 estimate, the old
  estimate of N becomes "Dự toán năm N"; the expected execution of N, the estimate of N+1 and the other
  sources of N+1 are left to fill (the estimate as 0, which P006/P008 then point at);
- recurring activities are carried the same way (their estimate of N becomes the prior estimate);
- tasks that end in N (or earlier) are dropped and listed;
- priority and category codes that the N+1 pack no longer has are mapped through its crosswalk; those
  with no mapping are kept as they are and flagged (validation reports them too).
The input is never modified; nothing here touches the disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from budgetkit.guidance import CrosswalkEntry, Pack
from budgetkit.model import BudgetLine, PartialFile, PartialLine, PartialUnit, Status, Unit

# Every field of the model is carried, moved or left to fill (tests/test_rollover.py checks that a new
# field is given its place here); a field in none of them is left empty, as year-specific data would be.
UNIT_KEPT = (
    "name",
    "code",
    "level",
    "parent",
    "province",
    "recipient",
    "prepared_by",
    "approver",
    "approver_title",
    "letterhead",
    "place",
    "abbreviation",
    "signing_authority",
    "recipients",
    "drafting_unit",
)
# The unit's figures and texts of year N itself (the total expenditure, the assessment of the year before).
UNIT_FIELDS_OF_THE_YEAR = (
    "total_budget_expenditure",
    "budget_ceiling",
    "proposals",
    "prior_results",
    "prior_disbursement",
    "prior_difficulties",
    "prior_causes",
)
LINE_KEPT = (
    "id",
    "name",
    "field",
    "spending",
    "lead_agency",
    "start_year",
    "end_year",
    "approval",
    "approved_total",
    "indicators",
    "budget_code",
    "via_fund",
    "serves_sector",
    "moved_from_sector",
)
LINE_MAPPED = ("status", "category", "priorities")  # continuing; through the crosswalk
LINE_MOVED = ("allocated_before_prior", "prior_estimate")  # from the old cumulative figure and estimate
LINE_TO_FILL = ("prior_h1_disbursed", "prior_expected", "estimate", "other_sources", "explanation")


@dataclass
class Mapped:
    """A line's priority or category code, and what the crosswalk maps it to next year."""

    line_id: str
    kind: str  # "priority" or "category"
    old: str
    new: list[str]
    check: str | None = None


@dataclass
class Carried:
    """A task carried into next year, with its figures before and what its approval has left."""

    line_id: str
    name: str
    status_before: Status
    allocated_before_prior: Decimal | None
    prior_estimate: Decimal
    remaining: Decimal | None  # approved total not yet allocated after the prior estimate


@dataclass
class RolloverResult:
    """Next year's file and what rollover did to get it: lines carried, dropped, codes mapped, values cleared."""

    model: PartialFile
    from_year: int
    to_year: int
    carried: list[Carried] = field(default_factory=list)
    dropped: list[PartialLine] = field(default_factory=list)
    mapped: list[Mapped] = field(default_factory=list)
    unmapped: list[Mapped] = field(default_factory=list)
    no_end_year: list[str] = field(default_factory=list)
    needs_approval: list[str] = field(default_factory=list)  # continuing now, without approval or approved total
    cleared_unit_fields: list[str] = field(default_factory=list)
    explanations_dropped: int = 0
    line_explanations_dropped: list[str] = field(default_factory=list)


def _empty(model: type, key: str) -> object:
    field_info = model.model_fields[key]  # type: ignore[attr-defined]
    return field_info.default_factory() if field_info.default_factory is not None else None


def _amount(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)


def _map_codes(
    codes: list[str], known: Mapping[str, object], crosswalk: Mapping[str, CrosswalkEntry], line_id: str, kind: str, result: RolloverResult
) -> list[str]:
    out: list[str] = []
    for code in codes:
        if code in known:
            new = [code]
        elif code in crosswalk:
            entry = crosswalk[code]
            new = list(entry.to)
            result.mapped.append(Mapped(line_id, kind, code, new, entry.check))
        else:
            new = [code]
            result.unmapped.append(Mapped(line_id, kind, code, []))
        out.extend(c for c in new if c not in out)
    return out


def rollover(model: PartialFile, target: Pack) -> RolloverResult:
    """The file of year N+1 built from `model` (year N) under the pack of N+1; `model` is not changed."""
    if model.budget_year is None:
        raise ValueError("a file without its budget year cannot be rolled over")
    year = model.budget_year
    to_year = year + 1
    result = RolloverResult(model=model, from_year=year, to_year=to_year)
    crosswalk = target.crosswalk if target.crosswalk is not None and target.crosswalk.from_year == year else None
    codes = _CodeMaps(target, crosswalk.priorities if crosswalk else {}, crosswalk.categories if crosswalk else {})
    unit = _next_unit(model.unit, result)
    lines: list[PartialLine] = []
    for line in model.lines:
        line_id, name, status = _identity(line)
        if line.is_task:
            if line.end_year is None:
                result.no_end_year.append(line_id)
            elif line.end_year <= year:
                result.dropped.append(line)
                continue
        new_line = PartialLine(**_carried_values(line, line_id, year, codes, result))
        lines.append(new_line)
        result.carried.append(
            Carried(line_id, name, status, new_line.allocated_before_prior, _amount(line.estimate), new_line.remaining_approval)
        )
    result.explanations_dropped = len(model.explanations)
    result.model = PartialFile(to_year, unit, lines, [])
    return result


def _identity(line: PartialLine) -> tuple[str, str, Status]:
    """A line's Mã, name and status, which a rollover needs (the command refuses a file where one is missing: V001)."""
    if line.id is None or line.name is None or line.status is None:
        raise ValueError("every line of a file rolled over needs its Mã, name and status")
    return line.id, line.name, line.status


def _next_unit(old: PartialUnit, result: RolloverResult) -> PartialUnit:
    """The unit's identity kept; its figures and texts of the year left to fill (listed when they had a value)."""
    unit_values = dict(old.__dict__)
    for key in Unit.model_fields:
        if key not in UNIT_KEPT:
            if key in UNIT_FIELDS_OF_THE_YEAR and unit_values.get(key) not in (None, ""):
                result.cleared_unit_fields.append(key)
            unit_values[key] = _empty(Unit, key)
    unit_values["unreadable"] = frozenset()
    return PartialUnit(**unit_values)


@dataclass
class _CodeMaps:
    """The pack of N+1 and its crosswalk from N's priority and category codes."""

    target: Pack
    priorities: dict[str, CrosswalkEntry]
    categories: dict[str, CrosswalkEntry]


def _carried_values(line: PartialLine, line_id: str, year: int, codes: _CodeMaps, result: RolloverResult) -> dict[str, Any]:
    """The values of a line carried into N+1: kept, moved (cumulative allocation, prior estimate), mapped
    (status, codes), the rest left to fill; a line whose explanation is dropped, or a continuing task
    without its approval, is listed."""
    values = dict(line.__dict__)
    for key in BudgetLine.model_fields:
        if key not in LINE_KEPT + LINE_MAPPED + LINE_MOVED:
            values[key] = _empty(BudgetLine, key)
    if line.is_task and not (line.status == Status.NEW and line.start_year is not None and line.start_year > year):
        values["status"] = Status.CONTINUING
    if line.status == Status.RECURRING:
        values["allocated_before_prior"] = None
    else:
        values["allocated_before_prior"] = _amount(line.allocated_before_prior) + _amount(line.prior_estimate)
    values["prior_estimate"] = line.estimate
    values["estimate"] = Decimal(0)
    if line.explanation:
        result.line_explanations_dropped.append(line_id)
    continuing = line.status == Status.CONTINUING or values["status"] == Status.CONTINUING
    if continuing and (line.approval is None or line.approved_total is None):
        result.needs_approval.append(line_id)
    values["priorities"] = _map_codes(list(line.priorities or []), codes.target.priorities, codes.priorities, line_id, "priority", result)
    if line.category is not None:
        values["category"] = _map_codes([line.category], codes.target.categories, codes.categories, line_id, "category", result)[0]
    values["unreadable"] = frozenset()
    return values
