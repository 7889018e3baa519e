"""Words the text outputs share: English counts with the right singular or plural ("1 error",
"2 errors", "0 warnings") and the label of a spending type in either language."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budgetkit.findings import Finding
    from budgetkit.guidance import Pack

NOUNS = {"errors": "error", "warnings": "warning", "files": "file", "infos": "note", "passed files": "passed file"}
# A count whose key is not its English plural: "infos" are "notes" (findings of severity info).
PLURALS = {"infos": "notes"}
SPENDING_EN = {"investment": "Investment", "recurrent": "Recurrent"}


def counted(n: int, plural: str) -> str:
    """`n` followed by the noun, singular when `n` is one: counted(1, "errors") == "1 error"."""
    return f"{n} {NOUNS.get(plural, plural) if n == 1 else PLURALS.get(plural, plural)}"


def english_nouns() -> dict[str, tuple[str, str]]:
    """Each counted name with its English singular and plural, for a page's script to count as
    counted() does: {"errors": ("error", "errors"), "infos": ("note", "notes"), ...}."""
    return {name: (singular, PLURALS.get(name, name)) for name, singular in NOUNS.items()}


def english_counts(**numbers: int) -> dict[str, str]:
    """The English phrases of the counts, keyed `<name>_en`, for the English templates to use
    (the Vietnamese templates, which have no plural, ignore them)."""
    return {f"{name}_en": counted(n, name) for name, n in numbers.items()}


def spending_label(spending: str, pack: Pack | None, lang: str) -> str:
    """The label of a spending type ("investment", "recurrent"): the pack's in Vietnamese, the one
    `validate --lang en` shows in English; the key itself only when there is no pack and no label."""
    if lang == "vi":
        return pack.enums["spending"][spending].label if pack else spending
    return SPENDING_EN.get(spending, spending)


def finding_line(finding: Finding, lang: str) -> str:
    """ "CODE where: message", or "CODE: message" when the finding has no place (never "CODE : ")."""
    where = finding.location.describe(lang)
    return f"{finding.code} {where}: {finding.message(lang)}" if where else f"{finding.code}: {finding.message(lang)}"


def year_title(template: str, year: int | str | None, **values: object) -> str:
    """A title with the budget year in it ("Tổng dự toán năm 2026 (triệu đồng)"); without a year,
    the same title without it ("Tổng dự toán (triệu đồng)", "Estimate totals"), never "năm  (".."""
    if year:
        return template.format(year=year, **values)
    return re.sub(r"( năm)? \{year\}", "", template).format(**values)
