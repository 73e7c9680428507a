"""Running `pieces-contract` as a user would, against our server or a broken one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reference_server.launcher import LiveServer, live_server

ROOT = Path(__file__).resolve().parents[2]
MODULE = "tests.contract.broken_servers"
CHECK_LINE = re.compile(r"^\s+check (\S+)\s+(\d+) passed\s+(\d+) failed", re.MULTILINE)
RUN_TIMEOUT = 240


@dataclass
class Run:
    returncode: int
    stdout: str
    reports: Path

    def failed_checks(self) -> set[str]:
        return {name for name, _, failed in CHECK_LINE.findall(self.stdout) if int(failed) > 0}

    def explain(self) -> str:
        return self.stdout[-4000:]


def contract(
    *arguments: str,
    cwd: Path,
    timeout: float = RUN_TIMEOUT,
    env: Mapping[str, str] | None = None,
) -> Run:
    """`pieces-contract ARGUMENTS` in `cwd` (its reports land in cwd/reports); `env` is added
    to this process's environment."""
    done = subprocess.run(
        [sys.executable, "-m", "pieces_contract", *arguments],
        cwd=cwd,
        env={**os.environ, **env} if env else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Run(done.returncode, done.stdout + done.stderr, cwd / "reports")


@contextmanager
def every_fault(folder: Path) -> Iterator[LiveServer]:
    """One broken server process serving every fault, each under `/FAULT` (fault_url)."""
    with live_server(
        folder / "faults.sqlite3", module=MODULE, extra_args=["--every-fault"], cwd=ROOT
    ) as srv:
        yield srv


def fault_url(server: LiveServer, fault: str) -> str:
    return f"{server.base_url}/{fault}"


def run_at(base_url: str, folder: Path, *arguments: str) -> Run:
    """`pieces-contract run` against base_url, in (and reporting to) its own folder."""
    folder.mkdir(parents=True, exist_ok=True)
    return contract("run", "--base-url", base_url, *arguments, cwd=folder)


def run_against_server_with(server_flags: Sequence[str], folder: Path, *arguments: str) -> Run:
    """A broken-servers process of its own, started with `server_flags` (the gateway, 501 for
    unknown methods: what --every-fault does not combine with)."""
    folder.mkdir(parents=True, exist_ok=True)
    with live_server(
        folder / "broken.sqlite3", module=MODULE, extra_args=server_flags, cwd=ROOT
    ) as srv:
        return run_at(srv.base_url, folder, *arguments)
