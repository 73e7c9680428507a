"""The generated client's three operations, sync and async, against a scripted transport.

httpx.MockTransport stands in for the network so each test can say exactly what the server
answers (including statuses a real server would rarely send) and inspect exactly what the client
sent. Behaviour against the real reference server is covered by the contract suite.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from pieces_distributions import errors
from pieces_distributions.client import DEFAULT_TIMEOUT, AuthenticatedClient, Client
from pieces_distributions.models import Distribution, Distributions

from tests.client.scripted import (
    API_KEY,
    AWKWARD_ID,
    BASE_URL,
    CREATED,
    MODES,
    OPERATIONS,
    SEED,
    SNAPSHOT,
    Operation,
    Server,
    call,
)
from tests.client.scripted import success as _success


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


@pytest.mark.parametrize("mode", MODES)
def test_create_without_body_sends_no_content_type(mode: str) -> None:
    # A Content-Type announces a body; a strict server may refuse one that comes without
    # (issue 12). The stock generated create sent "application/json" even with no body.
    server = _success(OPERATIONS["create"])
    op = OPERATIONS["create"]
    call(Operation(op.name, op.module, op.method, op.path), mode, server)
    assert "Content-Type" not in server.request.headers


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


@pytest.mark.parametrize("mode", ["sync_detailed", "asyncio_detailed"])
@pytest.mark.parametrize("op", OPERATIONS.values(), ids=OPERATIONS)
def test_undocumented_status_parses_to_none_by_default(op: Operation, mode: str) -> None:
    # The detailed forms hand back every status; sync()/asyncio() raise (see test_errors.py).
    result = call(op, mode, Server(418, text="I'm a teapot"))
    assert result.status_code == 418
    assert result.content == b"I'm a teapot"
    assert result.parsed is None


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


def test_clients_share_one_default_tls_context() -> None:
    # httpx loads the CA bundle for every transport it builds (about 0.25 s here, plain-HTTP
    # clients included); the default context is built once and shared instead.
    keyed = AuthenticatedClient(base_url="https://example.test", token="k")
    transports: list[object] = [
        Client(base_url="http://127.0.0.1:1").get_httpx_client()._transport,
        keyed.get_async_httpx_client()._transport,
        Client(base_url="https://example.test", verify_ssl=False).get_httpx_client()._transport,
    ]
    contexts = [transport._pool._ssl_context for transport in transports]  # type: ignore[attr-defined]
    assert contexts[0] is contexts[1]
    assert contexts[2] is not contexts[0]
