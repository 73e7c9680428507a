"""A scripted server for the generated client: httpx.MockTransport answering one fixed response.

Shared by the tests in this folder: `call()` runs one operation in one of its four forms through a
client whose transport is a `Server`, which answers every request the same way and keeps what it
saw.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution as create_op,
)
from pieces_distributions.api.distributions import (
    distributions_delete_specific_distribution as delete_op,
)
from pieces_distributions.api.distributions import distributions_snapshot as snapshot_op
from pieces_distributions.client import AuthenticatedClient, Client
from pieces_distributions.models import SeededDistribution

from tests.support.spec import load_spec, resolve_pointer

BASE_URL = "http://pieces.test:1000"
API_KEY = "test-application-id"
# Slash, space, question mark, hash and non-ASCII: each would change the URL if not escaped.
AWKWARD_ID = "a/b c?d#e-é"
AWKWARD_ID_IN_PATH = "/distributions/a%2Fb%20c%3Fd%23e-%C3%A9/delete"
MODES = ("sync_detailed", "asyncio_detailed", "sync", "asyncio")

_SPEC = load_spec()
CREATED = resolve_pointer(_SPEC, "#/components/examples/MailgunDistributionRecord")["value"]
SNAPSHOT = resolve_pointer(_SPEC, "#/components/examples/SnapshotOfTwo")["value"]
SEED = _SPEC["components"]["schemas"]["SeededDistribution"]["example"]


@dataclass
class Operation:
    name: str
    module: ModuleType
    method: str
    path: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    operation_id: str = ""


OPERATIONS = {
    "create": Operation(
        "create",
        create_op,
        "POST",
        "/distributions/create",
        {"body": SeededDistribution.from_dict(SEED)},
        "distributionsCreateNewDistribution",
    ),
    "delete": Operation(
        "delete",
        delete_op,
        "POST",
        AWKWARD_ID_IN_PATH,
        {"distribution": AWKWARD_ID},
        "distributionsDeleteSpecificDistribution",
    ),
    "snapshot": Operation(
        "snapshot", snapshot_op, "GET", "/distributions", {}, "distributionsSnapshot"
    ),
}


class Server:
    """A scripted server: answers every request with one response and keeps what it saw."""

    def __init__(
        self,
        status: int,
        *,
        json_body: Any = None,
        text: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status, self.json_body, self.text = status, json_body, text
        self.headers = dict(headers or {})
        self.requests: list[httpx.Request] = []

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.json_body is not None:
            return httpx.Response(self.status, json=self.json_body, headers=self.headers)
        if self.text is not None:
            headers = {"Content-Type": "text/plain; charset=utf-8", **self.headers}
            return httpx.Response(self.status, text=self.text, headers=headers)
        return httpx.Response(self.status, headers=self.headers)

    def handle(self, request: httpx.Request) -> httpx.Response:
        return self._answer(request)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # a real suspension point, as a network round trip has
        return self._answer(request)

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1, f"expected one request, got {len(self.requests)}"
        return self.requests[0]


def call(
    op: Operation,
    mode: str,
    server: Server,
    *,
    token: str | None = None,
    **client_args: Any,
) -> Any:
    """Run `op` in `mode` through a client whose transport is `server`.

    With `token`, an AuthenticatedClient holding it; otherwise a Client that sends the API key
    as a plain header.
    """
    asynchronous = mode.startswith("asyncio")
    handler = server.handle_async if asynchronous else server.handle
    transport = {"transport": httpx.MockTransport(handler)}
    client: Client | AuthenticatedClient
    if token is None:
        client = Client(
            base_url=BASE_URL,
            headers={"X-Application-ID": API_KEY},
            httpx_args=transport,
            **client_args,
        )
    else:
        client = AuthenticatedClient(
            base_url=BASE_URL, token=token, httpx_args=transport, **client_args
        )
    function: Callable[..., Any] = getattr(op.module, mode)
    if not asynchronous:
        with client:
            return function(client=client, **op.kwargs)

    async def run() -> Any:
        async with client:
            result: Awaitable[Any] = function(client=client, **op.kwargs)
            return await result

    return asyncio.run(run())


def success(op: Operation) -> Server:
    """A server that answers `op` with its documented success."""
    if op.name == "create":
        return Server(200, json_body=CREATED)
    if op.name == "snapshot":
        return Server(200, json_body=SNAPSHOT)
    return Server(204)
