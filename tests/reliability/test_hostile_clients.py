"""What a hostile client can try on the wire against a real server (uvicorn between the bytes and
the app): a smuggled second request, answers it never reads, a forged client address.

One server serves the module, with a short --write-timeout of its own (the default is pinned in
tests/server/test_settings.py) and its access log on. Each test looks only at what it sent.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from http import HTTPStatus

import httpx
import pytest

from reference_server.connections import AMBIGUOUS_LENGTH
from reference_server.launcher import LiveServer, live_server
from tests.reliability.support import Record
from tests.support.constants import CREATE, JSON, SNAPSHOT
from tests.support.http import address, raw_exchange, raw_status

WRITE_TIMEOUT = 0.5
# How late the server may be to abandon an unread answer on a busy machine.
LATE = 1.5
# Connections that ask for the snapshot and never read it, and how many bytes each may take in:
# a receive buffer this small keeps the rest of the answer in the server (its buffers and the
# kernel's), where it used to stay for good.
UNREAD = 6
RECEIVE_BUFFER = 4096
FILLER_BYTES = 900_000


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    args = ["--write-timeout", str(WRITE_TIMEOUT), "--access-log"]
    db_path = tmp_path_factory.mktemp("hostile") / "distributions.sqlite3"
    with live_server(db_path, extra_args=args) as running:
        yield running


def test_transfer_encoding_with_content_length_is_refused_and_closed(
    target: LiveServer, figures: Record
) -> None:
    # A proxy that frames by Content-Length passes the whole body on; one that framed by
    # Transfer-Encoding (as h11 does) would take the GET after the last chunk for a second
    # request. RFC 9112 6.1: such a request may be refused, and the connection must close.
    smuggled = f"GET {SNAPSHOT} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    body = b"0\r\n\r\n" + smuggled
    head = (
        f"POST {CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {JSON}\r\n"
        f"Transfer-Encoding: chunked\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    answer = raw_exchange(target.base_url, head + body)
    status, headers, reason = raw_status(answer)
    assert status == HTTPStatus.BAD_REQUEST
    assert headers["connection"] == "close"
    assert AMBIGUOUS_LENGTH.encode() in reason  # uvicorn sends it chunked
    # raw_exchange read until the server closed: nothing else was answered.
    assert answer.count(b"HTTP/1.1 ") == 1
    figures("hostile: Transfer-Encoding with Content-Length: 400, closed, smuggled GET unanswered")


def _ask_and_never_read(base_url: str) -> socket.socket:
    connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
    connection.settimeout(10)
    connection.connect(address(base_url))
    connection.sendall(f"GET {SNAPSHOT} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return connection


def _read_what_is_left(connection: socket.socket) -> int:
    """Bytes received until the server closes or resets the connection."""
    received = 0
    try:
        while chunk := connection.recv(1 << 20):
            received += len(chunk)
    except ConnectionResetError:
        pass
    return received


def test_unread_answer_is_abandoned_after_the_write_timeout(
    target: LiveServer, figures: Record
) -> None:
    with httpx.Client(base_url=target.base_url, timeout=30) as client:
        seed = {"tag": "x" * FILLER_BYTES}
        assert client.post(CREATE, json=seed).status_code == HTTPStatus.OK
        size = len(client.get(SNAPSHOT).content)
        held = [_ask_and_never_read(target.base_url) for _ in range(UNREAD)]
        try:
            time.sleep(WRITE_TIMEOUT + LATE)
            # Meanwhile the server answers others as usual.
            assert client.get("/.well-known/health").status_code == HTTPStatus.OK
            # A held answer would now arrive in full; an abandoned one stops short.
            received = [_read_what_is_left(connection) for connection in held]
        finally:
            for connection in held:
                connection.close()
    assert max(received) < size, f"an answer of {size} bytes was held for its reader"
    figures(
        f"hostile: {UNREAD} unread snapshots of {size:,} bytes abandoned after"
        f" --write-timeout {WRITE_TIMEOUT:g} s; at most {max(received):,} bytes had been taken"
    )


def test_forged_forwarded_for_does_not_reach_the_access_log(target: LiveServer) -> None:
    # Without --trusted-proxy, X-Forwarded-For is nobody's word, even from 127.0.0.1: any local
    # process could otherwise write any address into the log.
    forged = "203.0.113.66"
    marker = "/.well-known/health?forged"
    with httpx.Client(base_url=target.base_url, timeout=10) as client:
        headers = {"X-Forwarded-For": forged, "X-Forwarded-Proto": "https"}
        assert client.get(marker, headers=headers).status_code == HTTPStatus.OK
    deadline = time.monotonic() + 5
    while marker not in target.stderr_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    (line,) = [line for line in target.stderr_text().splitlines() if marker in line]
    assert forged not in line
    assert "127.0.0.1:" in line
