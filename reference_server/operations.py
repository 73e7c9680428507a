"""The operations of openapi.yaml and the handlers that serve them, matched by operationId.

As connexion does, the spec decides what is served: every operation under `paths:` (its path,
method and `security`) becomes a route, and its handler is found by name. The name is the
operationId in snake case: `distributionsSnapshot` is served by `distributions_snapshot`. The
handlers are the public coroutine methods of one class (reference_server.endpoints.Endpoints); an
operation without a handler, or a handler without an operation, stops the server at start-up with
one line that names both.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .spec import Spec, SpecError

# The HTTP methods an OpenAPI 3.0 path item can hold (its other keys are not operations).
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_WORD_START = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_NAME = re.compile(r"\W+")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case, as in an ASGI scope
    path: str  # the spec's path template; `{name}` is also Starlette's syntax
    secured: bool  # its `security` (or the document's) names an API key scheme

    @property
    def handler_name(self) -> str:
        return handler_name(self.operation_id)

    def describe(self) -> str:
        return f"{self.operation_id} ({self.method} {self.path})"


def handler_name(operation_id: str) -> str:
    """The handler an operationId is served by: `getWellKnownHealth` -> `get_well_known_health`."""
    return _NOT_NAME.sub("_", _WORD_START.sub("_", operation_id)).strip("_").lower()


def handler_names(handlers: type) -> frozenset[str]:
    """The handlers a class offers: its public coroutine methods."""
    return frozenset(
        name
        for name, member in inspect.getmembers(handlers, inspect.iscoroutinefunction)
        if not name.startswith("_")
    )


def api_key_header(spec: Spec) -> str | None:
    """The header of the spec's API key scheme, if any operation can name one."""
    headers = {header for header in _api_key_schemes(spec).values()}
    if len(headers) > 1:
        raise SpecError(f"{spec.path}: more than one API key header ({', '.join(sorted(headers))})")
    return headers.pop() if headers else None


def operations(spec: Spec) -> list[Operation]:
    """Every operation under `paths:`, in the spec's order."""
    document = spec.document
    paths = document.get("paths")
    if not isinstance(paths, Mapping) or not paths:
        raise SpecError(f"{spec.path} has no paths")
    schemes = _api_key_schemes(spec)
    default_security = document.get("security", [])
    found: list[Operation] = []
    seen: dict[str, str] = {}
    for path, item in paths.items():
        if not isinstance(item, Mapping):
            raise SpecError(f"{spec.path}: paths/{path} is not a path item")
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            where = f"{method.upper()} {path}"
            operation_id = operation.get("operationId") if isinstance(operation, Mapping) else None
            if not isinstance(operation_id, str) or not operation_id:
                raise SpecError(f"{spec.path}: {where} has no operationId")
            name = handler_name(operation_id)
            if name in seen:
                raise SpecError(
                    f"{spec.path}: {where} and {seen[name]} both need the handler {name}"
                )
            seen[name] = where
            security = operation.get("security", default_security)
            found.append(
                Operation(
                    operation_id=operation_id,
                    method=method.upper(),
                    path=str(path),
                    secured=_names_a_scheme(security, schemes, spec, where),
                )
            )
    return found


def check_handlers(spec_operations: Iterable[Operation], handlers: type) -> None:
    """SpecError (one line) unless operations and handlers match one to one."""
    offered = handler_names(handlers)
    wanted = {operation.handler_name: operation for operation in spec_operations}
    problems = [
        f"operation {operation.describe()} has no handler {name}"
        for name, operation in wanted.items()
        if name not in offered
    ]
    problems += [
        f"handler {name} has no operation in the spec" for name in sorted(offered - wanted.keys())
    ]
    if problems:
        where = f"{handlers.__module__}.{handlers.__qualname__}"
        raise SpecError(f"{'; '.join(problems)} (handlers: {where})")


def bind(
    spec_operations: Iterable[Operation], handlers: object
) -> list[tuple[Operation, Callable[..., Any]]]:
    """Each operation with the handler that serves it, after check_handlers."""
    spec_operations = list(spec_operations)
    check_handlers(spec_operations, type(handlers))
    return [(operation, getattr(handlers, operation.handler_name)) for operation in spec_operations]


def _api_key_schemes(spec: Spec) -> dict[str, str]:
    """apiKey security scheme name -> the header it is sent in."""
    components = spec.document.get("components") or {}
    schemes = components.get("securitySchemes") or {}
    found: dict[str, str] = {}
    for name, scheme in schemes.items():
        if not isinstance(scheme, Mapping) or scheme.get("type") != "apiKey":
            continue
        if scheme.get("in") != "header" or not isinstance(scheme.get("name"), str):
            raise SpecError(
                f"{spec.path}: security scheme {name} is not an API key in a header,"
                " the only kind the server can check"
            )
        found[str(name)] = scheme["name"]
    return found


def _names_a_scheme(security: Any, schemes: Mapping[str, str], spec: Spec, where: str) -> bool:
    if not isinstance(security, list):
        raise SpecError(f"{spec.path}: {where}: security is not a list")
    secured = False
    for requirement in security:
        if not isinstance(requirement, Mapping):
            raise SpecError(f"{spec.path}: {where}: a security requirement is not an object")
        for name in requirement:
            if name in schemes:
                secured = True
            elif name not in ((spec.document.get("components") or {}).get("securitySchemes") or {}):
                raise SpecError(f"{spec.path}: {where}: unknown security scheme {name}")
    return secured
