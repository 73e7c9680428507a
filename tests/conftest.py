"""Fixtures shared by every test layer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reference_server.launcher import LiveServer, live_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    """The real reference server on a free port, with a fresh database file of its own."""
    with live_server(tmp_path / "distributions.sqlite3") as running:
        yield running
