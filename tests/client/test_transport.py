"""The generated client's three operations, sync and async, against a scripted transport.

httpx.MockTransport stands in for the network so each test can say exactly what the server
answers (including statuses a real server would rarely send) and inspect exactly what the client
sent. Behaviour against the real reference server is covered by the contract suite.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx
import pytest
from pieces_distributions import errors
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution as create_op,
)
from pieces_distributions.api.distributions import (
    distributions_delete_specific_distribution as delete_op,
)
from pieces_distributions.api.distributions import distributions_snapshot as snapshot_op
from pieces_distributions.client import DEFAULT_TIMEOUT, AuthenticatedClient, Client
from pieces_distributions.models import Distribution, Distributions, SeededDistribution
from pieces_distributions.types import Response

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


OPERATIONS = {
    "create": Operation(
        "create",
        create_op,
        "POST",
        "/distributions/create",
        {"body": SeededDistribution.from_dict(SEED)},
    ),
    "delete": Operation(
        "delete", delete_op, "POST", AWKWARD_ID_IN_PATH, {"distribution": AWKWARD_ID}
    ),
    "snapshot": Operation("snapshot", snapshot_op, "GET", "/distributions"),
}


class Server:
    """A scripted server: answers every request with one response and keeps what it saw."""

    def __init__(self, status: int, *, json_body: Any = None, text: str | None = None) -> None:
        self.status, self.json_body, self.text = status, json_body, text
        self.requests: list[httpx.Request] = []

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.json_body is not None:
            return httpx.Response(self.status, json=self.json_body)
        if self.text is not None:
            return httpx.Response(
                self.status, text=self.text, headers={"Content-Type": "text/plain; charset=utf-8"}
            )
        return httpx.Response(self.status)

    def handle(self, request: httpx.Request) -> httpx.Response:
        return self._answer(request)

    async def handle_async(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)  # a real suspension point, as a network round trip has
        return self._answer(request)

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1, f"expected one request, got {len(self.requests)}"
        return self.requests[0]


def call(op: Operation, mode: str, server: Server, **client_args: Any) -> Response[Any] | Any:
    """Run `op` in `mode` through a Client whose transport is `server`."""
    asynchronous = mode.startswith("asyncio")
    handler = server.handle_async if asynchronous else server.handle
    client = Client(
        base_url=BASE_URL,
        headers={"X-Application-ID": API_KEY},
        httpx_args={"transport": httpx.MockTransport(handler)},
        **client_args,
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


def _success(op: Operation) -> Server:
    if op.name == "create":
        return Server(200, json_body=CREATED)
    if op.name == "snapshot":
        return Server(200, json_body=SNAPSHOT)
    return Server(204)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("op", OPERATIONS.values(), ids=OPERATIONS)
def test_operation_request_has_method_path_and_api_key(op: Operation, mode: str) -> None:
    server = _success(op)
    call(op, mode, server)
    assert server.request.method == op.method
    assert server.request.url.raw_path.decode("ascii") == op.path
    assert server.request.url.host == "pieces.test"
    assert server.request.headers["X-Application-ID"] == API_KEY


@pytest.mark.parametrize("mode", MODES)
def test_create_sends_seed_as_json_body(mode: str) -> None:
    server = _success(OPERATIONS["create"])
    call(OPERATIONS["create"], mode, server)
    assert server.request.headers["Content-Type"] == "application/json"
    assert json.loads(server.request.content) == SEED


@pytest.mark.parametrize("mode", MODES)
def test_create_without_body_sends_no_body(mode: str) -> None:
    # The body is left out entirely: the spec makes it optional, as upstream does.
    server = _success(OPERATIONS["create"])
    op = OPERATIONS["create"]
    call(Operation(op.name, op.module, op.method, op.path), mode, server)
    assert server.request.content == b""
    assert server.request.headers.get("Content-Length", "0") == "0"


@pytest.mark.parametrize("mode", ["sync_detailed", "asyncio_detailed"])
def test_create_200_parses_into_distribution(mode: str) -> None:
    response = call(OPERATIONS["create"], mode, _success(OPERATIONS["create"]))
    assert response.status_code == 200
    assert isinstance(response.parsed, Distribution)
    assert response.parsed.to_dict() == CREATED


@pytest.mark.parametrize("mode", ["sync", "asyncio"])
def test_create_parsed_only_returns_distribution(mode: str) -> None:
    parsed = call(OPERATIONS["create"], mode, _success(OPERATIONS["create"]))
    assert isinstance(parsed, Distribution)
    assert parsed.id == CREATED["id"]


@pytest.mark.parametrize("mode", ["sync_detailed", "asyncio_detailed"])
def test_snapshot_200_parses_into_distributions(mode: str) -> None:
    response = call(OPERATIONS["snapshot"], mode, _success(OPERATIONS["snapshot"]))
    assert response.status_code == 200
    assert isinstance(response.parsed, Distributions)
    assert [d.id for d in response.parsed.iterable] == [d["id"] for d in SNAPSHOT["iterable"]]
    assert response.parsed.to_dict() == SNAPSHOT


@pytest.mark.parametrize("mode", ["sync", "asyncio"])
def test_snapshot_parsed_only_returns_distributions(mode: str) -> None:
    parsed = call(OPERATIONS["snapshot"], mode, _success(OPERATIONS["snapshot"]))
    assert isinstance(parsed, Distributions)
    assert len(parsed.iterable) == len(SNAPSHOT["iterable"])


@pytest.mark.parametrize("mode", ["sync_detailed", "asyncio_detailed"])
def test_delete_204_parses_into_none(mode: str) -> None:
    response = call(OPERATIONS["delete"], mode, Server(204))
    assert response.status_code == 204
    assert response.parsed is None
    assert response.content == b""


ERRORS = [
    ("create", 400, "invalid SeededDistribution at mailgun: 'recipients' is a required property"),
    ("create", 413, "request body larger than 1048576 bytes"),
    ("delete", 404, f"distribution not found: {AWKWARD_ID}"),
    ("snapshot", 401, "missing or wrong X-Application-ID"),
    ("snapshot", 500, "internal server error"),
]


@pytest.mark.parametrize("mode", ["sync_detailed", "asyncio_detailed"])
@pytest.mark.parametrize(("op_name", "status", "text"), ERRORS)
def test_error_text_comes_back_as_str(op_name: str, status: int, text: str, mode: str) -> None:
    response = call(OPERATIONS[op_name], mode, Server(status, text=text))
    assert response.status_code == status
    assert response.parsed == text
    assert isinstance(response.parsed, str)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("op", OPERATIONS.values(), ids=OPERATIONS)
def test_undocumented_status_parses_to_none_by_default(op: Operation, mode: str) -> None:
    result = call(op, mode, Server(418, text="I'm a teapot"))
    if mode.endswith("detailed"):
        assert result.status_code == 418
        assert result.content == b"I'm a teapot"
        result = result.parsed
    assert result is None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("op", OPERATIONS.values(), ids=OPERATIONS)
def test_undocumented_status_raises_when_asked(op: Operation, mode: str) -> None:
    server = Server(418, text="I'm a teapot")
    with pytest.raises(errors.UnexpectedStatus) as raised:
        call(op, mode, server, raise_on_unexpected_status=True)
    assert raised.value.status_code == 418
    assert raised.value.content == b"I'm a teapot"


def test_default_timeout_is_finite() -> None:
    assert isinstance(DEFAULT_TIMEOUT, httpx.Timeout)
    limits = DEFAULT_TIMEOUT.as_dict()
    assert set(limits) == {"connect", "read", "write", "pool"}
    assert all(isinstance(limit, float) and limit > 0 for limit in limits.values())


def test_default_timeout_is_the_documented_10_s_with_5_s_to_connect() -> None:
    # README.md promises these figures.
    assert DEFAULT_TIMEOUT.as_dict() == {"connect": 5.0, "read": 10.0, "write": 10.0, "pool": 10.0}


def test_authenticated_client_builds_httpx_clients_with_the_default_timeout() -> None:
    # A class of its own in the generated code, not a subclass of Client, so checked on its own.
    client = AuthenticatedClient(base_url=BASE_URL, token=API_KEY)
    with client.get_httpx_client() as sync_client:
        assert sync_client.timeout == DEFAULT_TIMEOUT
    async_client = client.get_async_httpx_client()
    try:
        assert async_client.timeout == DEFAULT_TIMEOUT
    finally:
        asyncio.run(async_client.aclose())


@pytest.mark.parametrize("mode", ["sync_detailed", "asyncio_detailed"])
def test_default_timeout_reaches_the_transport(mode: str) -> None:
    server = _success(OPERATIONS["snapshot"])
    call(OPERATIONS["snapshot"], mode, server)
    assert server.request.extensions["timeout"] == DEFAULT_TIMEOUT.as_dict()


@pytest.mark.parametrize("mode", ["sync_detailed", "asyncio_detailed"])
def test_explicit_timeout_replaces_the_default(mode: str) -> None:
    server = _success(OPERATIONS["snapshot"])
    call(OPERATIONS["snapshot"], mode, server, timeout=httpx.Timeout(1.5))
    assert server.request.extensions["timeout"] == httpx.Timeout(1.5).as_dict()
