"""Time and peak memory of budgetkit on every file of the hostile corpus (tests/corpus.py).

Usage: python benchmarks/bench_hostile.py [--quick]
Each file goes through `validate --format json`, `validate` (text) and `validate --annotate` in its own
process (the table shows the larger of the two validate runs); then the whole corpus, with clean files
beside it, through one `batch --annotate --summary`. Peak memory is the larger of the biggest process
(wait4) and the sum of the command's process tree sampled every 20 ms (the corpus is generated in another
process, so that no command inherits this one's size); CPU is the tree's user + system time, what the CPU-time
limit counts (on a busy machine the clock time is mostly waiting). The budget to meet is 10 s and
500 MB a file, and every clean file's result must survive the batch. --quick skips the --annotate runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from corpus import _HEADER, CLEAN_XLSX, _inline, _minimal_xlsx, make_corpus  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from _measure import _rss_kb, _tree  # noqa: E402


def heavy(folder: Path) -> dict[str, tuple[str, object]]:
    """Files too slow for the test suite: 99,998 rows, each with an amount that does not read (the
    findings stop at the limit, then one F008 says how many more)."""
    import random

    rng = random.Random(1)
    rows = [f'<row r="1">{_HEADER}</row>'] + [
        f'<row r="{n}">{_inline(f"A{n}", f"K{n}")}{_inline(f"B{n}", f"Nhiệm vụ {rng.randrange(10**9)}")}'
        f"{_inline(f'G{n}', f'x{rng.randrange(10**9)}')}</row>"
        for n in range(2, 100_000)
    ]
    _minimal_xlsx(folder / "99998-dong-loi.xlsx", "".join(rows))
    # 5 MB of `- {}` (the YAML size limit): refused at the 500,001st node.
    head = "budget_year: 2026\nunit: {name: A}\nlines:\n"
    (folder / "5mb-dong-rong.yaml").write_text(head + "- {}\n" * ((5_000_000 - len(head)) // 5), encoding="utf-8")
    # One cell of 45 million characters (four letters: compresses about 4 times, under the zip-ratio limit;
    # 13 MB, under the file-size limit), inline and as a shared string.
    letters = "".join(rng.choice("ACGT") for _ in range(1_000_000)) * 45
    _minimal_xlsx(folder / "o-45-trieu-ky-tu.xlsx", f'<row r="1">{_HEADER}</row><row r="2">{_inline("B2", letters)}</row>')
    return {
        "99998-dong-loi.xlsx": ("accepted", "1,000 findings, then F008"),
        "5mb-dong-rong.yaml": ("rejected", "F008"),
        "o-45-trieu-ky-tu.xlsx": ("rejected", "F008"),
    }


def measured(*args: str) -> tuple[float, float, float, bytes]:
    """(seconds, CPU seconds, peak MB of the process tree, stdout) of one budgetkit command: the peak is the
    larger of the biggest single process (wait4) and the sum of the tree sampled every 20 ms."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "budgetkit", *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    tree_peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal tree_peak
        while not done.is_set():
            tree_peak = max(tree_peak, sum(_rss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read() if process.stdout else b""
    _, _, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss, tree_peak) / 1024, output


def main() -> None:
    quick = "--quick" in sys.argv
    if "--make" in sys.argv:  # the child that writes the corpus: python bench_hostile.py --make FOLDER
        folder = Path(sys.argv[sys.argv.index("--make") + 1])
        expected = make_corpus(folder)
        expected.update(heavy(folder))
        print(json.dumps(sorted(expected)))
        return
    worst_cpu = worst_time = worst_memory = 0.0
    worst_name = ""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        names = json.loads(subprocess.run([sys.executable, __file__, "--make", str(folder)], capture_output=True, check=True).stdout)
        print(f"{'file':32} {'seconds':>8} {'CPU s':>6} {'peak MB':>8} {'annotate s':>10} {'CPU s':>6} {'MB':>6}  outcome")
        for name in names:
            seconds, cpu, memory, output = measured("validate", str(folder / name), "--format", "json")
            codes = [f["code"] for f in json.loads(output)["files"][0]["findings"]] if output else ["(no output)"]
            t_seconds, t_cpu, t_memory, _ = measured("validate", str(folder / name))  # text: every finding echoes its value, cut
            seconds, cpu, memory = max(seconds, t_seconds), max(cpu, t_cpu), max(memory, t_memory)
            a_seconds = a_cpu = a_memory = 0.0
            if not quick and name.endswith((".xlsx", ".xlsm")):
                a_seconds, a_cpu, a_memory, _ = measured("validate", str(folder / name), "--annotate", str(Path(tmp) / "ann"))
            for s, c, m in ((seconds, cpu, memory), (a_seconds, a_cpu, a_memory)):
                if c > worst_cpu:
                    worst_cpu, worst_name = c, name
                worst_time, worst_memory = max(worst_time, s), max(worst_memory, m)
            shown = ",".join(sorted(set(codes))) if len(codes) > 8 else ",".join(codes)
            print(
                f"{name:32} {seconds:8.2f} {cpu:6.2f} {memory:8.1f} {a_seconds:10.2f} "
                f"{a_cpu:6.2f} {a_memory:6.1f}  {shown or 'no findings'}"
            )
        for n in range(5):
            shutil.copy(CLEAN_XLSX, folder / f"zz-sach-{n}.xlsx")
        seconds, cpu, memory, output = measured(
            "batch",
            str(folder),
            "--format",
            "json",
            "--jobs",
            "2",
            "--annotate",
            str(Path(tmp) / "batch-ann"),
            "--summary",
            str(Path(tmp) / "tong-hop.xlsx"),
        )
        report = json.loads(output)
        kept = sum(1 for f in report["files"] if Path(f["path"]).name.startswith("zz-sach-") and f["unit"] is not None)
        print(
            f"batch of the {len(report['files'])} files (--jobs 2, --annotate, "
            f"--summary): {seconds:.2f} s, CPU {cpu:.2f} s, {memory:.1f} MB; "
            f"clean files read beside them: {kept} of 5; summary written: {(Path(tmp) / 'tong-hop.xlsx').is_file()}"
        )
    verdict = "within" if worst_cpu < 10 and worst_memory < 500 else "OVER"
    print(
        f"worst file: CPU {worst_cpu:.2f} s ({worst_name}), {worst_memory:.1f} MB ({verdict} the 10 s / 500 MB budget of one file); "
        f"longest clock time {worst_time:.2f} s"
    )


if __name__ == "__main__":
    main()
