"""The hostile and broken corpus through validate and batch: the outcome due, no traceback, inputs intact."""

from __future__ import annotations

import hashlib
import json

from conftest import ROOT, run
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


def test_a_roster_is_read_as_a_budget_file_is(tmp_path):
    """--roster: a key given twice, an alias, a far cell in a roster workbook and 200,000 items are each one
    line and exit 2 within the limits, never a silent last-key-wins, a 52 GB allocation or minutes of work."""
    from corpus import _inline, _minimal_xlsx

    folder = ROOT / "examples" / "son-la"
    twice = tmp_path / "hai-lan.yaml"
    twice.write_text('- code: "3012345"\n  name: UBND xã Chiềng Mung\n  code: "3012399"\n', encoding="utf-8")
    alias = tmp_path / "bi-danh.yaml"
    alias.write_text('a: &a [{code: "1"}]\nunits: *a\n', encoding="utf-8")
    many = tmp_path / "nhieu.yaml"
    many.write_text('- {code: "1"}\n' * 200_000, encoding="utf-8")
    far = tmp_path / "xa.xlsx"
    _minimal_xlsx(
        far,
        "",
        unit_rows=f'<row r="1">{_inline("A1", "Mã ĐVQHNS")}{_inline("B1", "Tên đơn vị")}</row>'
        f'<row r="2">{_inline("A2", "3012345")}{_inline("B2", "UBND xã Chiềng Mung")}</row>'
        '<row r="99999"><c r="XFD99999"><v>1</v></c></row>',
    )
    for roster, said in ((twice, "khóa “code” đã có ở dòng 1"), (alias, "neo/bí danh"), (far, "XFD99999"), (many, "500.000")):
        for command in (("batch", folder), ("report", folder, "-o", tmp_path / "r.docx")):
            done = run(*command, "--roster", roster)
            assert done.returncode == 2 and said in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_a_named_pipe_in_the_folder_is_skipped_not_waited_on(tmp_path):
    """A named pipe called .xlsx in a batch folder blocked the first read for ever (the check for budgetkit's
    own outputs opened it): it is skipped with its reason, the other files are checked."""
    import os
    import shutil

    from conftest import run_installed

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "son-la" / "chieng-mung.xlsx", folder / "a.xlsx")
    os.mkfifo(folder / "b.xlsx")
    done = run_installed("batch", folder, "--format", "json", timeout=120)
    report = json.loads(done.stdout)
    assert [f["status"] for f in report["files"]] == ["passed"]
    assert [s["path"].endswith("b.xlsx") for s in report["skipped"]] == [True]


def test_a_workbook_of_another_years_pack_has_its_lines_read_once(monkeypatch):
    """A 2027 workbook read first under the default pack stops after its unit sheet and is read again under
    its own: its lines cost the file's budget once, not twice."""
    import budgetkit.loaders.excel as excel
    from budgetkit.checking import check_file
    from budgetkit.guidance import Guidance

    calls = []
    real = excel._read_lines
    monkeypatch.setattr(excel, "_read_lines", lambda *args, **kwargs: calls.append(1) or real(*args, **kwargs))
    result = check_file(ROOT / "examples" / "2027" / "chieng-mung-2027.xlsx", Guidance())
    assert result.budget_year == 2027 and len(calls) == 1
