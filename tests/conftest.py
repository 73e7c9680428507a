"""Fixtures shared by every test layer: the server in process, or as a real process.

In process (`app`) is the default for anything about what the server answers: no start-up, no
port, the same app and middleware. A real process (`server`, `shared_server`) only where the
behaviour belongs to the process or the socket: signals, restarts, uvicorn's own answers,
timeouts, logs, and the generated client over real HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reference_server.launcher import LiveServer, live_server
from tests.support.asgi import InProcess, in_process


@pytest.fixture
def app(tmp_path: Path) -> Iterator[InProcess]:
    """The reference app in this process with default settings and a fresh database file."""
    with in_process(tmp_path / "distributions.sqlite3") as running:
        yield running


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    """The real reference server on a free port, with a fresh database file of its own."""
    with live_server(tmp_path / "distributions.sqlite3") as running:
        yield running


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real server for the whole run, for tests that only look at what they themselves
    created (never at the whole snapshot) and change nothing but their own distributions."""
    with live_server(tmp_path_factory.mktemp("shared") / "distributions.sqlite3") as running:
        yield running
