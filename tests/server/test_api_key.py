"""The optional API key: with one configured, every request needs X-Application-ID equal to it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from reference_server.launcher import LiveServer, live_server
from tests.server.conftest import API_KEY

OPERATIONS = [
    ("POST", "/distributions/create"),
    ("POST", "/distributions/5f0c7a4e-2b8d-4c1e-9a57-0d3e6b1f8c21/delete"),
    ("GET", "/distributions"),
]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_operation_without_key_returns_401(
    keyed_server: LiveServer, method: str, path: str
) -> None:
    response = httpx.request(method, keyed_server.base_url + path)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "missing or wrong X-Application-ID"


@pytest.mark.parametrize(
    "supplied",
    ["", "wrong", API_KEY[:-1], API_KEY + "x", API_KEY.upper(), API_KEY[::-1]],
    ids=["empty", "wrong", "prefix", "longer", "other-case", "same-length"],
)
def test_create_with_wrong_key_returns_401(keyed_server: LiveServer, supplied: str) -> None:
    response = httpx.post(
        keyed_server.base_url + "/distributions/create", headers={"X-Application-ID": supplied}
    )
    assert response.status_code == 401


def test_wrong_key_stores_nothing(keyed_server: LiveServer) -> None:
    url = keyed_server.base_url
    right = {"X-Application-ID": API_KEY}
    before = httpx.get(url + "/distributions", headers=right).json()
    httpx.post(url + "/distributions/create", headers={"X-Application-ID": "wrong"})
    assert httpx.get(url + "/distributions", headers=right).json() == before


def test_every_operation_with_right_key_is_served(keyed_server: LiveServer) -> None:
    with httpx.Client(
        base_url=keyed_server.base_url, headers={"X-Application-ID": API_KEY}
    ) as client:
        created = client.post("/distributions/create")
        assert created.status_code == 200
        assert client.get("/distributions").status_code == 200
        assert client.post(f"/distributions/{created.json()['id']}/delete").status_code == 204


def test_server_without_key_ignores_the_header(http: httpx.Client) -> None:
    response = http.post("/distributions/create", headers={"X-Application-ID": "anything"})
    assert response.status_code == 200


def test_api_key_flag_requires_the_key(tmp_path: Path) -> None:
    with live_server(tmp_path / "db.sqlite3", extra_args=["--api-key", "from-flag"]) as running:
        url = running.base_url + "/distributions"
        assert httpx.get(url).status_code == 401
        assert httpx.get(url, headers={"X-Application-ID": "from-flag"}).status_code == 200


def test_key_never_appears_in_the_log(tmp_path: Path) -> None:
    with live_server(tmp_path / "db.sqlite3", api_key=API_KEY, extra_args=["--access-log"]) as s:
        for supplied in (API_KEY, "wrong"):
            httpx.get(s.base_url + "/distributions", headers={"X-Application-ID": supplied})
        assert s.stop() == 0
        log = s.stderr_text()
    assert "GET /distributions" in log  # the access log is on, so there was a chance to leak
    assert API_KEY not in log
