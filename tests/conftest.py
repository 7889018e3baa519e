from __future__ import annotations

import copy
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from budgetkit.guidance import Guidance
from budgetkit.validate import check_file

# pytest-xdist gives its workers COLUMNS=80 (and LINES): the commands the tests run must print at their
# own width, not wrap at the test runner's (test_compare, test_cli, test_output_guard compare printed lines).
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PROVINCE = EXAMPLES / "son-la"
BASE = yaml.safe_load((EXAMPLES / "chieng-mung.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def guidance() -> Guidance:
    return Guidance()


def base_data() -> dict[str, Any]:
    return copy.deepcopy(BASE)


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _walk(data: Any, path: str) -> tuple[Any, Any]:
    steps = [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _STEP.finditer(path)]
    node = data
    for step in steps[:-1]:
        node = node[step]
    return node, steps[-1]


def mutate(data: dict[str, Any], set_: dict[str, Any] | None = None, delete: list[str] | None = None) -> dict[str, Any]:
    for path, value in (set_ or {}).items():
        parent, key = _walk(data, path)
        if isinstance(parent, list) and key == len(parent):
            parent.append(value)
        else:
            parent[key] = value
    for path in delete or []:
        parent, key = _walk(data, path)
        del parent[key]
    return data


def write_yaml(tmp_path: Path, data: Any, name: str = "unit.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def check_data(tmp_path: Path, data: Any, guidance: Guidance | None = None):
    path = write_yaml(tmp_path, data)
    return check_file(path, guidance or Guidance())


def codes(result) -> list[str]:
    return [f.code for f in result.findings]
