"""The workbook layout of the input format: sheet names, column headers and unit labels."""

from __future__ import annotations

import re
from functools import lru_cache

from budgetkit.model import REQUIRED_LINE_KEYS, BudgetFile, BudgetLine, Explanation, Unit, field_header
from budgetkit.normalize import match_key

SHEET_UNIT = "Đơn vị"
SHEET_LINES = "Dự toán"
SHEET_EXPLANATIONS = "Thuyết minh"
SHEET_GUIDE = "Hướng dẫn"

# The unit's labels (column A of the `Đơn vị` sheet), the budget year's first: from the model's fields.
UNIT_LABELS: dict[str, str] = {"budget_year": field_header(BudgetFile.model_fields["budget_year"]).text} | {
    key: field_header(info).text for key, info in Unit.model_fields.items()
}
UNIT_REQUIRED = ("budget_year", "name", "code", "level")

# Headers without a year, by key; headers that carry a year: (words, key, offset from the budget year N).
# Both from the model's fields, in its order.
LINE_HEADERS: dict[str, str] = {
    key: header.text for key, info in BudgetLine.model_fields.items() if (header := field_header(info)).year_offset is None
}
YEAR_HEADERS: tuple[tuple[str, str, int], ...] = tuple(
    (header.text, key, header.year_offset)
    for key, info in BudgetLine.model_fields.items()
    if (header := field_header(info)).year_offset is not None
)
# Column order of the template and of converted workbooks.
LINE_COLUMNS = (
    "id",
    "name",
    "field",
    "spending",
    "status",
    "category",
    "lead_agency",
    "start_year",
    "end_year",
    "approval",
    "approved_total",
    "allocated_before_prior",
    "prior_estimate",
    "prior_expected",
    "estimate",
    "other_sources",
    "priorities",
    "indicators",
    "budget_code",
    "explanation",
    # Added with pack 2026.2 (Circular 56/2025/TT-BTC, Chương IV), after the older columns so that these keep their letters.
    "prior_h1_disbursed",
    "via_fund",
    "serves_sector",
    "moved_from_sector",
)
REQUIRED_COLUMNS = REQUIRED_LINE_KEYS  # the columns of the model's required values
# Columns people add that carry no content of the format (serial numbers): read past silently.
IGNORED_HEADERS = ("STT", "TT", "Số TT", "Số thứ tự")

EXPLANATION_HEADERS: dict[str, str] = {key: field_header(info).text for key, info in Explanation.model_fields.items()}


@lru_cache(maxsize=256)  # a year's headers are a few dozen texts; title rows pass through
def header_key(text: str) -> str:
    """The matching rule, also folding spaces around punctuation ("Mã Loại-Khoản")."""
    return re.sub(r"\s*([-,;:/()])\s*", r"\1", match_key(text))


def line_header(key: str, year: int) -> str:
    """The template's column header of a line key, with the year in it for the year columns."""
    for words, year_key, offset in YEAR_HEADERS:
        if year_key == key:
            return f"{words}{'' if words.endswith('/') else ' '}{year + offset}"
    return LINE_HEADERS[key]


_YEAR_WORDS = {header_key(words): words for words, _, _ in YEAR_HEADERS}
_YEAR_RE = re.compile(r"(.+?)\s*(\d{4})")


_PLAIN_HEADERS = (
    {header_key(label): k for k, label in LINE_HEADERS.items()} | {k: k for k in LINE_HEADERS} | {k: k for _, k, _ in YEAR_HEADERS}
)


@lru_cache(maxsize=256)  # a year's headers are a few dozen texts; title rows pass through
def read_header(text: str, year: int) -> tuple[str | None, str | None]:
    """(key, None) for a known header; (None, words) for a year header that does not fit N; (None, None)."""
    key = header_key(text)
    if key in _PLAIN_HEADERS:
        return _PLAIN_HEADERS[key], None
    m = _YEAR_RE.fullmatch(key)
    if m and m.group(1) in _YEAR_WORDS:
        header_year = int(m.group(2))
        for words, k, offset in YEAR_HEADERS:
            if header_key(words) == m.group(1) and header_year == year + offset:
                return k, None
        return None, _YEAR_WORDS[m.group(1)]
    return None, None


_UNIT_KEYS = (
    {header_key(label): k for k, label in UNIT_LABELS.items()} | {k: k for k in UNIT_LABELS} | {f"unit.{k}": k for k in UNIT_LABELS}
)


def unit_label_key(text: str) -> str | None:
    """The unit key of a label in the unit sheet (or of the key itself); None when it is none."""
    return _UNIT_KEYS.get(header_key(text))
