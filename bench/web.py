"""Web load test: ``python -m bench web [--clients 20] [--duration 60] [--library DIR]``.

Starts ``consilience.web`` in its own process on a free loopback port (uvicorn, one worker,
the rate limit off: ``create_app(library, questions_per_minute=None)``), then runs
``--clients`` concurrent clients for ``--duration`` seconds. Each client holds one keep-alive
HTTP connection and alternates ``GET /api/ask?q=...`` and ``GET /api/search?q=...&k=20`` over
the 66 fixed questions of ``bench.ask`` (client *i* starts at question *i*), sending the next
request as soon as the last one is answered (a closed loop: no think time).

Reported, overall and per route: requests, requests/s, latency p50/p95/p99/max, errors (any
status but 200, or a broken connection), and the server's resident memory (VmRSS) when it
is ready, after the warm-up, and after the load. Results go to ``bench/out/web.json``.

The library is the built-in one (``consilience.demo.builtin_files``), ingested and analysed in a
fresh folder under ``bench/out/`` unless ``--library`` names one. Before measuring, every
question is asked and searched once (``--no-warmup`` skips that): the first hybrid search
loads the embedder and embeds the library, which is a start-up cost, not load.

The app serves the library through one lock (SQLite connection and index are not shared
between threads), so requests/s is about 1 / mean service time whatever the client count;
more clients add queueing, which shows up in the latency percentiles. Wall-clock figures on
a shared machine include other processes' load: the load average is recorded with them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MiB (Linux /proc; None elsewhere)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def percentiles(samples: list[float]) -> dict[str, float]:
    """p50/p95/p99/max/mean of latencies in seconds, as milliseconds (nearest rank)."""
    if not samples:
        return {}
    ordered = sorted(samples)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]

    return {
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p95_ms": round(1000 * rank(0.95), 1),
        "p99_ms": round(1000 * rank(0.99), 1),
        "max_ms": round(1000 * ordered[-1], 1),
        "mean_ms": round(1000 * statistics.fmean(ordered), 1),
    }


def serve(library: Path, port: int) -> int:
    """The server process: the app over ``library`` with no question rate limit."""
    import uvicorn

    from consilience import Library
    from consilience.web import create_app

    with Library.open(library) as lib:
        app = create_app(lib, questions_per_minute=None)
        uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    return 0


def build_library(folder: Path) -> Path:
    from consilience import Library
    from consilience.demo import builtin_files

    path = folder / "lib"
    with Library.open(path) as lib:
        report = lib.ingest(builtin_files())
        lib.analyze()
        print(f"built-in library: {report.added} papers in {path}", flush=True)
    return path


def request_paths(questions: tuple[str, ...]) -> list[tuple[str, str]]:
    """(route, path) pairs: each question asked, then searched."""
    paths = []
    for question in questions:
        q = urllib.parse.quote(question)
        paths.append(("ask", f"/api/ask?q={q}"))
        paths.append(("search", f"/api/search?q={q}&k=20"))
    return paths


class Client(threading.Thread):
    """One closed-loop client on one keep-alive connection."""

    def __init__(self, port: int, paths: list[tuple[str, str]], start: int, until: float) -> None:
        super().__init__(daemon=True)
        self.port, self.paths, self.position, self.until = port, paths, start, until
        self.samples: list[tuple[str, float, int]] = []  # (route, seconds, status or 0 on error)
        self.errors: list[str] = []

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        while time.monotonic() < self.until:
            route, path = self.paths[self.position % len(self.paths)]
            self.position += 1
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept": "application/json"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = 0
                self.errors.append(f"{route}: {exc!r}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            self.samples.append((route, time.perf_counter() - began, status))
            if status not in (0, 200) and len(self.errors) < 20:
                self.errors.append(f"{route}: HTTP {status}")
        connection.close()


def wait_ready(port: int, process: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/stats")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit("the server did not start")
        time.sleep(0.2)


def run_load(port: int, paths: list[tuple[str, str]], clients: int, duration: float) -> dict[str, Any]:
    until = time.monotonic() + duration
    workers = [Client(port, paths, start=2 * i, until=until) for i in range(clients)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began  # includes the requests still in flight at the deadline
    samples = [s for w in workers for s in w.samples]
    result: dict[str, Any] = {
        "seconds": round(elapsed, 1),
        "requests": len(samples),
        "requests_per_s": round(len(samples) / elapsed, 2),
        "errors": sum(1 for _, _, status in samples if status != 200),
        **percentiles([t for _, t, _ in samples]),
        "routes": {},
    }
    for route in ("ask", "search"):
        mine = [(t, status) for r, t, status in samples if r == route]
        result["routes"][route] = {
            "requests": len(mine),
            "requests_per_s": round(len(mine) / elapsed, 2),
            "errors": sum(1 for _, status in mine if status != 200),
            **percentiles([t for t, _ in mine]),
        }
    result["error_samples"] = [e for w in workers for e in w.errors][:20]
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench web", description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--library", type=Path, help="an existing library (default: the built-in one)")
    parser.add_argument("--warmup", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--name", default="web", help="results go to bench/out/NAME.json")
    parser.add_argument("--serve", nargs=2, metavar=("LIBRARY", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve(Path(args.serve[0]), int(args.serve[1]))

    from bench.ask import QUESTIONS

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="web-", dir=OUT) as scratch:
        library = args.library or build_library(Path(scratch))
        port = _free_port()
        command = [sys.executable, "-m", "bench", "web", "--serve", str(library), str(port)]
        process = subprocess.Popen(command, cwd=ROOT)
        try:
            started = time.perf_counter()
            wait_ready(port, process)
            out: dict[str, Any] = {
                "clients": args.clients,
                "duration_s": args.duration,
                "questions": len(QUESTIONS),
                "library": "built-in" if args.library is None else str(args.library),
                "cpus": os.cpu_count(),
                "loadavg_before": [round(x, 2) for x in os.getloadavg()],
                "server_ready_s": round(time.perf_counter() - started, 1),
                "rss_mb_ready": rss_mb(process.pid),
            }
            paths = request_paths(QUESTIONS)
            if args.warmup:
                began = time.perf_counter()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                for _, path in paths:
                    connection.request("GET", path)
                    connection.getresponse().read()
                connection.close()
                out["warmup_s"] = round(time.perf_counter() - began, 1)
            out["rss_mb_before"] = rss_mb(process.pid)
            print(f"load: {args.clients} clients for {args.duration:g} s on port {port}", flush=True)
            out["load"] = run_load(port, paths, args.clients, args.duration)
            out["rss_mb_after"] = rss_mb(process.pid)
            out["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
        finally:
            process.terminate()
            process.wait(timeout=60)
    (OUT / f"{args.name}.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    load = out["load"]
    print(
        f"{load['requests']} requests in {load['seconds']} s: {load['requests_per_s']} req/s, "
        f"p50 {load.get('p50_ms')} ms, p95 {load.get('p95_ms')} ms, p99 {load.get('p99_ms')} ms, "
        f"{load['errors']} errors"
    )
    for route, figures in load["routes"].items():
        print(
            f"  {route:6} {figures['requests']:5} requests, {figures['requests_per_s']} req/s, "
            f"p50 {figures.get('p50_ms')} ms, p95 {figures.get('p95_ms')} ms, p99 {figures.get('p99_ms')} ms, "
            f"{figures['errors']} errors"
        )
    print(f"server RSS: {out['rss_mb_before']} MiB before, {out['rss_mb_after']} MiB after")
    print(f"wrote {OUT / (args.name + '.json')}")
    return 0 if load["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
