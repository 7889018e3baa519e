"""The budget file as YAML, in the key order of the input format."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

import yaml

from budgetkit.loaders.coercion import LINE_KEYS, UNIT_KEYS
from budgetkit.model import AnyFile


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        """Never an anchor or alias (& and *): budgetkit refuses them on reading, and the same amount object
        may well stand in two lines (the loaders share equal values)."""
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = f"{value:f}"
    if value == value.to_integral_value():
        return dumper.represent_scalar("tag:yaml.org,2002:int", str(int(value)))
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _str)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    return value


def as_mapping(model: AnyFile) -> dict[str, Any]:
    """The content as plain data, empty values left out, keys in the format's order."""
    unit = {k: _plain(getattr(model.unit, k)) for k in UNIT_KEYS if getattr(model.unit, k) not in (None, "")}
    lines = []
    for line in model.lines:
        item = {}
        for key in LINE_KEYS:
            value = _plain(getattr(line, key))
            if value is None or value == [] or value == "":
                continue
            item[key] = value
        lines.append(item)
    data: dict[str, Any] = {"budget_year": model.budget_year, "unit": unit, "lines": lines}
    if model.explanations:
        data["explanations"] = [
            {k: v for k, v in (("field", _plain(e.field)), ("spending", _plain(e.spending)), ("text", e.text)) if v is not None}
            for e in model.explanations
        ]
    return data


def to_yaml(model: AnyFile, schema_ref: str | None = None) -> str:
    """A budget file as YAML text in the input format's key order, with the schema line on top when schema_ref is given."""
    body = yaml.dump(as_mapping(model), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)
    header = f"# yaml-language-server: $schema={schema_ref}\n" if schema_ref else ""
    return header + body
