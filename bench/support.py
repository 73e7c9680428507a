"""What every part of the bench shares: paths, the two interpreters, statistics, child processes.

Our own server is started with `reference_server.launcher.live_server`; `process`
here runs the other servers (the ceiling, Prism), each in a session of its own.
"""

from __future__ import annotations

import re
import statistics
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reference_server.launcher import launched

ROOT = Path(__file__).resolve().parents[1]
OURS_PYTHON = ROOT / ".venv" / "bin" / "python"
UPSTREAM_PYTHON = ROOT / ".venv-upstream" / "bin" / "python"
AUTOCANNON = ROOT / "bench" / "node_modules" / ".bin" / "autocannon"
PRISM = ROOT / "interop" / "node_modules" / ".bin" / "prism"
REPORTS = ROOT / "reports"
START_TIMEOUT_SECONDS = 60.0


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


@dataclass(frozen=True)
class Row:
    """One line of the report: a figure of ours beside the alternative's, and the verdict."""

    part: str
    measure: str
    ours: str
    alternative: str
    theirs: str
    ratio: str
    target: str
    met: bool | None  # None: shown for context, no target

    @property
    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: "-"}[self.met]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


@contextmanager
def process(argv: Sequence[str], ready: str) -> Iterator[re.Match[str]]:
    """Start `argv`, wait (bounded) until its output matches `ready`, and always stop it after."""
    with launched(
        argv, re.compile(ready), cwd=ROOT, timeout=START_TIMEOUT_SECONDS, stream="combined"
    ) as child:
        yield child.ready


def check_tools() -> list[str]:
    """What is missing for a full run, as a list of hints."""
    missing = []
    if not OURS_PYTHON.exists():
        missing.append("run `make setup`")
    if not UPSTREAM_PYTHON.exists():
        missing.append("run `make upstream-venv`")
    if not AUTOCANNON.exists():
        missing.append("run `npm ci` in bench/")
    if not PRISM.exists():
        missing.append("run `npm ci` in interop/")
    return missing


def python_version(python: Path) -> str:
    done = subprocess.run(
        [str(python), "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()
