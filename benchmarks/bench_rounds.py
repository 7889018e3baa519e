"""A province against its previous round: `batch --previous` beside a plain `batch` of the same folder.

Usage: python benchmarks/bench_rounds.py [--quick] [--units N]
The previous round is N synthetic communes (benchmarks/synth.py, default 75 as Sơn La); in this round every
commune resubmits a changed file (the worst case: every pair is compared in full): one figure changed in
every file, and in turns a Mã renamed, a heading row and a line added, two lines swapped. Prints the whole
command's time (what the officer waits for: start-up, both rounds checked in one pool, the comparison,
the JSON report; then the same with --summary) and the work alone (no interpreter start-up, --jobs 1; the
files are still checked in an isolated worker, whose CPU is counted),
each as the best of several runs, and the ratio to the plain batch. Target: no more than 2x.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import machine

from synth import make_communes


def second_round(first: list[Path], folder: Path, unchanged_every: int = 0) -> None:
    """Every commune's file changed as units really change them (openpyxl, like a spreadsheet program);
    with unchanged_every=k, one commune in k leaves its first-round file in place instead."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for index, path in enumerate(first):
        if unchanged_every and index % unchanged_every == 0:
            shutil.copyfile(path, folder / path.name)
            continue
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

    from budgetkit.batch import CrossFiles
    from budgetkit.checking import check_files
    from budgetkit.discovery import discover
    from budgetkit.guidance import Guidance
    from budgetkit.outputs.json_report import write_report
    from budgetkit.rounds import Rounds, plan_previous, rounds_record

    guidance = Guidance()
    gathered = CrossFiles()
    current = discover(folder).files
    earlier = discover(previous).files if previous is not None else []
    rounds = Rounds(folder, previous) if previous is not None else None
    if rounds is not None:
        earlier, same = plan_previous(earlier, current)
        for old, new in same:
            rounds.add_previous_same_as(str(old), str(new))
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


def command(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the whole process tree: the command and its workers) of one run."""
    import resource
    import subprocess
    import time

    from _measure import ROOT

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "budgetkit", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode in (0, 1), done.returncode
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def paired(runs: int, plain, rounds) -> tuple[tuple[float, float], tuple[float, float]]:  # type: ignore[no-untyped-def]
    """Best (wall, CPU) of each, the two run in turns so that both see the same load."""
    best_plain, best_rounds = (float("inf"), float("inf")), (float("inf"), float("inf"))
    for _ in range(runs):
        a, b = plain(), rounds()
        best_plain = (min(best_plain[0], a[0]), min(best_plain[1], a[1]))
        best_rounds = (min(best_rounds[0], b[0]), min(best_rounds[1], b[1]))
    return best_plain, best_rounds


def timed(fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall, CPU) of one call; CPU counts the worker processes the call started and waited for (every file
    is checked in an isolated worker, even with --jobs 1) beside this process's own."""
    import resource
    import time

    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    wall, cpu, workers = time.perf_counter(), time.process_time(), children()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu + children() - workers


def report(label: str, plain: tuple[float, float], rounds: tuple[float, float], scale: float = 1, unit: str = "s") -> None:
    print(
        f"  {label}: wall {rounds[0] * scale:7.2f} {unit} against {plain[0] * scale:7.2f} {unit} ({rounds[0] / plain[0]:.2f}x); "
        f"CPU {rounds[1] * scale:7.2f} {unit} against {plain[1] * scale:7.2f} {unit} ({rounds[1] / plain[1]:.2f}x)"
    )


def main() -> None:
    quick = "--quick" in sys.argv
    units = int(sys.argv[sys.argv.index("--units") + 1]) if "--units" in sys.argv else 75
    runs = 3 if quick else 7
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        first = make_communes(root / "lan-1", units)
        before = root / "lan-1"
        changed, mixed = root / "lan-2", root / "lan-2-mixed"
        second_round(first, changed)
        second_round(first, mixed, unchanged_every=3)
        print(
            f"{units} communes, batch --previous against a plain batch of the same folder, whole commands, --jobs 2 "
            f"(best of {runs}, run in turns; CPU is the whole process tree's):"
        )
        for label, folder, extra in (
            ("every unit changed, --format json   ", changed, ["--format", "json"]),
            ("every unit changed, --summary       ", changed, ["--summary", str(root / "t.xlsx")]),
            ("one in three unchanged, --format json", mixed, ["--format", "json"]),
        ):
            base = ["batch", str(folder), "--jobs", "2", *extra]
            plain, rounds = paired(runs, lambda base=base: command(base), lambda base=base: command([*base, "--previous", str(before)]))
            report(label, plain, rounds)
        print(f"{units} communes, the work alone (--jobs 1, no interpreter start-up, its workers' CPU counted; best of {runs}, in turns):")
        for label, folder in (("every unit changed    ", changed), ("one in three unchanged", mixed)):
            plain, rounds = paired(
                runs,
                lambda folder=folder: timed(lambda: in_process(folder, None)),
                lambda folder=folder: timed(lambda: in_process(folder, before)),
            )
            report(label, plain, rounds, 1000, "ms")


if __name__ == "__main__":
    main()
