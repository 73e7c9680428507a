"""The upstream fixtures are what the pinned official SDK says, and the page and spec agree with it.

tests/fixtures/upstream-models.json and upstream-operations.json are derived from the
`pieces_os_client` that interop/requirements-upstream.txt pins (`make upstream-models`, which runs
scripts/upstream_models.py); here the derivation runs again in .venv-upstream and the committed
files must be what it writes, byte for byte, and a difference is named model by model and
property by property. The seed page (tests/fixtures/seed-page.md) must agree with the SDK's
operations where both describe one, and every operation openapi.yaml marks `x-not-on-page` is
held to the SDK's: upstream has it, so its method, path, operationId, parameters, statuses,
response types, media types and security are upstream's (elements marked `x-addition` aside).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

import pieces_spec
from pieces_spec import Operation
from scripts.upstream_models import MODELS_NAME, differences
from tests.spec.markers import MARKER, NOT_ON_PAGE, OPERATIONS_FILE, SEED_FILE, marked, where
from tests.spec.seed_page import SEED_OPS, SeedOperation
from tests.support.spec import SPEC_PATH
from tests.support.upstream import PINNED_VENV, Derived, derived, read_fixtures

COMMITTED = read_fixtures()
SDK_OPERATIONS: dict[str, Any] = COMMITTED.operations
FIX = "run `make upstream-models` and commit the result"


@pytest.fixture(scope="module")
def pinned(tmp_path_factory: pytest.TempPathFactory) -> Derived:
    return derived(PINNED_VENV, tmp_path_factory.mktemp("upstream"))


def test_models_fixture_is_what_the_pinned_sdk_says(pinned: Derived) -> None:
    found = differences(COMMITTED.models, pinned.models)
    assert found == [], f"tests/fixtures/{MODELS_NAME} differs from the pinned SDK ({FIX}):\n" + (
        "\n".join(found)
    )


def test_operations_fixture_is_what_the_pinned_sdk_says(pinned: Derived) -> None:
    found = differences(COMMITTED.operations, pinned.operations)
    assert found == [], f"{OPERATIONS_FILE} differs from the pinned SDK ({FIX}):\n" + (
        "\n".join(found)
    )


def test_fixtures_are_byte_identical_to_the_derivation(pinned: Derived) -> None:
    # Same content in another order or layout still fails: the files are generated, not edited.
    assert (COMMITTED.models_text, COMMITTED.operations_text) == (
        pinned.models_text,
        pinned.operations_text,
    ), f"the fixtures' layout is not what make upstream-models writes: {FIX}"


def snake(operation_id: str) -> str:
    """An operationId as the Python SDK names its method (distributionsSnapshot -> ...)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation_id).lower()


def _sdk_operation(operation_id: str, source: str) -> dict[str, Any]:
    name = snake(operation_id)
    assert name in SDK_OPERATIONS, (
        f"{source} {operation_id}: the SDK has no operation {name} ({OPERATIONS_FILE}) - "
        "upstream dropped or renamed it"
    )
    entry: dict[str, Any] = SDK_OPERATIONS[name]
    return entry


def _page_facts(seed: SeedOperation) -> dict[str, Any]:
    """The page's operation in the fixture's notation (path parameters by name, the body apart)."""
    return {
        "method": seed.method.upper(),
        "path": seed.path,
        "path_parameters": sorted(
            (p.name, p.type, not p.optional)
            for p in seed.parameters
            if "{" + p.name + "}" in seed.path
        ),
        # The TypeScript page names the body after its model; the Python SDK after the argument.
        "body": sorted(
            (p.type, not p.optional) for p in seed.parameters if "{" + p.name + "}" not in seed.path
        ),
        "request_media_types": seed.content_types,
        "response_media_types": seed.accept,
        "statuses": sorted(seed.statuses),
        "returns": seed.return_type,
    }


def _sdk_facts(sdk: dict[str, Any]) -> dict[str, Any]:
    params = sdk["parameters"]
    success = [kind for status, kind in sdk["responses"].items() if status.startswith("2")]
    return {
        "method": sdk["method"],
        "path": sdk["path"],
        "path_parameters": sorted(
            (p["name"], p["type"], p["required"]) for p in params if p["in"] == "path"
        ),
        "body": sorted((p["type"], p["required"]) for p in params if p["in"] == "body"),
        "request_media_types": sdk["request_media_types"],
        "response_media_types": sdk["response_media_types"],
        "statuses": sorted(sdk["responses"]),
        "returns": success[0] if success and success[0] is not None else "void",
    }


@pytest.mark.parametrize("seed", SEED_OPS, ids=[op.operation_id for op in SEED_OPS])
def test_seed_page_operation_agrees_with_the_sdk(seed: SeedOperation) -> None:
    page = _page_facts(seed)
    sdk = _sdk_facts(_sdk_operation(seed.operation_id, SEED_FILE))
    assert [
        f"{SEED_FILE} {seed.operation_id} {fact}: page {page[fact]!r}, SDK {sdk[fact]!r} "
        f"({OPERATIONS_FILE})"
        for fact in page
        if page[fact] != sdk[fact]
    ] == []


SPEC = pieces_spec.load(SPEC_PATH)


def _not_on_page() -> list[Operation]:
    """Upstream's operations that the page does not list: off the page, yet not ours."""
    return [op for op in SPEC.operations if not SPEC.on_page(op) and not SPEC.is_addition(op)]


def _spec_type(content: Mapping[str, Any]) -> Any:
    """A body's type in the fixture's notation: a model's name, "string", or None (no body)."""
    if not content:
        return None
    types = set()
    for media in content.values():
        schema = media["schema"]
        ref = schema.get("$ref", "")
        types.add(ref.rsplit("/", 1)[-1] if ref else schema.get("type"))
    return types.pop() if len(types) == 1 else sorted(types)


def _spec_facts(operation: Operation) -> dict[str, Any]:
    """An operation of openapi.yaml, our additions left out, as the SDK fixture writes one."""
    responses = {
        status: response
        for status, response in SPEC.responses(operation)
        if not SPEC.is_addition(operation, status)
    }
    parameters = [
        {
            "name": param["name"],
            "in": param["in"],
            "type": param["schema"].get("type"),
            "required": param.get("required", False),
        }
        for param in SPEC.parameters(operation)
        if not marked(param)
    ]
    body = SPEC.resolve(operation.raw.get("requestBody"))
    if body is not None and not marked(body):
        parameters.append(
            {
                "in": "body",
                "type": _spec_type(body["content"]),
                "required": body.get("required", False),
            }
        )
    media = {m for response in responses.values() for m in response.get("content", {})}
    return {
        "method": operation.method.upper(),
        "path": operation.path,
        "parameters": parameters,
        "request_media_types": list(body["content"]) if body else [],
        "response_media_types": sorted(media),
        "responses": {
            status: _spec_type(response.get("content", {}))
            for status, response in sorted(responses.items())
        },
    }


def _sdk_spec_facts(sdk: dict[str, Any]) -> dict[str, Any]:
    return {
        "method": sdk["method"],
        "path": sdk["path"],
        # The body's name is the SDK's argument name, which the spec does not have.
        "parameters": [
            {k: v for k, v in p.items() if p["in"] != "body" or k != "name"}
            for p in sdk["parameters"]
        ],
        "request_media_types": sdk["request_media_types"],
        "response_media_types": sorted(sdk["response_media_types"]),
        "responses": dict(sorted(sdk["responses"].items())),
    }


def test_spec_marks_the_well_known_operations_not_on_page() -> None:
    # Guards the marker walk: without these the test below would check nothing.
    assert {op.path for op in _not_on_page()} >= {"/.well-known/health", "/.well-known/version"}


@pytest.mark.parametrize("operation", _not_on_page(), ids=lambda op: op.label)
def test_operation_not_on_page_is_the_sdks(operation: Operation) -> None:
    location = where("paths", operation.path, operation.method)
    sdk = _sdk_operation(operation.operation_id, location)
    ours = _spec_facts(operation)
    theirs = _sdk_spec_facts(sdk)
    assert [
        f"{location} {fact}: {ours[fact]!r}, upstream {theirs[fact]!r} ({OPERATIONS_FILE}) - "
        f"fix the spec, or mark the element `{MARKER}: true` if it is ours"
        for fact in ours
        if ours[fact] != theirs[fact]
    ] == []


def test_operations_marked_as_ours_are_not_upstreams() -> None:
    upstream = {(op["method"], op["path"]) for op in SDK_OPERATIONS.values()}
    wrong = [
        f"{where('paths', op.path, op.method)}: marked `{MARKER}: true` but {OPERATIONS_FILE} "
        f"has it - mark it `{NOT_ON_PAGE}: true` instead"
        for op in SPEC.operations
        if SPEC.is_addition(op) and (op.method.upper(), op.path) in upstream
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "operation", [op for op in SPEC.operations if not SPEC.is_addition(op)], ids=lambda op: op.label
)
def test_operation_security_is_the_sdks(operation: Operation) -> None:
    # The page does not say which scheme an operation takes; the SDK does. Ours stays optional
    # where upstream sends the key (an empty requirement sits beside it), and keyless where not.
    location = where("paths", operation.path, operation.method)
    schemes = _sdk_operation(operation.operation_id, location)["security"]
    effective = operation.raw.get("security", SPEC.document.get("security", []))
    named = sorted({name for requirement in effective for name in requirement})
    assert named == sorted(schemes), (
        f"{location}.security: schemes {named}, upstream {schemes} ({OPERATIONS_FILE})"
    )


def test_differences_name_each_model_and_property() -> None:
    # What a stale fixture fails with: model and property by name, not a whole-file diff.
    fixture = {
        "AccessEnum": {"enum": ["PUBLIC", "PRIVATE"]},
        "Score": {"properties": {"manual": {"type": "integer", "required": True}}},
    }
    sdk = {
        "AccessEnum": {"enum": ["UNKNOWN", "PUBLIC", "PRIVATE"]},
        "Score": {
            "properties": {
                "manual": {"type": "integer", "required": False},
                "priority": {"type": "integer", "required": False},
            }
        },
    }
    assert differences(fixture, sdk) == [
        "AccessEnum.enum: fixture ['PUBLIC', 'PRIVATE'], SDK ['UNKNOWN', 'PUBLIC', 'PRIVATE']",
        "Score.properties.manual.required: fixture True, SDK False",
        "Score.properties.priority: in the SDK, not in the fixture",
    ]
