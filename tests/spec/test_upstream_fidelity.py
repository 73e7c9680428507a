"""Every model in openapi.yaml has the upstream structure, field for field.

tests/fixtures/upstream-models.json records each upstream model (property names, types, which are
required, defaults, enum values). Each component schema is compared with its entry in both
directions, so a property or model missing from the spec fails as surely as an invented one.
"""

from __future__ import annotations

from typing import Any

import pytest

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
    assert name in spec["components"]["schemas"], f"upstream model {name} missing in spec"
    assert name in UPSTREAM, f"spec schema {name} is not an upstream model"
    return spec["components"]["schemas"][name], UPSTREAM[name]


def test_fixture_lists_the_boundary_models() -> None:
    assert set(BOUNDARY) <= set(UPSTREAM)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_model_is_in_spec_and_upstream(name: str) -> None:
    _schema_and_upstream(name)


STRUCTURED = [n for n in ALL_NAMES if n not in BOUNDARY and "enum" not in UPSTREAM.get(n, {})]
ENUMS = [n for n in ALL_NAMES if "enum" in UPSTREAM.get(n, {})]


@pytest.mark.parametrize("name", STRUCTURED)
def test_model_property_names_match_upstream(name: str) -> None:
    schema, upstream = _schema_and_upstream(name)
    spec_names, upstream_names = set(schema.get("properties", {})), set(upstream["properties"])
    assert {
        "missing in spec": sorted(upstream_names - spec_names),
        "extra in spec": sorted(spec_names - upstream_names),
    } == {"missing in spec": [], "extra in spec": []}


@pytest.mark.parametrize("name", STRUCTURED)
def test_model_property_types_match_upstream(name: str) -> None:
    schema, upstream = _schema_and_upstream(name)
    assert schema.get("type") == "object"
    properties = schema.get("properties", {})
    wrong = {
        prop: {"spec": upstream_type(properties[prop]), "upstream": facts["type"]}
        for prop, facts in upstream["properties"].items()
        if prop in properties and upstream_type(properties[prop]) != facts["type"]
    }
    assert wrong == {}


@pytest.mark.parametrize("name", STRUCTURED)
def test_model_required_matches_upstream(name: str) -> None:
    schema, upstream = _schema_and_upstream(name)
    expected = sorted(p for p, facts in upstream["properties"].items() if facts["required"])
    assert sorted(schema.get("required", [])) == expected


@pytest.mark.parametrize("name", STRUCTURED)
def test_model_defaults_match_upstream(name: str) -> None:
    spec = load_spec()
    schema, upstream = _schema_and_upstream(name)
    properties = schema.get("properties", {})
    mismatched = {
        prop: {
            "spec": effective_default(spec, properties[prop]),
            "upstream": facts.get("default", _MISSING),
        }
        for prop, facts in upstream["properties"].items()
        if prop in properties
        and effective_default(spec, properties[prop]) != facts.get("default", _MISSING)
    }
    assert mismatched == {}


@pytest.mark.parametrize("name", ENUMS)
def test_enum_values_match_upstream(name: str) -> None:
    schema, upstream = _schema_and_upstream(name)
    assert schema.get("type") == "string"
    assert schema.get("enum") == upstream["enum"]


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
