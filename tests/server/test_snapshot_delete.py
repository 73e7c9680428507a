"""Snapshot and delete, in process: oldest first, 204 then 404, one-line reasons."""

from __future__ import annotations

from http import HTTPStatus

import httpx

from tests.support.constants import CREATE, SNAPSHOT, UNKNOWN_ID, delete_path, not_found
from tests.support.http import snapshot_ids


def create_id(http: httpx.Client) -> str:
    response = http.post(CREATE)
    assert response.status_code == HTTPStatus.OK
    distribution_id = response.json()["id"]
    assert isinstance(distribution_id, str)
    return distribution_id


def test_snapshot_of_new_database_is_empty(http: httpx.Client) -> None:
    assert http.get(SNAPSHOT).json() == {"iterable": []}


def test_snapshot_lists_oldest_first(http: httpx.Client) -> None:
    created = [create_id(http) for _ in range(5)]
    assert snapshot_ids(http) == created


def test_snapshot_returns_distributions_as_created(http: httpx.Client) -> None:
    response = http.post(CREATE, json={"github": {"gist": {"name": "n.md"}}})
    assert http.get(SNAPSHOT).json() == {"iterable": [response.json()]}


def test_delete_returns_204_without_body(http: httpx.Client) -> None:
    response = http.post(delete_path(create_id(http)))
    assert response.status_code == HTTPStatus.NO_CONTENT
    assert response.content == b""


def test_delete_then_snapshot_omits_it(http: httpx.Client) -> None:
    first, second, third = (create_id(http) for _ in range(3))
    http.post(delete_path(second))
    assert snapshot_ids(http) == [first, third]


def test_delete_unknown_returns_404_text(http: httpx.Client) -> None:
    response = http.post(delete_path(UNKNOWN_ID))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == not_found(UNKNOWN_ID)


def test_delete_twice_returns_404(http: httpx.Client) -> None:
    distribution_id = create_id(http)
    assert http.post(delete_path(distribution_id)).status_code == HTTPStatus.NO_CONTENT
    assert http.post(delete_path(distribution_id)).status_code == HTTPStatus.NOT_FOUND


def test_delete_unknown_id_with_newline_answers_one_line(http: httpx.Client) -> None:
    response = http.post(delete_path("evil%0Aline"))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "\n" not in response.text
