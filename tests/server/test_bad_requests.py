"""Bad requests get a clear 4xx (or 500) with a one-line text/plain reason, never a trace."""

from __future__ import annotations

import time

import httpx
import pytest

from reference_server.launcher import LiveServer
from tests.server.conftest import SMALL_LIMIT
from tests.support.http import assert_one_line_text, break_database, raw_exchange, raw_status

CREATE = "/distributions/create"
JSON_HEADERS = {"Content-Type": "application/json"}


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
        "deep-nesting",
        "raw-newlines",
        "huge-value",
    ],
)
def test_create_with_bad_body_returns_400_one_line(
    shared_http: httpx.Client, body: bytes, reason: str
) -> None:
    response = shared_http.post(CREATE, content=body, headers=JSON_HEADERS)
    assert response.status_code == 400
    assert_one_line_text(response)
    assert reason in response.text


def test_create_with_bad_body_stores_nothing(http: httpx.Client) -> None:
    http.post(CREATE, content=b'{"mailgun": {}}', headers=JSON_HEADERS)
    assert http.get("/distributions").json() == {"iterable": []}


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("text/plain", "Content-Type must be application/json, got text/plain"),
        ("application/json; charset=latin-1", "got application/json; charset=latin-1"),
        ("application/jsonx", "got application/jsonx"),
        (None, "got no Content-Type"),
    ],
)
def test_create_with_other_content_type_returns_415(
    shared_http: httpx.Client, content_type: str | None, expected: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = shared_http.post(CREATE, content=b"{}", headers=headers)
    assert response.status_code == 415
    assert_one_line_text(response)
    assert response.text.endswith(expected)


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "Application/JSON", "application/json;x=1"]
)
def test_create_accepts_json_content_type_with_parameters(
    http: httpx.Client, content_type: str
) -> None:
    response = http.post(CREATE, content=b"{}", headers={"Content-Type": content_type})
    assert response.status_code == 200


def test_create_without_body_ignores_content_type(http: httpx.Client) -> None:
    assert http.post(CREATE, headers={"Content-Type": "text/plain"}).status_code == 200


def _exchange(server: LiveServer, head: bytes, body_parts: list[bytes]) -> tuple[int, bytes]:
    """Send the head and the given body parts, never the rest of the body, and read the answer
    (the server closes the connection after a 413)."""
    status, _, body = raw_status(raw_exchange(server.base_url, head, *body_parts))
    return status, body


def test_create_with_declared_length_over_limit_returns_413_before_the_body(
    small_limit_server: LiveServer,
) -> None:
    # No body bytes are ever sent: only the up-front Content-Length check can answer.
    head = (
        f"POST {CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {SMALL_LIMIT + 1}\r\n\r\n"
    ).encode()
    status, body = _exchange(small_limit_server, head, [])
    assert status == 413
    assert body == f"request body larger than {SMALL_LIMIT} bytes".encode()


def test_create_with_chunked_body_over_limit_returns_413(small_limit_server: LiveServer) -> None:
    # The final zero-length chunk is never sent: only counting while streaming can answer.
    head = (
        f"POST {CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"400\r\n" + b" " * 0x400 + b"\r\n"
    status, body = _exchange(small_limit_server, head, [chunk, chunk])
    assert status == 413
    assert body == f"request body larger than {SMALL_LIMIT} bytes".encode()


def test_create_with_body_at_limit_is_accepted(small_limit_server: LiveServer) -> None:
    body = b"{}".ljust(SMALL_LIMIT, b" ")
    response = httpx.post(small_limit_server.base_url + CREATE, content=body, headers=JSON_HEADERS)
    assert response.status_code == 200


def test_create_with_body_over_limit_returns_413(small_limit_server: LiveServer) -> None:
    body = b"{}".ljust(SMALL_LIMIT + 1, b" ")
    response = httpx.post(small_limit_server.base_url + CREATE, content=body, headers=JSON_HEADERS)
    assert response.status_code == 413
    assert_one_line_text(response)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", CREATE, "POST"),
        ("DELETE", "/distributions", "GET, HEAD"),
        ("PUT", "/distributions/x/delete", "POST"),
    ],
)
def test_undocumented_method_returns_405_with_allow(
    shared_http: httpx.Client, method: str, path: str, allow: str
) -> None:
    response = shared_http.request(method, path)
    assert response.status_code == 405
    # Starlette keeps the methods in a set, so their order varies from run to run.
    assert sorted(response.headers["allow"].split(", ")) == sorted(allow.split(", "))


def test_unexpected_failure_returns_plain_500(server: LiveServer, http: httpx.Client) -> None:
    break_database(server.db_path)
    response = http.post(CREATE)
    assert response.status_code == 500
    assert response.text == "internal server error"
    assert_one_line_text(response)


def test_unexpected_failure_is_logged_on_the_server(server: LiveServer, http: httpx.Client) -> None:
    break_database(server.db_path)
    assert http.get("/distributions").status_code == 500
    # The traceback is logged just after the response is sent, so give it a moment.
    deadline = time.monotonic() + 5
    while "no such table: distributions" not in server.stderr_text():
        assert time.monotonic() < deadline, server.stderr_text()
        time.sleep(0.05)
