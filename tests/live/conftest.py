"""Fixtures for the generated client against the real reference server over real HTTP.

One server serves the whole session (`shared_server`): each test looks only at the
distributions it created itself, so the tests cannot disturb one another.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pieces_distributions import Client

from reference_server.launcher import LiveServer, live_server

API_KEY = "live-application-id"


@pytest.fixture
def client(shared_server: LiveServer) -> Iterator[Client]:
    # Any status the spec does not document is a failure, not a silent None.
    with Client(base_url=shared_server.base_url, raise_on_unexpected_status=True) as client:
        yield client


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db_path = tmp_path_factory.mktemp("keyed") / "keyed.sqlite3"
    with live_server(db_path, api_key=API_KEY) as running:
        yield running
