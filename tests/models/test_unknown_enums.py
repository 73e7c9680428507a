"""Enum values the spec does not list (a newer server's) are kept, typed as their enum, and written
back unchanged; the reference server still refuses them in a request.

Every location is derived from openapi.yaml: each property, at every depth below each root schema
(a component schema no other one refers to), whose schema is an enum. Documents are built from
the spec too: every declared property filled (scalars from the schema's example or its type), so
each location is present, and the result is checked against the spec before it is used.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Iterator, Mapping
from enum import Enum
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from reference_server.app import create_app
from reference_server.settings import Settings
from tests.support.asgi import request
from tests.support.spec import load_spec, model_classes, oas30_validator, resolve_pointer

SPEC = load_spec()
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
ITEM = "[]"  # a path step into every item of an array
Steps = tuple[str, ...]


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _resolved(schema: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """(component name or None, the schema itself) behind a possible $ref."""
    if "$ref" in schema:
        target = resolve_pointer(SPEC, schema["$ref"])
        assert isinstance(target, dict)
        return _name(schema["$ref"]), target
    return None, dict(schema)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield _name(node["$ref"])
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def root_schemas() -> list[str]:
    """Component object schemas that no other component schema refers to."""
    referenced = {name for schema in SCHEMAS.values() for name in _refs(schema)}
    return [
        name
        for name, schema in SCHEMAS.items()
        if name not in referenced and schema.get("type") == "object"
    ]


def enum_locations(
    schema: Mapping[str, Any], seen: tuple[str, ...] = ()
) -> Iterator[tuple[Steps, str]]:
    """(path, enum schema name) for every property at every depth whose schema is an enum."""
    values = schema.get("additionalProperties")
    if isinstance(values, dict):
        # None today; the walk below would not see one, so it must not go unnoticed.
        assert "enum" not in _resolved(values)[1], "an enum as map values: extend the walk"
    for prop, raw in schema.get("properties", {}).items():
        steps: Steps = (prop,)
        name, sub = _resolved(raw)
        if sub.get("type") == "array":
            steps, (name, sub) = (prop, ITEM), _resolved(sub["items"])
        if "enum" in sub:
            assert name is not None, f"inline enum at {prop}: the generator names it, we do not"
            yield steps, name
        elif sub.get("type") == "object" and name not in seen:
            for path, enum in enum_locations(sub, (*seen, *([name] if name else []))):
                yield (*steps, *path), enum


def _scalar(schema: Mapping[str, Any]) -> Any:
    if "example" in schema:
        return copy.deepcopy(schema["example"])
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "string":
        return "2026-11-27T10:00:00+00:00" if fmt == "date-time" else "text"
    return {"integer": 1, "number": 1.5, "boolean": True}[str(kind)]


def full_document(schema: Mapping[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """An instance with every declared property present (one item per array), enums declared."""
    name, schema = _resolved(schema)
    if "enum" in schema:
        return schema["enum"][0]
    if schema.get("type") == "array":
        return [full_document(schema["items"], seen)]
    if schema.get("type") != "object":
        return _scalar(schema)
    if "properties" not in schema:
        # A map (additionalProperties with a schema) gets one entry; an open object none.
        values = schema.get("additionalProperties")
        return {"key": full_document(values, seen)} if isinstance(values, dict) else {}
    assert name not in seen, f"a cycle through {name}: the document would never end"
    inner = (*seen, *([name] if name else []))
    return {prop: full_document(sub, inner) for prop, sub in schema["properties"].items()}


def _set(document: Any, path: Steps, value: str) -> list[str]:
    """Put value at every place path reaches; returns the places, for messages."""
    if not path:
        raise AssertionError("empty path")
    step, rest = path[0], path[1:]
    targets = list(enumerate(document)) if step == ITEM else [(step, document.get(step))]
    places = []
    for key, child in targets:
        assert child is not None, f"{step} missing in the document"
        if rest:
            places += [f"{key}.{place}" for place in _set(child, rest, value)]
        else:
            document[key] = value
            places.append(str(key))
    return places


def _get(model: Any, path: Steps) -> list[Any]:
    """The attribute values path reaches in a decoded model (every item of a list)."""
    values = [model]
    for step in path:
        values = (
            [item for value in values for item in value]
            if step == ITEM
            else [getattr(value, _python_name(type(value), step)) for value in values]
        )
    return values


def _python_name(cls: type[Any], key: str) -> str:
    # The generator snake-cases property names (messageId -> message_id); attrs knows both.
    for field in cls.__attrs_attrs__:
        if field.name == key or field.name.replace("_", "") == key.lower().replace("_", ""):
            return str(field.name)
    raise AssertionError(f"{cls.__name__} has no attribute for {key!r}")


def _locations() -> list[tuple[str, Steps, str]]:
    return [
        (root, path, enum)
        for root in root_schemas()
        for path, enum in enum_locations(SCHEMAS[root])
    ]


LOCATIONS = _locations()
CLASSES = model_classes()


def _id(location: tuple[str, Steps, str]) -> str:
    return f"{location[0]}.{'.'.join(location[1])}"


def _as_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def test_enum_locations_cover_every_enum_schema() -> None:
    # The walk must find each enum of the spec somewhere, under both kinds of root: the snapshot
    # a server sends and the seed a client sends (a walk that found nothing would pass below).
    enums = {name for name, schema in SCHEMAS.items() if "enum" in schema}
    assert {enum for _, _, enum in LOCATIONS} == enums
    assert {"Distributions", "SeededDistribution"} <= {root for root, _, _ in LOCATIONS}
    assert len(LOCATIONS) > len(SCHEMAS)


@pytest.mark.parametrize("root", sorted({root for root, _, _ in LOCATIONS}))
def test_full_document_is_valid_for_its_root(root: str) -> None:
    # The documents below differ from this one only in their enum values.
    oas30_validator({"$ref": f"#/components/schemas/{root}"}).validate(full_document(SCHEMAS[root]))


@pytest.mark.parametrize("location", LOCATIONS, ids=_id)
def test_unknown_value_round_trips_at_location(location: tuple[str, Steps, str]) -> None:
    root, path, enum_name = location
    document = full_document(SCHEMAS[root])
    assert _set(document, path, "FROM_A_NEWER_SERVER")
    sent = copy.deepcopy(document)

    model = CLASSES[root].from_dict(document)

    values = _get(model, path)
    assert values
    for value in values:
        assert type(value) is CLASSES[enum_name]
        assert value == "FROM_A_NEWER_SERVER"
        assert not value.is_declared
    assert _as_json(model.to_dict()) == _as_json(sent)


@pytest.mark.parametrize("location", LOCATIONS, ids=_id)
def test_declared_value_decodes_to_its_member_at_location(
    location: tuple[str, Steps, str],
) -> None:
    # from_dict finds declared values through its own lookup table, not the enum's constructor.
    root, path, enum_name = location
    enum: type[Enum] = CLASSES[enum_name]
    for member in enum:
        document = full_document(SCHEMAS[root])
        assert _set(document, path, member.value)
        values = _get(CLASSES[root].from_dict(document), path)
        assert values
        assert all(value is member for value in values)


def test_known_value_is_the_declared_member() -> None:
    for enum_name in {enum for _, _, enum in LOCATIONS}:
        cls: type[Enum] = CLASSES[enum_name]
        for member in cls:
            assert cls(member.value) is member
            assert getattr(member, "is_declared") is True  # noqa: B009 - every generated enum has it


def test_newer_server_snapshot_keeps_every_unknown_value() -> None:
    # A snapshot of three distributions where every enum at every location carries a value this
    # client has never heard of, each one different, so a value moved or dropped shows.
    locations = [(path, enum) for root, path, enum in LOCATIONS if root == "Distributions"]
    document = full_document(SCHEMAS["Distributions"])
    document["iterable"] = [copy.deepcopy(document["iterable"][0]) for _ in range(3)]
    for number, (path, _) in enumerate(locations):
        _set(document, path, f"NEWER_VALUE_{number}")
    sent = copy.deepcopy(document)

    snapshot = CLASSES["Distributions"].from_dict(document)

    kept = 0
    for number, (path, enum_name) in enumerate(locations):
        for value in _get(snapshot, path):
            assert type(value) is CLASSES[enum_name]
            assert value.value == f"NEWER_VALUE_{number}"
            assert not value.is_declared
            kept += 1
    assert kept >= 3 * len([p for p, _ in locations if p[0] == "iterable"])
    assert _as_json(snapshot.to_dict()) == _as_json(sent)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Starlette]:
    db = tmp_path_factory.mktemp("enums") / "distributions.sqlite3"
    app = create_app(Settings(db=str(db)))
    yield app

    async def close() -> None:
        # Leaving the app's lifespan closes its database, as a real shutdown would.
        async with app.router.lifespan_context(app):
            pass

    asyncio.run(close())


def _create(app: Starlette, seed: Any) -> httpx.Response:
    """POST a seed to the create operation, in process (no socket, no server process)."""
    return request(app, "POST", "/distributions/create", json=seed)


def _seed_locations() -> list[tuple[str, Steps, str]]:
    return [location for location in LOCATIONS if location[0] == "SeededDistribution"]


@pytest.mark.parametrize("location", _seed_locations(), ids=_id)
def test_server_refuses_unknown_value_in_a_seed(
    server: Starlette, location: tuple[str, Steps, str]
) -> None:
    # The client keeps what a server sends; requests keep the spec's strictness.
    _, path, _ = location
    seed = full_document(SCHEMAS["SeededDistribution"])
    known = _create(server, seed)
    assert known.status_code == 200, known.text
    places = _set(seed, path, "NOT_IN_THE_SPEC")

    response = _create(server, seed)

    assert response.status_code == 400
    assert "'NOT_IN_THE_SPEC' is not one of" in response.text, (places, response.text)
