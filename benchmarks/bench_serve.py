"""Latency of `budgetkit serve` over real HTTP on this machine (loopback only).

Usage: python benchmarks/bench_serve.py [--requests 200] [--zip-runs 5] [--jobs 0]

Starts `budgetkit serve --port 0` on 127.0.0.1, then measures
  1. POST /api/validate of one commune workbook (examples/son-la/chieng-mung.xlsx), one client, one
     request after the other on a kept-alive connection: p50/p95/max;
  2. the same with 8 concurrent clients (8 threads, one connection each): p50/p95/max and requests a second;
  3. POST /api/batch of a .zip of 75 synthetic commune workbooks (benchmarks/synth.py): wall time of each run,
     while another client asks GET /healthz every 50 ms (the page stays responsive: the work is off the
     event loop) and GET /api/progress (the progress the page shows).
Targets (2 cores): p95 under 100 ms a commune file, with 1 and with 8 clients; the 75-file zip under 2 s.
Latency depends on what else the machine runs: the load average is printed at the start and the end, and the
CPU time one validate request costs the server and its workers (Linux, /proc), which does not.
Every loop is bounded in count and in time; the server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import make_communes  # noqa: E402

COMMUNE = ROOT / "examples" / "son-la" / "chieng-mung.xlsx"
TIME_BUDGET = 300.0  # seconds for the whole run, at most


def multipart(files: list[tuple[str, bytes]], fields: dict[str, str] | None = None) -> tuple[bytes, str]:
    boundary = "budgetkit-bench-" + uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in (fields or {}).items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for filename, data in files:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class Client:
    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, bytes, float]:
        start = time.perf_counter()
        self.connection.request("POST", path, body=body, headers={"Content-Type": content_type})
        answer = self.connection.getresponse()
        data = answer.read()
        return answer.status, data, time.perf_counter() - start

    def get(self, path: str) -> tuple[int, bytes, float]:
        start = time.perf_counter()
        self.connection.request("GET", path)
        answer = self.connection.getresponse()
        data = answer.read()
        return answer.status, data, time.perf_counter() - start

    def close(self) -> None:
        self.connection.close()


def tree_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by a process and every process below it (Linux /proc); None
    elsewhere. The server's workers are children of its fork server, so the whole tree is summed."""
    proc = Path("/proc")
    if not (proc / str(pid)).is_dir():
        return None
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += times.get(current, 0.0)
        todo.extend(children.get(current, []))
    return total


def load() -> str:
    """The load average (1, 5, 15 minutes) and the cores: how busy the machine was."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def line(label: str, times: list[float], extra: str = "") -> str:
    ms = [t * 1000 for t in times]
    return f"{label:44} n={len(ms):4d}  p50 {statistics.median(ms):7.1f} ms  p95 {percentile(ms, 95):7.1f} ms  max {max(ms):7.1f} ms{extra}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200, help="requests of the one-client run (8 clients: the same in all)")
    parser.add_argument("--zip-runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    began = time.monotonic()
    print(f"{'at the start':44} {load()}")
    server = subprocess.Popen(
        [sys.executable, "-m", "budgetkit", "serve", "--port", "0", "--jobs", str(args.jobs)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stderr is not None
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", server.stderr.readline())
        assert match, "the server did not say where it listens"
        port = int(match.group(1))
        probe = Client(port)
        for _ in range(100):
            try:
                probe.get("/healthz")
                break
            except OSError:
                probe.close()
                probe = Client(port)
                time.sleep(0.1)
        probe.close()
        results: dict[str, object] = {}

        body, kind = multipart([(COMMUNE.name, COMMUNE.read_bytes())])
        one = Client(port)
        for _ in range(10):  # warm up: imports, the pack, the first file's memos
            one.post("/api/validate", body, kind)
        times = []
        cpu_before = tree_cpu(server.pid)
        for _ in range(args.requests):
            if time.monotonic() - began > TIME_BUDGET:
                break
            status, _, took = one.post("/api/validate", body, kind)
            assert status == 200
            times.append(took)
        cpu_after = tree_cpu(server.pid)
        one.close()
        print(line("validate, 1 client", times))
        results["validate_1"] = {"p50_ms": statistics.median(times) * 1000, "p95_ms": percentile(times, 95) * 1000}
        if cpu_before is not None and cpu_after is not None:
            cost = (cpu_after - cpu_before) / len(times) * 1000
            print(f"{'CPU of one validate (server + workers)':44} {cost:.1f} ms")

        per_client = max(1, args.requests // 8)
        concurrent: list[float] = []
        lock = threading.Lock()

        def worker() -> None:
            client = Client(port)
            try:
                for _ in range(per_client):
                    if time.monotonic() - began > TIME_BUDGET:
                        break
                    status, _, took = client.post("/api/validate", body, kind)
                    assert status == 200
                    with lock:
                        concurrent.append(took)
            finally:
                client.close()

        start = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIME_BUDGET)
        wall = time.perf_counter() - start
        rate = len(concurrent) / wall
        print(line("validate, 8 concurrent clients", concurrent, f"  {rate:6.1f} req/s"))
        results["validate_8"] = {
            "p50_ms": statistics.median(concurrent) * 1000,
            "p95_ms": percentile(concurrent, 95) * 1000,
            "requests_per_s": rate,
        }

        with tempfile.TemporaryDirectory() as tmp:
            paths = make_communes(Path(tmp) / "tinh", 75)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in paths:
                    archive.write(path, f"tinh/{path.name}")
        zbody, zkind = multipart([("tinh.zip", buffer.getvalue())])
        runs: list[float] = []
        health: list[float] = []
        progress_seen: list[dict] = []
        for _run in range(args.zip_runs):
            if time.monotonic() - began > TIME_BUDGET:
                break
            pid = uuid.uuid4().hex
            done = threading.Event()

            def watch(done: threading.Event = done, pid: str = pid) -> None:
                client = Client(port)
                try:
                    while not done.is_set():
                        _status, data, took = client.get("/healthz")
                        health.append(took)
                        _status, data, _ = client.get(f"/api/progress/{pid}")
                        state = json.loads(data)
                        if state["stage"] == "checking":
                            progress_seen.append(state)
                        done.wait(0.05)
                finally:
                    client.close()

            watcher = threading.Thread(target=watch)
            watcher.start()
            client = Client(port)
            try:
                status, data, took = client.post(f"/api/batch?progress={pid}", zbody, zkind)
            finally:
                done.set()
                watcher.join(timeout=30)
                client.close()
            assert status == 200, data[:300]
            report = json.loads(data)
            assert report["summary"]["files"] == 75 and report["summary"]["failed"] == 0, report["summary"]
            runs.append(took)
        print(line("batch of a 75-file zip (POST /api/batch)", runs))
        print(line("GET /healthz while the batch runs", health))
        most = max((s["done"] for s in progress_seen), default=0)
        print(f"{'progress seen during the batch':44} {len(progress_seen)} polls, up to {most}/75 files")
        results["batch_75_zip"] = {"p50_s": statistics.median(runs), "max_s": max(runs)}
        results["healthz_during_batch"] = {"p95_ms": percentile(health, 95) * 1000, "max_ms": max(health) * 1000}
        print(f"{'at the end':44} {load()}")
        checks = {
            "p95 < 100 ms, 1 client": results["validate_1"]["p95_ms"] < 100,  # type: ignore[index]
            "p95 < 100 ms, 8 clients": results["validate_8"]["p95_ms"] < 100,  # type: ignore[index]
            "75-file zip < 2 s": max(runs) < 2.0,
        }
        print("targets: " + "; ".join(f"{name}: {'met' if ok else 'NOT met'}" for name, ok in checks.items()))
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
