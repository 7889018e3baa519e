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
    """Read source and write target, the reading and writing done in an isolated worker
    (budgetkit.isolation) into a private folder; the result is then written atomically to target."""
    import tempfile

    from budgetkit.isolation import Breach, breach_finding, run_one

    with tempfile.TemporaryDirectory(prefix="budgetkit-") as folder:
        staged = Path(folder) / ("converted" + target.suffix.lower())
        outcome = run_one(lambda _: _convert_to(source, staged, guidance), None, guidance.pack(None).limits)
        if isinstance(outcome, Breach):
            finding = breach_finding(outcome, guidance.pack(None))
            raise ConversionRefused([finding] if finding is not None else [])
        if outcome:
            raise ConversionRefused(outcome)
        atomic_write(target, staged.read_bytes())


def _convert_to(source: Path, target: Path, guidance: Guidance) -> list[Finding]:
    """The reading errors (nothing written), or [] once target is written."""
    loaded = load(source, guidance, str(source))
    errors = [f for f in loaded.findings if f.severity == "error"]
    if loaded.model is None or errors:
        return errors or list(loaded.findings)
    if target.suffix.lower() in (".yaml", ".yml"):
        from budgetkit.authoring.yaml_writer import to_yaml

        atomic_write(target, to_yaml(loaded.model).encode("utf-8"))
    else:
        from budgetkit.authoring.workbook import write_input_workbook

        write_input_workbook(loaded.model, target, loaded.pack)
    return []
