"""Time and peak memory of `budgetkit validate` on every file of the hostile corpus (tests/corpus.py).

Usage: python benchmarks/bench_hostile.py
Each file runs in its own process; the limits to meet are 10 s and 500 MB a file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from corpus import make_corpus  # noqa: E402


def main() -> None:
    worst_time = worst_memory = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        expected = make_corpus(folder)
        print(f"{'file':32} {'seconds':>8} {'peak MB':>8}  outcome")
        for name in sorted(expected):
            start = time.perf_counter()
            process = subprocess.Popen([sys.executable, "-m", "budgetkit", "validate", str(folder / name), "--format", "json"],
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
            output = process.stdout.read() if process.stdout else b""
            _, _, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            memory = usage.ru_maxrss / 1024
            codes = [f["code"] for f in json.loads(output)["files"][0]["findings"]] if output else ["(no output)"]
            worst_time, worst_memory = max(worst_time, seconds), max(worst_memory, memory)
            print(f"{name:32} {seconds:8.2f} {memory:8.1f}  {','.join(codes) or 'no findings'}")
    verdict = "within" if worst_time < 10 and worst_memory < 500 else "OVER"
    print(f"worst: {worst_time:.2f} s, {worst_memory:.1f} MB ({verdict} the 10 s / 500 MB limits)")


if __name__ == "__main__":
    main()
