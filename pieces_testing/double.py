"""The stand-in's ASGI layer: in front of the reference app, it records, checks and steers.

Every request is read ahead (up to the server's body limit), recorded, and judged against
openapi.yaml (pieces_testing.spec_check); then, in this order, the API key a test asked for is
checked with the server's own middleware, a delay is waited out, a fault answers instead of the
server (a documented error status, or a dropped connection), and otherwise the reference app
answers, its answer rewritten as a newer Pieces OS would send it and dribbled out slowly when the
test asked for either. What a test sets lives in one `TestState`, replaced whole between tests,
so a request still in flight from the previous test records into that test's state, not the
next one's.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pieces_distributions.discovery import VERSION as VERSION_PATH
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reference_server.app import ApiKeyMiddleware

from .spec_check import SpecOperation, SpecRequests, SpecViolation

# The scope key under which the request's state, operation and record travel to `_steered`,
# and the ASGI extension the server's protocol offers for dropping the connection.
_STEERING = "pieces_testing.steering"
ABORT_EXTENSION = "pieces_testing.abort"
# How long a dropped request waits for uvicorn to notice the closed connection.
_DROP_SECONDS = 2.0


@dataclass
class RecordedRequest:
    """One request the app sent, as the server received it.

    `status` is what the app was answered, None while the answer is under way or when the
    connection was dropped before any answer. `body` holds at most the server's body limit.
    """

    method: str
    path: str
    query: str
    headers: list[tuple[str, str]]
    body: bytes
    operation_id: str | None
    violation: SpecViolation | None = None
    status: int | None = None

    def header(self, name: str) -> str | None:
        """The first value of a header, by case-insensitive name."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key == wanted), None)

    def json(self) -> Any:
        """The body parsed as JSON (None for an empty body)."""
        return json.loads(self.body) if self.body else None


@dataclass
class Rule:
    """One steering rule: what to do to which operation (None: every one), how many more times
    (None: always)."""

    kind: str  # "fail", "drop", "delay" or "dribble"
    operation_id: str | None
    remaining: int | None
    status: int = 0
    media_type: str = "text/plain"
    body: bytes = b""
    seconds: float = 0.0
    chunks: int = 1
    after_handling: bool = False


@dataclass(frozen=True)
class Newer:
    """How a newer Pieces OS answers: a property and enum values this spec does not know."""

    version: str | None
    unknown_properties: bool
    unknown_enum_values: bool
    property_name: str
    enum_value: str


@dataclass
class TestState:
    """Everything one test has set and seen; replaced whole by the next test."""

    api_key: str | None = None
    key_app: ASGIApp | None = None
    version: str | None = None
    newer: Newer | None = None
    rules: list[Rule] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    violations: list[SpecViolation] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, kinds: tuple[str, ...], operation_id: str | None) -> Rule | None:
        """The first live rule of one of these kinds for the operation, used up once."""
        with self.lock:
            for rule in self.rules:
                if rule.kind not in kinds or rule.remaining == 0:
                    continue
                if rule.operation_id is not None and rule.operation_id != operation_id:
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
                return rule
        return None


class DoubleApp:
    """The ASGI app the stand-in serves: the reference app behind recording and steering."""

    def __init__(self, app: ASGIApp, spec: SpecRequests, max_body_bytes: int) -> None:
        self._app = app
        self._spec = spec
        self._limit = max_body_bytes
        self.state = TestState()

    def key_app(self, api_key: str) -> ASGIApp:
        """The server's own API key check, with this key, in front of the steered app."""
        header = self._spec.spec.api_key_header
        if header is None:
            raise ValueError("openapi.yaml declares no API key scheme")
        open_operations = [o.operation for o in self._spec.operations if not o.operation.secured]
        return ApiKeyMiddleware(
            self._steered, api_key=api_key, header=header, open_operations=open_operations
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # the lifespan: the reference app opens and closes storage
            await self._app(scope, receive, send)
            return
        state = self.state
        body, complete, receive = await _read_ahead(receive, self._limit)
        method: str = scope["method"]
        path: str = scope["path"]
        operation = self._spec.match(method, path)
        headers = [
            (name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]
        ]
        record = RecordedRequest(
            method=method,
            path=path,
            query=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            body=body,
            operation_id=operation.operation_id if operation else None,
        )
        if complete:
            content_type = next((v for k, v in headers if k == "content-type"), None)
            record.violation = self._spec.judge(method, path, operation, content_type, body)
        with state.lock:
            state.requests.append(record)
            if record.violation is not None:
                state.violations.append(record.violation)

        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
            await send(message)

        scope = {**scope, _STEERING: (state, operation)}
        entry = state.key_app or self._steered
        await entry(scope, receive, recording_send)

    async def _steered(self, scope: Scope, receive: Receive, send: Send) -> None:
        state: TestState
        operation: SpecOperation | None
        state, operation = scope[_STEERING]
        operation_id = operation.operation_id if operation else None

        delay = state.take(("delay",), operation_id)
        if delay is not None:
            await asyncio.sleep(delay.seconds)

        fault = state.take(("fail", "drop"), operation_id)
        if fault is not None and fault.kind == "fail":
            await _answer(send, fault.status, fault.media_type, fault.body)
            return
        if fault is not None and fault.kind == "drop":
            if fault.after_handling:
                await self._app(scope, receive, _discard)
            await _drop(scope, receive)
            return

        newer = state.newer
        if operation is not None and operation.operation.path == VERSION_PATH:
            version = state.version or (newer.version if newer else None)
            if version is not None:
                await _answer(send, 200, "text/plain", version.encode("utf-8"))
                return
        dribble = state.take(("dribble",), operation_id)
        if dribble is not None:
            send = _dribbling(send, dribble.chunks, dribble.seconds)
        if newer is not None and operation is not None:
            send = self._evolving(send, operation, newer)
        await self._app(scope, receive, send)

    def _evolving(self, send: Send, operation: SpecOperation, newer: Newer) -> Send:
        """send, with each JSON answer the spec describes rewritten as a newer server's."""
        start: Message | None = None
        parts: list[bytes] = []

        async def evolving_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(parts)
            schema = self._spec.response_schema(operation, start["status"])
            if schema is not None and body:
                document = Evolver(self._spec.resolve, newer).evolve(json.loads(body), schema)
                body = json.dumps(document, separators=(",", ":")).encode("utf-8")
            headers = [
                (name, value)
                for name, value in start.get("headers", [])
                if name.lower() != b"content-length"
            ]
            headers.append((b"content-length", str(len(body)).encode("ascii")))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        return evolving_send


class Evolver:
    """A document as a newer Pieces OS would send it: every object the schema declares
    properties for gains one it does not know, every enum value becomes one it does not know."""

    def __init__(
        self, resolve: Callable[[Mapping[str, Any]], Mapping[str, Any]], newer: Newer
    ) -> None:
        self._resolve = resolve
        self._newer = newer

    def evolve(self, node: Any, schema: Mapping[str, Any]) -> Any:
        schema = self._resolve(schema)
        newer = self._newer
        if isinstance(node, dict) and "properties" in schema:
            properties: Mapping[str, Any] = schema["properties"]
            extra = schema.get("additionalProperties")
            evolved: dict[str, Any] = {}
            for name, value in node.items():
                sub = properties.get(name, extra if isinstance(extra, Mapping) else None)
                evolved[name] = value if sub is None else self.evolve(value, sub)
            if newer.unknown_properties and newer.property_name not in properties:
                evolved[newer.property_name] = {"added_in": newer.version or "a newer Pieces OS"}
            return evolved
        if isinstance(node, list) and isinstance(schema.get("items"), Mapping):
            return [self.evolve(item, schema["items"]) for item in node]
        if isinstance(node, str) and "enum" in schema and newer.unknown_enum_values:
            return newer.enum_value
        return node


async def _read_ahead(receive: Receive, limit: int) -> tuple[bytes, bool, Receive]:
    """The request body (at most limit + 1 bytes of it), whether that is all of it, and a
    receive that hands the app the same messages again before the rest."""
    chunks: list[bytes] = []
    size = 0
    held: list[Message] = []
    complete = False
    while True:
        message = await receive()
        if message["type"] != "http.request":
            held.append(message)
            break
        chunk: bytes = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            complete = True
            break
        if size > limit:
            break
    body = b"".join(chunks)
    held.insert(0, {"type": "http.request", "body": body, "more_body": not complete})

    async def replay() -> Message:
        return held.pop(0) if held else await receive()

    return body[: limit + 1], complete, replay


async def _answer(send: Send, status: int, media_type: str, body: bytes) -> None:
    content_type = media_type + ("; charset=utf-8" if media_type.startswith("text/") else "")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode("latin-1")),
                (b"content-length", str(len(body)).encode("ascii")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _discard(message: Message) -> None:
    """The app's answer to a request whose connection is dropped: nobody gets it."""


async def _drop(scope: Scope, receive: Receive) -> None:
    abort = scope.get("extensions", {}).get(ABORT_EXTENSION)
    if abort is None:
        raise RuntimeError(
            "dropping a connection needs the pieces_testing server (uvicorn in a thread),"
            " not an in-process transport"
        )
    abort()
    # uvicorn answers http.disconnect once it has seen the connection go; until then the
    # application must not return, or uvicorn would try to answer on it.
    async with asyncio.timeout(_DROP_SECONDS):
        while (await receive())["type"] != "http.disconnect":
            pass


def _dribbling(send: Send, chunks: int, seconds: float) -> Send:
    """send, with the answer's body cut into `chunks` pieces spread over `seconds`."""

    async def dribbling_send(message: Message) -> None:
        if message["type"] != "http.response.body" or message.get("more_body", False):
            await send(message)
            return
        body: bytes = message.get("body", b"")
        count = max(1, min(chunks, len(body)))
        size = -(-len(body) // count)
        pieces = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
        pause = seconds / len(pieces)
        for index, piece in enumerate(pieces):
            await asyncio.sleep(pause)
            last = index == len(pieces) - 1
            await send({"type": "http.response.body", "body": piece, "more_body": not last})

    return dribbling_send
