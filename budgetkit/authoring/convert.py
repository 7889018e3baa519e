"""YAML <-> Excel without loss of content (the unit, the lines in order, the explanations)."""

from __future__ import annotations

from pathlib import Path

from budgetkit.atomic import atomic_write
from budgetkit.findings import Finding
from budgetkit.guidance import Guidance
from budgetkit.loaders import load


class ConversionRefused(Exception):
    """The input has reading errors: converting it would lose what could not be read."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} reading errors")
        self.findings = findings


SCHEMA_URL = "https://budgetkit.example/schemas/budget-file.schema.json"


def convert(source: Path, target: Path, guidance: Guidance) -> None:
    loaded = load(source, guidance, str(source))
    errors = [f for f in loaded.findings if f.severity == "error"]
    if loaded.model is None or errors:
        raise ConversionRefused(errors)
    if target.suffix.lower() in (".yaml", ".yml"):
        from budgetkit.authoring.yaml_writer import to_yaml

        atomic_write(target, to_yaml(loaded.model).encode("utf-8"))
    else:
        from budgetkit.authoring.workbook import write_input_workbook

        write_input_workbook(loaded.model, target, loaded.pack)
