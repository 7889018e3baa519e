"""A batch stopped by SIGTERM while it writes its outputs: handled like Ctrl-C, no temporary file left (a file of
its own, apart from test_isolation.py: the longest single test, which then starts on a worker of its own)."""

from __future__ import annotations

import signal
import subprocess
import time

from conftest import ROOT, installed_command


def test_sigterm_is_handled_like_ctrl_c_and_leaves_no_temporary_file(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    clean = (ROOT / "examples" / "son-la" / "chieng-mung.xlsx").read_bytes()
    for n in range(120):  # enough that the copies are still being written when the signal comes (60 were not, once)
        (folder / f"x{n:03d}.xlsx").write_bytes(clean)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [installed_command(), "batch", str(folder), "--summary", str(out / "s.xlsx"), "--annotate", str(out), "-j", "1"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300
    while not list(out.glob("*.kiem-tra.xlsx")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)  # stopped while the annotated copies are being written
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err[-500:]
    assert b"Traceback" not in err
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob(".*.tmp"))
    assert len(list(out.glob("*.kiem-tra.xlsx"))) < 120, "the batch ended before the signal came"
