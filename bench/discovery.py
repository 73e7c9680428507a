"""Finding Pieces OS: our discover() beside the official SDK's port scan, in their own venvs.

Each side runs in a fresh interpreter of its own venv that imports its code first (the import is
not timed) and then times `calls` searches: ours is `pieces_distributions.discover()` with no
port file (PIECES_OS_CONFIG_DIR points at an empty folder) and no PIECES_OS_URL; theirs is
`PiecesClient._port_scanning()` of pieces_os_client 5.0.1 (wrapper/client.py), the scan its
client runs to find the port, over the same 39300-39333. The two take turns, `rounds` times.

Twice: with nothing listening on the range (both must give up: ours raises DiscoveryError,
theirs ValueError), and with our reference server started without --port (it takes the first
free port of the range, as Pieces OS does, and both must find a server). The slowest call of
ours with nothing listening, the first call of each fresh interpreter included, is held to the
issue's half a second. If something already listens on the range, the "nothing listening"
rows say so instead of measuring a search that succeeds.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
from pathlib import Path

from pieces_distributions.discovery import DEFAULT_PORTS

from reference_server.launcher import live_server

from .support import (
    DISCOVERY_SECONDS,
    DISCOVERY_VS_SDK,
    OURS_PYTHON,
    ROOT,
    UPSTREAM_PYTHON,
    Row,
    median,
    ms,
)

# Each prints a JSON list of [seconds, found URL or null] per call.
_OURS = """
import json, sys, time
import pieces_distributions
samples = []
for _ in range({calls}):
    started = time.perf_counter()
    try:
        found = pieces_distributions.discover()
    except pieces_distributions.DiscoveryError:
        found = None
    samples.append([time.perf_counter() - started, found])
print(json.dumps(samples))
"""
_THEIRS = """
import json, time
from pieces_os_client.wrapper.client import PiecesClient
samples = []
for _ in range({calls}):
    started = time.perf_counter()
    try:
        found = "http://127.0.0.1:" + PiecesClient._port_scanning()
    except ValueError:
        found = None
    samples.append([time.perf_counter() - started, found])
print(json.dumps(samples))
"""


Samples = list[tuple[float, str | None]]  # seconds, the URL found (None: gave up)


def _run(python: Path, code: str, calls: int, env: dict[str, str]) -> Samples:
    done = subprocess.run(
        [str(python), "-c", code.format(calls=calls)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    return [(float(seconds), found) for seconds, found in json.loads(done.stdout)]


def _speed(theirs: float, ours: float) -> str:
    return f"{theirs / ours:.1f}x faster" if ours <= theirs else f"{ours / theirs:.1f}x slower"


def _listening(ports: range) -> list[int]:
    busy = []
    for port in ports:
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                busy.append(port)
    return busy


def _side_by_side(calls: int, rounds: int, env: dict[str, str]) -> tuple[Samples, Samples]:
    ours: Samples = []
    theirs: Samples = []
    for index in range(rounds):
        order = (0, 1) if index % 2 == 0 else (1, 0)
        for side in order:
            if side == 0:
                ours += _run(OURS_PYTHON, _OURS, calls, env)
            else:
                theirs += _run(UPSTREAM_PYTHON, _THEIRS, calls, env)
    return ours, theirs


def measure(calls: int, rounds: int) -> list[Row]:
    part = f"7 finding Pieces OS ({rounds} x {calls} calls per side, fresh interpreters)"
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as empty:
        env = {k: v for k, v in os.environ.items() if k != "PIECES_OS_URL"}
        env["PIECES_OS_CONFIG_DIR"] = empty

        busy = _listening(DEFAULT_PORTS)
        if busy:
            note = f"not measured: port {busy[0]} of 39300-39333 is in use"
            rows.append(Row(part, "nothing listening", note, "", "", "", "", None))
        else:
            ours, theirs = _side_by_side(calls, rounds, env)
            assert all(found is None for _, found in ours + theirs), "something answered"
            ours_median = median([s for s, _ in ours])
            theirs_median = median([s for s, _ in theirs])
            slowest = max(s for s, _ in ours)
            rows.append(
                Row.judged(
                    part,
                    "nothing listening: discover() gives up",
                    ms(ours_median),
                    "pieces_os_client PiecesClient._port_scanning()",
                    ms(theirs_median),
                    _speed(theirs_median, ours_median),
                    DISCOVERY_VS_SDK,
                    theirs_median / ours_median,
                )
            )
            rows.append(
                Row.judged(
                    part,
                    "nothing listening: slowest call (first calls included)",
                    ms(slowest),
                    "the issue's bound",
                    "500 ms",
                    f"{slowest / DISCOVERY_SECONDS.bound:.0%} of the bound",
                    DISCOVERY_SECONDS,
                    slowest,
                )
            )

        with live_server(Path(empty) / "bench.sqlite3", extra_args=["--port", ""]) as server:
            ours, theirs = _side_by_side(calls, rounds, env)
        missing = [found for _, found in ours + theirs if found is None]
        assert not missing, "a search missed the running server"
        ours_median = median([s for s, _ in ours])
        theirs_median = median([s for s, _ in theirs])
        rows.append(
            Row(
                part,
                f"server found ({server.base_url.rsplit(':', 1)[1]}): discover()",
                ms(ours_median),
                "pieces_os_client PiecesClient._port_scanning()",
                ms(theirs_median),
                _speed(theirs_median, ours_median),
                "",
                None,
            )
        )
    return rows
