"""Snapshots of what a person reads: the validate and batch reports (text and JSON) and the Word report's
text. A change to any of them fails here until it is looked at and accepted:

    python -m pytest tests/test_snapshots.py --snapshot-update    # then read the diff of tests/__snapshots__/

They are deterministic: relative example paths, one console width (COLUMNS, tests/conftest.py), a fixed
"today" for the deadline line, and no temporary path of this machine in what is compared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table

from conftest import ROOT, run

FIXED = {"BUDGETKIT_TODAY": "2026-06-30"}  # batch's deadline line counts the days from today
CLEAN, BROKEN = "examples/son-la/chieng-mung.xlsx", "examples/son-la/chieng-sinh-loi.xlsx"
BATCH = ("batch", "examples/son-la", "--roster", "examples/son-la-danh-sach.yaml", "--jobs", "1")


def _of_this_machine(text: str) -> bool:
    return str(ROOT) in text or "/tmp/" in text or "pytest-of-" in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_validate_text(snapshot, lang):
    done = run("validate", CLEAN, BROKEN, "--lang", lang, env=FIXED)
    assert done.returncode == 1 and done.stderr == ""
    assert not _of_this_machine(done.stdout)
    assert done.stdout == snapshot


def test_validate_json(snapshot):
    done = run("validate", CLEAN, BROKEN, "--format", "json", env=FIXED)
    assert done.returncode == 1 and not _of_this_machine(done.stdout)
    json.loads(done.stdout)
    assert done.stdout == snapshot  # the text itself: key order and layout are part of docs/json-output.md's contract


def test_batch_text(snapshot):
    done = run(*BATCH, env=FIXED)
    assert done.returncode == 1 and not _of_this_machine(done.stdout)
    assert done.stdout == snapshot


def test_batch_json(snapshot):
    done = run(*BATCH, "--format", "json", env=FIXED)
    assert done.returncode == 1 and not _of_this_machine(done.stdout)
    json.loads(done.stdout)
    assert done.stdout == snapshot


def document_text(path: Path) -> list[str]:
    """The body of a Word file in reading order: each paragraph's text, each table row as its cells joined by " | "."""
    lines: list[str] = []
    for block in Document(str(path)).iter_inner_content():
        if isinstance(block, Table):
            lines += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return lines


def test_word_report_text(snapshot, tmp_path):
    out = tmp_path / "bao-cao.docx"
    done = run("report", "examples/chieng-mung.yaml", "-o", out, env=FIXED)
    assert done.returncode == 0, done.stderr
    lines = document_text(out)
    assert not _of_this_machine("\n".join(lines))
    assert lines == snapshot
