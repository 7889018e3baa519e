"""Shared measuring helpers: a command's wall time and the peak memory of its whole process tree."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def run_measured(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(seconds, peak MB of the process tree, exit status) of `python -m budgetkit ARGS`."""
    seconds, peak, _, status = run_measured_split(args, env)
    return seconds, peak, status


def run_measured_split(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float, int]:
    """(seconds, peak MB of the process tree, peak MB of the main process alone, exit status)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "budgetkit", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )
    peak = parent_peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, parent_peak
        while not done.is_set():
            peak = max(peak, sum(_rss_kb(pid) for pid in _tree(process.pid)))
            parent_peak = max(parent_peak, _rss_kb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, peak / 1024, parent_peak / 1024, status


def best_of(runs: int, fn) -> float:  # type: ignore[no-untyped-def]
    """The fastest of several runs: the figure least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {sys.version.split()[0]}"
