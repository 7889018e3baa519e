"""The JSON Schema of the YAML format, generated from the model."""

from __future__ import annotations

import json
from typing import Any

from budgetkit.model import BudgetFile

SCHEMA_ID = "https://budgetkit.example/schemas/budget-file.schema.json"


def json_schema() -> dict[str, Any]:
    schema = BudgetFile.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "budgetkit - tệp dự toán KH&CN, ĐMST và CĐS",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
