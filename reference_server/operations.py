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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pieces_spec import Spec, SpecError

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
    return spec.api_key_header


def operations(spec: Spec) -> list[Operation]:
    """Every operation under `paths:`, in the spec's order, each with its own handler name."""
    found: list[Operation] = []
    seen: dict[str, str] = {}
    for operation in spec.operations:
        where = f"{operation.method.upper()} {operation.path}"
        if not operation.operation_id:
            raise SpecError(f"{spec.path}: {where} has no operationId")
        name = handler_name(operation.operation_id)
        if name in seen:
            raise SpecError(f"{spec.path}: {where} and {seen[name]} both need the handler {name}")
        seen[name] = where
        found.append(
            Operation(
                operation_id=operation.operation_id,
                method=operation.method.upper(),
                path=operation.path,
                secured=spec.secured(operation),
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
