"""openapi.yaml describes everything it declares (its validity is test_spec_check's: spec_check)."""

from __future__ import annotations

from typing import Any

from tests.support.spec import load_spec, operations, resolve_pointer


def _described(node: dict[str, Any]) -> bool:
    return bool(str(node.get("description", "")).strip())


def test_operations_each_have_a_description() -> None:
    bare = [f"{m.upper()} {p}" for p, m, op in operations(load_spec()) if not _described(op)]
    assert not bare, "give each operation a `description` in openapi.yaml: " + ", ".join(bare)


def test_parameters_each_have_a_description() -> None:
    spec = load_spec()
    parameters: list[tuple[str, dict[str, Any]]] = [
        (f"#/components/parameters/{name}", p)
        for name, p in spec["components"].get("parameters", {}).items()
    ]
    for path, method, operation in operations(spec):
        inherited = spec["paths"][path].get("parameters", [])
        for parameter in [*inherited, *operation.get("parameters", [])]:
            if "$ref" in parameter:
                continue  # checked where it is defined, under components/parameters
            parameters.append((f"{method.upper()} {path} {parameter['name']}", parameter))
    assert parameters, "the walk found no parameter at all"
    bare = [where for where, p in parameters if not _described(p)]
    assert not bare, "give each parameter a `description` in openapi.yaml: " + ", ".join(bare)


def test_responses_each_have_a_description() -> None:
    spec = load_spec()
    responses = [
        (f"{m.upper()} {p} {status}", response)
        for p, m, op in operations(spec)
        for status, response in op["responses"].items()
    ]
    missing = [
        where
        for where, response in responses
        if not _described(
            resolve_pointer(spec, response["$ref"]) if "$ref" in response else response
        )
    ]
    assert not missing, (
        "give each response (or the component it references) a `description`: " + ", ".join(missing)
    )


def test_schemas_and_their_properties_each_have_a_description() -> None:
    # A `$ref` property cannot carry its own description in OpenAPI 3.0 (siblings are ignored);
    # it is described by the schema it points at, which this test checks as a component.
    missing = []
    for name, schema in load_spec()["components"]["schemas"].items():
        if not _described(schema):
            missing.append(name)
        for prop, sub in schema.get("properties", {}).items():
            if "$ref" not in sub and not _described(sub):
                missing.append(f"{name}.{prop}")
    assert not missing, "give each schema and property a `description`: " + ", ".join(missing)
