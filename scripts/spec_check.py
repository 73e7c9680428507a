"""Stop on an invalid openapi.yaml before anything is generated from it, with a short reason.

Usage: spec_check.py [openapi.yaml]

Three checks, first failure wins, exit 1 with one line per problem (at most a few):
1. The file parses as YAML into a mapping.
2. Every schema object uses only OpenAPI 3.0 schema keywords (or `x-` extensions), and every name
   in a `required` list is one of the object's declared properties. openapi-spec-validator does
   reject an unknown keyword such as `typ: string`, but it reports the whole enclosing component
   schema as JSON, without saying which key is wrong; this walk names the pointer and the key.
   A `required` name with no property is valid JSON Schema, so the validator lets it pass; here
   it is almost always a typo, and the generator would silently make the model looser.
3. openapi-spec-validator (OpenAPI 3.0 rules), reported as pointer and its message's first line.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pieces_spec import METHODS as HTTP_METHODS
from pieces_spec import SpecError, parse

MAX_PROBLEMS = 5


def _schema_keywords() -> frozenset[str]:
    # The OAS 3.0 meta-schema that openapi-spec-validator ships lists every keyword of a Schema
    # Object; reading it keeps this check and the validator in step.
    from openapi_spec_validator.schemas import schema_v30

    return frozenset(schema_v30["definitions"]["Schema"]["properties"]) | {"$ref"}


def pointer(*parts: object) -> str:
    """A JSON pointer (RFC 6901) from unescaped parts."""
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _schemas(node: Any, at: tuple[object, ...]) -> Iterator[tuple[tuple[object, ...], Any]]:
    """Every schema object at or below `node`, with its location."""
    if not isinstance(node, Mapping) or "$ref" in node:
        yield at, node
        return
    yield at, node
    for name, sub in (node.get("properties") or {}).items():
        yield from _schemas(sub, (*at, "properties", name))
    for key in ("items", "not"):
        if key in node:
            yield from _schemas(node[key], (*at, key))
    if isinstance(node.get("additionalProperties"), Mapping):
        yield from _schemas(node["additionalProperties"], (*at, "additionalProperties"))
    for key in ("allOf", "anyOf", "oneOf"):
        for index, sub in enumerate(node.get(key) or []):
            yield from _schemas(sub, (*at, key, index))


def _content_schemas(
    holder: Any, at: tuple[object, ...]
) -> Iterator[tuple[tuple[object, ...], Any]]:
    if not isinstance(holder, Mapping):
        return
    if "schema" in holder:
        yield from _schemas(holder["schema"], (*at, "schema"))
    for media_type, media in (holder.get("content") or {}).items():
        if isinstance(media, Mapping) and "schema" in media:
            yield from _schemas(media["schema"], (*at, "content", media_type, "schema"))


def all_schemas(spec: Mapping[str, Any]) -> Iterator[tuple[tuple[object, ...], Any]]:
    """Every schema object in the document: components, parameters, bodies, responses, headers."""
    components = spec.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        yield from _schemas(schema, ("components", "schemas", name))
    for kind in ("parameters", "requestBodies", "responses", "headers"):
        for name, holder in (components.get(kind) or {}).items():
            yield from _content_schemas(holder, ("components", kind, name))
    for path, item in (spec.get("paths") or {}).items():
        if not isinstance(item, Mapping):
            continue
        for index, param in enumerate(item.get("parameters") or []):
            yield from _content_schemas(param, ("paths", path, "parameters", index))
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping):
                continue
            at = ("paths", path, method)
            for index, param in enumerate(operation.get("parameters") or []):
                yield from _content_schemas(param, (*at, "parameters", index))
            yield from _content_schemas(operation.get("requestBody"), (*at, "requestBody"))
            for status, response in (operation.get("responses") or {}).items():
                yield from _content_schemas(response, (*at, "responses", status))
                for name, header in ((response or {}).get("headers") or {}).items():
                    yield from _content_schemas(header, (*at, "responses", status, "headers", name))


def strict_problems(spec: Mapping[str, Any]) -> list[str]:
    """Unknown schema keywords and `required` names without a property, each with its pointer."""
    keywords = _schema_keywords()
    problems = []
    for at, schema in all_schemas(spec):
        if not isinstance(schema, Mapping):
            continue
        for key in schema:
            if str(key).startswith("x-") or key in keywords:
                continue
            close = difflib.get_close_matches(str(key), sorted(keywords), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"{pointer(*at)}: unknown schema keyword '{key}'{hint}")
        declared = schema.get("properties")
        if isinstance(declared, Mapping) and "$ref" not in schema:
            for name in schema.get("required") or []:
                if name not in declared:
                    problems.append(
                        f"{pointer(*at, 'required')}: '{name}' is required but not among the "
                        f"properties ({', '.join(sorted(declared)) or 'none'})"
                    )
    return problems


def validator_problems(spec: Mapping[str, Any]) -> list[str]:
    """openapi-spec-validator's findings, shortened to pointer and the message's first line."""
    from openapi_spec_validator import OpenAPIV30SpecValidator

    problems = []
    for error in OpenAPIV30SpecValidator(spec).iter_errors():
        # The first line says what is wrong; the rest repeats the schema and the instance.
        message = str(error.message).strip().splitlines()[0]
        if len(message) > 160:
            message = message[:157] + "..."
        problems.append(f"{pointer(*error.path)}: {message}")
    return problems


def check(path: Path) -> list[str]:
    """Every problem found in the document at `path`, empty when it is valid."""
    try:
        spec = parse(path.read_text(encoding="utf-8"), str(path))
    except OSError as error:
        return [" ".join(str(error).split())]
    except SpecError as error:
        return [str(error)]
    return strict_problems(spec) or validator_problems(spec)


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "openapi.yaml")
    problems = check(path)
    if not problems:
        return 0
    print(f"{path} is not a valid OpenAPI 3.0 document; nothing was generated:", file=sys.stderr)
    for problem in problems[:MAX_PROBLEMS]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > MAX_PROBLEMS:
        print(f"  ... and {len(problems) - MAX_PROBLEMS} more", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
