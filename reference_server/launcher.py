"""Start a server as a child process, wait for its ready line, and always stop it.

The one process runner of the project: tests, the contract runner, interop and bench all start
servers (ours, the deliberately broken ones, Prism, the bench ceiling) through `launched`, and our
own server through `live_server`. Each child runs in a session of its own, so stopping it stops
whatever it spawned too (uvicorn's workers, Prism's forked worker). Output goes to files, not
pipes, so a chatty child can never block on a full pipe, and a failed start reports what it wrote.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

# What `python -m reference_server` prints on stdout once it accepts connections (cli.py writes
# it; this pattern is the only reader). A server that moved off the first port of its range
# says so after the URL, in parentheses.
READY = re.compile(r"^reference_server listening on (http://\S+)(?: \([^\n]*\))?$", re.MULTILINE)
START_TIMEOUT_SECONDS = 15.0
STOP_TIMEOUT_SECONDS = 10.0
POLL_SECONDS = 0.02


class ServerStartError(RuntimeError):
    """The child exited or stayed silent instead of announcing that it is ready."""


@dataclass
class Launched:
    """A running child process, the match of its ready line, and its output files."""

    process: subprocess.Popen[str]
    ready: re.Match[str]
    stdout_path: Path = field(repr=False)
    stderr_path: Path = field(repr=False)

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> int:
        """SIGTERM to the whole process group, then wait; SIGKILL if it does not stop in time."""
        return stop_process_group(self.process, timeout)

    def kill(self) -> int:
        """SIGKILL to the process alone: it gets no chance to clean up (crash tests)."""
        if self.process.poll() is None:
            self.process.kill()
        return self.process.wait()

    def stdout_text(self) -> str:
        return _read(self.stdout_path)

    def stderr_text(self) -> str:
        return _read(self.stderr_path)


def stop_process_group(
    process: subprocess.Popen[str], timeout: float = STOP_TIMEOUT_SECONDS
) -> int:
    """SIGTERM to the child's process group, then wait; SIGKILL to the group if it lingers."""
    if process.poll() is None:
        _signal_group(process, signal.SIGTERM)
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            code = process.wait()
    else:
        code = process.wait()
    # Whatever the child left behind in its group (a worker that outlived a SIGKILLed parent).
    _signal_group(process, signal.SIGKILL)
    return code


def _signal_group(process: subprocess.Popen[str], signum: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


@contextmanager
def launched(
    argv: Sequence[str],
    ready: re.Pattern[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = START_TIMEOUT_SECONDS,
    stream: str = "stdout",
) -> Iterator[Launched]:
    """Run argv until `ready` matches its output; stop it (and its process group) on exit.

    `stream` is the output watched: "stdout", "stderr", or "combined" (stderr written into the
    stdout file, for tools such as Prism that log to both).
    """
    logs = Path(tempfile.mkdtemp(prefix="launched-"))
    stdout_path, stderr_path = logs / "stdout.log", logs / "stderr.log"
    watched = stderr_path if stream == "stderr" else stdout_path
    process: subprocess.Popen[str] | None = None
    try:
        with stdout_path.open("w") as stdout, stderr_path.open("w") as stderr:
            process = subprocess.Popen(  # noqa: S603 (argv comes from our own callers)
                list(argv),
                cwd=cwd,
                env=dict(env) if env is not None else None,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=subprocess.STDOUT if stream == "combined" else stderr,
                text=True,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while True:
            found = ready.search(_read(watched))
            if found:
                break
            if process.poll() is not None:
                raise ServerStartError(
                    f"{Path(argv[0]).name} exited with {process.returncode} before it was ready; "
                    f"stdout:\n{_read(stdout_path)[-3000:]}\nstderr:\n{_read(stderr_path)[-3000:]}"
                )
            if time.monotonic() > deadline:
                raise ServerStartError(
                    f"{Path(argv[0]).name} not ready after {timeout:.0f}s; "
                    f"stdout:\n{_read(stdout_path)[-3000:]}\nstderr:\n{_read(stderr_path)[-3000:]}"
                )
            time.sleep(POLL_SECONDS)
        yield Launched(process, found, stdout_path, stderr_path)
    finally:
        if process is not None:
            stop_process_group(process)
        shutil.rmtree(logs, ignore_errors=True)


@dataclass
class LiveServer:
    """Our reference server (or an entry point with the same flags), running as a child."""

    base_url: str
    db_path: Path
    launched: Launched = field(repr=False)

    @property
    def process(self) -> subprocess.Popen[str]:
        return self.launched.process

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> int:
        return self.launched.stop(timeout)

    def kill(self) -> int:
        return self.launched.kill()

    def stdout_text(self) -> str:
        return self.launched.stdout_text()

    def stderr_text(self) -> str:
        return self.launched.stderr_text()


def server_environment(api_key: str | None) -> dict[str, str]:
    """This process's environment minus its PIECES_* settings, plus the key when one is given."""
    # The runner's own PIECES_* settings must not leak into the server under test.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PIECES_")}
    if api_key is not None:
        # Through the environment rather than argv, so the key stays out of process listings.
        env["PIECES_API_KEY"] = api_key
    return env


@contextmanager
def live_server(
    db_path: Path,
    *,
    api_key: str | None = None,
    extra_args: Sequence[str] = (),
    module: str = "reference_server",
    host: str | None = "127.0.0.1",
    cwd: Path | None = None,
    python: str = sys.executable,
) -> Iterator[LiveServer]:
    """The reference server on 127.0.0.1 and a free port, using the database at db_path.

    `module` runs another entry point with the same flags and ready line instead (the
    deliberately broken servers of the contract tests; give `cwd` so it can be imported).
    `host=None` passes no --host, for the test of the server's own default.
    """
    command = [
        python,
        "-m",
        module,
        *(["--host", host] if host is not None else []),
        "--port",
        "0",
        "--db",
        str(db_path),
        *extra_args,
    ]
    first_line = re.compile(r"\A(?P<line>[^\n]*)\n")
    with launched(command, first_line, cwd=cwd, env=server_environment(api_key)) as child:
        line = child.ready.group("line").strip()
        found = READY.match(line)
        if not found:
            raise ServerStartError(
                f"unexpected first stdout line {line!r}; stderr:\n{child.stderr_text()}"
            )
        yield LiveServer(found.group(1), db_path, child)
