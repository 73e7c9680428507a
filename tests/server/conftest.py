"""Fixtures for the server tests: plain httpx clients on real server subprocesses."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from reference_server.launcher import LiveServer, live_server

# Small, so that over-limit bodies are cheap to send; the default (1 MiB) is not what is tested.
SMALL_LIMIT = 1024
API_KEY = "s3cret-application-id"


@pytest.fixture
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield client


@pytest.fixture(scope="module")
def shared_http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """One server for a whole module, for tests that do not care what else is stored (refused
    requests, creates that are only looked at in their own response): no start per test."""
    db_path = tmp_path_factory.mktemp("shared") / "distributions.sqlite3"
    with (
        live_server(db_path) as running,
        httpx.Client(base_url=running.base_url, timeout=10) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def small_limit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db_path = tmp_path_factory.mktemp("small") / "distributions.sqlite3"
    with live_server(db_path, extra_args=["--max-body-bytes", str(SMALL_LIMIT)]) as running:
        yield running


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Shared by a module: tests on it must not depend on what the others stored."""
    db_path = tmp_path_factory.mktemp("keyed") / "distributions.sqlite3"
    with live_server(db_path, api_key=API_KEY) as running:
        yield running
