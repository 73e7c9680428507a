"""Fixtures for the server tests: httpx clients on the app in this process (support/asgi.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reference_server.settings import Settings
from tests.support.asgi import InProcess, in_process

# Small, so that over-limit bodies are cheap to send; the default is checked in test_settings.
SMALL_LIMIT = 1024
API_KEY = "s3cret-application-id"


@pytest.fixture
def http(app: InProcess) -> httpx.Client:
    return app.client


@pytest.fixture
def small_limit(tmp_path: Path) -> Iterator[httpx.Client]:
    with in_process(tmp_path / "small.sqlite3", Settings(max_body_bytes=SMALL_LIMIT)) as running:
        yield running.client


@pytest.fixture
def keyed(tmp_path: Path) -> Iterator[httpx.Client]:
    """The app with API_KEY configured; the client sends no key unless a test adds one."""
    with in_process(tmp_path / "keyed.sqlite3", Settings(api_key=API_KEY)) as running:
        yield running.client
