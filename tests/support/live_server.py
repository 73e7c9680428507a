"""Run the real reference server as a subprocess on a free port, for tests over real HTTP.

`live_server(db_path)` starts `python -m reference_server --port 0 ...`, waits (bounded) for its
ready line on stdout and yields a `LiveServer`; on exit the process is always stopped, and killed
if it does not stop. The server's stdout and stderr go to files, not pipes, so a chatty server can
never block on a full pipe, and a failed start reports what the server wrote to stderr.
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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READY = re.compile(r"^reference_server listening on (http://\S+)$")
START_TIMEOUT_SECONDS = 15.0
STOP_TIMEOUT_SECONDS = 10.0
POLL_SECONDS = 0.02


class ServerStartError(RuntimeError):
    """The server exited or stayed silent instead of announcing that it is ready."""


@dataclass
class LiveServer:
    base_url: str
    process: subprocess.Popen[str]
    db_path: Path
    stdout_path: Path = field(repr=False)
    stderr_path: Path = field(repr=False)

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> int:
        """SIGTERM, then wait; SIGKILL if it does not stop in time. Returns the exit code."""
        return stop_process(self.process, timeout)

    def kill(self) -> int:
        """SIGKILL: the process gets no chance to clean up (crash tests)."""
        if self.process.poll() is None:
            self.process.kill()
        return self.process.wait()

    def stdout_text(self) -> str:
        return _read(self.stdout_path)

    def stderr_text(self) -> str:
        return _read(self.stderr_path)


def stop_process(process: subprocess.Popen[str], timeout: float = STOP_TIMEOUT_SECONDS) -> int:
    """SIGTERM, then wait; SIGKILL if it does not stop in time. Returns the exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ""


def _environment(api_key: str | None) -> dict[str, str]:
    # The runner's own PIECES_* settings must not leak into the server under test.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PIECES_")}
    if api_key is not None:
        # Through the environment rather than argv, so the key stays out of process listings.
        env["PIECES_API_KEY"] = api_key
    return env


def _wait_until_ready(process: subprocess.Popen[str], stdout: Path, stderr: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        first_line = _read(stdout).partition("\n")[0]
        if first_line:
            found = READY.match(first_line.strip())
            if found:
                return found.group(1)
            raise ServerStartError(
                f"unexpected first stdout line {first_line!r}; stderr:\n{_read(stderr)}"
            )
        if process.poll() is not None:
            raise ServerStartError(
                f"server exited with {process.returncode} before it was ready; "
                f"stderr:\n{_read(stderr)}"
            )
        if time.monotonic() > deadline:
            raise ServerStartError(
                f"server not ready after {START_TIMEOUT_SECONDS:.0f}s; stderr:\n{_read(stderr)}"
            )
        time.sleep(POLL_SECONDS)


@contextmanager
def live_server(
    db_path: Path,
    *,
    api_key: str | None = None,
    extra_args: Sequence[str] = (),
    module: str = "reference_server",
    host: str | None = "127.0.0.1",
) -> Iterator[LiveServer]:
    """The reference server on 127.0.0.1 and a free port, using the database at db_path.

    `module` runs another entry point with the same flags and ready line instead (the
    deliberately broken servers of the contract tests). `host=None` passes no --host, for
    the test of the server's own default.
    """
    logs = Path(tempfile.mkdtemp(prefix="live-server-"))
    stdout_path, stderr_path = logs / "stdout.log", logs / "stderr.log"
    command = [
        sys.executable,
        "-m",
        module,
        *(["--host", host] if host is not None else []),
        "--port",
        "0",
        "--db",
        str(db_path),
        *extra_args,
    ]
    process: subprocess.Popen[str] | None = None
    try:
        with stdout_path.open("w") as stdout, stderr_path.open("w") as stderr:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=_environment(api_key),
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                text=True,
            )
        base_url = _wait_until_ready(process, stdout_path, stderr_path)
        server = LiveServer(base_url, process, db_path, stdout_path, stderr_path)
        yield server
    finally:
        if process is not None:
            stop_process(process)
        shutil.rmtree(logs, ignore_errors=True)
