"""Fixtures for the generated client against the live reference server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pieces_distributions import Client

from reference_server.launcher import LiveServer, live_server

API_KEY = "live-application-id"


@pytest.fixture
def client(server: LiveServer) -> Iterator[Client]:
    # Any status the spec does not document is a failure, not a silent None.
    with Client(base_url=server.base_url, raise_on_unexpected_status=True) as client:
        yield client


@pytest.fixture
def keyed_server(tmp_path: Path) -> Iterator[LiveServer]:
    with live_server(tmp_path / "keyed.sqlite3", api_key=API_KEY) as running:
        yield running
