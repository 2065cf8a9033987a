"""A small HTTP load generator: N client threads, each with one keep-alive connection.

Each client sends GET requests back to back (a closed loop: the next request leaves when the
previous answer has been read in full) for a fixed duration or until a shared request budget is
spent. Latency is measured from sending the request to reading the last byte of the body.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import math
import os
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

NETWORK_ERRORS = (OSError, http.client.HTTPException)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Target:
    """One endpoint to measure."""

    name: str
    path: str
    label: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 200
    must_contain: bytes = b""


class TargetFailed(RuntimeError):
    """An endpoint did not answer as expected before measuring (wrong status or content)."""


@dataclass
class _ClientResult:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)  # unexpected ones only
    network_errors: int = 0
    last_error: str = ""
    finished_at: float = 0.0


def fetch(host: str, port: int, target: Target, timeout: float = 30.0) -> tuple[int, bytes]:
    """One request on a fresh connection: (status, body)."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", target.path, headers=target.headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def open_connections(
    host: str,
    port: int,
    count: int,
    *,
    spread_path: str = "",
    spread_over: int = 1,
    timeout: float = 60.0,
) -> tuple[list[http.client.HTTPConnection], list[int]]:
    """`count` open keep-alive connections; (connections, how many each server process holds).

    A server with several worker processes hands each new connection to whichever worker
    accepts first, and a keep-alive connection stays with it: 20 connections opened at once can
    all land on one worker and leave the other idle. With `spread_path` (a URL answering the
    process id), connections are opened one by one and those landing on a worker that already
    has its share are closed and opened again, so that `spread_over` workers share the load.
    """
    if not spread_path or spread_over <= 1:
        connections = [
            http.client.HTTPConnection(host, port, timeout=timeout) for _ in range(count)
        ]
        for conn in connections:
            with contextlib.suppress(*NETWORK_ERRORS):
                conn.connect()  # before the clock starts; a failure shows on the first request
        return connections, []
    share = math.ceil(count / spread_over)
    kept: list[http.client.HTTPConnection] = []
    owners: Counter[str] = Counter()
    for _attempt in range(100 * count):
        if len(kept) == count:
            break
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        try:
            conn.request("GET", spread_path)
            response = conn.getresponse()
            owner = response.read().decode().strip()
        except NETWORK_ERRORS:
            conn.close()
            continue
        if response.will_close or response.status != 200:
            conn.close()  # the server does not keep connections (or lacks spread_path)
            break
        if owners[owner] < share:
            owners[owner] += 1
            kept.append(conn)
        else:
            conn.close()
    while len(kept) < count:  # could not spread them (e.g. no keep-alive): take what comes
        kept.append(http.client.HTTPConnection(host, port, timeout=timeout))
    return kept, sorted(owners.values(), reverse=True)


def check(host: str, port: int, target: Target) -> int:
    """Fail loudly unless the endpoint answers the expected status and content; the body size."""
    status, body = fetch(host, port, target)
    if status != target.status:
        raise TargetFailed(
            f"{target.name}: GET {target.path} answered {status}, expected {target.status}: "
            f"{body[:300]!r}"
        )
    if target.must_contain and target.must_contain not in body:
        raise TargetFailed(
            f"{target.name}: GET {target.path} does not contain {target.must_contain!r}"
        )
    return len(body)


def machine_busy_seconds() -> float | None:
    """CPU seconds all processes of the machine have used since boot (Linux), else None."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    # cpu user nice system idle iowait irq softirq steal …: busy is everything but idle/iowait.
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def other_load_pct(own_cpu: Callable[[], float] | None = None, interval: float = 1.0) -> float:
    """CPU used by other programs over `interval` seconds (100 = one core); 0 if unknown.

    "Other" is everything but this process and what `own_cpu` counts (e.g. our server).
    """
    before = machine_busy_seconds()
    if before is None:
        return 0.0
    ours = time.process_time() + (own_cpu() if own_cpu else 0.0)
    time.sleep(interval)
    after = machine_busy_seconds() or before
    ours = time.process_time() + (own_cpu() if own_cpu else 0.0) - ours
    return max(0.0, 100 * (after - before - ours) / interval)


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty list)."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def measure(
    host: str,
    port: int,
    target: Target,
    *,
    clients: int,
    duration: float | None = None,
    requests: int | None = None,
    cpu_probe: Callable[[], float] | None = None,
    spread_path: str = "",
    spread_over: int = 1,
    timeout: float = 60.0,
) -> dict[str, Any]:
    """Drive `clients` concurrent keep-alive clients at one endpoint; latency and throughput.

    Give either `duration` (seconds) or `requests` (in total, shared by the clients).
    `cpu_probe`, when given, returns the server's CPU seconds so far (to report CPU per request).
    `spread_path` and `spread_over`: see `open_connections`.
    """
    if (duration is None) == (requests is None):
        raise ValueError("give either duration or requests")
    connections, spread = open_connections(
        host, port, clients, spread_path=spread_path, spread_over=spread_over, timeout=timeout
    )
    budget = itertools.count()
    results = [_ClientResult() for _ in range(clients)]
    clock: dict[str, float] = {}

    def start() -> None:  # runs once, when every client is connected and ready
        clock["cpu"] = cpu_probe() if cpu_probe else 0.0
        clock["machine"] = machine_busy_seconds() or 0.0
        clock["process"] = time.process_time()
        clock["start"] = time.perf_counter()

    barrier = threading.Barrier(clients, action=start)

    def client(result: _ClientResult, conn: http.client.HTTPConnection) -> None:
        barrier.wait()
        deadline = clock["start"] + duration if duration is not None else math.inf
        path, headers = target.path, target.headers
        while True:
            if requests is not None and next(budget) >= requests:
                break
            began = time.perf_counter()
            if began >= deadline:
                break
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
            except NETWORK_ERRORS as exc:
                result.network_errors += 1
                result.last_error = f"{type(exc).__name__}: {exc}"
                conn.close()  # the next request opens a new connection
                continue
            if response.status == target.status:
                result.latencies.append(time.perf_counter() - began)
            else:
                result.statuses[response.status] += 1
        result.finished_at = time.perf_counter()
        conn.close()

    threads = [
        threading.Thread(target=client, args=(result, conn), daemon=True)
        for result, conn in zip(results, connections, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = max(r.finished_at for r in results) - clock["start"]
    client_cpu = time.process_time() - clock["process"]
    server_cpu = (cpu_probe() - clock["cpu"]) if cpu_probe else None
    machine_busy = machine_busy_seconds()
    machine_cpu = machine_busy - clock["machine"] if machine_busy is not None else None

    statuses: Counter[int] = Counter()
    for r in results:
        statuses.update(r.statuses)
    latencies = sorted(latency for r in results for latency in r.latencies)
    good = len(latencies)
    bad_status = sum(statuses.values())
    network_errors = sum(r.network_errors for r in results)
    summary: dict[str, Any] = {
        "requests": good,
        "errors": bad_status + network_errors,
        "elapsed_s": elapsed,
        "rps": good / elapsed if elapsed > 0 else 0.0,
        "mean_ms": 1000 * sum(latencies) / good if good else 0.0,
        "p50_ms": 1000 * percentile(latencies, 0.50),
        "p95_ms": 1000 * percentile(latencies, 0.95),
        "p99_ms": 1000 * percentile(latencies, 0.99),
        "max_ms": 1000 * latencies[-1] if latencies else 0.0,
        "client_cpu_pct": 100 * client_cpu / elapsed if elapsed > 0 else 0.0,
    }
    if spread:
        summary["connections_per_worker"] = spread
    if server_cpu is not None:
        summary["server_cpu_ms"] = 1000 * server_cpu / good if good else 0.0
        summary["server_cpu_pct"] = 100 * server_cpu / elapsed if elapsed > 0 else 0.0
        if machine_cpu is not None and elapsed > 0:
            # Whatever else ran meanwhile (other programs, the kernel): 100 = one busy core.
            other = machine_cpu - server_cpu - client_cpu
            summary["other_cpu_pct"] = max(0.0, 100 * other / elapsed)
    if bad_status:
        summary["unexpected_statuses"] = {str(k): v for k, v in sorted(statuses.items())}
    if network_errors:
        summary["last_error"] = next(r.last_error for r in results if r.last_error)
    return summary
