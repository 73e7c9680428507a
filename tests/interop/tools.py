"""The third-party tools of the interop layer: where they live, how to run them, and a JSON
comparison that forgives only the spelling of a timestamp.

Nothing here installs anything: `make interop` runs `npm ci` in interop/ and builds
.venv-upstream first. A tool that is missing fails the test with that hint instead of skipping it.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reference_server.launcher import ServerStartError, launched

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi.yaml"
INTEROP_DIR = ROOT / "interop"
NODE_BIN = INTEROP_DIR / "node_modules" / ".bin"
UPSTREAM_PYTHON = ROOT / ".venv-upstream" / "bin" / "python"

PRISM_READY = re.compile(r"Prism is listening on (http://\S+)")
PRISM_START_TIMEOUT_SECONDS = 60.0
TOOL_TIMEOUT_SECONDS = 120.0


def tool(path: Path) -> Path:
    """The path, or a test failure that says how to get it."""
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make interop`, which installs it")
    return path


def node_tool(name: str) -> Path:
    return tool(NODE_BIN / name)


def run(command: Sequence[str | Path], *, timeout: float = TOOL_TIMEOUT_SECONDS) -> str:
    """Run a command to the end and return its stdout; a non-zero exit fails with both streams."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(
            f"{Path(command[0]).name} exited {done.returncode}\n"
            f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        )
    return done.stdout


@dataclass
class Prism:
    """A running Prism process and the file its log goes to."""

    base_url: str
    process: subprocess.Popen[str]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def logged_violations(self) -> list[str]:
        """Log lines in which Prism reports a request or response that breaks the spec."""
        return [line for line in self.log().splitlines() if "Violation" in line]


@contextmanager
def prism(*arguments: str) -> Iterator[Prism]:
    """`prism ARGUMENTS` on 127.0.0.1 and a port the system picks; stopped on exit, always."""
    command = [str(node_tool("prism")), *arguments, "--host", "127.0.0.1", "--port", "0"]
    try:
        with launched(
            command, PRISM_READY, cwd=ROOT, timeout=PRISM_START_TIMEOUT_SECONDS, stream="combined"
        ) as child:
            yield Prism(child.ready.group(1), child.process, child.stdout_path)
    except ServerStartError as error:
        pytest.fail(f"prism did not start: {error}")


def json_difference(left: Any, right: Any, where: str = "$") -> str | None:
    """Where two JSON values first differ, or None when they are the same data.

    Two strings that both read as the same moment count as equal: a client may write a datetime
    back as `...Z` where the server wrote `+00:00`, which changes the spelling, not the data.
    """
    if isinstance(left, dict) and isinstance(right, dict):
        if left.keys() != right.keys():
            return f"{where}: keys {sorted(left)} != {sorted(right)}"
        for key in left:
            found = json_difference(left[key], right[key], f"{where}.{key}")
            if found:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return f"{where}: {len(left)} items != {len(right)} items"
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            found = json_difference(a, b, f"{where}[{index}]")
            if found:
                return found
        return None
    if type(left) is type(right) and left == right:
        return None
    if isinstance(left, str) and isinstance(right, str) and _same_moment(left, right):
        return None
    return f"{where}: {left!r} != {right!r}"


def _same_moment(left: str, right: str) -> bool:
    try:
        return datetime.fromisoformat(left) == datetime.fromisoformat(right)
    except ValueError:
        return False
