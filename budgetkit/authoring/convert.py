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
    """Read source and make target's bytes in one isolated worker (budgetkit.isolation: the file's one
    budget of CPU time and memory covers the reading and the writing of a model of 100,000 lines), then
    write them here, atomically. ConversionRefused with the reading errors, or the F008/F001 of a breach."""
    from budgetkit.guidance import run_pack
    from budgetkit.isolation import Breach, breach_finding, run_one

    to_yaml_file = target.suffix.lower() in (".yaml", ".yml")

    def work(_: object) -> tuple[bytes | None, list[Finding]]:
        from budgetkit.loaders import load

        loaded = load(source, guidance, str(source))
        model = loaded.model
        errors = [f for f in loaded.findings if f.severity == "error"]
        if model is None or errors:
            return None, errors or list(loaded.findings)
        if to_yaml_file:
            from budgetkit.authoring.yaml_writer import to_yaml

            return to_yaml(model).encode("utf-8"), []
        from budgetkit.authoring.input_workbook import input_workbook_bytes

        return input_workbook_bytes(model, guidance.pack(model.budget_year)), []

    pack = run_pack(guidance).pack
    outcome = run_one(work, None, pack.limits)
    if isinstance(outcome, Breach):
        finding = breach_finding(outcome, pack)
        raise ConversionRefused([finding] if finding is not None else [])
    data, errors = outcome
    if data is None:
        raise ConversionRefused(errors)
    atomic_write(target, data)
