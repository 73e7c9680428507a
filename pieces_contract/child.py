"""The schemathesis child of a run: its event log as a stream, its time budget, its stop.

The child writes its NDJSON event log into a pipe that this process reads as the run goes
(`/dev/fd/N`, passed to the child; a regular file where there is no /dev/fd), so the runner
shows progress, judges each response with the client and keeps only what the reports need,
while the child still runs, and nothing of the full log is written to disk.

The child runs in a session of its own: a Ctrl-C on the terminal reaches this process alone,
which asks the child once to stop (SIGINT, what schemathesis treats as an interruption: it ends
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


def run(
    command: Sequence[str],
    events_option: str,
    env: Mapping[str, str],
    log: Path,
    on_event: EventHandler,
    budget: float | None,
    before: Callable[[], str | None] | None = None,
    cwd: Path | None = None,
) -> Outcome:
    """Run `command` with `events_option PATH` appended, feeding each event to `on_event`.

    `budget` (seconds) stops the child once spent; None lets it run to its end. `before` runs
    while the child starts (its interpreter, imports and spec take seconds, and this process
    would otherwise wait for them in turn); a reason it returns kills the child at once.
    """
    stop = _Stop()
    errors: list[BaseException] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="contract-events-") as tmp, _signals(stop):
        pass_fds: tuple[int, ...] = ()
        if PIPE:
            read_end, write_end = os.pipe()
            target, pass_fds = f"/dev/fd/{write_end}", (write_end,)
        else:
            target = str(Path(tmp) / "events.ndjson")
        with inert.private_file(log) as out:
            child = subprocess.Popen(  # noqa: S603 - our own interpreter's schemathesis
                [*command, events_option, target],
                cwd=cwd,
                env=dict(env),
                stdout=out,
                stderr=subprocess.STDOUT,
                pass_fds=pass_fds,
                start_new_session=True,
                # Everything it writes (the HAR file with --keep-exchanges all) is the owner's.
                umask=0o077,
            )
        reader = None
        if PIPE:
            os.close(write_end)
            lines = os.fdopen(read_end, encoding="utf-8")
            reader = threading.Thread(
                target=_drain, args=(lines, on_event, errors), name="contract-events", daemon=True
            )
            reader.start()

        refused = before() if before is not None else None
        if refused is not None:
            stop.set(refused)
            child.kill()

        def wait_for_child() -> None:
            child.wait()
            stop.event.set()

        threading.Thread(target=wait_for_child, daemon=True).start()
        remaining = None if budget is None else max(0.0, budget - (time.monotonic() - started))
        if not stop.event.wait(remaining) and child.poll() is None:
            stop.set(f"stopped when its time budget of {budget:.0f}s was spent")
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
            try:
                child.wait(GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        # Whatever the child left behind in its session goes with it.
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGKILL)
        if reader is not None:
            reader.join()
            lines.close()
        else:
            with Path(target).open(encoding="utf-8") as written:
                _drain(written, on_event, errors)
    if refused is not None:
        return Outcome(child.returncode, None, None, refused)
    return Outcome(child.returncode, stop.reason, errors[0] if errors else None)
