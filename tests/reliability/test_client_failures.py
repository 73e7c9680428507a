"""The generated client's failures: refused connections, slow or rude servers and undocumented
statuses each surface as one documented exception, quickly, over real sockets."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from pieces_distributions import Client, errors
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution,
    distributions_delete_specific_distribution,
    distributions_snapshot,
)
from pieces_distributions.client import DEFAULT_TIMEOUT

from reference_server.launcher import LiveServer
from tests.reliability.support import Record

# Short, since every call waits it out; far below half the default read timeout, so a client
# that ignored it (or retried) cannot pass.
SHORT_TIMEOUT = httpx.Timeout(0.1)
# How often the raw server's accept loop looks whether it should stop: its teardown waits for
# that, once per test.
ACCEPT_POLL_SECONDS = 0.01


def _operations(client: Client) -> list[Callable[[], Any]]:
    return [
        lambda: distributions_create_new_distribution.sync_detailed(client=client),
        lambda: distributions_delete_specific_distribution.sync_detailed("some-id", client=client),
        lambda: distributions_snapshot.sync_detailed(client=client),
    ]


def _async_snapshot(base_url: str, **options: Any) -> None:
    async def call() -> None:
        async with Client(base_url=base_url, **options) as client:
            await distributions_snapshot.asyncio_detailed(client=client)

    asyncio.run(call())


@contextlib.contextmanager
def _closed_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound by us, so no one else takes it, but
    never listening."""
    with socket.socket() as reserved:
        reserved.bind(("127.0.0.1", 0))
        yield reserved.getsockname()[1]


@contextlib.contextmanager
def _raw_server(on_connection: Callable[[socket.socket], None]) -> Iterator[str]:
    """A tiny server on 127.0.0.1 that hands every accepted connection to on_connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(ACCEPT_POLL_SECONDS)
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            accepted.append(connection)
            on_connection(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()
        for connection in accepted:
            connection.close()


def _never_answer(connection: socket.socket) -> None:
    pass  # accepted and kept open; the request is never read or answered


def _hang_up(connection: socket.socket) -> None:
    connection.settimeout(5)
    with contextlib.suppress(OSError):
        connection.recv(65536)
    connection.close()


def _answer_503(connection: socket.socket) -> None:
    connection.settimeout(5)
    with contextlib.suppress(OSError):
        connection.recv(65536)
        connection.sendall(
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
            b"Content-Length: 11\r\nConnection: close\r\n\r\nmaintenance"
        )


def test_failures_are_documented_on_the_client() -> None:
    documentation = Client.__doc__ or ""
    for name in (
        "httpx.ConnectError",
        "httpx.TimeoutException",
        "httpx.RemoteProtocolError",
        "errors.UnexpectedStatus",
        "DEFAULT_TIMEOUT",
    ):
        assert name in documentation, name


def _timed(call: Callable[[], object], expected: type[Exception]) -> float:
    """Seconds until call raised expected."""
    started = time.monotonic()
    with pytest.raises(expected):
        call()
    return time.monotonic() - started


def test_connection_refused_raises_connect_error(figures: Record) -> None:
    with _closed_port() as port:
        base_url = f"http://127.0.0.1:{port}"
        with Client(base_url=base_url) as client:
            seconds = [_timed(operation, httpx.ConnectError) for operation in _operations(client)]
        seconds.append(_timed(lambda: _async_snapshot(base_url), httpx.ConnectError))
    # Each call on its own, against half the connect timeout: a client that waited the refusal
    # out or retried until then takes 5 s for one call; a refusal itself takes milliseconds,
    # so a loaded machine has seconds to spare.
    assert DEFAULT_TIMEOUT.connect is not None
    assert max(seconds) < DEFAULT_TIMEOUT.connect / 2, seconds
    figures(
        f"client: connection refused -> httpx.ConnectError, 4 calls in {sum(seconds) * 1000:.0f} ms"
    )


def test_server_that_never_answers_raises_read_timeout(figures: Record) -> None:
    with _raw_server(_never_answer) as base_url:
        with Client(base_url=base_url, timeout=SHORT_TIMEOUT) as client:
            seconds = [_timed(operation, httpx.ReadTimeout) for operation in _operations(client)]
        seconds.append(
            _timed(lambda: _async_snapshot(base_url, timeout=SHORT_TIMEOUT), httpx.ReadTimeout)
        )
    # The short timeout, not something slower, ended each call: none was quicker than it, and
    # none took as long as half the default read timeout, which a client that ignored
    # the timeout it was given (or retried) would wait; the gap leaves room for a loaded machine.
    assert SHORT_TIMEOUT.read is not None
    assert min(seconds) >= SHORT_TIMEOUT.read, seconds
    assert DEFAULT_TIMEOUT.read is not None
    assert max(seconds) < DEFAULT_TIMEOUT.read / 2, seconds
    figures(
        f"client: silent server -> httpx.ReadTimeout, 4 calls with a {SHORT_TIMEOUT.read} s "
        f"timeout in {sum(seconds):.1f} s"
    )


def test_server_that_hangs_up_raises_remote_protocol_error() -> None:
    with _raw_server(_hang_up) as base_url, Client(base_url=base_url) as client:
        for operation in _operations(client):
            with pytest.raises(httpx.RemoteProtocolError):
                operation()


@pytest.fixture
def wrong_base_url(shared_server: LiveServer) -> str:
    # A real server behind a wrong base URL: the classic way to meet a status the spec never
    # promised (404 for create and snapshot). Nothing is stored, so the session's server will do.
    return shared_server.base_url + "/not-the-api"


def test_undocumented_status_raises_unexpected_status_when_asked(wrong_base_url: str) -> None:
    with Client(base_url=wrong_base_url, raise_on_unexpected_status=True) as client:
        with pytest.raises(errors.UnexpectedStatus) as raised:
            distributions_snapshot.sync(client=client)
        with pytest.raises(errors.UnexpectedStatus):
            distributions_create_new_distribution.sync(client=client)
    assert raised.value.status_code == 404
    assert raised.value.content == b"Not Found"


def test_undocumented_status_is_returned_by_detailed_by_default(wrong_base_url: str) -> None:
    # sync() raises it whatever the flag says; sync_detailed() returns it unless asked to raise.
    with Client(base_url=wrong_base_url) as client:
        detailed = distributions_snapshot.sync_detailed(client=client)
    assert detailed.status_code == 404
    assert detailed.parsed is None


def test_undocumented_status_from_a_proxy_raises_unexpected_status(figures: Record) -> None:
    with (
        _raw_server(_answer_503) as base_url,
        Client(base_url=base_url, raise_on_unexpected_status=True) as client,
        pytest.raises(errors.UnexpectedStatus) as raised,
    ):
        distributions_snapshot.sync(client=client)
    assert raised.value.status_code == 503
    assert raised.value.content == b"maintenance"
    figures(
        "client: server hang-up -> httpx.RemoteProtocolError; undocumented 404 and 503 -> "
        "errors.UnexpectedStatus (sync_detailed: a Response unless raise_on_unexpected_status)"
    )
