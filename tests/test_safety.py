"""Atomic writes, safe output names, and inputs never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetkit.atomic import atomic_write, atomic_write_with
from budgetkit.outputs.annotate import annotated_path, safe_name


def test_interrupted_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "tong-hop.xlsx"
    target.write_bytes(b"old")

    def crash(handle):  # type: ignore[no-untyped-def]
        handle.write(b"half of the new")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write_with(target, crash)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["tong-hop.xlsx"]  # no temporary left behind
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"


def test_interrupted_first_write_leaves_nothing(tmp_path):
    target = tmp_path / "bao-cao.docx"
    with pytest.raises(RuntimeError):
        atomic_write_with(target, lambda handle: (_ for _ in ()).throw(RuntimeError("disk full")))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("hostile", ["../../etc/passwd", "..\\..\\windows\\x", "/abs/path", "a/../../b", "~$lock", "x" * 500, "...", ""])
def test_output_names_cannot_leave_the_folder(tmp_path, hostile):
    name = safe_name(hostile)
    assert "/" not in name and "\\" not in name and name not in ("", ".", "..") and len(name) <= 180
    out = annotated_path(tmp_path, Path(hostile + ".xlsx"))
    assert out.resolve().parent == tmp_path.resolve()
