"""Isolation: a native abort, a memory or CPU-time breach, a hang costs that task alone; results in order."""

from __future__ import annotations

import json
import os
import signal
import time
from types import SimpleNamespace

from budgetkit.isolation import Breach, run_isolated

from conftest import ROOT, run, run_installed

LIMITS = SimpleNamespace(memory_bytes=200_000_000, cpu_seconds=1, wall_seconds=4)


def _work(task: str) -> str:
    if task == "abort":
        os.abort()
    if task == "memory":
        blocks = []
        while True:
            blocks.append(bytearray(50_000_000))
    if task == "cpu":
        while True:
            pass
    if task == "hang":
        time.sleep(60)
    if task == "bug":
        raise ValueError("boom")
    if task == "kill":
        os.kill(os.getpid(), signal.SIGSEGV)
    return task.upper()


def test_each_breach_costs_its_task_alone_and_results_keep_their_order():
    tasks = ["a", "abort", "b", "memory", "c", "cpu", "d", "bug", "e", "kill", "f"]
    start = time.monotonic()
    results = list(run_isolated(_work, tasks, LIMITS, jobs=2, depth=3))
    assert time.monotonic() - start < 30
    assert [r for r in results if isinstance(r, str)] == ["A", "B", "C", "D", "E", "F"]
    kinds = {t: r.kind for t, r in zip(tasks, results, strict=True) if isinstance(r, Breach)}
    assert kinds == {"abort": "memory", "memory": "memory", "cpu": "time", "bug": "error", "kill": "crash"}
    assert results[tasks.index("bug")].detail.startswith("ValueError")


def test_a_hang_is_ended_by_the_wall_clock():
    results = list(run_isolated(_work, ["x", "hang", "y"], LIMITS, jobs=1, depth=2))
    assert results[0] == "X" and results[2] == "Y"
    assert isinstance(results[1], Breach) and results[1].kind == "time"


def _hostile_folder(tmp_path):
    from corpus import _HEADER, CLEAN_XLSX, _minimal_xlsx

    folder = tmp_path / "in"
    folder.mkdir()
    clean = CLEAN_XLSX.read_bytes()
    (folder / "a-sach.xlsx").write_bytes(clean)
    _minimal_xlsx(folder / "b-xfd.xlsx", f'<row r="1">{_HEADER}</row><row r="99999"><c r="XFD99999"><v>1</v></c></row>')
    os.makedirs(os.fsencode(folder / "c"), exist_ok=True)
    with open(os.fsencode(folder / "c") + b"/t\xe9n-windows.xlsx", "wb") as handle:  # not UTF-8: what unzipping leaves
        handle.write(clean)
    (folder / ("d-" + "ệ" * 80 + ".xlsx")).write_bytes(clean)  # 247 bytes: the temporary name would pass 255
    (folder / "e-\u202e\x1b[32mxlsx.xlsx").write_bytes(clean)
    (folder / ("f-" + "x" * 248 + ".xlsx")).write_bytes(clean)  # 255 bytes: the longest name a file can have
    return folder


def test_a_batch_keeps_every_good_result_and_writes_every_output(tmp_path):
    folder = _hostile_folder(tmp_path)
    out = tmp_path / "out"
    done = run_installed("batch", folder, "--format", "json", "-j", "2", "--summary", out / "tong-hop.xlsx", "--annotate", out)
    assert done.returncode == 1 and "Traceback" not in done.stderr and "Lỗi nội bộ" not in done.stderr
    report = json.loads(done.stdout)
    by_code = {f["path"]: [x["code"] for x in f["findings"]] for f in report["files"]}
    assert len(report["files"]) == 6
    assert [codes for path, codes in by_code.items() if path.endswith("b-xfd.xlsx")] == [["F008"]]
    shown = [p for p in by_code if "t\\xe9n-windows" in p]
    assert len(shown) == 1  # the name's odd byte shown escaped, the file read
    assert all(f["unit"] is not None for f in report["files"] if not f["path"].endswith("b-xfd.xlsx"))
    assert not any(ch in done.stdout for ch in "\x1b\u202e")
    assert (out / "tong-hop.xlsx").is_file()
    assert len(list(out.rglob("*.kiem-tra.xlsx"))) == 5  # every readable workbook, the long and odd names too (subfolders kept)
    text = run_installed("batch", folder, "-j", "1")
    assert text.returncode == 1 and "\x1b" not in text.stdout and "\u202e" not in text.stdout


def test_an_output_that_cannot_be_written_is_one_line_and_the_others_are_kept(tmp_path, monkeypatch):
    """A full disk while the summary is written: one line, exit 1; the annotated copy and the JSON are written."""
    import errno

    import budgetkit.outputs.summary as summary_module

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xlsx").write_bytes((ROOT / "examples" / "son-la" / "chieng-mung.xlsx").read_bytes())
    monkeypatch.setattr(summary_module, "write_summary", full)
    done = run("batch", folder, "--format", "json", "--summary", tmp_path / "s.xlsx", "--annotate", tmp_path / "ann")
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.startswith("Lỗi")]
    assert len(lines) == 1 and "không ghi được" in lines[0] and "No space left" in lines[0]
    assert json.loads(done.stdout)["summary"]["files"] == 1
    assert len(list((tmp_path / "ann").glob("*.kiem-tra.xlsx"))) == 1


def test_validate_report_and_convert_survive_a_reader_abort(tmp_path):
    from corpus import _HEADER, _minimal_xlsx

    bad = tmp_path / "xfd.xlsx"
    _minimal_xlsx(bad, f'<row r="1">{_HEADER}</row><row r="99999"><c r="XFD99999"><v>1</v></c></row>')
    clean = ROOT / "examples" / "son-la" / "chieng-mung.xlsx"
    done = run_installed("validate", bad, clean, "--format", "json")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    files = json.loads(done.stdout)["files"]
    assert [f["status"] for f in files] == ["failed", "passed"] and files[0]["findings"][0]["code"] == "F008"
    done = run_installed("convert", bad, tmp_path / "out.yaml")
    assert done.returncode == 1 and "F008" in done.stderr and not (tmp_path / "out.yaml").exists()
    done = run_installed("report", bad, clean, "--draft", "-o", tmp_path / "r.xlsx")
    assert done.returncode == 0 and (tmp_path / "r.xlsx").is_file(), done.stderr


def test_the_fast_count_and_the_element_scan_agree(corpus):
    """The C-speed counts over a plain sheet give what expat finds element by element."""
    import zipfile

    from budgetkit.guidance import Guidance
    from budgetkit.loaders import xmlscan

    folder, expected, _ = corpus
    limits = Guidance().pack(None).limits
    checked = 0
    for name in sorted(expected):
        if not name.endswith(".xlsx"):
            continue
        try:
            archive = zipfile.ZipFile(folder / name)
            parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        except zipfile.BadZipFile:
            continue
        for part in parts:
            try:
                data = archive.read(part)
            except Exception:  # a damaged or encrypted part of the corpus
                continue
            try:
                fast = xmlscan._fast_sheet(data, part, part, limits, 10**9)
            except xmlscan.ScanProblem:
                continue
            if fast is None:
                continue
            original = xmlscan._fast_sheet
            try:
                xmlscan._fast_sheet = lambda *a: None  # type: ignore[assignment]
                slow = xmlscan.scan_sheet(data, part, part, limits, 10**9)
            except xmlscan.ScanProblem:
                continue  # a DTD: refused by expat before the fast count is asked
            finally:
                xmlscan._fast_sheet = original
            assert (fast.rows, fast.last_row, fast.last_column, fast.merged_cells, fast.no_value, fast.errors) == (
                slow.rows,
                slow.last_row,
                slow.last_column,
                slow.merged_cells,
                slow.no_value,
                slow.errors,
            ), (name, part)
            checked += 1
    assert checked > 20


def _abort_on(monkeypatch, marker: str) -> None:
    """The loader aborts the process (as calamine does on a 52 GB allocation) on a file whose name holds
    marker: in the forked workers too, which inherit the patch."""
    import budgetkit.checking as checking
    import budgetkit.loaders as loaders

    real = loaders.load

    def load(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if marker in str(path):
            os.abort()
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loaders, "load", load)
    monkeypatch.setattr(checking, "load", load)


def test_diff_rollover_and_previous_rounds_survive_a_reader_abort(tmp_path, monkeypatch):
    """Every command's reader runs isolated: diff, rollover, report --previous and batch --previous get the
    file's F008 instead of dying with the reader (exit 134, a Rust backtrace)."""
    import shutil

    clean = ROOT / "examples" / "son-la" / "chieng-mung.xlsx"
    bad = tmp_path / "abort-me.xlsx"
    shutil.copy(clean, bad)
    _abort_on(monkeypatch, "abort-me")
    done = run("diff", bad, clean)
    assert done.returncode == 1 and "F008" in done.stderr and "abort-me" in done.stderr, done.stderr
    done = run("rollover", bad, "-o", tmp_path / "next.xlsx")
    assert done.returncode == 1 and "F008" in done.stderr and not (tmp_path / "next.xlsx").exists(), done.stderr
    done = run("report", clean, "--draft", "--previous", bad, "-o", tmp_path / "r.docx")
    assert done.returncode == 0 and (tmp_path / "r.docx").is_file(), done.stderr
    previous = tmp_path / "truoc"
    previous.mkdir()
    shutil.copy(bad, previous / "abort-me.xlsx")
    done = run("batch", ROOT / "examples" / "son-la", "--previous", previous, "--format", "json")
    assert "Traceback" not in done.stderr and json.loads(done.stdout)["files"], done.stderr
    done = run("report", clean, "--draft", "--previous", previous, "-o", tmp_path / "r2.docx")
    assert done.returncode == 0 and (tmp_path / "r2.docx").is_file(), done.stderr


def test_a_task_gets_its_own_cpu_budget():
    """budgets: what is left of a file's CPU time after its reading bounds its annotated copy (one file never
    costs its reading's 8 s and then its copy's 8 s more)."""
    generous = SimpleNamespace(memory_bytes=200_000_000, cpu_seconds=60, wall_seconds=60)
    start = time.monotonic()
    results = list(run_isolated(_work, ["cpu", "a"], generous, jobs=1, depth=1, budgets=[1, 60]))
    assert time.monotonic() - start < 30
    assert isinstance(results[0], Breach) and results[0].kind == "time" and results[1] == "A"


def test_the_annotated_copy_gets_what_the_reading_left(tmp_path, monkeypatch):
    import budgetkit.isolation as isolation
    from budgetkit.checking import check_files
    from budgetkit.guidance import Guidance
    from budgetkit.outputs.annotate import annotate_results

    clean = ROOT / "examples" / "son-la" / "chieng-mung.xlsx"
    (result,) = check_files([clean], Guidance(), 1)
    assert 0 < result.cpu_seconds < 8
    seen = {}
    real = isolation.run_isolated

    def spy(work, items, limits, jobs=1, depth=2, budgets=None):  # type: ignore[no-untyped-def]
        seen["budgets"] = list(budgets) if budgets is not None else None
        return real(work, items, limits, jobs, depth, budgets)

    monkeypatch.setattr(isolation, "run_isolated", spy)
    result.cpu_seconds = 6.5
    done = annotate_results([(clean, result)], tmp_path)
    assert seen["budgets"] == [1.5] and len(done.written) == 1
    result.cpu_seconds = 7.8  # under half a second left: no copy, no worker, the reason said
    done = annotate_results([(clean, result)], tmp_path / "b")
    assert seen["budgets"] == [1.5] and not done.written and "8 giây" in done.messages[0], done.messages


def test_convert_writes_within_the_files_budget(tmp_path, monkeypatch):
    """convert makes the output's bytes in the file's worker: a model whose writing outlasts the CPU budget is
    F008 (time), not minutes of work in the parent (a 100,000-line workbook to YAML was 24 s of CPU)."""
    import budgetkit.authoring.yaml_writer as yaml_writer

    def slow(model, schema_ref=None):  # type: ignore[no-untyped-def]
        end = time.process_time() + 6
        while time.process_time() < end:
            pass
        return "x: 1\n"

    monkeypatch.setattr(yaml_writer, "to_yaml", slow)
    tight = tmp_path / "tight.yaml"
    tight.write_text("limits:\n  cpu_seconds: 1\n", encoding="utf-8")
    done = run("convert", ROOT / "examples" / "son-la" / "chieng-mung.xlsx", tmp_path / "out.yaml", "--guidance", tight)
    assert done.returncode == 1 and "F008" in done.stderr and not (tmp_path / "out.yaml").exists(), done.stderr
