"""The schemathesis children of a run: their event logs as a stream, the time budget, the stop.

A run has one child, or two when its phases are split (runner.jobs_for): the stateful phase in
one process beside the others in another, each on a core of its own. Each child writes its
NDJSON event log into a pipe that this process reads as the run goes (`/dev/fd/N`, passed to
the child; a regular file where there is no /dev/fd), so the runner shows progress, judges each
response with the client and keeps only what the reports need, while the children still run,
and nothing of the full log is written to disk.

Each child runs in a session of its own: a Ctrl-C on the terminal reaches this process alone,
which asks each child once to stop (SIGINT, what schemathesis treats as an interruption: it ends
its scenarios and its log), waits a grace period, then kills it. SIGTERM (a CI job cancelled)
and a spent time budget do the same. Whatever the reason, the runner then writes its reports
from what arrived.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any

from pieces_contract import inert

# The environment variable naming the file where the checks of a run split over two processes
# journal the ids they delete (checks.py reads it; runner.jobs_for splits).
DELETES_VARIABLE = "PIECES_CONTRACT_DELETES"
# How long a child asked to stop may take to end its scenarios and log before it is killed.
GRACE_SECONDS = 15.0
PIPE = os.name == "posix" and Path("/dev/fd").is_dir()

EventHandler = Callable[[Mapping[str, Any], str], None]


@dataclass
class Outcome:
    returncode: int
    # Why the run ended before schemathesis finished it, in words; None when it finished.
    interrupted: str | None
    # An exception the event handler raised (the child's log was still drained to the end).
    handler_error: BaseException | None = None
    # Why `before` refused the run (the child was killed at once); None when it did not.
    refused: str | None = None


class _Stop:
    """The first reason to stop, from a signal handler, the budget or the caller."""

    def __init__(self) -> None:
        self.reason: str | None = None
        self.event = threading.Event()

    def set(self, reason: str) -> None:
        if self.reason is None:
            self.reason = reason
        self.event.set()


@contextmanager
def _signals(stop: _Stop) -> Iterator[None]:
    """SIGINT and SIGTERM ask the run to stop (only the main thread may install handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set(f"stopped by {signal.Signals(signum).name}")

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _drain(lines: IO[str], on_event: EventHandler, errors: list[BaseException]) -> None:
    for line in lines:
        if errors:
            continue  # keep reading: a child blocked on a full pipe would never end
        try:
            on_event(json.loads(line), line)
        except BaseException as error:  # reported by run() once the child has ended
            errors.append(error)


@dataclass
class Job:
    """One schemathesis child: its command line, the file its output goes to, its folder."""

    command: Sequence[str]
    log: Path
    cwd: Path | None = None


class _Child:
    """A started child, with the thread that reads its event log."""

    def __init__(self, job: Job, events_option: str, env: Mapping[str, str], tmp: Path) -> None:
        self.reader: threading.Thread | None = None
        self.lines: IO[str] | None = None
        pass_fds: tuple[int, ...] = ()
        if PIPE:
            self.read_end, write_end = os.pipe()
            self.target, pass_fds = f"/dev/fd/{write_end}", (write_end,)
        else:
            self.target = str(tmp / f"events-{id(self)}.ndjson")
        with inert.private_file(job.log) as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter's schemathesis
                [*job.command, events_option, self.target],
                cwd=job.cwd,
                env=dict(env),
                stdout=out,
                stderr=subprocess.STDOUT,
                pass_fds=pass_fds,
                start_new_session=True,
                # Everything it writes (the HAR file with --keep-exchanges all) is the owner's.
                umask=0o077,
            )
        if PIPE:
            os.close(write_end)

    def read(self, on_event: EventHandler, errors: list[BaseException]) -> None:
        if not PIPE:
            return
        self.lines = os.fdopen(self.read_end, encoding="utf-8")
        self.reader = threading.Thread(
            target=_drain, args=(self.lines, on_event, errors), name="contract-events", daemon=True
        )
        self.reader.start()

    def stop(self) -> None:
        """Ask it to stop (SIGINT: it ends its scenarios and its log), kill it after the grace."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)

    def end(self, deadline: float, on_event: EventHandler, errors: list[BaseException]) -> None:
        try:
            self.process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        # Whatever the child left behind in its session goes with it.
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.reader is not None and self.lines is not None:
            self.reader.join()
            self.lines.close()
        elif not PIPE:
            with Path(self.target).open(encoding="utf-8") as written:
                _drain(written, on_event, errors)


def run(
    jobs: Sequence[Job],
    events_option: str,
    env: Mapping[str, str],
    on_event: EventHandler,
    budget: float | None,
    before: Callable[[], str | None] | None = None,
) -> Outcome:
    """Run each job's command with `events_option PATH` appended, all at once, feeding every
    event to `on_event` (one event at a time, whichever child it came from).

    `budget` (seconds) stops the children once spent; None lets them run to their end.
    `before` runs while the children start (an interpreter, imports and spec take seconds, and
    this process would otherwise wait for them in turn); a reason it returns kills them at once.
    The exit status is the first child's that is not 0.
    """
    stop = _Stop()
    errors: list[BaseException] = []
    started = time.monotonic()
    lock = threading.Lock()

    def one_at_a_time(event: Mapping[str, Any], line: str) -> None:
        with lock:
            on_event(event, line)

    handler = on_event if len(jobs) == 1 else one_at_a_time
    with tempfile.TemporaryDirectory(prefix="contract-events-") as tmp, _signals(stop):
        children = [_Child(job, events_option, env, Path(tmp)) for job in jobs]
        for started_child in children:
            started_child.read(handler, errors)

        refused = before() if before is not None else None
        if refused is not None:
            stop.set(refused)
            for each in children:
                each.process.kill()

        def wait_for_children() -> None:
            for each in children:
                each.process.wait()
            stop.event.set()

        threading.Thread(target=wait_for_children, daemon=True).start()
        remaining = None if budget is None else max(0.0, budget - (time.monotonic() - started))
        if not stop.event.wait(remaining) and any(e.process.poll() is None for e in children):
            stop.set(f"stopped when its time budget of {budget:.0f}s was spent")
        for each in children:
            each.stop()
        deadline = time.monotonic() + GRACE_SECONDS
        for each in children:
            each.end(deadline, handler, errors)
    codes = [each.process.returncode for each in children]
    returncode = next((code for code in codes if code), 0)
    if refused is not None:
        return Outcome(returncode, None, None, refused)
    return Outcome(returncode, stop.reason, errors[0] if errors else None)
