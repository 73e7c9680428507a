"""Errors as exceptions: sync()/asyncio() return the success type or raise an errors.ApiError.

The statuses come from openapi.yaml: every error status an operation documents must raise its own
class, named as below, so a status added to the spec (and `make generate`) needs its class here
too. The detailed forms keep returning a Response for every status.
"""

from __future__ import annotations

import asyncio
import pickle
from pathlib import Path
from typing import Any

import httpx
import pytest
from pieces_distributions import Client, errors
from pieces_distributions.api.distributions import (
    distributions_delete_specific_distribution as delete_op,
)
from pieces_distributions.models import Distribution, Distributions

from reference_server.app import create_app
from reference_server.settings import Settings
from tests.client.scripted import (
    AWKWARD_ID,
    OPERATIONS,
    Operation,
    Server,
    call,
    success,
)
from tests.support.spec import HTTP_METHODS, load_spec

# The exception class for each error status the spec may document (RFC 9110 names).
ERROR_CLASSES: dict[int, str] = {
    400: "BadRequestError",
    401: "UnauthorizedError",
    403: "ForbiddenError",
    404: "NotFoundError",
    413: "ContentTooLargeError",
    415: "UnsupportedMediaTypeError",
    500: "InternalServerError",
    507: "InsufficientStorageError",
}
RAISING_MODES = ("sync", "asyncio")
DETAILED_MODES = ("sync_detailed", "asyncio_detailed")


def _documented_statuses() -> dict[str, list[int]]:
    """operationId -> the statuses its responses document, from openapi.yaml."""
    found: dict[str, list[int]] = {}
    for item in load_spec()["paths"].values():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                found[operation["operationId"]] = sorted(
                    int(code) for code in operation["responses"]
                )
    return found


DOCUMENTED = _documented_statuses()
ERROR_CASES = [
    (op.name, status)
    for op in OPERATIONS.values()
    for status in DOCUMENTED[op.operation_id]
    if status >= 400
]


def test_every_operation_has_documented_error_statuses() -> None:
    # Guards the parametrization below: an empty list would test nothing.
    assert {name for name, _ in ERROR_CASES} == set(OPERATIONS)


def test_every_documented_error_status_has_its_class() -> None:
    statuses = {status for _, status in ERROR_CASES}
    assert statuses <= set(ERROR_CLASSES), "name the new status's class in ERROR_CLASSES"
    for status in statuses:
        error_class = getattr(errors, ERROR_CLASSES[status])
        assert issubclass(error_class, errors.ApiError)
        assert ERROR_CLASSES[status] in errors.__all__


def test_unexpected_status_is_an_api_error() -> None:
    assert issubclass(errors.UnexpectedStatus, errors.ApiError)


@pytest.mark.parametrize("mode", RAISING_MODES)
@pytest.mark.parametrize(("op_name", "status"), ERROR_CASES)
def test_documented_error_status_raises_its_class(op_name: str, status: int, mode: str) -> None:
    text = f"a one-line reason for {status}"
    server = Server(status, text=text, headers={"X-Trace": "abc"})
    with pytest.raises(errors.ApiError) as raised:
        call(OPERATIONS[op_name], mode, server)
    assert type(raised.value).__name__ == ERROR_CLASSES[status]
    assert raised.value.status_code == status
    assert raised.value.text == text
    assert raised.value.headers["x-trace"] == "abc"
    assert str(raised.value).startswith(str(status))
    assert text in str(raised.value)


@pytest.mark.parametrize("mode", DETAILED_MODES)
@pytest.mark.parametrize(("op_name", "status"), ERROR_CASES)
def test_documented_error_status_is_returned_by_detailed(
    op_name: str, status: int, mode: str
) -> None:
    # Even with raise_on_unexpected_status: a documented status is never unexpected.
    server = Server(status, text="reason")
    response = call(OPERATIONS[op_name], mode, server, raise_on_unexpected_status=True)
    assert response.status_code == status
    assert response.parsed == "reason"


@pytest.mark.parametrize("mode", RAISING_MODES)
@pytest.mark.parametrize("op", OPERATIONS.values(), ids=OPERATIONS)
def test_undocumented_status_raises_unexpected_status(op: Operation, mode: str) -> None:
    # Raised whatever raise_on_unexpected_status says: sync() has nothing else to return.
    with pytest.raises(errors.UnexpectedStatus) as raised:
        call(op, mode, Server(418, text="I'm a teapot"))
    assert raised.value.status_code == 418
    assert raised.value.text == "I'm a teapot"
    assert raised.value.content == b"I'm a teapot"


@pytest.mark.parametrize("mode", RAISING_MODES)
def test_status_documented_only_by_another_operation_is_unexpected(mode: str) -> None:
    # 404 is documented for delete, not for snapshot: there it means a wrong base URL.
    assert 404 not in DOCUMENTED[OPERATIONS["snapshot"].operation_id]
    with pytest.raises(errors.UnexpectedStatus):
        call(OPERATIONS["snapshot"], mode, Server(404, text="Not Found"))


@pytest.mark.parametrize("mode", RAISING_MODES)
def test_undocumented_success_status_raises_unexpected_status(mode: str) -> None:
    # A 201 is a success to httpx but not what create documents; its body is not parsed.
    with pytest.raises(errors.UnexpectedStatus) as raised:
        call(OPERATIONS["create"], mode, Server(201, json_body={"id": "x"}))
    assert raised.value.status_code == 201


@pytest.mark.parametrize("mode", RAISING_MODES)
def test_create_returns_distribution(mode: str) -> None:
    created = call(OPERATIONS["create"], mode, success(OPERATIONS["create"]))
    assert isinstance(created, Distribution)


@pytest.mark.parametrize("mode", RAISING_MODES)
def test_snapshot_returns_distributions(mode: str) -> None:
    listed = call(OPERATIONS["snapshot"], mode, success(OPERATIONS["snapshot"]))
    assert isinstance(listed, Distributions)


@pytest.mark.parametrize("mode", RAISING_MODES)
def test_delete_returns_none_on_204(mode: str) -> None:
    server = Server(204)
    assert call(OPERATIONS["delete"], mode, server) is None
    assert server.request.url.path == f"/distributions/{AWKWARD_ID}/delete"


def test_not_found_error_carries_the_servers_text() -> None:
    text = f"distribution not found: {AWKWARD_ID}"
    with pytest.raises(errors.NotFoundError) as raised:
        call(OPERATIONS["delete"], "sync", Server(404, text=text))
    assert raised.value.text == text
    assert raised.value.headers["content-type"] == "text/plain; charset=utf-8"


def test_unexpected_status_keeps_its_two_argument_constructor() -> None:
    # Code written against the stock errors module builds it as UnexpectedStatus(status, content).
    error = errors.UnexpectedStatus(503, b"maintenance")
    assert (error.status_code, error.content, error.text) == (503, b"maintenance", "maintenance")
    assert dict(error.headers) == {}


def test_api_error_survives_pickling() -> None:
    # Exceptions cross process boundaries (multiprocessing, concurrent.futures) by pickle.
    error = errors.NotFoundError(404, b"gone", httpx.Headers({"X-Trace": "abc"}))
    copy: Any = pickle.loads(pickle.dumps(error))
    assert type(copy) is errors.NotFoundError
    assert (copy.status_code, copy.text, copy.headers["x-trace"]) == (404, "gone", "abc")


def test_reference_server_404_raises_not_found_with_its_text(tmp_path: Path) -> None:
    # The reference server app in process: its real one-line reason reaches NotFoundError.text.
    app = create_app(Settings(db=str(tmp_path / "db")))

    async def scenario() -> errors.NotFoundError:
        # A loopback address: a server that checks the Host header (DNS rebinding) admits it.
        transport = httpx.ASGITransport(app=app)
        client = Client(base_url="http://127.0.0.1", httpx_args={"transport": transport})
        async with app.router.lifespan_context(app), client:
            try:
                await delete_op.asyncio("no-such-id", client=client)
            except errors.NotFoundError as error:
                return error
        raise AssertionError("deleting an unknown id did not raise")

    error = asyncio.run(scenario())
    assert error.status_code == 404
    assert error.text == "distribution not found: no-such-id"
    assert error.headers["content-type"].startswith("text/plain")
