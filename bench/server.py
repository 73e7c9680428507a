"""Server throughput and latency over loopback: our reference server, the framework's ceiling
(bench/ceiling.py: bare Starlette answering fixed bodies on the same uvicorn settings) and Prism's
mock of openapi.yaml, each loaded by autocannon (bench/load.mjs) with the same request count and
concurrency. Then how snapshot latency grows with 100, 1,000 and 10,000 stored distributions.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from .data import seeds
from .support import (
    OURS_PYTHON,
    PRISM,
    ROOT,
    Row,
    median,
    process,
    reference_server,
)

CONNECTIONS = 10
WARM_UP = 200
CREATE_BODY = json.dumps(seeds(1)[0], separators=(",", ":"))
SIZES = (100, 1_000, 10_000)


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def text(self) -> str:
        return f"{self.rps:,.0f} req/s, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def load(url: str, amount: int, *, body: str | None = None) -> Load:
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
    return Load(
        amount, result["seconds"], _percentile(latencies, 0.5), _percentile(latencies, 0.99)
    )


def _warm_and_load(url: str, amount: int, body: str | None = None) -> Load:
    load(url, WARM_UP, body=body)
    return load(url, amount, body=body)


def _fill(client: httpx.Client, target: int) -> None:
    have = len(client.get("/distributions").json()["iterable"])
    for seed in seeds(target - have, seed_value=have):
        client.post("/distributions/create", json=seed).raise_for_status()


def _snapshot_latency(client: httpx.Client, requests: int) -> tuple[float, float]:
    times = []
    for _ in range(requests + 2):
        start = time.perf_counter()
        client.get("/distributions").raise_for_status()
        times.append(time.perf_counter() - start)
    times = times[2:]
    return median(times), _percentile(times, 0.99)


def measure(amount: int) -> list[Row]:
    part = f"5 server ({amount:,} requests, {CONNECTIONS} connections, autocannon)"
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        latency: dict[int, tuple[float, float]] = {}
        with reference_server(folder_path / "db") as url, httpx.Client(base_url=url) as client:
            _fill(client, SIZES[0])
            latency[SIZES[0]] = _snapshot_latency(client, 100)
            snapshot_body = client.get("/distributions").content
            ours_snapshot = _warm_and_load(f"{url}/distributions", amount)
            create_body = client.post("/distributions/create", content=CREATE_BODY).content
            ours_create = _warm_and_load(f"{url}/distributions/create", amount, CREATE_BODY)
            for size, requests in zip(SIZES[1:], (30, 10), strict=True):
                _fill(client, size)
                latency[size] = _snapshot_latency(client, requests)
        # The ceiling answers the very bytes our server answered.
        (folder_path / "create.json").write_bytes(create_body)
        (folder_path / "snapshot.json").write_bytes(snapshot_body)
        ceiling_argv = [str(OURS_PYTHON), "-m", "bench.ceiling", "--port", "0"]
        ceiling_argv += ["--create", str(folder_path / "create.json")]
        ceiling_argv += ["--snapshot", str(folder_path / "snapshot.json")]
        with process(ceiling_argv, r"ceiling listening on (http://\S+)") as found:
            ceiling_snapshot = _warm_and_load(f"{found.group(1)}/distributions", amount)
            ceiling_create = _warm_and_load(
                f"{found.group(1)}/distributions/create", amount, CREATE_BODY
            )
        prism_argv = [str(PRISM), "mock", str(ROOT / "openapi.yaml"), "--host", "127.0.0.1"]
        prism_argv += ["--port", "0"]
        with process(prism_argv, r"Prism is listening on (http://\S+)") as found:
            prism_url = found.group(1)
            prism_snapshot = _warm_and_load(f"{prism_url}/distributions", amount)
            prism_create = _warm_and_load(f"{prism_url}/distributions/create", amount, CREATE_BODY)

    rows = []
    for name, ours, ceiling, prism in (
        ("create", ours_create, ceiling_create, prism_create),
        (f"snapshot of {SIZES[0]}", ours_snapshot, ceiling_snapshot, prism_snapshot),
    ):
        share = ours.rps / ceiling.rps
        is_create = name == "create"
        rows.append(
            Row(
                part,
                name,
                ours.text(),
                "bare Starlette, fixed body (ceiling)",
                ceiling.text(),
                f"{share:.0%} of ceiling",
                ">= 50%" if is_create else "",
                share >= 0.5 if is_create else None,
            )
        )
        rows.append(
            Row(
                part,
                name,
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
                f"{p50 / size * 1e6:.0f} us each",
                "",
                None,
            )
        )
    return rows
