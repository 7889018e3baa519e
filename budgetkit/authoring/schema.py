"""The JSON Schema of the YAML format, generated from the model."""

from __future__ import annotations

import json
from typing import Any

from budgetkit.model import BudgetFile

SCHEMA_ID = "https://budgetkit.example/schemas/budget-file.schema.json"


# The model's enums and the pack's enums that spell them: the schema accepts every spelling the tool reads.
_ENUMS = {"Level": "level", "Pillar": "pillar", "Spending": "spending", "Status": "status", "ServedSector": "sector"}


def _spellings(enum_name: str, codes: list[str]) -> list[str]:
    """The codes, then every label, short form and listed form of the built-in packs (as the tool accepts them)."""
    from budgetkit.guidance import Guidance, builtin_years

    guidance = Guidance()
    seen = dict.fromkeys(codes)
    for year in builtin_years():
        for code, value in guidance.pack(year).enums.get(enum_name, {}).items():
            for form in (code, value.label, value.short, *value.forms):
                if form:
                    seen.setdefault(form, None)
    return list(seen)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the YAML format, enumerations accepting every spelling the template allows (codes and labels)."""
    schema = BudgetFile.model_json_schema()
    for name, enum_name in _ENUMS.items():
        definition = schema.get("$defs", {}).get(name)
        if definition and "enum" in definition:
            definition["enum"] = _spellings(enum_name, list(definition["enum"]))
            definition["description"] = "Mã (khcn, recurrent ...) hoặc nhãn như trong mẫu (Thường xuyên, TX ...)."
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "budgetkit - tệp dự toán KH&CN, ĐMST và CĐS",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text() -> str:
    """The JSON Schema as the text `budgetkit schema` prints (UTF-8, indented, ending in a newline)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
