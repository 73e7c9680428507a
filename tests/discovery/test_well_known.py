"""The reference server's /.well-known endpoints, in process: no key needed, text/plain answers."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

import pieces_spec
from reference_server.app import create_app
from reference_server.settings import Settings
from tests.support.asgi import request

API_KEY = "well-known-key"


class Get:
    """GET on the application in process (httpx.ASGITransport), with no key sent."""

    def __init__(self, app: Starlette) -> None:
        self._app = app

    def __call__(self, path: str) -> httpx.Response:
        return request(self._app, "GET", path)


@pytest.fixture(scope="module")
def keyed() -> Get:
    # With a key configured: the well-known paths must still answer without one (security: []).
    return Get(create_app(Settings(db=":memory:", api_key=API_KEY)))


def test_health_answers_ok_text_without_a_key(keyed: Get) -> None:
    response = keyed("/.well-known/health")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    # Shaped like Pieces OS's answer: "ok:" and an id.
    assert response.text.startswith("ok:")


def test_version_answers_the_spec_version_without_a_key(keyed: Get) -> None:
    response = keyed("/.well-known/version")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    # info.version, read from the spec the server serves: the package's version, and up to
    # date right after a bump, before any reinstall.
    assert response.text == pieces_spec.load().version


def test_version_answers_the_configured_version() -> None:
    get = Get(create_app(Settings(db=":memory:", reported_version="11.2.0")))
    assert get("/.well-known/version").text == "11.2.0"
