"""Bad requests get a clear 4xx (or 500) with a one-line text/plain reason, never a trace.

In process: every answer here is the app's own. The answers that uvicorn's HTTP parser gives,
or that depend on it closing the connection, are in test_sockets.py; the breadth of bad bodies
(every location of the seed schema, truncations, non-UTF-8) in tests/reliability/test_bad_input.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path
from typing import Any

import httpx
import pytest

from reference_server.spec import Spec
from reference_server.validation import SeedValidator
from tests.server.conftest import SMALL_LIMIT
from tests.support.asgi import in_process
from tests.support.constants import (
    CREATE,
    INTERNAL_ERROR,
    JSON,
    JSON_HEADERS,
    OPERATIONS,
    SNAPSHOT,
    too_large,
)
from tests.support.http import assert_one_line_text, break_database


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", "body is not JSON: Expecting value at line 1 column 1"),
        (b'{"mailgun": ', "body is not JSON"),
        (b'\xff{"a": 1}', "body is not UTF-8"),
        (b"[1, 2]", "invalid SeededDistribution: [1, 2] is not of type 'object'"),
        (b"null", "invalid SeededDistribution: None is not of type 'object'"),
        (
            b'{"mailgun": {"recipients": {}}}',
            "invalid SeededDistribution at mailgun.recipients: 'iterable' is a required property",
        ),
        (
            b'{"github": {"gist": {"public": true}}}',
            "invalid SeededDistribution at github.gist: 'name' is a required property",
        ),
        (
            b'{"mailgun": {"recipients": {"iterable": [{"sourced": "FAX"}]}}}',
            "invalid SeededDistribution at mailgun.recipients.iterable[0].sourced: 'FAX' is not",
        ),
        (
            b'{"schema": {"migration": 1.5, "semantic": "UNKNOWN"}}',
            "invalid SeededDistribution at schema.migration: 1.5 is not of type 'integer'",
        ),
        (b'{"tag": NaN}', "NaN is not a JSON number"),
        (b'{"tag": "\\ud800"}', "unpaired UTF-16 surrogate"),
        # The fast validator takes UTF-8: a lone surrogate it must read is no 500 either.
        (b'{"\\ud800": 1}', "unpaired UTF-16 surrogate"),
        (b'{"schema": {"migration": 1, "semantic": "\\udc00"}}', "unpaired UTF-16 surrogate"),
        (b"[" * 50_000, "nested too deeply"),
        (b'{"mailgun": "' + b"\n" * 5_000 + b'"}', "body is not JSON"),
        (b'{"mailgun": "' + b"x" * 5_000 + b'"}', "is not of type 'object'"),
    ],
    ids=[
        "not-json",
        "truncated",
        "not-utf8",
        "array",
        "null",
        "missing-iterable",
        "gist-without-name",
        "unknown-enum",
        "float-migration",
        "nan",
        "lone-surrogate",
        "lone-surrogate-key",
        "lone-surrogate-enum-value",
        "deep-nesting",
        "raw-newlines",
        "huge-value",
    ],
)
def test_create_with_bad_body_returns_400_one_line(
    http: httpx.Client, body: bytes, reason: str
) -> None:
    response = http.post(CREATE, content=body, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert_one_line_text(response)
    assert reason in response.text


# How deeply a seed may nest: the seed schema's deepest structure plus room for unknown values.
MAX_DEPTH = SeedValidator(Spec.load()).max_depth


def _nested(levels: int) -> dict[str, Any]:
    """A seed whose unknown property `tag` holds lists, `levels` levels in all."""
    value: Any = 1
    for _ in range(levels - 1):
        value = [value]
    return {"tag": value}


def test_create_nested_at_the_limit_is_stored(http: httpx.Client) -> None:
    assert http.post(CREATE, json=_nested(MAX_DEPTH)).status_code == HTTPStatus.OK


def test_create_nested_past_the_limit_returns_400(http: httpx.Client) -> None:
    # Stored, such a seed made every later snapshot raise RecursionError in a client that was
    # itself a few dozen calls deep.
    response = http.post(CREATE, json=_nested(MAX_DEPTH + 1))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert_one_line_text(response)
    assert f"nested more than {MAX_DEPTH} levels deep" in response.text
    assert http.get(SNAPSHOT).json() == {"iterable": []}


def _recipients(email: object, count: int) -> bytes:
    seed = {"mailgun": {"recipients": {"iterable": [{"email": email}] * count}}}
    return json.dumps(seed, separators=(",", ":")).encode()


def _seconds_to_answer(client: httpx.Client, body: bytes) -> tuple[float, int]:
    started = time.perf_counter()
    status = client.post(CREATE, content=body, headers=JSON_HEADERS).status_code
    return time.perf_counter() - started, status


def test_create_with_large_invalid_body_costs_about_what_a_valid_one_costs(
    http: httpx.Client,
) -> None:
    # About a megabyte each, every recipient's email a number in the invalid one: explaining
    # all those errors held the event loop (and every other client) for seconds. Bounds this
    # loose still tell that from a verdict found as fast as a valid body's.
    count = 30_000
    valid, valid_status = _seconds_to_answer(http, _recipients("1", count))
    invalid, invalid_status = _seconds_to_answer(http, _recipients(1, count))
    assert (valid_status, invalid_status) == (HTTPStatus.OK, HTTPStatus.BAD_REQUEST)
    assert invalid < 2 * valid + 0.25, f"invalid {invalid:.2f} s, valid {valid:.2f} s"


def test_create_with_bad_body_stores_nothing(http: httpx.Client) -> None:
    http.post(CREATE, content=b'{"mailgun": {}}', headers=JSON_HEADERS)
    assert http.get(SNAPSHOT).json() == {"iterable": []}


# Content types a body may not come with; each answer names what it got. None sends no header.
NOT_JSON_TYPES = [
    None,
    "",
    "text/plain",
    "text/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "application/jsonx",
    "application/json-patch+json",
    "application/json; charset=latin-1",
    "application/json; charset=utf-16",
    "*/*",
]


@pytest.mark.parametrize("content_type", NOT_JSON_TYPES)
def test_create_with_other_content_type_returns_415(
    http: httpx.Client, content_type: str | None
) -> None:
    # Raw bytes: httpx adds no Content-Type of its own to them.
    headers = {"Content-Type": content_type} if content_type is not None else {}
    response = http.post(CREATE, content=b"{}", headers=headers)
    assert response.status_code == HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    assert_one_line_text(response)
    got = content_type if content_type is not None else "no Content-Type"
    assert response.text == f"Content-Type must be {JSON}, got {got}"
    assert http.get(SNAPSHOT).json() == {"iterable": []}


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON", "application/json;x=1"]
)
def test_create_accepts_json_content_type_with_parameters(
    http: httpx.Client, content_type: str
) -> None:
    response = http.post(CREATE, content=b"{}", headers={"Content-Type": content_type})
    assert response.status_code == HTTPStatus.OK


def test_create_without_body_ignores_content_type(http: httpx.Client) -> None:
    assert http.post(CREATE, headers={"Content-Type": "text/plain"}).status_code == HTTPStatus.OK


def test_create_with_declared_length_over_limit_returns_413_before_the_body(
    small_limit: httpx.Client,
) -> None:
    # The declared length is over the limit but no body comes with it: only the up-front
    # Content-Length check can answer. (That uvicorn sends this answer without waiting for the
    # body, and closes the connection, is in test_sockets.py.)
    headers = {**JSON_HEADERS, "Content-Length": str(SMALL_LIMIT + 1)}
    response = small_limit.post(CREATE, content=b"", headers=headers)
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert response.text == too_large(SMALL_LIMIT)


def test_create_with_chunked_body_over_limit_returns_413(small_limit: httpx.Client) -> None:
    # No Content-Length: the body arrives in parts, and the final empty part never does. Only
    # counting while streaming can answer.
    def parts() -> Iterator[bytes]:
        yield b" " * SMALL_LIMIT
        yield b" "
        raise AssertionError("the server read on after the limit")

    response = small_limit.post(CREATE, content=parts(), headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert response.text == too_large(SMALL_LIMIT)
    assert response.headers["connection"] == "close"


def test_create_with_body_at_limit_is_accepted(small_limit: httpx.Client) -> None:
    body = b"{}".ljust(SMALL_LIMIT, b" ")
    response = small_limit.post(CREATE, content=body, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.OK


def test_create_with_body_over_limit_returns_413(small_limit: httpx.Client) -> None:
    body = b"{}".ljust(SMALL_LIMIT + 1, b" ")
    response = small_limit.post(CREATE, content=body, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert_one_line_text(response)
    assert response.text == too_large(SMALL_LIMIT)
    # The rest of an over-limit body is never read, so the connection cannot be reused.
    assert response.headers["connection"] == "close"


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_unexpected_failure_returns_plain_500(tmp_path: Path, method: str, path: str) -> None:
    # The trace goes to the server's log: test_security.py reads it from a real process.
    db_path = tmp_path / "broken.sqlite3"
    with in_process(db_path, raise_app_exceptions=False) as running:
        break_database(db_path)
        response = running.client.request(method, path)
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response.text == INTERNAL_ERROR
    assert_one_line_text(response)
    assert response.headers["connection"] == "close"
