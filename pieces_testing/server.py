"""The stand-in Pieces OS: the reference server on a free loopback port, in a thread of this
process, and `PiecesOS`, the handle a test steers and inspects it through without HTTP.

The server is the project's own HTTP stack (uvicorn with `reference_server.cli.server_options`,
the request-deadline protocol included) serving `reference_server.app.create_app` on an
in-memory database, behind `pieces_testing.double.DoubleApp`. It runs its own event loop in a
daemon thread, so sync tests, async tests on any event loop, and other processes (a subprocess
with the official SDK) all reach it over real sockets. Storage is only ever touched on that
loop (reference_server.storage says why); PiecesOS hands each storage call to it and waits.
"""

from __future__ import annotations

import asyncio
import functools
import json
import socket
import threading
import time
from collections.abc import Coroutine, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import uvicorn
from pieces_distributions.discovery import URL_VARIABLE

from reference_server.app import create_app
from reference_server.cli import LISTEN_BACKLOG, bind, server_options
from reference_server.connections import DeadlineH11Protocol
from reference_server.distributions import DistributionFactory
from reference_server.settings import MEMORY_DB, Settings
from reference_server.storage import Storage
from reference_server.validation import InvalidBody, SeedValidator

from .double import ABORT_EXTENSION, DoubleApp, Newer, RecordedRequest, Rule, TestState
from .spec_check import SpecOperation, SpecRequests, SpecViolation

T = TypeVar("T")
START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 5.0
# Requests still running when the server stops (a test that left a slow answer behind) get
# this long; the reference server's own 10 s are for real clients, not for a test run's end.
GRACEFUL_SHUTDOWN_SECONDS = 0.5
# What a newer Pieces OS puts where this spec has nothing: a property name no schema of
# openapi.yaml declares, and an enum value none of its enums lists.
NEWER_PROPERTY = "added_by_a_newer_pieces_os"
NEWER_ENUM_VALUE = "NEWER_PIECES_OS_VALUE"


class SpecViolationError(AssertionError):
    """The app sent requests openapi.yaml does not allow; str() lists each, one per line."""

    def __init__(self, violations: list[SpecViolation]) -> None:
        self.violations = list(violations)
        count = len(violations)
        lines = [f"the app sent {count} request{'s' if count > 1 else ''} openapi.yaml forbids:"]
        lines += [f"  {violation}" for violation in violations]
        super().__init__("\n".join(lines))


class _Protocol(DeadlineH11Protocol):
    """The reference server's protocol, offering the app a way to drop the connection.

    Each request's scope gets the ASGI extension ABORT_EXTENSION: a callable that closes the
    connection at once, without an answer (DoubleApp's `drop`). uvicorn creates the request's
    task while handling the bytes that complete the request line and headers, and the task runs
    only after this method returns, so the extension is there before the app sees the scope.
    """

    def handle_events(self) -> None:
        super().handle_events()
        scope: dict[str, Any] | None = self.scope  # type: ignore[assignment]
        if scope is not None and self.transport is not None:
            extensions: dict[str, Any] = scope.setdefault("extensions", {})
            extensions[ABORT_EXTENSION] = self.transport.abort


class _Uvicorn(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.loop = asyncio.get_running_loop()
        self.ready.set()


@dataclass(frozen=True)
class _Parts:
    storage: Storage
    validator: SeedValidator
    factory: DistributionFactory


class PiecesOSServer:
    """The reference server in a daemon thread of this process, on 127.0.0.1 and a free port.

    `start()` once, then `begin_test()` before each test (it hands out that test's PiecesOS),
    `stop()` at the end. `spec` replaces the bundled openapi.yaml.
    """

    def __init__(self, spec: Path | None = None) -> None:
        settings = Settings(host="127.0.0.1", port=0, db=MEMORY_DB, spec=spec)
        app = create_app(settings)
        state = app.state
        self.parts = _Parts(state.storage, state.validator, state.factory)
        self.spec = SpecRequests(state.spec, state.validator)
        self.app = DoubleApp(app, self.spec, settings.max_body_bytes)
        options = {
            **server_options(settings),
            "http": _protocol_factory(settings.request_timeout),
            "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        }
        self._sock = bind(settings.host, 0)
        self._sock.listen(LISTEN_BACKLOG)
        port = self._sock.getsockname()[1]
        self.url = f"http://{settings.host}:{port}"
        config = uvicorn.Config(
            self.app,
            host=settings.host,
            port=port,
            lifespan="on",
            log_config=None,
            access_log=False,
            **options,
        )
        self._server = _Uvicorn(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name=f"pieces-os {self.url}",
            daemon=True,
        )

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self._server.ready.wait(0.02):
            # uvicorn logs why it could not start (the lifespan failed, say) and returns.
            if not self._thread.is_alive():
                raise RuntimeError("the stand-in Pieces OS failed to start (see the log above)")
            if time.monotonic() > deadline:
                self._server.should_exit = True
                raise RuntimeError(
                    f"the stand-in Pieces OS did not start within {START_TIMEOUT_SECONDS} s"
                )

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(STOP_TIMEOUT_SECONDS)
        self._sock.close()

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the server's event loop and wait for its result."""
        loop = self._server.loop
        assert loop is not None, "the server is not running"
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result(START_TIMEOUT_SECONDS)

    def begin_test(self) -> PiecesOS:
        """A fresh state: nothing stored, recorded or set; the handle for one test."""
        self.app.state = TestState()

        async def clear() -> None:
            self.parts.storage.clear()

        self.call(clear())
        return PiecesOS(self, self.app.state)


class PiecesOS:
    """The stand-in Pieces OS as one test sees it: its URL, and steering and inspection without
    HTTP. Operations are named by operationId (`distributionsCreateNewDistribution`), handler
    name, friendly name (`create`, `delete`, `snapshot`, `health`, `version`) or
    "METHOD /path"; "*" is every operation. `times=None` means every time from now on."""

    def __init__(self, server: PiecesOSServer, state: TestState) -> None:
        self._server = server
        self._state = state

    @property
    def url(self) -> str:
        """The base URL, as PIECES_OS_URL holds it during a test."""
        return self._server.url

    # -- what is stored -----------------------------------------------------------------------

    @property
    def distributions(self) -> list[dict[str, Any]]:
        """Every stored distribution, oldest first, as the snapshot operation would list it."""

        async def snapshot() -> bytes:
            return self._server.parts.storage.snapshot()

        document: dict[str, Any] = json.loads(self._server.call(snapshot()))
        iterable: list[dict[str, Any]] = document["iterable"]
        return iterable

    def add_distribution(self, seed: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Store a distribution as a create with this seed would (JSON, or None for none), and
        return it. ValueError when the seed is not a SeededDistribution the spec allows."""
        parts = self._server.parts
        body = b"" if seed is None else json.dumps(seed).encode("utf-8")
        try:
            parsed = parts.validator.parse(body)
        except InvalidBody as error:
            raise ValueError(f"not a seed openapi.yaml allows: {error}") from None
        distribution = parts.factory.create(parsed)
        document = json.dumps(distribution, ensure_ascii=False, separators=(",", ":")).encode()

        async def add() -> None:
            await parts.storage.add(distribution["id"], document)

        self._server.call(add())
        stored: dict[str, Any] = json.loads(document)
        return stored

    # -- what the app sent --------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request the app sent during this test, in order of arrival."""
        with self._state.lock:
            return list(self._state.requests)

    @property
    def violations(self) -> list[SpecViolation]:
        """The requests openapi.yaml does not allow, one SpecViolation each."""
        with self._state.lock:
            return list(self._state.violations)

    def check(self) -> None:
        """SpecViolationError when the app sent any request openapi.yaml does not allow."""
        violations = self.violations
        if violations:
            raise SpecViolationError(violations)

    # -- faults -------------------------------------------------------------------------------

    def fail(
        self,
        operation: str,
        status: int = 500,
        *,
        times: int | None = None,
        body: str | None = None,
    ) -> None:
        """Answer `status` instead of the server: any error status the operation documents,
        with the spec's example text unless `body` is given."""
        operation_id, spec_operation = self._operation(operation)
        targets = self._server.spec.operations if spec_operation is None else (spec_operation,)
        for target in targets:  # "*" needs the status documented everywhere
            media_type, example = self._server.spec.error_answer(target, status)
        text = example if body is None else body.encode("utf-8")
        self._add(
            Rule(
                "fail", operation_id, _times(times), status=status, media_type=media_type, body=text
            )
        )

    def drop(
        self, operation: str, *, times: int | None = None, after_handling: bool = False
    ) -> None:
        """Close the connection without an answer; with `after_handling` the server does the
        work first (a create is stored, a delete done) and only the answer is lost."""
        operation_id, _ = self._operation(operation)
        self._add(Rule("drop", operation_id, _times(times), after_handling=after_handling))

    def delay(self, operation: str, seconds: float, *, times: int | None = None) -> None:
        """Wait `seconds` before answering (or before a fault of the same request)."""
        operation_id, _ = self._operation(operation)
        self._add(Rule("delay", operation_id, _times(times), seconds=_seconds(seconds)))

    def dribble(
        self, operation: str, *, seconds: float, chunks: int = 10, times: int | None = None
    ) -> None:
        """Send the answer's body slowly: in `chunks` pieces spread over `seconds`."""
        operation_id, _ = self._operation(operation)
        if chunks < 1:
            raise ValueError(f"chunks must be at least 1, got {chunks}")
        self._add(
            Rule("dribble", operation_id, _times(times), seconds=_seconds(seconds), chunks=chunks)
        )

    # -- what kind of Pieces OS ---------------------------------------------------------------

    @property
    def version(self) -> str | None:
        """What GET /.well-known/version answers; None: the reference server's own version."""
        return self._state.version

    @version.setter
    def version(self, version: str | None) -> None:
        self._state.version = version

    def newer(
        self,
        version: str | None = None,
        *,
        unknown_properties: bool = True,
        unknown_enum_values: bool = True,
        property_name: str = NEWER_PROPERTY,
        enum_value: str = NEWER_ENUM_VALUE,
    ) -> None:
        """Answer as a newer Pieces OS: every object the spec declares properties for carries
        one more it does not know, every enum value is one it does not list, and
        /.well-known/version reports `version` (when given and no `version` was set)."""
        self._state.newer = Newer(
            version, unknown_properties, unknown_enum_values, property_name, enum_value
        )

    @property
    def api_key(self) -> str | None:
        """The key the app must send in the spec's API key header (None: no key needed)."""
        return self._state.api_key

    @api_key.setter
    def api_key(self, key: str | None) -> None:
        self._state.key_app = None if key is None else self._server.app.key_app(key)
        self._state.api_key = key

    # -- helpers ------------------------------------------------------------------------------

    def _operation(self, name: str) -> tuple[str | None, SpecOperation | None]:
        if name == "*":
            return None, None
        found = self._server.spec.named(name)
        return found.operation_id, found

    def _add(self, rule: Rule) -> None:
        with self._state.lock:
            self._state.rules.append(rule)


def _times(times: int | None) -> int | None:
    if times is not None and times < 1:
        raise ValueError(f"times must be at least 1 (or None for always), got {times}")
    return times


def _seconds(seconds: float) -> float:
    if not seconds >= 0:
        raise ValueError(f"seconds must not be negative, got {seconds}")
    return float(seconds)


def _protocol_factory(request_timeout: float) -> functools.partial[_Protocol]:
    return functools.partial(_Protocol, request_timeout=request_timeout)


@contextmanager
def pieces_os_server(
    *,
    strict: bool = True,
    api_key: str | None = None,
    version: str | None = None,
    newer: bool | str = False,
    set_environment: bool = True,
    spec: Path | None = None,
) -> Iterator[PiecesOS]:
    """The stand-in Pieces OS for code outside pytest: started on entry, stopped on exit.

    PIECES_OS_URL names it inside the block (set_environment=False leaves the environment
    alone). With `strict`, a request openapi.yaml forbids raises SpecViolationError on exit.
    `newer` may be a version string: a newer Pieces OS reporting that version.
    """
    import os

    server = PiecesOSServer(spec)
    server.start()
    before = os.environ.get(URL_VARIABLE)
    try:
        double = server.begin_test()
        configure(double, api_key=api_key, version=version, newer=newer)
        if set_environment:
            os.environ[URL_VARIABLE] = server.url
        yield double
        if strict:
            double.check()
    finally:
        if set_environment:
            if before is None:
                os.environ.pop(URL_VARIABLE, None)
            else:
                os.environ[URL_VARIABLE] = before
        server.stop()


def configure(
    double: PiecesOS,
    *,
    api_key: str | None = None,
    version: str | None = None,
    newer: bool | str = False,
) -> None:
    """Apply the options a test gives (the `pieces_os` marker's, or pieces_os_server's)."""
    if api_key is not None:
        double.api_key = api_key
    if version is not None:
        double.version = version
    if newer:
        double.newer(newer if isinstance(newer, str) else None)


__all__ = [
    "PiecesOS",
    "PiecesOSServer",
    "SpecViolationError",
    "configure",
    "pieces_os_server",
]
