"""What the contract checks need from openapi.yaml, found through the spec, never hard-coded.

The operations are found by the upstream operationIds (create and snapshot) and by the link
create's success response declares (delete, and the name of the parameter that takes the id).
A spec that renames the delete's path or parameter therefore keeps the lifecycle checks working;
a spec that lacks one of them stops the run with a one-line reason (`SpecError`).

Reading the spec is `pieces_spec`'s job; this module adapts its answers to the parsed documents
the checks and reports pass around.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pieces_spec
from pieces_spec import (
    ADDITION,
    CREATE_ID,
    LIST_PROPERTY,
    RECORD_SCHEMA,
    SEED_SCHEMA,
    SNAPSHOT_ID,
    Lifecycle,
    Operation,
    Spec,
    SpecError,
    pointer_get,
)
from pieces_spec import default_path as default_spec_path

__all__ = [
    "ADDITION",
    "CREATE_ID",
    "DEFAULT_KEY_HEADER",
    "LIST_PROPERTY",
    "RECORD_SCHEMA",
    "SEED_SCHEMA",
    "SNAPSHOT_ID",
    "Operation",
    "Operations",
    "SpecError",
    "additions",
    "default_spec_path",
    "documented",
    "find_operations",
    "key_header",
    "load",
    "operation_at",
    "operations_of",
    "pointer_get",
    "resolve",
    "schema_ref",
    "seed_expectations",
]

# The lifecycle's three operations, the delete's id parameter and the id's pointer.
Operations = Lifecycle
# The header --api-key is sent in when the spec declares no API key scheme.
DEFAULT_KEY_HEADER = "X-Application-ID"


def key_header(document: Mapping[str, Any]) -> str:
    """The header of the spec's API key scheme (`components.securitySchemes`)."""
    return of(document).api_key_header or DEFAULT_KEY_HEADER


def of(document: Mapping[str, Any]) -> Spec:
    """The Spec of a parsed document (cheap: nothing is computed until asked)."""
    return Spec(document)


def load(path: Path) -> dict[str, Any]:
    """The parsed spec at `path`, as a private copy the caller may change."""
    try:
        return pieces_spec.load(path).copy()
    except SpecError as error:
        raise SpecError(f"cannot read the spec {path}: {error}") from None


def operations_of(document: Mapping[str, Any]) -> Iterator[Operation]:
    yield from of(document).operations


def operation_at(
    document: Mapping[str, Any], method: str, path: str
) -> tuple[Operation, str] | None:
    """See `pieces_spec.Spec.operation_at`."""
    return of(document).operation_at(method, path)


def resolve(document: Mapping[str, Any], ref: Any) -> Any:
    """Follow local $refs until a non-reference object."""
    return of(document).resolve(ref)


def find_operations(document: Mapping[str, Any]) -> Operations:
    return of(document).lifecycle


def _properties(document: Mapping[str, Any], schema: Any) -> Mapping[str, Any]:
    return of(document).properties(schema)


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
    return of(document).additions()


def documented(document: Mapping[str, Any]) -> dict[str, dict[str, list[str]]]:
    """Per operation label, each documented status and its media types (empty: no body)."""
    return of(document).documented()
