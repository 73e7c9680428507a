"""Run a Makefile target as a test would: bounded in time, and nothing left running after it."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_make(
    *arguments: str, cwd: Path = ROOT, timeout: float, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`make ARGUMENTS` in its own process group; on timeout the whole group is killed.

    subprocess.run's own timeout kills only make, which would leave what make started (a
    contract runner and the server it launched, a generator) running after the test.
    """
    with subprocess.Popen(
        ["make", "--no-print-directory", *arguments],
        cwd=cwd,
        env=None if env is None else dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
