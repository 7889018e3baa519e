"""Speed and memory of budgetkit, each beside a bare openpyxl read of the same files in the same run.

Usage: python benchmarks/bench_speed.py [--quick]
Prints: per-file cost of batch --jobs 1 (the cost of each further file, start-up apart), the bare
openpyxl and calamine reads, 75 / 100 / 3,300 files with --jobs 2 (time and peak memory of the whole
process tree), a 5,000-line ministry workbook, `budgetkit --help`, and report rendering of 500 lines.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import ROOT, best_of, machine, run_measured, run_measured_split

from synth import make_communes


def bare_openpyxl(files: list[Path]) -> None:
    import openpyxl

    for path in files:
        book = openpyxl.load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        book.close()


def bare_calamine(files: list[Path]) -> None:
    from python_calamine import CalamineWorkbook

    for path in files:
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
        book.close()


def batch_in_process(files: list[Path]) -> None:
    """What `batch --jobs 1 --format json` does, without the interpreter's start-up."""
    import io

    from budgetkit.batch import CrossFiles
    from budgetkit.checking import check_files
    from budgetkit.guidance import Guidance
    from budgetkit.outputs.json_report import write_report

    guidance = Guidance()
    gathered = CrossFiles()
    for result in check_files(files, guidance, 1):
        gathered.add(result)
    pack = guidance.pack(2026)
    cross = gathered.findings(pack)
    write_report(io.StringIO(), gathered.results, pack.info, "vi", cross, [])


def big_unit(lines: int, folder: Path) -> Path:
    data = yaml.safe_load((ROOT / "examples" / "so-khcn-son-la.yaml").read_text(encoding="utf-8"))
    data["unit"]["level"] = "ministry"
    template = data["lines"]
    out = []
    for index in range(lines):
        line = copy.deepcopy(template[index % len(template)])
        line["id"] = f"L{index:05d}"
        line["name"] = f"{line['name']} - hạng mục {index}"
        out.append(line)
    data["lines"] = out
    source = folder / f"bo-{lines}.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    target = folder / f"bo-{lines}.xlsx"
    subprocess.run([sys.executable, "-m", "budgetkit", "convert", str(source), str(target)], check=True, capture_output=True)
    return target


def main() -> None:
    quick = "--quick" in sys.argv
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = make_communes(root / "c300", 300)
        first100, all300 = files[:100], files
        runs = 3 if quick else 5
        t100 = best_of(runs, lambda: batch_in_process(first100))
        t300 = best_of(runs, lambda: batch_in_process(all300))
        per_file = (t300 - t100) / 200 * 1000
        openpyxl_per_file = best_of(runs, lambda: bare_openpyxl(first100)) / 100 * 1000
        calamine_per_file = best_of(runs, lambda: bare_calamine(first100)) / 100 * 1000
        print(f"batch --jobs 1, each further file (read, model, every rule, JSON): {per_file:.2f} ms")
        print(
            "  bare openpyxl read_only read of every cell, same files:        "
            f"{openpyxl_per_file:.2f} ms  (budgetkit is {openpyxl_per_file / per_file:.1f}x faster)"
        )
        print(f"  bare python-calamine read of every cell, same files:            {calamine_per_file:.2f} ms")

        sizes = [75, 100, 300] if quick else [75, 100, 300, 1000, 2000, 3300]
        all_files = make_communes(root / "all", sizes[-1])
        for count in sizes:
            folder = root / f"b{count}"
            folder.mkdir()
            for path in all_files[:count]:
                os.link(path, folder / path.name)
            seconds, peak, parent, status = run_measured_split(["batch", str(folder), "--jobs", "2", "--format", "json"])
            print(
                f"batch --jobs 2, {count:>5} communes: {seconds:6.2f} s, peak memory {peak:6.1f} MB (process tree; "
                f"main process {parent:5.1f} MB), exit {status}"
            )

        ministry = big_unit(5000, root)
        seconds, peak, status = run_measured(["validate", str(ministry), "--format", "json"])
        print(f"validate a 5,000-line ministry workbook: {seconds:.2f} s (whole command), peak {peak:.1f} MB, exit {status}")

        help_time = min(run_measured(["--help"])[0] for _ in range(5))
        print(f"budgetkit --help: {help_time:.3f} s (best of 5)")

        unit500 = big_unit(500, root)
        for suffix in (".docx", ".xlsx"):
            seconds, peak, status = run_measured(["report", str(unit500), "-o", str(root / f"r500{suffix}")])
            print(f"report of a 500-line unit to {suffix}: {seconds:.2f} s (whole command), peak {peak:.1f} MB, exit {status}")


if __name__ == "__main__":
    main()
