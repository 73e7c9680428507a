"""Every example in openapi.yaml is valid against the schema it illustrates.

Examples feed the generated docstrings, the reference server's documentation and readers'
copy-paste; an example that contradicts its schema teaches the wrong wire format.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.spec import (
    HTTP_METHODS,
    load_spec,
    oas30_validator,
    operations,
    resolve_pointer,
)

# What openapi.yaml holds today, by kind. A walker that silently stops finding examples must not
# pass, so the counts are floors: adding examples is fine, losing any fails.
EXPECTED_AT_LEAST = {"schema": 27, "media type": 11, "parameter": 1}


@dataclass(frozen=True)
class Example:
    where: str
    kind: str
    schema: dict[str, Any]
    value: Any


class _Walker:
    """Finds every example in the document without following `$ref`s to other places.

    Referenced components are walked where they are defined, so each example is found exactly
    once; named examples (components/examples) are the exception: they have no schema of their
    own and are checked against every media type that uses them.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.found: list[Example] = []
        self.used_named_examples: set[str] = set()

    def walk(self) -> None:
        components = self.spec.get("components", {})
        for name, schema in components.get("schemas", {}).items():
            self.schema(schema, f"#/components/schemas/{name}")
        for name, parameter in components.get("parameters", {}).items():
            self.parameter(parameter, f"#/components/parameters/{name}")
        for name, body in components.get("requestBodies", {}).items():
            self.content(body, f"#/components/requestBodies/{name}")
        for name, response in components.get("responses", {}).items():
            self.response(response, f"#/components/responses/{name}")
        for name, header in components.get("headers", {}).items():
            self.parameter(header, f"#/components/headers/{name}")
        for path, item in self.spec.get("paths", {}).items():
            for index, parameter in enumerate(item.get("parameters", [])):
                self.parameter(parameter, f"{path} parameters[{index}]")
            for method in HTTP_METHODS:
                operation = item.get(method)
                if operation is None:
                    continue
                op_where = f"{method.upper()} {path}"
                for index, parameter in enumerate(operation.get("parameters", [])):
                    self.parameter(parameter, f"{op_where} parameters[{index}]")
                if "requestBody" in operation:
                    self.content(operation["requestBody"], f"{op_where} requestBody")
                for status, response in operation.get("responses", {}).items():
                    self.response(response, f"{op_where} {status}")

    def schema(self, schema: Any, where: str) -> None:
        if not isinstance(schema, dict) or "$ref" in schema:
            return
        if "example" in schema:
            self.found.append(Example(where, "schema", schema, schema["example"]))
        for name, sub in schema.get("properties", {}).items():
            self.schema(sub, f"{where}/properties/{name}")
        for key in ("items", "additionalProperties", "not"):
            self.schema(schema.get(key), f"{where}/{key}")
        for key in ("allOf", "anyOf", "oneOf"):
            for index, sub in enumerate(schema.get(key, [])):
                self.schema(sub, f"{where}/{key}/{index}")

    def parameter(self, parameter: dict[str, Any], where: str) -> None:
        if "$ref" in parameter:
            return
        if "schema" in parameter:
            self.schema(parameter["schema"], f"{where} schema")
            self.values(parameter, parameter["schema"], "parameter", where)
        self.content(parameter, where)

    def response(self, response: dict[str, Any], where: str) -> None:
        if "$ref" in response:
            return
        self.content(response, where)
        for name, header in response.get("headers", {}).items():
            self.parameter(header, f"{where} header {name}")

    def content(self, holder: dict[str, Any], where: str) -> None:
        if "$ref" in holder:
            return
        for media_type, media in holder.get("content", {}).items():
            media_where = f"{where} {media_type}"
            assert "schema" in media, f"{media_where}: media type without a schema"
            self.schema(media["schema"], f"{media_where} schema")
            self.values(media, media["schema"], "media type", media_where)

    def values(self, holder: dict[str, Any], schema: dict[str, Any], kind: str, where: str) -> None:
        if "example" in holder:
            self.found.append(Example(f"{where} example", kind, schema, holder["example"]))
        for name, example in holder.get("examples", {}).items():
            ref = example.get("$ref")
            if isinstance(ref, str):
                self.used_named_examples.add(ref)
                example = resolve_pointer(self.spec, ref)
            assert "value" in example, f"{where} examples/{name}: no inline value to check"
            self.found.append(Example(f"{where} examples/{name}", kind, schema, example["value"]))


def _walk() -> _Walker:
    walker = _Walker(load_spec())
    walker.walk()
    return walker


EXAMPLES = _walk().found


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.where for e in EXAMPLES])
def test_example_matches_its_schema(example: Example) -> None:
    errors = sorted(oas30_validator(example.schema).iter_errors(example.value), key=str)
    assert not errors, f"{example.where}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors
    )


def test_examples_found_at_least_as_many_as_expected() -> None:
    counts = Counter(example.kind for example in _walk().found)
    short = {
        kind: f"found {counts[kind]}, expected at least {floor}"
        for kind, floor in EXPECTED_AT_LEAST.items()
        if counts[kind] < floor
    }
    assert short == {}


def test_named_examples_all_used_by_a_media_type() -> None:
    walker = _walk()
    named = {f"#/components/examples/{n}" for n in walker.spec["components"].get("examples", {})}
    assert named - walker.used_named_examples == set()


def _has_example(media: dict[str, Any]) -> bool:
    return "example" in media or bool(media.get("examples"))


def _resolved(node: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    target = resolve_pointer(spec, node["$ref"]) if "$ref" in node else node
    assert isinstance(target, dict)
    return target


def test_operations_request_bodies_have_examples() -> None:
    spec = load_spec()
    missing, checked = [], []
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item and "requestBody" in item[method]:
                body = _resolved(item[method]["requestBody"], spec)
                for media_type, media in body["content"].items():
                    checked.append(f"{method.upper()} {path} {media_type}")
                    if not _has_example(media):
                        missing.append(checked[-1])
    # Every request body media type in the document was looked at, create's JSON body among them.
    expected = sum(
        len(_resolved(operation["requestBody"], spec)["content"])
        for _, _, operation in operations(spec)
        if "requestBody" in operation
    )
    assert len(checked) == expected
    assert "POST /distributions/create application/json" in checked
    assert not missing, "give each request body media type an `example`: " + ", ".join(missing)


def test_operations_success_responses_have_examples() -> None:
    spec = load_spec()
    missing, checked = [], 0
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            for status, response in item.get(method, {}).get("responses", {}).items():
                if not str(status).startswith("2"):
                    continue
                for media_type, media in _resolved(response, spec).get("content", {}).items():
                    checked += 1
                    if not _has_example(media):
                        missing.append(f"{method.upper()} {path} {status} {media_type}")
    assert checked > 0
    assert not missing, "give each success response's media type an `example`: " + ", ".join(
        missing
    )


def test_component_schemas_each_have_an_example() -> None:
    schemas = load_spec()["components"]["schemas"]
    bare = [name for name, schema in schemas.items() if "example" not in schema]
    assert not bare, "give each component schema an `example`: " + ", ".join(bare)
