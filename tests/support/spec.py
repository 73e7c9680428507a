"""One place that loads openapi.yaml and answers what every test layer asks of it.

`load_spec()` gives a private copy of the document, `inline_refs()` turns any part of it into a
self-contained schema (every local `$ref` replaced by its target), `component_schema()` does that
for one named schema, `oas30_validator()` checks instances the way OpenAPI 3.0 reads a schema
(formats included), and `model_classes()` maps each component schema name to the generated class
that implements it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30Validator, oas30_format_checker

import pieces_spec
from pieces_spec import METHODS, Spec

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi.yaml"
FIXTURES = ROOT / "tests" / "fixtures"

# Keywords OpenAPI 3.0 allows in a schema that mean nothing to a JSON Schema generator.
_ANNOTATIONS_ONLY = frozenset(
    {"example", "description", "externalDocs", "xml", "discriminator", "deprecated"}
)

# The keys of a path item that are operations (the server's own list, so both agree).
HTTP_METHODS = METHODS


def _parsed_spec() -> Mapping[str, Any]:
    return pieces_spec.load(SPEC_PATH).document


def load_spec() -> dict[str, Any]:
    """The parsed openapi.yaml; a fresh copy each call, so callers may change it freely."""
    return pieces_spec.load(SPEC_PATH).copy()


def load_upstream_models() -> dict[str, Any]:
    """tests/fixtures/upstream-models.json: the upstream structure of every model."""
    loaded = json.loads((FIXTURES / "upstream-models.json").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def resolve_pointer(document: Mapping[str, Any], ref: str) -> Any:
    """The node a local reference such as `#/components/schemas/Distribution` points at."""
    return Spec(document).at(ref)


def inline_refs(node: Any, document: Mapping[str, Any]) -> Any:
    """A deep copy of `node` with every `$ref` replaced by its (recursively inlined) target."""
    return Spec(document).inline(node)


def component_schema_names(spec: Mapping[str, Any] | None = None) -> list[str]:
    """Names under components/schemas, in document order."""
    return list((spec or _parsed_spec())["components"]["schemas"])


def component_schema(name: str, spec: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The named component schema, self-contained (no `$ref` left)."""
    document = spec or _parsed_spec()
    resolved = inline_refs({"$ref": f"#/components/schemas/{name}"}, document)
    assert isinstance(resolved, dict)
    return resolved


def to_json_schema(schema: Any) -> Any:
    """An inlined OpenAPI 3.0 schema rewritten as plain JSON Schema for generators.

    `nullable: true` becomes a `null` alternative and annotation-only keywords are dropped;
    property names (which may be anything) are kept as they are.
    """
    if isinstance(schema, list):
        return [to_json_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _ANNOTATIONS_ONLY or key == "nullable":
            continue
        if key == "properties":
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        else:
            out[key] = to_json_schema(value)
    if schema.get("nullable") is True:
        if "type" in out:
            out["type"] = [out["type"], "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


def oas30_validator(schema: Mapping[str, Any], spec: Mapping[str, Any] | None = None) -> Any:
    """A validator that reads `schema` as OpenAPI 3.0 does and checks formats (date-time ...).

    `$ref`s in `schema` are resolved against `spec` (default: openapi.yaml) before validating.
    """
    resolved = inline_refs(dict(schema), spec or _parsed_spec())
    return OAS30Validator(resolved, format_checker=oas30_format_checker)


def operations(spec: Mapping[str, Any] | None = None) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation object) for every operation in the document."""
    for path, item in (spec or _parsed_spec())["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


def model_classes(spec: Mapping[str, Any] | None = None) -> dict[str, type[Any]]:
    """Component schema name -> the generated class (an attrs model or an Enum) for it.

    The generator keeps the spec's spelling of names, so the class has the schema's name; a
    schema without a class is a generator or config regression and fails loudly here.
    """
    from pieces_distributions import models

    classes: dict[str, type[Any]] = {}
    for name in component_schema_names(spec):
        cls = getattr(models, name, None)
        if not isinstance(cls, type):
            raise LookupError(f"pieces_distributions.models has no class for schema {name!r}")
        classes[name] = cls
    return classes


def is_enum_class(cls: type[Any]) -> bool:
    return issubclass(cls, Enum)


def write_spec(folder: Path, document: Mapping[str, Any]) -> Path:
    """An edited copy of the spec (from load_spec()) as folder/openapi.yaml."""
    path = folder / "openapi.yaml"
    path.write_text(yaml.safe_dump(dict(document), sort_keys=False), encoding="utf-8")
    return path


def rename_delete_parameter(document: dict[str, Any], new: str = "id") -> str:
    """The docs' spec edit 5 on a copy from load_spec(): the delete's path parameter renamed in
    the path, the parameter and create's link. Returns the delete's old path template."""
    old_path = next(path for path in document["paths"] if "{distribution}" in path)
    item = document["paths"].pop(old_path)
    document["paths"][old_path.replace("{distribution}", "{" + new + "}")] = item
    for operation in item.values():
        for parameter in operation.get("parameters", []):
            if parameter.get("name") == "distribution":
                parameter["name"] = new
    for response in document["paths"]["/distributions/create"]["post"]["responses"].values():
        for link in response.get("links", {}).values():
            link["parameters"] = {new: link["parameters"]["distribution"]}
    return str(old_path)
