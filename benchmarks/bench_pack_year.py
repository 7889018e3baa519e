"""Reading files of an older budget year once a newer pack exists (2026 files beside the 2027 pack).

Usage: python benchmarks/bench_pack_year.py
A file is first read under the pack of the last file's year (Guidance.recent_year); without that hint
every 2026 file would be read under the newest pack (2027), found to be a 2026 file, and read again.
Prints milliseconds per file of check_file, with and without the hint, over the shipped 2026 examples.
"""

from __future__ import annotations

import time
from pathlib import Path

from budgetkit.checking import check_file
from budgetkit.guidance import Guidance

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "examples/son-la/chieng-mung.xlsx", ROOT / "examples/son-la/so-khcn-son-la.xlsx", ROOT / "examples/chieng-mung.yaml"]
ROUNDS = 60


def per_file(forget_year: bool) -> float:
    guidance = Guidance()
    for path in FILES:  # warm the caches
        check_file(path, guidance)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(ROUNDS):
            for path in FILES:
                if forget_year:
                    guidance.recent_year = None
                check_file(path, guidance)
        best = min(best, (time.perf_counter() - start) / (ROUNDS * len(FILES)))
    return best * 1000


def main() -> None:
    print(f"2026 files, newest pack {Guidance().pack(None).budget_year}:")
    print(f"  first read under the newest pack, then again: {per_file(True):.1f} ms/file")
    print(f"  first read under the last file's year:        {per_file(False):.1f} ms/file")


if __name__ == "__main__":
    main()
