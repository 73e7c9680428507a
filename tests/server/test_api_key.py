"""The optional API key: with one configured, every request needs X-Application-ID equal to it.

In process: the key check is ASGI middleware, which runs here exactly as under uvicorn. Every
kind of wrong or missing credential on every operation (401 with its exact reason, nothing
changed) is in tests/reliability/test_security.py; that the key never reaches the log needs the
real process and is there too.
"""

from __future__ import annotations

from http import HTTPStatus

import httpx

from tests.server.conftest import API_KEY
from tests.support.constants import (
    API_KEY_HEADER,
    CREATE,
    SNAPSHOT,
    delete_path,
)


def test_every_operation_with_right_key_is_served(keyed: httpx.Client) -> None:
    keyed.headers[API_KEY_HEADER] = API_KEY
    created = keyed.post(CREATE)
    assert created.status_code == HTTPStatus.OK
    assert keyed.get(SNAPSHOT).status_code == HTTPStatus.OK
    assert keyed.post(delete_path(created.json()["id"])).status_code == HTTPStatus.NO_CONTENT


def test_server_without_key_ignores_the_header(http: httpx.Client) -> None:
    response = http.post(CREATE, headers={API_KEY_HEADER: "anything"})
    assert response.status_code == HTTPStatus.OK
