"""The one computation of totals, groups, shares and changes used by validate, batch and the reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from budgetkit.model import AnyLine, Pillar

PILLARS = tuple(p.value for p in Pillar)
SPENDINGS = ("investment", "recurrent")
ZERO = Decimal(0)
# The amounts summed by group for the reports and the province's summary.
FIGURE_KEYS = ("prior_estimate", "prior_expected", "estimate", "other_sources", "prior_h1_disbursed")


def empty_groups() -> dict[str, dict[str, Decimal]]:
    """Every pillar x spending group at 0, in the fixed order of the forms."""
    return {p: dict.fromkeys(SPENDINGS, ZERO) for p in PILLARS}


def group_sums(lines: Iterable[AnyLine], key: str = "estimate") -> dict[str, dict[str, Decimal]]:
    """The sum of one amount per pillar x spending type, 0 where none (lines without both are left out)."""
    sums = empty_groups()
    for line in lines:
        if line.field is None or line.spending is None:
            continue
        value = getattr(line, key)
        if value is not None:
            sums[line.field.value][line.spending.value] += value
    return sums


def add_groups(into: dict[str, dict[str, Decimal]], other: dict[str, dict[str, Decimal]]) -> None:
    """Add the figures of other to into, group by group."""
    for p in PILLARS:
        for s in SPENDINGS:
            into[p][s] += other[p][s]


def total(groups: dict[str, dict[str, Decimal]]) -> Decimal:
    """The sum of every group."""
    return sum((v for g in groups.values() for v in g.values()), ZERO)


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole; None when the whole is 0."""
    return None if whole == 0 else part / whole


def change(new: Decimal, old: Decimal) -> Decimal | None:
    """Relative change; None when there was nothing before."""
    return None if old == 0 else (new - old) / old


@dataclass(frozen=True)
class GroupRow:
    """The figures of one pillar x spending group, as the forms and the summary show them."""

    pillar: str
    spending: str
    prior_estimate: Decimal
    prior_expected: Decimal
    estimate: Decimal
    other_sources: Decimal
    prior_h1_disbursed: Decimal = ZERO


def group_table(lines: Sequence[AnyLine]) -> list[GroupRow]:
    """Every pillar x spending group with its figures, in the fixed order of the forms."""
    sums = {key: group_sums(lines, key) for key in FIGURE_KEYS}
    return [
        GroupRow(
            p,
            s,
            sums["prior_estimate"][p][s],
            sums["prior_expected"][p][s],
            sums["estimate"][p][s],
            sums["other_sources"][p][s],
            sums["prior_h1_disbursed"][p][s],
        )
        for p in PILLARS
        for s in SPENDINGS
    ]


def priority_sums(lines: Iterable[AnyLine]) -> dict[str, Decimal]:
    """Estimate per priority code (a line linked to several codes counts under each)."""
    sums: dict[str, Decimal] = {}
    for line in lines:
        for code in dict.fromkeys(line.priorities or []):
            sums[code] = sums.get(code, ZERO) + (line.estimate or ZERO)
    return sums


def pack_figures(figures: dict[str, dict[str, dict[str, Decimal]]]) -> str:
    """The figures of FIGURE_KEYS by group as one short text, exact (Decimal's own notation): a batch keeps
    one per file."""
    return ";".join(str(figures[key][p][s]) for key in FIGURE_KEYS for p in PILLARS for s in SPENDINGS)


def unpack_figures(text: str, keys: tuple[str, ...] = FIGURE_KEYS) -> dict[str, dict[str, dict[str, Decimal]]]:
    """The figures of pack_figures, for the given keys only."""
    values = text.split(";")
    size = len(PILLARS) * len(SPENDINGS)
    out = {}
    for key in keys:
        own = iter(values[FIGURE_KEYS.index(key) * size :])
        out[key] = {p: {s: Decimal(next(own)) for s in SPENDINGS} for p in PILLARS}
    return out
