"""Progress of a run on a terminal: the phase, the last operation, cases and failures so far.

Fed the events of schemathesis' log as they arrive (runner), it keeps one status line up to date
in place and prints a line when each phase ends. It writes only to a terminal and never with
--quiet: a CI log or a pipe gets the run's own lines and nothing in between.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any, TextIO

# How often the status line is redrawn while nothing arrives (a long fuzzing phase).
TICK = 1.0
CLEAR = "\r\x1b[K"
# schemathesis' own bookkeeping phases, not worth a line.
QUIET_PHASES = frozenset({"probing", "schema_analysis"})


def terminal(stream: Any) -> TextIO | None:
    """The terminal under `stream` (cli.main wraps stdout in inert.InertStream, which would
    escape the line's own control characters); None when it is not a terminal."""
    raw = getattr(stream, "stream", stream)
    return raw if hasattr(raw, "isatty") and raw.isatty() else None


class Progress:
    def __init__(self, stream: TextIO | None, budget: float | None = None) -> None:
        """`stream` None (not a terminal, or --quiet) makes every method a no-op."""
        self.stream = stream
        self.budget = budget
        self.started = time.monotonic()
        # The phases under way (two at once when the run splits them over two processes),
        # each with when it started and its cases so far.
        self.running: dict[str, tuple[float, int]] = {}
        self.operation = ""
        self.cases = 0
        self.failures = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.ticker: threading.Thread | None = None

    @property
    def enabled(self) -> bool:
        return self.stream is not None

    def start(self) -> None:
        if self.stream is None:
            return
        self.ticker = threading.Thread(target=self._tick, name="contract-progress", daemon=True)
        self.ticker.start()

    def _tick(self) -> None:
        while not self.stop.wait(TICK):
            self.draw()

    def event(self, event: Mapping[str, Any]) -> None:
        if self.stream is None:
            return
        name, body = next(iter(event.items()))
        # A phase event's "phase" is an object; a scenario's is the phase's name.
        about = body.get("phase") if isinstance(body, dict) else None
        about = about if isinstance(about, dict) else {}
        if name in ("PhaseStarted", "PhaseFinished") and not about.get("is_enabled", True):
            return  # a phase the process leaves to the other (runner.jobs_for) or not asked for
        with self.lock:
            if name == "PhaseStarted":
                phase = str(about.get("name", ""))
                self.running[phase] = (time.monotonic(), 0)
                self.operation = ""
            elif name == "ScenarioFinished":
                recorder = body.get("recorder") or {}
                self.operation = str(recorder.get("label") or "")
                cases = len(recorder.get("cases") or ())
                self.cases += cases
                phase = str(body.get("phase", ""))
                if phase in self.running:
                    since, so_far = self.running[phase]
                    self.running[phase] = (since, so_far + cases)
                self.failures += sum(
                    1
                    for checks in (recorder.get("checks") or {}).values()
                    for check in checks
                    if check.get("status") == "failure"
                )
            elif name == "PhaseFinished":
                phase = str(about.get("name", ""))
                since, cases = self.running.pop(phase, (time.monotonic(), 0))
                if phase not in QUIET_PHASES:
                    self._write(
                        f"{CLEAR}contract: phase {phase} done: {cases} cases in "
                        f"{time.monotonic() - since:.1f}s ({self.cases} cases, "
                        f"{self.failures} failures so far)\n"
                    )
        self.draw()

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        budget = f" of {self.budget:.0f}s" if self.budget else ""
        where = f" last {self.operation}" if self.operation else ""
        phase = "+".join(sorted(self.running)) or "starting"
        return (
            f"contract: [{phase}]{where}: {self.cases} cases, {self.failures} failures, "
            f"{elapsed:.0f}s{budget}"
        )

    def draw(self) -> None:
        if self.stream is None:
            return
        with self.lock:
            self._write(CLEAR + self.line())

    def finish(self) -> None:
        """Stop redrawing and clear the status line, before the run's own output."""
        if self.stream is None:
            return
        self.stop.set()
        if self.ticker is not None:
            self.ticker.join()
        with self.lock:
            self._write(CLEAR)

    def _write(self, text: str) -> None:
        assert self.stream is not None
        self.stream.write(text)
        self.stream.flush()
