"""The hostile and broken corpus through validate and batch: the outcome due, no traceback, inputs intact."""

from __future__ import annotations

import hashlib
import json

from conftest import run
from corpus import check_outcome as _check


def test_each_file_through_validate(corpus):
    folder, expected, digests = corpus
    for name, outcome in expected.items():
        done = run("validate", str(folder / name), "--format", "json")
        assert "Traceback" not in done.stderr, name
        record = json.loads(done.stdout)["files"][0]
        _check(record, outcome)
        has_error = any(f["severity"] == "error" for f in record["findings"])
        assert record["status"] == ("failed" if has_error else "passed") and done.returncode == (1 if has_error else 0), name
    for name, digest in digests.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, f"{name} was modified"


def test_findings_past_the_limit_are_counted_not_made(tmp_path, monkeypatch):
    """A file of 1,500 bad rows: its first 1,000 findings, then one F008 counting exactly the others - and no
    finding past the limit is made (100,000 such rows must stay within the CPU budget)."""
    import budgetkit.findings as findings_module
    import budgetkit.loaders.coercion as coercion
    import budgetkit.rules.engine as engine
    from budgetkit.checking import check_file
    from budgetkit.guidance import Guidance

    from corpus import _HEADER, _inline, _minimal_xlsx

    rows = [f'<row r="1">{_HEADER}</row>'] + [
        f'<row r="{n}">{_inline(f"A{n}", f"K{n}")}{_inline(f"B{n}", f"Nhiệm vụ {n}")}{_inline(f"G{n}", f"x{n}")}</row>'
        for n in range(2, 1502)
    ]
    path = tmp_path / "1500-dong-loi.xlsx"
    _minimal_xlsx(path, "".join(rows))
    unlimited = tmp_path / "unlimited.yaml"
    unlimited.write_text("limits:\n  findings: 1000000\n", encoding="utf-8")
    everything = check_file(path, Guidance(unlimited)).findings
    assert len(everything) > 4000 and all(f.code != "F008" for f in everything)
    made = 0
    real = findings_module.make_finding

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal made
        made += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(coercion, "make_finding", counting)
    monkeypatch.setattr(engine, "make_finding", counting)
    limited = check_file(path, Guidance()).findings
    assert [f.code for f in limited[:-1]] == [f.code for f in everything[:1000]]
    assert limited[-1].code == "F008" and limited[-1].params["dropped"] == len(everything) - 1000
    assert made <= 1001
