"""What openapi.yaml says about one request: its operation, and whether the spec allows it.

Every check reads the spec: the operations and their paths and methods
(`reference_server.operations`), each operation's `requestBody` (required or not, its media
types; references followed by `pieces_spec`), and the body schema through the server's own
validator (`reference_server.validation`),
so the verdicts are the server's. A request is judged only on what the spec's words decide: an
operation the spec has no path or method for, a body where the operation declares none, a
missing required body, a media type the operation does not list, and a body its schema refuses.
Query strings and headers are left alone (the spec declares none beyond the optional key), and
HEAD is accepted wherever GET is (RFC 9110, section 9.3.2: HEAD is GET without the content).

The same module reads the spec for the steering side: friendly operation names, the statuses
and example texts each operation documents, and the response schemas a newer server's answers
are built from (see NewerServer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from starlette.routing import compile_path

from pieces_spec import Spec, escape
from reference_server.operations import Operation, operations
from reference_server.reasons import one_line
from reference_server.validation import InvalidBody, SeedValidator

JSON = "application/json"
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def pointer(parts: Iterable[str | int]) -> str:
    """An RFC 6901 JSON pointer: "" for the whole document, "/a/0/b" below it."""
    return "".join("/" + escape(str(part)) for part in parts)


@dataclass(frozen=True)
class SpecViolation:
    """A request openapi.yaml does not allow.

    `operation` is "operationId (METHOD /path)" or, without one, the request line; `pointer` is
    a JSON pointer, into the request body when `location` is "body", into openapi.yaml when it
    is "spec"; `reason` is one line.
    """

    operation: str
    location: str  # "body" or "spec"
    pointer: str
    reason: str

    def __str__(self) -> str:
        if self.location == "body":
            at = f"request body at {self.pointer}" if self.pointer else "request body"
        else:
            at = f"openapi.yaml #{self.pointer}"
        return f"{self.operation}: {at}: {self.reason}"


@dataclass(frozen=True)
class SpecOperation:
    """One operation with what the steering side needs from the spec."""

    operation: Operation
    friendly: str  # "create", "delete", "snapshot", "health", "version"
    pattern: re.Pattern[str]
    document: Mapping[str, Any]  # the operation object as written in openapi.yaml

    @property
    def operation_id(self) -> str:
        return self.operation.operation_id

    def describe(self) -> str:
        return self.operation.describe()

    def documented_statuses(self) -> list[int]:
        return sorted(int(code) for code in self.document.get("responses", {}) if code.isdigit())


class SpecRequests:
    """The spec's operations, matched to requests and used to judge them."""

    def __init__(self, spec: Spec, validator: SeedValidator) -> None:
        self.spec = spec
        self._validator = validator
        found = []
        for operation in operations(spec):
            item = spec.document["paths"][operation.path][operation.method.lower()]
            found.append(
                SpecOperation(
                    operation=operation,
                    friendly=_friendly_name(operation.operation_id, item.get("tags", ())),
                    pattern=compile_path(operation.path)[0],
                    document=item,
                )
            )
        self.operations: tuple[SpecOperation, ...] = tuple(found)
        self._names: dict[str, SpecOperation] = {}
        for spec_operation in found:
            for name in (
                spec_operation.operation_id,
                spec_operation.operation.handler_name,
                spec_operation.friendly,
                f"{spec_operation.operation.method} {spec_operation.operation.path}",
            ):
                self._names.setdefault(name.lower(), spec_operation)

    # -- finding operations -------------------------------------------------------------------

    def named(self, name: str) -> SpecOperation:
        """The operation a test names: its operationId, handler name, friendly name or
        "METHOD /path"; ValueError listing the accepted names otherwise."""
        found = self._names.get(name.strip().lower())
        if found is None:
            choices = ", ".join(f"{o.friendly} ({o.operation_id})" for o in self.operations)
            raise ValueError(f"no operation {name!r} in openapi.yaml; one of: {choices}")
        return found

    def match(self, method: str, path: str) -> SpecOperation | None:
        wanted = "GET" if method == "HEAD" else method
        for spec_operation in self.operations:
            if spec_operation.operation.method == wanted and spec_operation.pattern.match(path):
                return spec_operation
        return None

    # -- judging requests ---------------------------------------------------------------------

    def judge(
        self,
        method: str,
        path: str,
        operation: SpecOperation | None,
        content_type: str | None,
        body: bytes,
    ) -> SpecViolation | None:
        """The first thing openapi.yaml does not allow about this request, or None."""
        if operation is None:
            return self._no_operation(method, path)
        where = operation.describe()
        spec_at = ["paths", operation.operation.path, operation.operation.method.lower()]
        request_body = operation.document.get("requestBody")
        if request_body is None:
            if body:
                return SpecViolation(
                    where,
                    "spec",
                    pointer(spec_at),
                    f"the operation declares no requestBody, but {len(body)} bytes were sent",
                )
            return None
        request_body = self.resolve(request_body)
        if not body:
            if request_body.get("required", False):
                return SpecViolation(
                    where,
                    "spec",
                    pointer([*spec_at, "requestBody", "required"]),
                    "the request body is required, and none was sent",
                )
            return None
        media_types = list(request_body.get("content", {}))
        sent = (content_type or "").split(";")[0].strip().lower()
        if sent not in media_types:
            got = f"Content-Type {one_line(content_type, 100)}" if content_type else "none"
            return SpecViolation(
                where,
                "spec",
                pointer([*spec_at, "requestBody", "content"]),
                f"the body's media type must be one of {', '.join(media_types)}; got {got}",
            )
        if sent == JSON:
            try:
                self._validator.parse(body)
            except InvalidBody as error:
                return SpecViolation(where, "body", pointer(error.path), str(error))
        return None

    def _no_operation(self, method: str, path: str) -> SpecViolation:
        request_line = f"{method} {one_line(path, 100)}"
        for spec_operation in self.operations:
            if spec_operation.pattern.match(path):
                template = spec_operation.operation.path
                allowed = sorted(
                    o.operation.method for o in self.operations if o.operation.path == template
                )
                return SpecViolation(
                    request_line,
                    "spec",
                    pointer(["paths", template]),
                    f"no {method} operation on this path (it has {', '.join(allowed)})",
                )
        return SpecViolation(
            request_line, "spec", pointer(["paths"]), "no path of openapi.yaml matches it"
        )

    # -- what the spec documents --------------------------------------------------------------

    def error_answer(self, operation: SpecOperation, status: int) -> tuple[str, bytes]:
        """(media type, body) of a documented error status, from the spec's own example."""
        responses = operation.document.get("responses", {})
        response = responses.get(str(status))
        if response is None or status < 400:
            documented = [s for s in operation.documented_statuses() if s >= 400]
            raise ValueError(
                f"{operation.describe()} documents no error status {status}; it documents"
                f" {', '.join(map(str, documented))}"
            )
        content = self.resolve(response).get("content", {})
        for media_type, media in content.items():
            example = media.get("example")
            if isinstance(example, str):
                return media_type, example.encode("utf-8")
        return "text/plain", self.resolve(response).get("description", "").encode("utf-8")

    def response_schema(self, operation: SpecOperation, status: int) -> Mapping[str, Any] | None:
        response = operation.document.get("responses", {}).get(str(status))
        if response is None:
            return None
        media = self.resolve(response).get("content", {}).get(JSON)
        return None if media is None else media.get("schema")

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """The node behind a $ref (pieces_spec follows it)."""
        resolved: Mapping[str, Any] = self.spec.resolve(node)
        return resolved


def _friendly_name(operation_id: str, tags: Sequence[str]) -> str:
    """The word of the operationId after its tag's name: distributionsCreateNewDistribution
    (tag Distributions) is "create", getWellKnownHealth (tag WellKnown) is "health"."""
    words: list[str] = _WORD.findall(operation_id)
    lowered = [word.lower() for word in words]
    for tag in tags:
        tag_words = [str(word).lower() for word in _WORD.findall(tag)]
        for start in range(len(lowered) - len(tag_words)):
            if lowered[start : start + len(tag_words)] == tag_words:
                return lowered[start + len(tag_words)]
    return lowered[-1]
