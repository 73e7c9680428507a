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
from typing import Any

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
class Target:
    """A numeric target: met when the measured value is at least (or at most) `bound`.

    The value is a positive ratio or duration in the target's own unit: "x faster" (theirs /
    ours), "x json.loads" (ours / floor), "+40%" as 1.40 (ours / raw), a share of a ceiling, or
    seconds. `attainment` turns it into one scale for the chart: 1 is the target exactly, above
    1 is met with that much room, below 1 is missed by that factor.
    """

    text: str  # as the table shows it, e.g. ">= 8x"
    bound: float
    at_least: bool

    def met(self, value: float) -> bool:
        return value >= self.bound if self.at_least else value <= self.bound

    def attainment(self, value: float) -> float:
        return value / self.bound if self.at_least else self.bound / value


# Every target of the bench, written once. Issue 6 set the first ones; issue 14 the new ones
# (import, round trip, decode against json.loads, create, contract, discovery).
IMPORT_MODELS = Target(">= 10x", 10.0, at_least=True)
IMPORT_CLIENT = Target(">= 8x", 8.0, at_least=True)
DECODE_VS_THEIRS = Target(">= 2x", 2.0, at_least=True)
DECODE_VS_LOADS = Target("<= 2x", 2.0, at_least=False)
ENCODE_VS_THEIRS = Target(">= 3x", 3.0, at_least=True)
ROUND_TRIP = Target("<= +40%", 1.40, at_least=False)  # ours / raw httpx + json.loads
CREATE_VS_CEILING = Target(">= 65%", 0.65, at_least=True)  # every run: judge the worst round
CONTRACT_VS_RAW = Target(">= 80% of raw cases/s", 0.80, at_least=True)
# Issue 20: a whole ci run of ours (reports included) in no more wall time than raw's.
CONTRACT_WALL_VS_RAW = Target("<= 1x raw's wall time", 1.0, at_least=False)
DISCOVERY_VS_SDK = Target("faster than it", 1.0, at_least=True)  # theirs / ours
DISCOVERY_SECONDS = Target("<= 0.5 s", 0.5, at_least=False)
# Issue 22: the stand-in Pieces OS's setup per test, and a request through it against the same
# request on the bare reference app ("stays within the server's normal cost").
PIECES_OS_SETUP = Target("<= 20 ms", 0.020, at_least=False)
PIECES_OS_REQUEST = Target("<= 1.25x", 1.25, at_least=False)


@dataclass(frozen=True)
class Row:
    """One line of the report: a figure of ours beside the alternative's, and the verdict.

    Build a row with a target through `Row.judged`, which keeps the target, the verdict and the
    value the chart draws together; the plain constructor is for rows shown for context.
    """

    part: str
    measure: str
    ours: str
    alternative: str
    theirs: str
    ratio: str
    target: str
    met: bool | None  # None: shown for context, no target
    # The target and the measured value, for the chart; None on rows without a numeric target.
    goal: tuple[Target, float] | None = None

    @classmethod
    def judged(
        cls,
        part: str,
        measure: str,
        ours: str,
        alternative: str,
        theirs: str,
        ratio: str,
        target: Target,
        value: float,
    ) -> Row:
        return cls(
            part,
            measure,
            ours,
            alternative,
            theirs,
            ratio,
            target.text,
            target.met(value),
            (target, value),
        )

    @property
    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: "-"}[self.met]

    @property
    def attainment(self) -> float | None:
        """The value against its target (1 = exactly met; see Target), None without one."""
        return None if self.goal is None else self.goal[0].attainment(self.goal[1])

    def as_json(self) -> dict[str, object]:
        document: dict[str, object] = {
            "part": self.part,
            "measure": self.measure,
            "ours": self.ours,
            "alternative": self.alternative,
            "theirs": self.theirs,
            "ratio": self.ratio,
            "target": self.target,
            "met": self.met,
        }
        if self.goal is not None:
            target, value = self.goal
            document["goal"] = {
                "text": target.text,
                "bound": target.bound,
                "at_least": target.at_least,
                "value": value,
            }
        return document

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> Row:
        goal = document.get("goal")
        return cls(
            part=str(document["part"]),
            measure=str(document["measure"]),
            ours=str(document["ours"]),
            alternative=str(document["alternative"]),
            theirs=str(document["theirs"]),
            ratio=str(document["ratio"]),
            target=str(document["target"]),
            met=document["met"],
            goal=None
            if goal is None
            else (
                Target(str(goal["text"]), float(goal["bound"]), bool(goal["at_least"])),
                float(goal["value"]),
            ),
        )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


@contextmanager
def process(argv: Sequence[str], ready: str) -> Iterator[re.Match[str]]:
    """Start `argv`, wait (bounded) until its output matches `ready`, and always stop it after."""
    with launched(
        argv, re.compile(ready), cwd=ROOT, timeout=START_TIMEOUT_SECONDS, stream="combined"
    ) as child:
        yield child.ready


def check_tools(node: bool = True) -> list[str]:
    """What is missing for the run, as a list of hints; `node`: the server part's Node tools."""
    missing = []
    if not OURS_PYTHON.exists():
        missing.append("run `make setup`")
    if not UPSTREAM_PYTHON.exists():
        missing.append("run `make upstream-venv`")
    if node and not AUTOCANNON.exists():
        missing.append("run `npm ci` in bench/")
    if node and not PRISM.exists():
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
