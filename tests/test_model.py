

def test_loaders_build_every_field_of_the_models():
    """The loaders build models without validation (Model.build): every field must be given."""
    from budgetkit.loaders.common import LINE_KEYS, UNIT_KEYS
    from budgetkit.model import BudgetLine, Unit

    assert set(Unit.model_fields) == set(UNIT_KEYS)
    assert set(BudgetLine.model_fields) == set(LINE_KEYS)
