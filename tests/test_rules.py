"""Every rule that checks the model fires on its failing cases, at the right place, and stays silent
on its passing ones (the cases live in rule_cases.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from budgetkit.rules import all_rules
from conftest import base_data, check_data, codes, mutate

CASES = yaml.safe_load((Path(__file__).parent / "rule_cases.yaml").read_text(encoding="utf-8"))


def _where(finding) -> str:
    loc = finding.location
    if loc.path:
        return loc.path
    if loc.field and loc.spending:
        return f"{loc.field}/{loc.spending}"
    return loc.field or ""


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_rule_case(case, tmp_path, guidance):
    data = mutate(base_data(), case.get("set"), case.get("delete"))
    result = check_data(tmp_path, data, guidance)
    found = {(f.code, _where(f)) for f in result.findings}
    for code, where in case.get("fail", []):
        assert (code, where) in found, f"{code} at {where!r} expected; got {sorted(found)}"
    for code in case.get("pass", []) + case.get("not", []):
        assert code not in codes(result), f"{code} should not fire; got {sorted(found)}"


def test_every_model_rule_has_a_failing_case():
    # Every rule also passes on the clean examples (test_shipped_examples_are_clean); A004 needs a
    # workbook's total rows and is tested in test_excel.py.
    failing = {code for c in CASES for code, _ in c.get("fail", [])}
    model_rules = {r.code for r in all_rules() if r.check is not None}
    assert model_rules - failing == {"A004"}


@pytest.mark.parametrize("name", ["chieng-mung", "so-khcn-son-la", "vien-ung-dung-cong-nghe"])
@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_shipped_examples_are_clean(name, suffix, guidance):
    from budgetkit.validate import check_file

    from conftest import EXAMPLES, PROVINCE

    result = check_file((PROVINCE if suffix == ".xlsx" else EXAMPLES) / f"{name}{suffix}", guidance)
    assert [f.code for f in result.findings] == []


def test_one_root_cause_one_finding(tmp_path, guidance):
    data = base_data()
    data["lines"][1]["field"] = "khoa hoc"  # invalid pillar: V002 only, not C001 nor S-rule noise on it
    data["lines"][1]["estimate"] = "abc"  # unreadable: V003 only, not V001
    result = check_data(tmp_path, data, guidance)
    on_line = [f.code for f in result.findings if f.location.line_id == "KH-02"]
    assert sorted(on_line) == ["V002", "V003"]
