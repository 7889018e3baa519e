"""A province against its previous round: `batch --previous` beside a plain `batch` of the same folder.

Usage: python benchmarks/bench_rounds.py [--quick] [--units N]
The previous round is N synthetic communes (benchmarks/synth.py, default 75 as Sơn La); in this round every
commune resubmits a changed file (the worst case: every pair is compared in full): one figure changed in
every file, and in turns a Mã renamed, a heading row and a line added, two lines swapped. Prints the whole
command's time (what the officer waits for: start-up, both rounds checked in one pool, the comparison,
the JSON report; then the same with --summary) and the work alone in one process (no start-up, --jobs 1),
each as the best of several runs, and the ratio to the plain batch. Target: no more than 2x.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import best_of, machine, run_measured  # noqa: E402
from synth import make_communes  # noqa: E402


def second_round(first: list[Path], folder: Path) -> None:
    """Every commune's file changed as units really change them (openpyxl, like a spreadsheet program)."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, path in enumerate(first):
        book = openpyxl.load_workbook(path)
        sheet = book["Dự toán"]
        header = next(r for r in sheet.iter_rows(max_row=15) if any(c.value == "Mã" for c in r))
        columns = {c.value: c.column for c in header if c.value}
        rows = {r[0].value: r[0].row for r in sheet.iter_rows(min_row=header[0].row + 1) if r[0].value}
        estimate = columns["Dự toán năm 2026"]
        sheet.cell(row=rows["KH-02"], column=estimate).value = 60 + index % 7 * 5
        if index % 3 == 0:
            sheet.cell(row=rows["DM-01"], column=columns["Mã"]).value = "DMST-01"
        elif index % 3 == 1:
            at = rows["CDS-01"]
            sheet.insert_rows(at)
            sheet.cell(row=at, column=columns["Tên nhiệm vụ, nội dung chi"]).value = "Chi thường xuyên cho chuyển đổi số"
        else:
            a, b = rows["CDS-04"], rows["CDS-05"]
            for column in range(1, sheet.max_column + 1):
                x, y = sheet.cell(row=a, column=column), sheet.cell(row=b, column=column)
                x.value, y.value = y.value, x.value
        book.save(folder / path.name)


def in_process(folder: Path, previous: Path | None) -> None:
    """What `batch FOLDER [--previous PREV] --jobs 1 --format json` does, without the interpreter's start-up."""
    import io

    from budgetkit.batch import CrossFiles, check_files, discover
    from budgetkit.guidance import Guidance
    from budgetkit.rounds import Rounds, rounds_record
    from budgetkit.validate import write_report

    guidance = Guidance()
    gathered = CrossFiles()
    current = discover(folder).files
    earlier = discover(previous).files if previous is not None else []
    rounds = Rounds(folder, previous) if previous is not None else None
    for count, result in enumerate(check_files(earlier + current, guidance, 1, snapshots=rounds is not None)):
        if rounds is not None and count < len(earlier):
            rounds.add_previous(result)
            continue
        if rounds is not None:
            rounds.add_current(result)
        gathered.add(result)
    pack = guidance.pack(2026)
    cross = gathered.findings(pack)
    extra = {"previous": rounds_record(rounds.finish())} if rounds is not None else {}
    write_report(io.StringIO(), gathered.results, pack.info, "vi", cross, [], **extra)


def main() -> None:
    quick = "--quick" in sys.argv
    units = int(sys.argv[sys.argv.index("--units") + 1]) if "--units" in sys.argv else 75
    runs = 3 if quick else 5
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        first = make_communes(root / "lan-1", units)
        second_round(first, root / "lan-2")
        now, before = str(root / "lan-2"), str(root / "lan-1")

        def whole(args: list[str]) -> float:
            best = float("inf")
            for _ in range(runs):
                seconds, _, status = run_measured(args)
                assert status in (0, 1), status
                best = min(best, seconds)
            return best

        plain = whole(["batch", now, "--jobs", "2", "--format", "json"])
        rounds = whole(["batch", now, "--previous", before, "--jobs", "2", "--format", "json"])
        print(f"{units} communes, whole command, --jobs 2, --format json (best of {runs}):")
        print(f"  batch:            {plain:6.2f} s")
        print(f"  batch --previous: {rounds:6.2f} s  ({rounds / plain:.2f}x)")
        plain_s = whole(["batch", now, "--jobs", "2", "--summary", str(root / "a.xlsx")])
        rounds_s = whole(["batch", now, "--previous", before, "--jobs", "2", "--summary", str(root / "b.xlsx")])
        print(f"  batch --summary:            {plain_s:6.2f} s")
        print(f"  batch --previous --summary: {rounds_s:6.2f} s  ({rounds_s / plain_s:.2f}x)")

        current = root / "lan-2"
        work_plain = best_of(runs, lambda: in_process(current, None))
        work_rounds = best_of(runs, lambda: in_process(current, root / "lan-1"))
        print(f"{units} communes, the work alone in one process (--jobs 1, no start-up; best of {runs}):")
        print(f"  batch:            {work_plain * 1000:7.1f} ms")
        print(f"  batch --previous: {work_rounds * 1000:7.1f} ms  ({work_rounds / work_plain:.2f}x: the previous round's "
              f"{units} files are checked too)")


if __name__ == "__main__":
    main()
