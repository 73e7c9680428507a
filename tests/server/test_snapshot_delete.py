"""GET /distributions and POST /distributions/{id}/delete over real HTTP."""

from __future__ import annotations

import httpx

from tests.support.http import snapshot_ids


def create_id(http: httpx.Client) -> str:
    response = http.post("/distributions/create")
    assert response.status_code == 200
    distribution_id = response.json()["id"]
    assert isinstance(distribution_id, str)
    return distribution_id


def test_snapshot_of_new_database_is_empty(http: httpx.Client) -> None:
    assert http.get("/distributions").json() == {"iterable": []}


def test_snapshot_lists_oldest_first(http: httpx.Client) -> None:
    created = [create_id(http) for _ in range(5)]
    assert snapshot_ids(http) == created


def test_snapshot_returns_distributions_as_created(http: httpx.Client) -> None:
    response = http.post("/distributions/create", json={"github": {"gist": {"name": "n.md"}}})
    assert http.get("/distributions").json() == {"iterable": [response.json()]}


def test_delete_returns_204_without_body(http: httpx.Client) -> None:
    response = http.post(f"/distributions/{create_id(http)}/delete")
    assert response.status_code == 204
    assert response.content == b""


def test_delete_then_snapshot_omits_it(http: httpx.Client) -> None:
    first, second, third = (create_id(http) for _ in range(3))
    http.post(f"/distributions/{second}/delete")
    assert snapshot_ids(http) == [first, third]


def test_delete_unknown_returns_404_text(http: httpx.Client) -> None:
    response = http.post("/distributions/5f0c7a4e-2b8d-4c1e-9a57-0d3e6b1f8c21/delete")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "distribution not found: 5f0c7a4e-2b8d-4c1e-9a57-0d3e6b1f8c21"


def test_delete_twice_returns_404(http: httpx.Client) -> None:
    distribution_id = create_id(http)
    assert http.post(f"/distributions/{distribution_id}/delete").status_code == 204
    assert http.post(f"/distributions/{distribution_id}/delete").status_code == 404


def test_delete_unknown_id_with_newline_answers_one_line(http: httpx.Client) -> None:
    response = http.post("/distributions/evil%0Aline/delete")
    assert response.status_code == 404
    assert "\n" not in response.text
