"""Create, in process: what the server fills in and what it copies from the seed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import Any

import httpx
import pytest

from tests.support.constants import CREATE, JSON
from tests.support.spec import oas30_validator

MAILGUN_SEED: dict[str, Any] = {
    "mailgun": {
        "recipients": {
            "iterable": [
                {"email": "ada@example.com", "name": "Ada Lovelace"},
                {
                    "email": "grace@example.com",
                    "sourced": "MAILGUN",
                    "mailgun": {"messageId": "<1>"},
                },
            ]
        }
    }
}
GIST_SEED: dict[str, Any] = {"github": {"gist": {"name": "retry_with_backoff.py"}}}


def create(http: httpx.Client, seed: Any = None) -> dict[str, Any]:
    response = http.post(CREATE, json=seed) if seed is not None else http.post(CREATE)
    assert response.status_code == HTTPStatus.OK, response.text
    assert response.headers["content-type"] == JSON
    body = response.json()
    assert isinstance(body, dict)
    return body


@pytest.mark.parametrize(
    "seed",
    [None, {}, MAILGUN_SEED, GIST_SEED, {**MAILGUN_SEED, **GIST_SEED}],
    ids=["no-body", "empty-object", "mailgun", "gist", "both"],
)
def test_create_response_is_a_valid_distribution(http: httpx.Client, seed: Any) -> None:
    errors = [
        error.message
        for error in oas30_validator({"$ref": "#/components/schemas/Distribution"}).iter_errors(
            create(http, seed)
        )
    ]
    assert errors == []


def test_create_with_mailgun_copies_the_seed(http: httpx.Client) -> None:
    assert create(http, MAILGUN_SEED)["mailgun"] == MAILGUN_SEED["mailgun"]


def test_create_without_body_has_neither_target(http: httpx.Client) -> None:
    distribution = create(http)
    assert "mailgun" not in distribution
    assert "github" not in distribution


def test_create_with_empty_object_has_neither_target(http: httpx.Client) -> None:
    distribution = create(http, {})
    assert "mailgun" not in distribution
    assert "github" not in distribution


def test_create_with_gist_fills_defaults_and_github_id(http: httpx.Client) -> None:
    gist = create(http, GIST_SEED)["github"]["gist"]
    assert gist["name"] == "retry_with_backoff.py"
    assert gist["public"] is True
    assert gist["recipients"] == {"iterable": []}
    assert "description" not in gist
    assert re.fullmatch(r"[0-9a-f]{32}", gist["github_id"])
    assert gist["url"] == f"https://gist.github.com/{gist['github_id']}"


def test_create_with_gist_keeps_given_fields(http: httpx.Client) -> None:
    seed = {
        "github": {
            "gist": {
                "name": "notes.md",
                "description": "Meeting notes",
                "public": False,
                "recipients": {"iterable": [{"username": "grace"}]},
            }
        }
    }
    gist = create(http, seed)["github"]["gist"]
    assert gist["description"] == "Meeting notes"
    assert gist["public"] is False
    assert gist["recipients"] == {"iterable": [{"username": "grace"}]}


def test_create_keeps_unknown_seed_properties(http: httpx.Client) -> None:
    seed = {"github": {"gist": {"name": "a.py", "language": "python"}, "org": "acme"}, "tag": 1}
    distribution = create(http, seed)
    assert distribution["tag"] == 1
    assert distribution["github"]["org"] == "acme"
    assert distribution["github"]["gist"]["language"] == "python"


def test_create_ignores_seed_values_for_server_assigned_properties(
    http: httpx.Client,
) -> None:
    # `url` and `deleted` are not part of a seed; a client must not be able to forge them.
    seed = {"deleted": 5, "github": {"gist": {"name": "a.py", "url": "https://evil.example"}}}
    distribution = create(http, seed)
    assert "deleted" not in distribution
    assert distribution["github"]["gist"]["url"].startswith("https://gist.github.com/")


def test_create_assigns_fresh_ids(http: httpx.Client) -> None:
    first, second = create(http), create(http)
    assert first["id"] != second["id"]
    assert first["share"]["id"] != second["share"]["id"]


def test_create_share_is_private_with_links(http: httpx.Client) -> None:
    share = create(http)["share"]
    assert share["access"] == "PRIVATE"
    assert share["accessors"] == {"iterable": []}
    assert share["link"] == f"https://pieces.link/s/{share['id']}"
    assert share["short"] == f"https://pieces.link/{share['id'][:8]}"


def test_create_timestamps_are_now_in_utc_with_readable_text(http: httpx.Client) -> None:
    before = datetime.now(UTC)
    distribution = create(http, GIST_SEED)
    created = distribution["created"]
    moment = datetime.fromisoformat(created["value"])
    assert created["value"].endswith("+00:00")
    assert before - timedelta(seconds=1) <= moment <= datetime.now(UTC) + timedelta(seconds=1)
    assert created["readable"] == moment.strftime("%Y-%m-%d %H:%M:%S UTC")
    stamps = [
        distribution["updated"],
        distribution["share"]["created"],
        distribution["github"]["gist"]["created"],
        distribution["github"]["gist"]["updated"],
    ]
    assert all(stamp == created for stamp in stamps)
