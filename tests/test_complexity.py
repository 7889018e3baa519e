"""No function of budgetkit above radon's grade D (cyclomatic complexity 30 at most): a function grows
past it by doing several things, and is cut along what they are (named helpers, a table, a class)."""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "budgetkit"
GRADE_D_MAX = 30  # radon: A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+


def _too_complex() -> list[str]:
    """Every function and method above grade D, as "file:line name grade (complexity)"."""
    from radon.complexity import cc_rank, cc_visit
    from radon.visitors import Class

    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            # A class's own figure is the mean of its methods: the methods are what is checked.
            for item in block.methods if isinstance(block, Class) else [block]:
                if item.complexity > GRADE_D_MAX:
                    where = f"{path.relative_to(PACKAGE.parent)}:{item.lineno}"
                    out.append(f"{where} {item.fullname} {cc_rank(item.complexity)} ({item.complexity})")
    return sorted(set(out))


def test_no_function_above_grade_d() -> None:
    pytest.importorskip("radon")
    assert _too_complex() == []


def test_the_check_sees_a_complex_function() -> None:
    """The check would fail on a function of grade E (a test that cannot fail is a defect)."""
    from radon.complexity import cc_visit

    branches = "\n".join(f"    if x == {n}:\n        return {n}" for n in range(35))
    blocks = cc_visit(f"def f(x):\n{branches}\n    return -1\n")
    assert blocks[0].complexity > GRADE_D_MAX
