"""The model is the one list of fields: the loaders', the layout's and the converters' lists come from it."""

from budgetkit.input_layout import EXPLANATION_HEADERS, LINE_COLUMNS, LINE_HEADERS, UNIT_LABELS, YEAR_HEADERS, line_header
from budgetkit.model import AMOUNT_KEYS, LINE_KEYS, UNIT_KEYS, YEAR_KEYS, BudgetLine, Explanation, Unit


def test_every_field_has_its_template_header_and_a_kind():
    assert LINE_KEYS == tuple(BudgetLine.model_fields) and UNIT_KEYS == tuple(Unit.model_fields)
    assert set(LINE_HEADERS) | {key for _, key, _ in YEAR_HEADERS} == set(LINE_KEYS)
    assert list(UNIT_LABELS) == ["budget_year", *UNIT_KEYS] and list(EXPLANATION_HEADERS) == list(Explanation.model_fields)
    assert line_header("estimate", 2026) == "Dự toán năm 2026"
    assert line_header("allocated_before_prior", 2026) == "Lũy kế bố trí đến hết năm 2024"
    assert AMOUNT_KEYS == (
        "approved_total",
        "allocated_before_prior",
        "prior_estimate",
        "prior_h1_disbursed",
        "prior_expected",
        "estimate",
        "other_sources",
    ) and YEAR_KEYS == ("start_year", "end_year")


def test_the_template_places_every_line_field_once():
    """The template's column order is the layout's choice (the letters of older columns never move)."""
    assert sorted(LINE_COLUMNS) == sorted(LINE_KEYS)


def test_a_line_as_read_tells_an_empty_value_from_an_unreadable_one():
    from decimal import Decimal

    from budgetkit.model import PartialLine

    line = PartialLine(id="KH-01", approved_total=Decimal(5), unreadable=frozenset({"prior_estimate", "lead_agency"}))
    assert line.missing("name") and line.missing("priorities") and not line.missing("lead_agency") and not line.missing("id")
    assert line.known("allocated_before_prior") == 0 and line.known("prior_estimate") is None
    assert line.remaining_approval == Decimal(5) and not line.is_task
