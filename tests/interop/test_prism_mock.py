"""The generated client against Prism mocking openapi.yaml: every documented response parses.

Static mode serves the spec's own examples: each operation is asked (Prefer header) for every
documented status and every named example, and the client must parse each one into its model,
losing nothing. Dynamic mode (`-d`) makes up fresh bodies from the schemas, extra properties
included, for several rounds per status. Both mocks run with `--errors`, so an example that breaks
its schema, or a request the client builds wrongly, comes back as an error with an
`sl-violations` header instead of passing quietly.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pieces_distributions import Client
from pieces_distributions.api.distributions import (
    distributions_create_new_distribution,
    distributions_delete_specific_distribution,
    distributions_snapshot,
)
from pieces_distributions.api.well_known import get_well_known_health, get_well_known_version
from pieces_distributions.models import Distribution, Distributions, SeededDistribution
from pieces_distributions.types import Response

import pieces_spec
from tests.interop.tools import SPEC_PATH, Prism, json_difference, prism
from tests.support.spec import load_spec

DYNAMIC_ROUNDS = 12
SOME_ID = "5f0c7a4e-2b8d-4c1e-9a57-0d3e6b1f8c21"

Call = Callable[[Client], Response[Any]]

# operationId -> how the generated client calls it, and the model a JSON success parses into
# (str for a text one, None when the success has no body).
OPERATIONS: dict[str, tuple[Call, type[Any] | None]] = {
    "distributionsCreateNewDistribution": (
        lambda client: distributions_create_new_distribution.sync_detailed(client=client),
        Distribution,
    ),
    "distributionsDeleteSpecificDistribution": (
        lambda client: distributions_delete_specific_distribution.sync_detailed(
            SOME_ID, client=client
        ),
        None,
    ),
    "distributionsSnapshot": (
        lambda client: distributions_snapshot.sync_detailed(client=client),
        Distributions,
    ),
    "getWellKnownHealth": (lambda client: get_well_known_health.sync_detailed(client=client), str),
    "getWellKnownVersion": (
        lambda client: get_well_known_version.sync_detailed(client=client),
        str,
    ),
}


def _documented_responses() -> Iterator[tuple[str, str, str | None]]:
    """(operationId, status, example name or None) for every response the spec documents."""
    spec = pieces_spec.load(SPEC_PATH)
    for operation in spec.operations:
        for status, response in spec.responses(operation):
            content = response.get("content", {})
            names: list[str | None] = [None]
            for media in content.values():
                names = list(media.get("examples", {})) or [None]
            for name in names:
                yield operation.operation_id, status, name


def _request_examples() -> list[str]:
    spec = load_spec()
    body = spec["paths"]["/distributions/create"]["post"]["requestBody"]
    return list(body["content"]["application/json"]["examples"])


DOCUMENTED = list(_documented_responses())


@pytest.fixture(scope="module")
def static_mock() -> Iterator[Prism]:
    with prism("mock", "--errors", str(SPEC_PATH)) as running:
        yield running


@pytest.fixture(scope="module")
def dynamic_mock() -> Iterator[Prism]:
    with prism("mock", "--dynamic", "--errors", str(SPEC_PATH)) as running:
        yield running


def client_for(mock: Prism, prefer: str | None = None) -> Client:
    headers = {"Prefer": prefer} if prefer else {}
    return Client(base_url=mock.base_url, headers=headers, raise_on_unexpected_status=True)


def check_parsed(response: Response[Any], status: int, model: type[Any] | None) -> None:
    """The client parsed the response into what the spec says, and kept all of it."""
    assert "sl-violations" not in response.headers, response.headers["sl-violations"]
    assert response.status_code == status, response.content[:2000]
    content_type = response.headers.get("content-type", "")
    if status == 204:
        assert response.parsed is None
        assert response.content == b""
    elif content_type.startswith("application/json"):
        assert model is not None
        assert isinstance(response.parsed, model)
        body = response.content.decode()
        difference = json_difference(response.parsed.to_dict(), json.loads(response.content))
        assert difference is None, f"{difference}\nbody: {body}"
    else:
        assert content_type.startswith("text/plain"), content_type
        assert response.parsed == response.content.decode()


def test_prism_mock_covers_every_operation_in_theload_spec() -> None:
    assert {operation for operation, _, _ in DOCUMENTED} == set(OPERATIONS)


@pytest.mark.parametrize(
    ("operation", "status", "example"),
    DOCUMENTED,
    ids=[f"{op}-{status}-{example or 'schema'}" for op, status, example in DOCUMENTED],
)
def test_prism_static_example_parses(
    static_mock: Prism, operation: str, status: str, example: str | None
) -> None:
    prefer = f"code={status}" + (f", example={example}" if example else "")
    call, model = OPERATIONS[operation]
    with client_for(static_mock, prefer) as client:
        check_parsed(call(client), int(status), model)


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_prism_static_default_response_parses(static_mock: Prism, operation: str) -> None:
    call, model = OPERATIONS[operation]
    expected = 204 if model is None else 200
    with client_for(static_mock) as client:
        check_parsed(call(client), expected, model)


@pytest.mark.parametrize("example", _request_examples())
def test_prism_static_accepts_request_example_sent_by_client(
    static_mock: Prism, example: str
) -> None:
    # The request examples go through the generated model and out again; Prism checks the body.
    spec = pieces_spec.load(SPEC_PATH)
    media = spec.document["paths"]["/distributions/create"]["post"]["requestBody"]["content"]
    seed = SeededDistribution.from_dict(
        spec.resolve(media["application/json"]["examples"][example])["value"]
    )
    with client_for(static_mock) as client:
        response = distributions_create_new_distribution.sync_detailed(client=client, body=seed)
    check_parsed(response, 200, Distribution)


@pytest.mark.parametrize(
    ("operation", "status"),
    sorted({(operation, status) for operation, status, _ in DOCUMENTED}),
)
def test_prism_dynamic_responses_parse(dynamic_mock: Prism, operation: str, status: str) -> None:
    call, model = OPERATIONS[operation]
    with client_for(dynamic_mock, f"code={status}") as client:
        for _ in range(DYNAMIC_ROUNDS):
            check_parsed(call(client), int(status), model)
