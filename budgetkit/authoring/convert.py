"""YAML <-> Excel without loss of content (the unit, the lines in order, the explanations)."""

from __future__ import annotations

from pathlib import Path

from budgetkit.atomic import atomic_write
from budgetkit.findings import Finding
from budgetkit.guidance import Guidance


class ConversionRefused(Exception):
    """The input has reading errors: converting it would lose what could not be read."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} reading errors")
        self.findings = findings


SCHEMA_URL = "https://budgetkit.example/schemas/budget-file.schema.json"


def convert(source: Path, target: Path, guidance: Guidance) -> None:
    """Read source in an isolated worker (budgetkit.isolation: the limits of reading), then write target
    from the model read (bounded by the same limits) atomically."""
    from budgetkit.checking import load_isolated

    model, findings, _ = load_isolated([source], guidance, loader_only=True)[0]
    errors = [f for f in findings if f.severity == "error"]
    if model is None or errors:
        raise ConversionRefused(errors or list(findings))
    if target.suffix.lower() in (".yaml", ".yml"):
        from budgetkit.authoring.yaml_writer import to_yaml

        atomic_write(target, to_yaml(model).encode("utf-8"))
    else:
        from budgetkit.authoring.input_workbook import write_input_workbook

        write_input_workbook(model, target, guidance.pack(model.budget_year))
