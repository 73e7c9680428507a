"""The generated client against a hostile server (issue 21, points 18-21).

Each test scripts the server in process with httpx.MockTransport, except the deadline's, which
needs a real socket: there the server is a thread on 127.0.0.1 that sends its answer a byte at
a time. What the client promises is in templates/extra/_guard.py and docs/security.md.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from pieces_distributions import AuthenticatedClient, Client, errors
from pieces_distributions.api.distributions import distributions_snapshot as snapshot
from pieces_distributions.client import API_KEY_HEADER, DEFAULT_MAX_RESPONSE_BYTES

from tests.client.scripted import SNAPSHOT

BASE_URL = "http://pieces.test:1000"
KEY = "the-application-id"
Handler = Callable[[httpx.Request], httpx.Response]


def _snapshot(mode: str, handler: Handler, **client_args: Any) -> Any:
    """distributions_snapshot in `mode` through an AuthenticatedClient whose transport is
    `handler`."""
    asynchronous = mode.startswith("asyncio")

    async def async_handler(request: httpx.Request) -> httpx.Response:
        return handler(request)

    transport = httpx.MockTransport(async_handler if asynchronous else handler)
    client = AuthenticatedClient(
        base_url=BASE_URL, token=KEY, httpx_args={"transport": transport}, **client_args
    )
    function = getattr(snapshot, mode)
    if not asynchronous:
        with client:
            return function(client=client)

    async def run() -> Any:
        async with client:
            return await function(client=client)

    return asyncio.run(run())


@pytest.mark.parametrize("mode", ["sync", "asyncio"])
def test_redirect_to_another_origin_drops_the_api_key(mode: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "pieces.test" and request.url.path == "/distributions":
            # Same origin first (the key must stay), then a port of its own, another origin.
            return httpx.Response(302, headers={"Location": "/moved"})
        if request.url.path == "/moved":
            return httpx.Response(307, headers={"Location": "http://pieces.test:1001/elsewhere"})
        return httpx.Response(200, json=SNAPSHOT)

    _snapshot(mode, handler, follow_redirects=True)
    assert API_KEY_HEADER is not None
    keys = [(str(request.url), request.headers.get(API_KEY_HEADER)) for request in seen]
    assert keys == [
        (f"{BASE_URL}/distributions", KEY),
        (f"{BASE_URL}/moved", KEY),
        ("http://pieces.test:1001/elsewhere", None),
    ]


@pytest.mark.parametrize("code", [299, 599])
@pytest.mark.parametrize("mode", ["sync_detailed", "asyncio_detailed"])
def test_detailed_forms_return_a_status_httpstatus_does_not_know(mode: str, code: int) -> None:
    response = _snapshot(mode, lambda request: httpx.Response(code, text="odd"))
    assert (response.status_code, response.parsed, response.content) == (code, None, b"odd")


def _without_first_id(document: dict[str, Any]) -> bytes:
    broken = json.loads(json.dumps(document))
    del broken["iterable"][0]["id"]
    return json.dumps(broken).encode()


MALFORMED = {
    "not JSON": (b"{not json", "", "not a JSON document"),
    "a required field missing": (_without_first_id(SNAPSHOT), "Distribution.id", "missing"),
    "a list where an object belongs": (b"[]", "Distributions", "TypeError"),
    "nested past the decoder": (b"[" * 100_000 + b"]" * 100_000, "", "nested too deep"),
}


@pytest.mark.parametrize("mode", ["sync", "sync_detailed", "asyncio", "asyncio_detailed"])
@pytest.mark.parametrize(("body", "field", "reason"), MALFORMED.values(), ids=MALFORMED)
def test_malformed_success_body_raises_malformed_response(
    mode: str, body: bytes, field: str, reason: str
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    with pytest.raises(errors.MalformedResponse) as raised:
        _snapshot(mode, handler)
    error = raised.value
    assert (error.operation, error.field) == ("distributions_snapshot (GET /distributions)", field)
    assert reason in error.reason
    assert isinstance(error, errors.ApiError)
    assert str(error).startswith("distributions_snapshot (GET /distributions): the 200 body")


def _gzip_blocks() -> tuple[bytes, bytes]:
    """The gzip header with 1 MiB of zeros, and the next 1 MiB of zeros: after a full flush the
    compressor starts afresh, so the second block's bytes stand for every later MiB too."""
    compressor = zlib.compressobj(wbits=31)  # 31: the gzip container
    block = bytes(1 << 20)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    return first, compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)


class _GzipBomb(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A gzip body of `mebibytes` MiB of zeros, sent a MiB at a time; counts the MiB sent."""

    FIRST, NEXT = _gzip_blocks()

    def __init__(self, mebibytes: int) -> None:
        self.mebibytes = mebibytes
        self.sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for index in range(self.mebibytes):
            self.sent += 1
            yield self.FIRST if index == 0 else self.NEXT

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self:
            yield chunk


@pytest.mark.parametrize("mode", ["sync", "asyncio"])
def test_default_client_stops_reading_a_gzip_bomb_at_its_cap(mode: str) -> None:
    # 1 GiB of zeros in about 1 MB of gzip: the client must stop at its default cap while the
    # body streams in, not inflate it whole.
    bomb = _GzipBomb(1024)

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return httpx.Response(200, headers=headers, stream=bomb)

    with pytest.raises(errors.ResponseTooLarge) as raised:
        _snapshot(mode, handler)
    assert raised.value.limit == DEFAULT_MAX_RESPONSE_BYTES == 64 * 1024 * 1024
    assert raised.value.url == f"{BASE_URL}/distributions"
    assert bomb.sent == 65  # the 65th MiB went past the cap; 1,024 were on offer


class _Dripper:
    """A server on 127.0.0.1 that answers every connection one byte every `interval` seconds,
    for at most `limit` seconds, with a valid HTTP response."""

    ANSWER = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n"
        b'{"iterable":[]     }'
    )

    def __init__(self, interval: float, limit: float) -> None:
        self.interval, self.limit = interval, limit
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        with connection:
            connection.recv(65536)
            end = time.monotonic() + self.limit
            for byte in self.ANSWER:
                if time.monotonic() > end:
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:  # the client gave up: what the test wants
                    return
                time.sleep(self.interval)

    def close(self) -> None:
        self.listener.close()
        self.thread.join(timeout=10)


@pytest.mark.parametrize("mode", ["sync", "asyncio"])
def test_timeout_bounds_the_whole_call_against_a_dripping_server(mode: str) -> None:
    # A byte every 0.1 s never lets a 0.5 s read timeout fire; the whole answer would take
    # about 9 s. The call must give up at its 0.5 s deadline instead.
    dripper = _Dripper(interval=0.1, limit=5.0)
    try:
        started = time.monotonic()
        with pytest.raises(httpx.TimeoutException):
            _snapshot_from(f"http://127.0.0.1:{dripper.port}", mode, httpx.Timeout(0.5))
        elapsed = time.monotonic() - started
    finally:
        dripper.close()
    assert elapsed < 1.5


def _snapshot_from(base_url: str, mode: str, timeout: httpx.Timeout) -> None:
    client = Client(base_url=base_url, timeout=timeout)
    if mode == "sync":
        with client:
            snapshot.sync(client=client)
        return

    async def run() -> None:
        async with client:
            await snapshot.asyncio(client=client)

    asyncio.run(run())
