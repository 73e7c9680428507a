"""What only the real server on a real socket does: uvicorn's HTTP parser and its connections.

Everything else the server answers is tested in process; these need uvicorn between the bytes
on the wire and the app.
"""

from __future__ import annotations

from http import HTTPStatus

import httpx

from reference_server.launcher import LiveServer
from reference_server.settings import DEFAULT_MAX_BODY_BYTES
from tests.support.constants import CREATE, JSON, OPERATIONS, delete_path, too_large
from tests.support.http import break_database, raw_exchange, raw_status


def test_413_is_answered_before_the_body_arrives_and_closes_the_connection(
    shared_server: LiveServer,
) -> None:
    # Only the head is sent, declaring a body over the default limit, never the body itself:
    # raw_exchange reads until the server closes, so the answer neither waits for the body nor
    # leaves the connection open for bytes that would be read as the next request.
    head = (
        f"POST {CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {JSON}\r\n"
        f"Content-Length: {10 * DEFAULT_MAX_BODY_BYTES}\r\n\r\n"
    ).encode()
    status, headers, body = raw_status(raw_exchange(shared_server.base_url, head))
    assert status == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert headers["content-type"].startswith("text/plain")
    assert headers["connection"] == "close"
    assert body == too_large(DEFAULT_MAX_BODY_BYTES).encode()


def test_request_line_with_non_ascii_bytes_returns_400_one_line(shared_server: LiveServer) -> None:
    # Such a request never reaches the app: uvicorn's parser refuses it, in one line of text.
    raw = f"POST {delete_path('été')} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    status, headers, body = raw_status(raw_exchange(shared_server.base_url, raw.encode()))
    assert status == HTTPStatus.BAD_REQUEST
    assert headers["content-type"].startswith("text/plain")
    assert body.strip()
    assert b"\n" not in body


def test_500_closes_its_connection_so_the_next_request_is_answered(server: LiveServer) -> None:
    # uvicorn closes the connection after an exception in the application; unless the 500
    # says so, a pooled client sends its next request into the closed socket and gets a reset
    # instead of an answer (a POST is not retried).
    break_database(server.db_path)
    answered = 0
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        for _ in range(3):
            for method, path in OPERATIONS:
                response = client.request(method, path)
                assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
                assert response.headers["connection"] == "close"
                answered += 1
    assert answered == 3 * len(OPERATIONS)
