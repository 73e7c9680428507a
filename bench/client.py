"""Client round trip: a snapshot of 100 distributions from a live reference server.

Ours is `distributions_snapshot.sync(client=...)`, which returns models; the floor is the same
GET with raw httpx and `json.loads` on the body. Both use one keep-alive connection, take turns
request by request, and the overhead is the ratio of the two medians. Two context rows split it:
building the models from the parsed body (timed on its own), and the CPU time our process spends
per call beside the raw one's, with what is left once from_dict is taken off (our request
building and status dispatch; CPU time leaves out the server and the waits of a loaded machine).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import httpx
from pieces_distributions import Client
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution,
    distributions_snapshot,
)
from pieces_distributions.models import Distributions, SeededDistribution

from reference_server.launcher import live_server

from .data import seeds
from .support import ROUND_TRIP, Row, median

STORED = 100


def _fill(client: Client, count: int) -> None:
    for seed in seeds(count):
        created = distributions_create_new_distribution.sync_detailed(
            client=client, body=SeededDistribution.from_dict(seed)
        )
        assert created.status_code == 200, created.content


def measure(requests: int) -> list[Row]:
    # Wall time per call, and the CPU time our process spent in it (thread_time: what the client
    # code costs, without the server's share or the waits of a loaded machine).
    wall: tuple[list[float], list[float]] = ([], [])
    cpu: tuple[list[float], list[float]] = ([], [])
    with (
        tempfile.TemporaryDirectory() as folder,
        live_server(Path(folder) / "db") as server,
        Client(base_url=server.base_url) as ours,
        httpx.Client(base_url=server.base_url) as raw,
    ):
        _fill(ours, STORED)
        for index in range(requests + 20):
            # Who goes first alternates, so neither side always follows the other's request.
            for side in (0, 1) if index % 2 else (1, 0):
                start, start_cpu = time.perf_counter(), time.thread_time()
                if side == 0:
                    snapshot = distributions_snapshot.sync(client=ours)
                    assert isinstance(snapshot, Distributions)
                    assert len(snapshot.iterable) == STORED
                else:
                    document = json.loads(raw.get("/distributions").content)
                    assert len(document["iterable"]) == STORED
                elapsed, elapsed_cpu = time.perf_counter() - start, time.thread_time() - start_cpu
                if index >= 20:  # the first turns warm both connections up
                    wall[side].append(elapsed)
                    cpu[side].append(elapsed_cpu)
        body = raw.get("/distributions").content
    # Where the overhead goes: building the models from the parsed body, timed on its own.
    decode_times, loads_times = [], []
    for _ in range(requests):
        start = time.thread_time()
        document = json.loads(body)
        middle = time.thread_time()
        Distributions.from_dict(document)
        decode_times.append(time.thread_time() - middle)
        loads_times.append(middle - start)
    ours_median, raw_median = median(wall[0]), median(wall[1])
    ours_cpu, raw_cpu = median(cpu[0]), median(cpu[1])
    overhead = ours_median / raw_median - 1
    decode_median = median(decode_times)
    rest = ours_cpu - raw_cpu - decode_median
    part = f"4 client round trip (snapshot of {STORED}, median of {requests})"
    return [
        Row.judged(
            part,
            "distributions_snapshot.sync -> models",
            f"{ours_median * 1000:.2f} ms",
            "raw httpx GET + json.loads",
            f"{raw_median * 1000:.2f} ms",
            f"{overhead:+.0%} overhead",
            ROUND_TRIP,
            ours_median / raw_median,
        ),
        Row(
            part,
            "of which Distributions.from_dict alone",
            f"{decode_median * 1000:.2f} ms",
            "json.loads of the same body",
            f"{median(loads_times) * 1000:.2f} ms",
            f"{decode_median / raw_median:.0%} of the raw round trip",
            "",
            None,
        ),
        Row(
            part,
            "client CPU per call; the rest besides from_dict",
            f"{ours_cpu * 1000:.2f} ms; {rest * 1000:+.2f} ms",
            "raw httpx GET + json.loads, CPU",
            f"{raw_cpu * 1000:.2f} ms",
            f"{rest / raw_cpu:+.0%} of the raw CPU",
            "",
            None,
        ),
    ]
