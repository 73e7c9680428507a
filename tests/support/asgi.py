"""The reference server's application in this process, behind a synchronous httpx client.

`request(app, method, path)` sends one request to an app a test built itself.
`in_process(settings)` builds the app with `reference_server.app.create_app(settings)`, runs its
lifespan, and yields an `httpx.Client` whose transport hands every request to the app through
`httpx.ASGITransport`: the whole middleware chain (API key check, error handler) and every
handler run exactly as under uvicorn, but with no process, port or socket. What only uvicorn
does (the ready line, signals, workers, keep-alive and request deadlines, closing a connection
after `Connection: close`, logging) still needs a real process: `reference_server.launcher`.

Why not Starlette's TestClient: since Starlette 1.x it warns that it wants `httpx2` instead of
httpx, and this project's warnings are errors and its client is built on httpx. ASGITransport is
httpx's own, async only; `SyncASGITransport` below runs it on one event loop in a thread of its
own (an anyio blocking portal), so sync tests read as they do against a real server.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from starlette.applications import Starlette
from starlette.types import ASGIApp

from reference_server.app import create_app
from reference_server.settings import Settings

# What the in-process client calls itself: a loopback address and port, as a real client of the
# server's default host would send in Host (the Host and cross-site guard reads both).
BASE_URL = "http://127.0.0.1:1000"


class _AsyncChunks(httpx.AsyncByteStream):
    """A sync request body handed to the async transport chunk by chunk, as a socket would."""

    def __init__(self, stream: httpx.SyncByteStream) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._stream:
            yield chunk


class SyncASGITransport(httpx.BaseTransport):
    """httpx.ASGITransport for a synchronous httpx.Client, on the given portal's event loop."""

    def __init__(
        self, app: Starlette, portal: BlockingPortal, *, raise_app_exceptions: bool
    ) -> None:
        self._transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
        self._portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        stream = request.stream
        if not isinstance(stream, httpx.AsyncByteStream):
            assert isinstance(stream, httpx.SyncByteStream)
            request.stream = _AsyncChunks(stream)
        return self._portal.call(self._send, request)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self._transport.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content)


@dataclass(frozen=True)
class InProcess:
    """A client of the app in this process, the app itself, and the database file it uses."""

    client: httpx.Client
    app: Starlette
    db_path: Path


@contextmanager
def in_process(
    db_path: Path, settings: Settings | None = None, *, raise_app_exceptions: bool = True
) -> Iterator[InProcess]:
    """The app of `settings` (defaults otherwise) on the database at db_path, with a client.

    An exception that escapes the app fails the request loudly unless raise_app_exceptions is
    False (the tests of the 500 answer, which want what a client receives).
    """
    app = create_app(replace(settings or Settings(), db=str(db_path)))
    with (
        start_blocking_portal() as portal,
        # The app's own start-up and shutdown (it closes the database), as uvicorn runs them.
        portal.wrap_async_context_manager(app.router.lifespan_context(app)),
        httpx.Client(
            transport=SyncASGITransport(app, portal, raise_app_exceptions=raise_app_exceptions),
            base_url=BASE_URL,
        ) as client,
    ):
        yield InProcess(client, app, db_path)


def request(
    app: ASGIApp,
    method: str,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    json: Any = None,
    content: bytes | None = None,
    base_url: str = BASE_URL,
) -> httpx.Response:
    """One request through an app (no lifespan run, nothing kept), answered in full: for tests
    that build an app of their own, such as one from an edited copy of the spec."""

    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            return await client.request(method, path, headers=headers, json=json, content=content)

    return asyncio.run(send())
