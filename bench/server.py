"""Server throughput and latency over loopback: our reference server, the framework's ceiling
(bench/ceiling.py: bare Starlette answering fixed bodies on the same uvicorn settings) and Prism's
mock of openapi.yaml, each loaded by autocannon (bench/load.mjs) with the same request count and
concurrency. Then how snapshot latency grows with 100, 1,000 and 10,000 stored distributions.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from reference_server.launcher import launched, live_server

from .data import seeds
from .support import (
    CREATE_VS_CEILING,
    OURS_PYTHON,
    PRISM,
    ROOT,
    Row,
    median,
    process,
)

CONNECTIONS = 10
# issue 14: the reference server's create throughput against the bare-Starlette ceiling.
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
WARM_UP = 200
CREATE_BODY = json.dumps(seeds(1)[0], separators=(",", ":"))
SIZES = (100, 1_000, 10_000)


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_us: float | None = None  # the server process's CPU time per request, when known

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def text(self) -> str:
        cpu = f", server CPU {self.cpu_us:.0f} us/req" if self.cpu_us is not None else ""
        return f"{self.rps:,.0f} req/s, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms{cpu}"


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def load(url: str, amount: int, *, body: str | None = None, pid: int | None = None) -> Load:
    """Run autocannon against url; with pid, also the CPU time that process spent per request.

    The CPU time is the steadier figure on a busy machine: requests per second move with
    whatever else runs, while the server's own CPU time per request barely does.
    """
    started_cpu = _cpu_seconds(pid) if pid is not None and Path("/proc").is_dir() else None
    spec = {"url": url, "connections": CONNECTIONS, "amount": amount}
    if body is not None:
        spec |= {"method": "POST", "body": body}
    done = subprocess.run(
        ["node", str(ROOT / "bench" / "load.mjs"), json.dumps(spec)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    good = sum(count for status, count in result["statuses"].items() if status.startswith("2"))
    if result["errors"] or good != amount:
        raise RuntimeError(f"{url}: {result['errors']} errors, statuses {result['statuses']}")
    latencies = result["latencies_ms"]
    cpu_us = None
    if started_cpu is not None and pid is not None:
        cpu_us = (_cpu_seconds(pid) - started_cpu) / amount * 1e6
    return Load(
        amount,
        result["seconds"],
        _percentile(latencies, 0.5),
        _percentile(latencies, 0.99),
        cpu_us,
    )


def _fill(client: httpx.Client, target: int) -> None:
    have = len(client.get("/distributions").json()["iterable"])
    if target - have > 200:  # the bulk through the load tool, which is quicker
        url = str(client.base_url).rstrip("/")
        load(f"{url}/distributions/create", target - have - 100, body=CREATE_BODY)
        have = target - 100
    for seed in seeds(target - have, seed_value=have):
        client.post("/distributions/create", json=seed).raise_for_status()
    assert len(client.get("/distributions").json()["iterable"]) == target


def _snapshot_latency(client: httpx.Client, requests: int) -> tuple[float, float]:
    times = []
    for _ in range(requests + 2):
        start = time.perf_counter()
        client.get("/distributions").raise_for_status()
        times.append(time.perf_counter() - start)
    times = times[2:]
    return median(times), _percentile(times, 0.99)


def _combine(runs: list[Load]) -> Load:
    """The run with the median rate stands for all of them (its latencies with it)."""
    return sorted(runs, key=lambda run: run.rps)[len(runs) // 2]


def _median_cpu(runs: list[Load]) -> float | None:
    values = [run.cpu_us for run in runs if run.cpu_us is not None]
    return median(values) if values else None


def measure(amount: int, rounds: int) -> list[Row]:
    part = (
        f"5 server ({amount:,} requests x {rounds} rounds, {CONNECTIONS} connections, autocannon)"
    )
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        # Two servers of ours: one keeps exactly 100 for snapshots, the other takes the creates.
        snap_server = stack.enter_context(live_server(folder / "snapshots.db"))
        create_server = stack.enter_context(live_server(folder / "creates.db"))
        snap_url, create_url = snap_server.base_url, create_server.base_url
        client = stack.enter_context(httpx.Client(base_url=snap_url))
        _fill(client, SIZES[0])
        (folder / "snapshot.json").write_bytes(client.get("/distributions").content)
        created = httpx.post(f"{create_url}/distributions/create", content=CREATE_BODY)
        (folder / "create.json").write_bytes(created.content)
        # The ceiling answers the very bytes our server answered.
        ceiling_argv = [str(OURS_PYTHON), "-m", "bench.ceiling", "--port", "0"]
        ceiling_argv += ["--create", str(folder / "create.json")]
        ceiling_argv += ["--snapshot", str(folder / "snapshot.json")]
        ceiling_child = stack.enter_context(
            launched(
                ceiling_argv,
                re.compile(r"ceiling listening on (http://\S+)"),
                cwd=ROOT,
                stream="combined",
            )
        )
        ceiling_url = ceiling_child.ready.group(1)
        prism_argv = [str(PRISM), "mock", str(ROOT / "openapi.yaml"), "--host", "127.0.0.1"]
        prism_argv += ["--port", "0"]
        prism_url = stack.enter_context(
            process(prism_argv, r"Prism is listening on (http://\S+)")
        ).group(1)

        snap_pid, create_pid = snap_server.process.pid, create_server.process.pid
        ceiling_pid = ceiling_child.process.pid
        targets: dict[tuple[str, str], tuple[str, str | None, int | None]] = {
            ("snapshot", "ours"): (f"{snap_url}/distributions", None, snap_pid),
            ("snapshot", "ceiling"): (f"{ceiling_url}/distributions", None, ceiling_pid),
            ("snapshot", "prism"): (f"{prism_url}/distributions", None, None),
            ("create", "ours"): (f"{create_url}/distributions/create", CREATE_BODY, create_pid),
            ("create", "ceiling"): (
                f"{ceiling_url}/distributions/create",
                CREATE_BODY,
                ceiling_pid,
            ),
            ("create", "prism"): (f"{prism_url}/distributions/create", CREATE_BODY, None),
        }
        for url, body, _ in targets.values():
            load(url, WARM_UP, body=body)
        # Rounds, each loading every target in turn, so that a change in the machine's load
        # falls on all of them alike.
        runs: dict[tuple[str, str], list[Load]] = {key: [] for key in targets}
        for _ in range(rounds):
            for key, (url, body, pid) in targets.items():
                runs[key].append(load(url, amount, body=body, pid=pid))
        result = {key: _combine(value) for key, value in runs.items()}

        latency: dict[int, tuple[float, float]] = {}
        for size, requests in zip(SIZES, (100, 30, 10), strict=True):
            _fill(client, size)
            latency[size] = _snapshot_latency(client, requests)

    rows = []
    for name in ("create", "snapshot"):
        ours, ceiling, prism = (result[name, side] for side in ("ours", "ceiling", "prism"))
        share = ours.rps / ceiling.rps
        is_create = name == "create"
        label = "create" if is_create else f"snapshot of {SIZES[0]}"
        against_ceiling = (
            part,
            label,
            ours.text(),
            "bare Starlette, fixed body (ceiling)",
            ceiling.text(),
            f"{share:.0%} of ceiling",
        )
        rows.append(
            Row.judged(*against_ceiling, CREATE_VS_CEILING, share)
            if is_create
            else Row(*against_ceiling, "", None)
        )
        ours_cpu, ceiling_cpu = (_median_cpu(runs[name, side]) for side in ("ours", "ceiling"))
        if ours_cpu is not None and ceiling_cpu is not None:
            # The same comparison in server CPU time per request: steadier on a busy machine.
            rows.append(
                Row(
                    part,
                    f"{label}: server CPU per request",
                    f"{ours_cpu:.0f} us",
                    "bare Starlette, fixed body (ceiling)",
                    f"{ceiling_cpu:.0f} us",
                    f"{ceiling_cpu / ours_cpu:.0%} of ceiling",
                    "",
                    None,
                )
            )
        rows.append(
            Row(
                part,
                label,
                f"{ours.rps:,.0f} req/s",
                "Prism mock (static examples)",
                prism.text(),
                f"{ours.rps / prism.rps:.1f}x Prism's req/s",
                "",
                None,
            )
        )
    for size in SIZES:
        p50, p99 = latency[size]
        rows.append(
            Row(
                "5 snapshot latency by stored count (one connection)",
                f"{size:,} stored",
                f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms",
                "per distribution",
                "",
                f"{p50 / size * 1e6:.1f} us each",
                "",
                None,
            )
        )
    return rows
