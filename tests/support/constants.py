"""What the tests say to the server, read from openapi.yaml once: paths, methods, header names.

Every test that sends a request takes its path and header names from here, so a change in the
spec reaches the tests through one module instead of a literal repeated in a dozen files.
Statuses are `http.HTTPStatus` members; the texts below are the server's exact reasons, which
the tests hold it to (the spec documents only that they are text/plain).
"""

from __future__ import annotations

from typing import Any

from tests.support.spec import load_spec, operations

_SPEC = load_spec()


def _operation(operation_id: str) -> tuple[str, str]:
    """(METHOD, path template) of the operation with this operationId."""
    for path, method, operation in operations(_SPEC):
        if operation.get("operationId") == operation_id:
            return method.upper(), path
    raise LookupError(f"openapi.yaml has no operation {operation_id!r}")


def _api_key_header(spec: dict[str, Any]) -> str:
    schemes = spec["components"]["securitySchemes"]
    (name,) = [scheme["name"] for scheme in schemes.values() if scheme.get("in") == "header"]
    assert isinstance(name, str)
    return name


CREATE_ID = "distributionsCreateNewDistribution"
DELETE_ID = "distributionsDeleteSpecificDistribution"
SNAPSHOT_ID = "distributionsSnapshot"

CREATE_METHOD, CREATE = _operation(CREATE_ID)
DELETE_METHOD, DELETE_TEMPLATE = _operation(DELETE_ID)
SNAPSHOT_METHOD, SNAPSHOT = _operation(SNAPSHOT_ID)

API_KEY_HEADER = _api_key_header(_SPEC)
JSON = "application/json"
JSON_HEADERS = {"Content-Type": JSON}

# An id that looks like a real one (the spec's own example) but is never stored.
UNKNOWN_ID = "5f0c7a4e-2b8d-4c1e-9a57-0d3e6b1f8c21"

# The server's one-line reasons that tests compare exactly.
KEY_REJECTED = f"missing or wrong {API_KEY_HEADER}"
INTERNAL_ERROR = "internal server error"


def delete_path(distribution_id: str) -> str:
    """The delete path for this id, inserted as given (tests send odd ids on purpose)."""
    return DELETE_TEMPLATE.replace("{distribution}", distribution_id)


def not_found(distribution_id: str) -> str:
    return f"distribution not found: {distribution_id}"


def too_large(limit: int) -> str:
    return f"request body larger than {limit} bytes"


# Each documented operation as (METHOD, path), the delete aimed at an id that is not stored.
OPERATIONS = [
    (CREATE_METHOD, CREATE),
    (DELETE_METHOD, delete_path(UNKNOWN_ID)),
    (SNAPSHOT_METHOD, SNAPSHOT),
]
