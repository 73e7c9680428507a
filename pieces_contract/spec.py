"""What the contract checks need from openapi.yaml, found through the spec, never hard-coded.

The operations are found by the upstream operationIds (create and snapshot) and by the link
create's success response declares (delete, and the name of the parameter that takes the id).
A spec that renames the delete's path or parameter therefore keeps the lifecycle checks working;
a spec that lacks one of them stops the run with a one-line reason (`SpecError`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reference_server.operations import METHODS, api_key_header
from reference_server.spec import Spec as ServerSpec
from reference_server.spec import SpecError as ServerSpecError
from reference_server.spec import default_spec_path as server_spec_path

# The upstream Pieces OS operationIds: what every implementation of the API is named by.
CREATE_ID = "distributionsCreateNewDistribution"
SNAPSHOT_ID = "distributionsSnapshot"
# The schema names whose shared properties the seed checks compare.
SEED_SCHEMA = "SeededDistribution"
RECORD_SCHEMA = "Distribution"
# Where the snapshot body keeps its distributions (the Distributions schema's array).
LIST_PROPERTY = "iterable"
# The marker of what upstream does not document (shared convention of the project).
ADDITION = "x-addition"
# The header --api-key is sent in when the spec declares no API key scheme.
DEFAULT_KEY_HEADER = "X-Application-ID"


class SpecError(RuntimeError):
    """The spec lacks something a check needs; the message is one line."""


def default_spec_path() -> Path:
    """The spec the reference server would serve: the wheel's bundled copy, else the checkout's."""
    try:
        return server_spec_path()
    except ServerSpecError as error:
        raise SpecError(str(error)) from None


def load(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    except (OSError, yaml.YAMLError) as error:
        raise SpecError(f"cannot read the spec {path}: {error}") from None
    if not isinstance(document, dict):
        raise SpecError(f"{path} is not an OpenAPI document")
    return document


def key_header(document: Mapping[str, Any]) -> str:
    """The header of the spec's API key scheme (`components.securitySchemes`)."""
    try:
        found = api_key_header(ServerSpec(Path("openapi.yaml"), document))
    except ServerSpecError as error:
        raise SpecError(str(error)) from None
    return found or DEFAULT_KEY_HEADER


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    raw: Mapping[str, Any]

    @property
    def label(self) -> str:
        """schemathesis' name for the operation, e.g. `POST /distributions/create`."""
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class Operations:
    """The three operations of the lifecycle, as this spec names them."""

    create: Operation
    snapshot: Operation
    delete: Operation
    # The delete's parameter that receives the created distribution's id (from the link).
    delete_parameter: str
    # JSON pointer into create's response body where the id is (from the link's expression).
    id_pointer: str


def operations_of(document: Mapping[str, Any]) -> Iterator[Operation]:
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            raw = (item or {}).get(method)
            if isinstance(raw, Mapping):
                yield Operation(method, path, str(raw.get("operationId", "")), raw)


def operation_at(
    document: Mapping[str, Any], method: str, path: str
) -> tuple[Operation, str] | None:
    """The operation a request named, and its path relative to the server's base URL.

    A recorded path may start with the base URL's own path (a server behind a reverse proxy
    that serves it under /pieces, say), which the spec knows nothing of: the operation's
    template is matched at the end of the path, the shortest prefix winning.
    """
    found: tuple[int, Operation] | None = None
    for operation in operations_of(document):
        if operation.method != method.lower():
            continue
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(operation.path))
        match = re.search(pattern + r"\Z", path)
        if match and (found is None or match.start() < found[0]):
            found = (match.start(), operation)
    if found is None:
        return None
    return found[1], path[found[0] :]


def resolve(document: Mapping[str, Any], ref: Any) -> Any:
    """Follow local $refs until a non-reference object."""
    seen = 0
    while isinstance(ref, Mapping) and "$ref" in ref:
        pointer = str(ref["$ref"])
        if not pointer.startswith("#/"):
            raise SpecError(f"only local $refs are supported, got {pointer}")
        node: Any = document
        for part in pointer[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        ref = node
        seen += 1
        if seen > 50:
            raise SpecError(f"$ref cycle at {pointer}")
    return ref


def find_operations(document: Mapping[str, Any]) -> Operations:
    by_id = {op.operation_id: op for op in operations_of(document) if op.operation_id}
    missing = [name for name in (CREATE_ID, SNAPSHOT_ID) if name not in by_id]
    if missing:
        raise SpecError(f"the spec has no operation with operationId {' or '.join(missing)}")
    create = by_id[CREATE_ID]
    for status, response in (create.raw.get("responses") or {}).items():
        if not str(status).startswith("2"):
            continue
        for link in (resolve(document, response).get("links") or {}).values():
            link = resolve(document, link)
            target = by_id.get(str(link.get("operationId", "")))
            if target is None:
                continue
            for name, expression in (link.get("parameters") or {}).items():
                found = re.fullmatch(r"\$response\.body#(/.*)", str(expression))
                if found:
                    # `path.distribution` names the location too; the bare name is what matters.
                    parameter = str(name).split(".", 1)[-1]
                    return Operations(create, by_id[SNAPSHOT_ID], target, parameter, found.group(1))
    raise SpecError(
        f"{create.label} declares no link from its success response to a delete operation "
        "(a link with a parameter taken from $response.body#/...)"
    )


def pointer_get(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer, or raise KeyError/IndexError/TypeError."""
    node = document
    for part in pointer.lstrip("/").split("/") if pointer not in ("", "/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def _properties(document: Mapping[str, Any], schema: Any) -> Mapping[str, Any]:
    schema = resolve(document, schema)
    if not isinstance(schema, Mapping):
        return {}
    found: dict[str, Any] = dict(schema.get("properties") or {})
    for part in schema.get("allOf") or ():
        found.update(_properties(document, part))
    return found


def _items(document: Mapping[str, Any], schema: Any) -> Any:
    schema = resolve(document, schema)
    return schema.get("items") if isinstance(schema, Mapping) else None


def seed_expectations(
    document: Mapping[str, Any], seed: Any, seed_schema: Any, record_schema: Any, at: str = ""
) -> Iterator[tuple[str, Any]]:
    """(pointer, value) for every seed value the created record must carry unchanged.

    A property counts when both the seed's schema and the record's schema declare it at that
    place (nested objects and array items included); the record may add properties, never drop
    or change one of these.
    """
    if isinstance(seed, Mapping):
        seed_props = _properties(document, seed_schema)
        record_props = _properties(document, record_schema)
        if not seed_props or not record_props:
            yield at, seed
            return
        for name, value in seed.items():
            if name in seed_props and name in record_props:
                escaped = str(name).replace("~", "~0").replace("/", "~1")
                yield from seed_expectations(
                    document, value, seed_props[name], record_props[name], f"{at}/{escaped}"
                )
    elif isinstance(seed, list):
        seed_items, record_items = _items(document, seed_schema), _items(document, record_schema)
        if seed_items is None or record_items is None:
            yield at, seed
            return
        for index, value in enumerate(seed):
            yield from seed_expectations(document, value, seed_items, record_items, f"{at}/{index}")
    else:
        yield at, seed


def schema_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def additions(document: Mapping[str, Any]) -> dict[str, set[str]]:
    """Per operation label, the response statuses marked as additions to upstream."""
    marked: dict[str, set[str]] = {}
    for operation in operations_of(document):
        statuses = marked.setdefault(operation.label, set())
        for status, response in (operation.raw.get("responses") or {}).items():
            if isinstance(response, Mapping) and (
                response.get(ADDITION) or resolve(document, response).get(ADDITION)
            ):
                statuses.add(str(status))
    return marked


def documented(document: Mapping[str, Any]) -> dict[str, dict[str, list[str]]]:
    """Per operation label, each documented status and its media types (empty: no body)."""
    found: dict[str, dict[str, list[str]]] = {}
    for operation in operations_of(document):
        statuses = found.setdefault(operation.label, {})
        for status, response in (operation.raw.get("responses") or {}).items():
            content = resolve(document, response).get("content") or {}
            statuses[str(status)] = sorted(content)
    return found
