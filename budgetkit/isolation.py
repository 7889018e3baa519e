"""Each file's work in a worker process that a native abort, a memory or a CPU-time breach kills alone.

A worker is a forked child with an address-space limit (RLIMIT_AS: its size when it starts plus the
pack's `memory_bytes`) and, before each file, a CPU-time limit (RLIMIT_CPU: the CPU it has used plus the
pack's `cpu_seconds`). Whatever happens to one file - calamine aborting on a 52 GB allocation, a
MemoryError, SIGXCPU, a hang past the wall-clock limit - the parent sees the worker die, records that
file's `Breach`, forks a fresh worker and goes on with the other files. Results come back in the order
of the tasks.

The work function is fixed when the pool is made: workers are forked from the parent, so it needs no
pickling (nor does what it closes over: the guidance, the lang); only each task's argument and result
cross the pipe.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from typing import Any

try:
    import resource
except ImportError:  # pragma: no cover - Windows: no resource limits and no fork (see run_isolated)
    resource = None  # type: ignore[assignment]

#: Workers are forked (Linux, macOS). Where there is no fork (Windows) each task runs in this process.
FORKS = hasattr(os, "fork") and resource is not None
_CONTEXT = get_context("fork") if FORKS else get_context("spawn")


@dataclass(frozen=True)
class Breach:
    """Why a task has no result: "memory", "time" or "crash" (a native abort or another signal); or
    "error", an exception in the work (detail: its class and message)."""

    kind: str
    detail: str = ""

    def reason(self, limits: Any, lang: str) -> str:
        """The reason in words, as its F008 (memory, time) or F001 (crash, error) says it."""
        from budgetkit.rules.reading import reason

        kind, params = self.finding_kind(limits)
        return reason(self.code, kind, lang, **params)

    def finding_kind(self, limits: Any) -> tuple[str, dict[str, Any]]:
        """The reason's sub-kind of the rule (rules/reading.py) and its values."""
        if self.kind == "memory":
            return "memory", {"megabytes": limits.memory_bytes // 1_000_000}
        if self.kind == "time":
            return "time", {"seconds": limits.cpu_seconds}
        return ("reader_crash" if self.kind == "crash" else "internal_error"), {"detail": self.detail}

    @property
    def code(self) -> str:
        """The finding code of the breach: F008 for a limit (memory, time), F001 otherwise."""
        return "F008" if self.kind in ("memory", "time") else "F001"


def breach_finding(breach: Breach, pack: Any) -> Any:
    """The finding of a file whose worker broke a limit or died: F008 (memory, time) or F001."""
    from budgetkit.findings import make_finding
    from budgetkit.locations import WHOLE_FILE

    kind, params = breach.finding_kind(pack.limits)
    return make_finding(pack, breach.code, WHOLE_FILE, kind=kind, **params)


def _address_space() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _running(pid: int | None) -> bool:
    """The process is running or runnable (computing, however slowly), not waiting on something."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rpartition(")")[2].split()[0] == "R"
    except (OSError, IndexError):
        return False


def _cpu_used() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _worker(conn: Connection, work: Callable[[Any], Any], memory_bytes: int, cpu_seconds: int, errfd: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the workers
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    # Native messages ("memory allocation of ... failed", panics) go to a file the parent reads, not the
    # terminal; fresh Python streams, so that no lock held by a parent's thread at fork time is inherited.
    os.dup2(errfd, 2)
    import faulthandler

    faulthandler.disable()  # a parent's handler would write to the parent's terminal
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    os.environ["RUST_BACKTRACE"] = "0"
    try:
        limit = _address_space() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError):  # pragma: no cover - a platform without the limit: the wall clock still holds
        pass
    while True:
        try:
            tasks = conn.recv()
        except (EOFError, OSError):
            return
        if tasks is None:
            return
        for number, argument, seconds in tasks:
            try:
                # RLIMIT_CPU counts whole seconds: the nearest to the budget (never less than one).
                soft = max(1, round(_cpu_used() + (cpu_seconds if seconds is None else seconds)))
                resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))
            except (OSError, ValueError):  # pragma: no cover
                pass
            try:
                outcome: tuple[str, Any] = ("ok", work(argument))
            except MemoryError:
                outcome = ("memory", "")
            except (KeyboardInterrupt, SystemExit):
                return
            except BaseException as exc:  # a bug or a native panic: that task's error, not the worker's end
                outcome = ("error", f"{exc.__class__.__name__}: {str(exc)[:300]}")
            try:
                conn.send((number, outcome))
            except MemoryError:
                conn.send((number, ("memory", "")))
            except (EOFError, OSError):
                return
            except Exception as exc:  # a result that cannot be pickled
                conn.send((number, ("error", f"{exc.__class__.__name__}: {str(exc)[:300]}")))


class _Worker:
    def __init__(self, work: Callable[[Any], Any], memory_bytes: int, cpu_seconds: int) -> None:
        self.errlog = tempfile.TemporaryFile()  # noqa: SIM115 - open for the worker's life, closed by stop()
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_worker, args=(child, work, memory_bytes, cpu_seconds, self.errlog.fileno()), daemon=True)
        self.process.start()
        child.close()
        self.inflight: deque[int] = deque()
        self.last = time.monotonic()

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(0.5 if not kill else 2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(2)
        self.conn.close()
        self.errlog.close()

    def breach(self, timed_out: bool) -> Breach:
        """Why the worker died (its exit status and what it wrote on its standard error)."""
        try:
            self.errlog.seek(0)
            said = self.errlog.read(8192).decode("utf-8", "replace")
        except OSError:
            said = ""
        code = self.process.exitcode
        if timed_out or code == -signal.SIGXCPU:
            return Breach("time")
        if "memory allocation" in said or "MemoryError" in said or "out of memory" in said.lower():
            return Breach("memory")
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            # An abort with nothing said is most often an allocation refused under the memory limit.
            return Breach("memory") if name == "SIGABRT" and not said.strip() else Breach("crash", name)
        return Breach("crash", f"exit {code}")


class _Pool:
    """The workers of one run_isolated call and the tasks between them: which wait, which a worker holds,
    which are done (a result or a Breach), by task number."""

    def __init__(
        self, work: Callable[[Any], Any], items: list[Any], limits: Any, jobs: int, depth: int, budgets: list[float] | None = None
    ) -> None:
        self.work = work
        self.items = items
        self.budgets = budgets
        self.depth = depth
        self.memory_bytes, self.cpu_seconds = int(limits.memory_bytes), int(limits.cpu_seconds)
        self.wall = float(limits.wall_seconds)
        self.pending: deque[int] = deque(range(len(items)))
        self.done: dict[int, Any] = {}
        self.workers: list[_Worker] = []
        self.count = max(1, min(jobs, len(items)))

    def feed(self) -> None:
        """Every live worker holds up to depth tasks; start workers while tasks wait."""
        for worker in self.workers:
            self._top_up(worker)
        while self.pending and len(self.workers) < self.count:
            worker = _Worker(self.work, self.memory_bytes, self.cpu_seconds)
            self.workers.append(worker)
            take = [self.pending.popleft() for _ in range(min(self.depth, len(self.pending)))]
            worker.inflight.extend(take)
            worker.conn.send([self._task(n) for n in take])

    def _task(self, number: int) -> tuple[int, Any, float | None]:
        """What a worker is sent: the task's number, its argument and its CPU seconds (None: the pack's)."""
        return number, self.items[number], None if self.budgets is None else self.budgets[number]

    def _top_up(self, worker: _Worker) -> None:
        while self.pending and len(worker.inflight) < self.depth:
            batch = [self.pending.popleft()]
            worker.inflight.extend(batch)
            if len(worker.inflight) == len(batch):
                worker.last = time.monotonic()  # it was idle: its wall clock starts now
            try:
                worker.conn.send([self._task(n) for n in batch])
            except (OSError, ValueError):
                break  # dead: seen by check() through its sentinel

    def step(self) -> None:
        """Wait for a result, a worker's death or the wall clock, then check every busy worker."""
        busy = [w for w in self.workers if w.inflight]
        handles: list[Any] = [w.conn for w in busy] + [w.process.sentinel for w in busy]
        now = time.monotonic()
        timeout = max(0.0, min((w.last + self.wall - now for w in busy), default=self.wall))
        ready = set(wait(handles, timeout)) if handles else set()
        now = time.monotonic()
        for worker in busy:
            self._check(worker, ready, now)

    def _check(self, worker: _Worker, ready: set[Any], now: float) -> None:
        """Take a worker's results; a worker that died or hung is retired."""
        died = False
        if worker.conn in ready or worker.process.sentinel in ready:
            died = self._receive(worker, ready, now)
        timed_out = not died and self._hung(worker, now)
        if timed_out:
            worker.process.kill()
            worker.process.join(2)
            died = True
        if died:
            self._retire(worker, timed_out)

    def _receive(self, worker: _Worker, ready: set[Any], now: float) -> bool:
        """The results a worker sent; whether it died."""
        died = False
        try:
            while worker.conn.poll():
                number, (status, value) = worker.conn.recv()
                worker.inflight.remove(number)
                worker.last = now
                self.done[number] = value if status == "ok" else Breach(status, value)
        except (EOFError, OSError):
            died = True
        return died or worker.process.sentinel in ready or not worker.process.is_alive()

    def _hung(self, worker: _Worker, now: float) -> bool:
        """A task past the wall clock in a worker that is not computing. One computing, only slowly on a
        busy machine, gets more time: RLIMIT_CPU is its limit."""
        if not worker.inflight or now - worker.last <= self.wall:
            return False
        if _running(worker.process.pid):
            worker.last = now - self.wall / 2
            return False
        return True

    def _retire(self, worker: _Worker, timed_out: bool) -> None:
        """A dead worker: its first task gets the Breach, the others (innocent) run again."""
        worker.process.join(2)
        if worker.inflight:
            culprit = worker.inflight.popleft()
            self.done[culprit] = worker.breach(timed_out)
            self.pending.extendleft(reversed(worker.inflight))
            worker.inflight.clear()
        self.workers.remove(worker)
        worker.stop(kill=True)

    def close(self) -> None:
        """Stop every worker (killing those still holding tasks)."""
        for worker in self.workers:
            worker.stop(kill=bool(worker.inflight))


def run_isolated(
    work: Callable[[Any], Any],
    arguments: Iterable[Any],
    limits: Any,
    jobs: int = 1,
    depth: int = 2,
    budgets: Iterable[float] | None = None,
) -> Iterator[Any]:
    """work(argument) for each argument in a worker, in order: its result, or a Breach.

    jobs workers at most; each holds up to `depth` tasks (the next is ready when one is done). A task
    that outlives its worker (killed with the one that broke a limit) runs again in a fresh worker.
    budgets: each task's CPU seconds, when not the pack's (what is left of a file's budget)."""
    items = list(arguments)
    if not items:
        return
    if not FORKS:
        yield from _in_process(work, items)
        return
    pool = _Pool(work, items, limits, jobs, depth, None if budgets is None else list(budgets))
    next_out = 0
    try:
        while next_out < len(items):
            pool.feed()
            pool.step()
            while next_out in pool.done:
                yield pool.done.pop(next_out)
                next_out += 1
    finally:
        pool.close()


def _in_process(work: Callable[[Any], Any], items: list[Any]) -> Iterator[Any]:
    """Where processes cannot be forked (Windows): each task in this process, in order, its exception its own
    Breach as in a worker - one bad file still never stops the others. There is no memory, CPU or wall-clock
    limit here (docs/security.md)."""
    for item in items:
        try:
            yield work(item)
        except MemoryError:
            yield Breach("memory")
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            yield Breach("error", f"{exc.__class__.__name__}: {str(exc)[:300]}")


def run_one(work: Callable[[Any], Any], argument: Any, limits: Any) -> Any:
    """work(argument) in one isolated worker: its result, or a Breach."""
    return next(iter(run_isolated(work, [argument], limits, jobs=1, depth=1)))
