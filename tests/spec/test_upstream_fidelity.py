"""Every model in openapi.yaml has the upstream structure, field for field, except our additions.

tests/fixtures/upstream-models.json records each upstream model (property names, types, which are
required, defaults, enum values), as the pinned official SDK declares it (`make upstream-models`
derives it; tests/spec/test_upstream_sdk.py proves the committed file is that derivation). Each
unmarked component schema is compared with its entry in both directions, so a property or model
missing from the spec fails as surely as an invented one.
Schemas and properties marked `x-addition: true` are ours: they are held only to validity
(tests/spec/test_document.py), and a marker on something upstream has fails. Every failure names
the file and the entry to change.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.spec.markers import (
    FOLLOWS_SDK,
    MODELS_FILE,
    marked,
    not_upstream,
    where,
    wrongly_marked,
)
from tests.support.spec import load_spec, load_upstream_models, resolve_pointer

# Upstream these pull in most of the Pieces OS API; we model them as open objects requiring `id`.
BOUNDARY = ("FlattenedAsset", "FlattenedUserProfile")
UPSTREAM = load_upstream_models()
SCHEMA_NAMES = list(load_spec()["components"]["schemas"])
ALL_NAMES = sorted(set(UPSTREAM) | set(SCHEMA_NAMES))
REF_PREFIX = "#/components/schemas/"
_MISSING = "<no default>"


def upstream_type(schema: dict[str, Any]) -> Any:
    """A property schema written in the fixture's type notation."""
    if "$ref" in schema:
        ref = schema["$ref"]
        assert ref.startswith(REF_PREFIX), ref
        return ref.removeprefix(REF_PREFIX)
    kind = schema.get("type")
    if kind == "array":
        return {"array_of": upstream_type(schema["items"])}
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        assert "properties" not in schema, "a map must not also declare properties"
        return {"map_of": upstream_type(schema["additionalProperties"])}
    if kind == "string" and schema.get("format") == "date-time":
        return "date-time string"
    if kind == "string" and "format" not in schema:
        return "string"
    if kind in ("integer", "boolean") and "format" not in schema:
        return kind
    return {"unmapped": schema}


def effective_default(spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    """The default a property gets: its own, or that of the (enum) schema it references."""
    if "default" in schema:
        return schema["default"]
    if "$ref" in schema:
        return resolve_pointer(spec, schema["$ref"]).get("default", _MISSING)
    return _MISSING


def _schema_and_upstream(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    spec = load_spec()
    assert name in spec["components"]["schemas"], (
        f"{MODELS_FILE} {name}: upstream model missing in openapi.yaml components.schemas - "
        f"add the schema ({FOLLOWS_SDK})"
    )
    assert name in UPSTREAM, not_upstream(where("components.schemas", name), MODELS_FILE, "model")
    return spec["components"]["schemas"][name], UPSTREAM[name]


def test_fixture_lists_the_boundary_models() -> None:
    assert set(BOUNDARY) <= set(UPSTREAM)


def _ours(name: str) -> bool:
    return marked(load_spec()["components"]["schemas"].get(name))


# Schemas of our own (marked) are left out of every comparison with upstream.
UPSTREAM_NAMES = [n for n in ALL_NAMES if not _ours(n)]


@pytest.mark.parametrize("name", UPSTREAM_NAMES)
def test_model_is_in_spec_and_upstream(name: str) -> None:
    _schema_and_upstream(name)


def test_marked_schemas_are_not_upstream_models() -> None:
    marked = [n for n in SCHEMA_NAMES if _ours(n)]
    wrong = [wrongly_marked(where("components.schemas", n), MODELS_FILE) for n in marked]
    assert [w for w, n in zip(wrong, marked, strict=True) if n in UPSTREAM] == []


STRUCTURED = [n for n in UPSTREAM_NAMES if n not in BOUNDARY and "enum" not in UPSTREAM.get(n, {})]
ENUMS = [n for n in UPSTREAM_NAMES if "enum" in UPSTREAM.get(n, {})]


def _upstream_properties(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the spec's unmarked properties, upstream's properties) of one structured model."""
    schema, upstream = _schema_and_upstream(name)
    properties = {
        prop: sub
        for prop, sub in schema.get("properties", {}).items()
        if not marked(sub) or prop in upstream["properties"]
    }
    return properties, upstream["properties"]


@pytest.mark.parametrize("name", STRUCTURED)
def test_model_property_names_match_upstream(name: str) -> None:
    properties, upstream = _upstream_properties(name)
    problems = [
        f"{MODELS_FILE} {name}.properties.{prop}: upstream property missing in "
        f"{where('components.schemas', name, 'properties')} - add it there ({FOLLOWS_SDK})"
        for prop in sorted(set(upstream) - set(properties))
    ] + [
        not_upstream(where("components.schemas", name, "properties", prop), MODELS_FILE, "property")
        for prop in sorted(set(properties) - set(upstream))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", STRUCTURED)
def test_model_marked_properties_are_not_upstream(name: str) -> None:
    schema, upstream = _schema_and_upstream(name)
    wrong = [
        wrongly_marked(where("components.schemas", name, "properties", prop), MODELS_FILE)
        for prop, sub in schema.get("properties", {}).items()
        if marked(sub) and prop in upstream["properties"]
    ]
    assert wrong == []


@pytest.mark.parametrize("name", STRUCTURED)
def test_model_property_types_match_upstream(name: str) -> None:
    schema, _ = _schema_and_upstream(name)
    assert schema.get("type") == "object", f"{where('components.schemas', name)}: not an object"
    properties, upstream = _upstream_properties(name)
    wrong = [
        f"{where('components.schemas', name, 'properties', prop)}: type "
        f"{upstream_type(properties[prop])!r}, upstream {facts['type']!r} ({MODELS_FILE}) - "
        f"fix the spec ({FOLLOWS_SDK})"
        for prop, facts in upstream.items()
        if prop in properties and upstream_type(properties[prop]) != facts["type"]
    ]
    assert wrong == []


@pytest.mark.parametrize("name", STRUCTURED)
def test_model_required_matches_upstream(name: str) -> None:
    schema, _ = _schema_and_upstream(name)
    properties, upstream = _upstream_properties(name)
    # A property of our own may be required or not: only validity holds it.
    required = sorted(p for p in schema.get("required", []) if p in properties)
    expected = sorted(p for p, facts in upstream.items() if facts["required"])
    assert required == expected, (
        f"{where('components.schemas', name, 'required')}: {required}, upstream {expected} "
        f"({MODELS_FILE}) - fix the spec ({FOLLOWS_SDK})"
    )


@pytest.mark.parametrize("name", STRUCTURED)
def test_model_defaults_match_upstream(name: str) -> None:
    spec = load_spec()
    properties, upstream = _upstream_properties(name)
    mismatched = [
        f"{where('components.schemas', name, 'properties', prop)}: default "
        f"{effective_default(spec, properties[prop])!r}, upstream "
        f"{facts.get('default', _MISSING)!r} ({MODELS_FILE})"
        for prop, facts in upstream.items()
        if prop in properties
        and effective_default(spec, properties[prop]) != facts.get("default", _MISSING)
    ]
    assert mismatched == []


@pytest.mark.parametrize("name", ENUMS)
def test_enum_values_match_upstream(name: str) -> None:
    schema, upstream = _schema_and_upstream(name)
    assert schema.get("type") == "string"
    assert schema.get("enum") == upstream["enum"], (
        f"{where('components.schemas', name, 'enum')}: {schema.get('enum')}, upstream "
        f"{upstream['enum']} ({MODELS_FILE}) - follow upstream's values and their order "
        f"({FOLLOWS_SDK}); an enum value cannot be marked as ours"
    )


@pytest.mark.parametrize("name", BOUNDARY)
def test_boundary_model_requires_only_id_and_stays_open(name: str) -> None:
    schema, upstream = _schema_and_upstream(name)
    assert schema.get("type") == "object"
    assert schema.get("required") == ["id"]
    assert upstream["properties"]["id"] == {"type": "string", "required": True}
    assert upstream_type(schema["properties"]["id"]) == "string"
    assert schema.get("additionalProperties", True) is not False


def _closed_objects(node: Any, where: str) -> list[str]:
    if isinstance(node, list):
        return [hit for i, item in enumerate(node) for hit in _closed_objects(item, f"{where}/{i}")]
    if not isinstance(node, dict):
        return []
    hits = [where] if node.get("additionalProperties") is False else []
    for key, value in node.items():
        hits += _closed_objects(value, f"{where}/{key}")
    return hits


def test_no_schema_forbids_additional_properties() -> None:
    # Closed objects would make the client reject fields a newer Pieces OS adds.
    assert _closed_objects(load_spec(), "#") == []
