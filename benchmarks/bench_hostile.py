"""Time and peak memory of budgetkit on every file of the hostile corpus (tests/corpus.py).

Usage: python benchmarks/bench_hostile.py [--quick]
Each file goes through `validate --format json` and `validate --annotate` in its own process; then the
whole corpus, with clean files beside it, through one `batch --annotate --summary`. Peak memory is the
largest resident set of the command's process tree (wait4); the budget to meet is 10 s and 500 MB a
file, and every clean file's result must survive the batch. --quick skips the --annotate runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from corpus import _HEADER, CLEAN_XLSX, _inline, _minimal_xlsx, make_corpus  # noqa: E402


def heavy(folder: Path) -> dict[str, tuple[str, object]]:
    """Files too slow for the test suite: 99,998 rows, each with an amount that does not read (the
    findings stop at the limit, then one F008 says how many more)."""
    import random

    rng = random.Random(1)
    rows = [f'<row r="1">{_HEADER}</row>'] + [
        f'<row r="{n}">{_inline(f"A{n}", f"K{n}")}{_inline(f"B{n}", "Nhiệm vụ %d" % rng.randrange(10**9))}'
        f'{_inline(f"G{n}", "x%d" % rng.randrange(10**9))}</row>' for n in range(2, 100_000)]
    _minimal_xlsx(folder / "99998-dong-loi.xlsx", "".join(rows))
    return {"99998-dong-loi.xlsx": ("accepted", "1,000 findings, then F008")}


def measured(*args: str) -> tuple[float, float, bytes]:
    """(seconds, peak MB of the process tree, stdout) of one budgetkit command."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "budgetkit", *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    output = process.stdout.read() if process.stdout else b""
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, output


def main() -> None:
    quick = "--quick" in sys.argv
    worst_time = worst_memory = 0.0
    worst_name = ""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        expected = make_corpus(folder)
        expected.update(heavy(folder))
        print(f"{'file':32} {'seconds':>8} {'peak MB':>8} {'annotate s':>10} {'MB':>6}  outcome")
        for name in sorted(expected):
            seconds, memory, output = measured("validate", str(folder / name), "--format", "json")
            codes = [f["code"] for f in json.loads(output)["files"][0]["findings"]] if output else ["(no output)"]
            a_seconds = a_memory = 0.0
            if not quick and name.endswith((".xlsx", ".xlsm")):
                a_seconds, a_memory, _ = measured("validate", str(folder / name), "--annotate", str(Path(tmp) / "ann"))
            for s, m in ((seconds, memory), (a_seconds, a_memory)):
                if s > worst_time:
                    worst_time, worst_name = s, name
                worst_memory = max(worst_memory, m)
            shown = ",".join(sorted(set(codes))) if len(codes) > 8 else ",".join(codes)
            print(f"{name:32} {seconds:8.2f} {memory:8.1f} {a_seconds:10.2f} {a_memory:6.1f}  {shown or 'no findings'}")
        for n in range(5):
            shutil.copy(CLEAN_XLSX, folder / f"zz-sach-{n}.xlsx")
        seconds, memory, output = measured("batch", str(folder), "--format", "json", "--jobs", "2",
                                           "--annotate", str(Path(tmp) / "batch-ann"), "--summary", str(Path(tmp) / "tong-hop.xlsx"))
        report = json.loads(output)
        kept = sum(1 for f in report["files"] if Path(f["path"]).name.startswith("zz-sach-") and f["unit"] is not None)
        print(f"batch of the {len(report['files'])} files (--jobs 2, --annotate, --summary): {seconds:.2f} s, {memory:.1f} MB; "
              f"clean files read beside them: {kept} of 5; summary written: {(Path(tmp) / 'tong-hop.xlsx').is_file()}")
    verdict = "within" if worst_time < 10 and worst_memory < 500 else "OVER"
    print(f"worst file: {worst_time:.2f} s ({worst_name}), {worst_memory:.1f} MB ({verdict} the 10 s / 500 MB budget of one file)")


if __name__ == "__main__":
    main()
