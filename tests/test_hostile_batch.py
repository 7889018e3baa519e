"""The hostile and broken corpus through batch, and through both Excel readers: the outcome due, no traceback,
inputs intact (apart from test_hostile.py's validate of each file, so that the two run on two workers)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from conftest import run
from corpus import check_outcome as _check


def test_whole_corpus_through_batch(corpus, tmp_path):
    folder, expected, digests = corpus
    done = run("batch", folder, "--format", "json", "--jobs", "2", "--annotate", tmp_path / "ann", "--summary", tmp_path / "s.xlsx")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    report = json.loads(done.stdout)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    # .xls, .ods and .csv look like submissions: failed files with F001, never skipped (a unit did submit)
    assert report["skipped"] == []
    for name, outcome in expected.items():
        _check(by_name[name], outcome)
    # Every output is written despite the hostile files: the summary, and an annotated copy of every
    # workbook that was read (the others' results survive the ones that broke a limit).
    assert (tmp_path / "s.xlsx").is_file()
    annotated = {p.name.split(".kiem-tra")[0] for p in (tmp_path / "ann").glob("*.kiem-tra.*")}
    read = {Path(n).stem for n, o in expected.items() if o[0] == "accepted" and n.endswith((".xlsx", ".xlsm"))}
    assert read <= annotated, read - annotated
    for name, digest in digests.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, f"{name} was modified"


def test_fast_and_tolerant_readers_agree_on_the_corpus(corpus, monkeypatch):
    from budgetkit.checking import check_file
    from budgetkit.guidance import Guidance

    folder, expected, _ = corpus
    guidance = Guidance()
    for name in sorted(expected):
        if not name.endswith((".xlsx", ".xlsm")):
            continue
        monkeypatch.delenv("BUDGETKIT_EXCEL_READER", raising=False)
        fast = check_file(folder / name, guidance)
        monkeypatch.setenv("BUDGETKIT_EXCEL_READER", "openpyxl")
        tolerant = check_file(folder / name, guidance)
        assert [(f.code, f.location) for f in fast.findings] == [(f.code, f.location) for f in tolerant.findings], name
        assert fast.totals == tolerant.totals, name
