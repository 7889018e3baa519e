"""Isolation: a native abort, a memory or CPU-time breach, a hang costs that task alone; results in order."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import SimpleNamespace

from conftest import ROOT

from budgetkit.isolation import Breach, run_isolated

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


def test_sigterm_is_handled_like_ctrl_c_and_leaves_no_temporary_file(tmp_path):
    from corpus import make_corpus  # noqa: F401  (the corpus module is importable from tests)

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        (folder / f"x{n}.xlsx").write_bytes((ROOT / "examples" / "son-la" / "chieng-mung.xlsx").read_bytes())
    process = subprocess.Popen([sys.executable, "-m", "budgetkit", "batch", str(folder), "--summary", str(tmp_path / "out" / "s.xlsx"),
                                "--annotate", str(tmp_path / "out"), "-j", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2.5)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode in (130, 1, 0), err
    assert b"Traceback" not in err
    assert not [p for p in tmp_path.rglob("*.tmp")]
