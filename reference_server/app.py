"""The ASGI application: routes and security built from the spec's `paths:`, error handling."""

from __future__ import annotations

import hmac
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route, compile_path
from starlette.types import ASGIApp, Receive, Scope, Send

from .distributions import DistributionFactory
from .endpoints import Endpoints
from .guard import HostPolicy, SiteGuard
from .operations import Operation, api_key_header, bind, operations
from .settings import Settings
from .spec import SpecError
from .spec import load as load_spec
from .storage import Storage
from .validation import SeedValidator

API_KEY_HEADER = "X-Application-ID"  # what ApiKeyMiddleware checks unless told otherwise


def routes(spec_operations: list[Operation], api: Endpoints) -> list[Route]:
    """openapi.yaml `paths:`, one route per operation, named by its operationId and served by
    the Endpoints method of the same name in snake case (see reference_server.operations)."""
    return [
        Route(operation.path, handler, methods=[operation.method], name=operation.operation_id)
        for operation, handler in bind(spec_operations, api)
    ]


class ApiKeyMiddleware:
    """Answers 401 unless the API key header equals the configured key (compared in constant
    time). Operations whose `security` names no API key scheme (`security: []`) are let through;
    everything else, unknown paths and methods included, needs the key, so that a caller without
    it learns nothing about what is served."""

    def __init__(
        self,
        app: ASGIApp,
        api_key: str,
        header: str = API_KEY_HEADER,
        open_operations: Iterable[Operation] = (),
    ) -> None:
        self.app = app
        self._key = api_key.encode("utf-8")
        self._header = header.lower().encode("latin-1")
        self._reason = f"missing or wrong {header}"
        self._open: list[tuple[str, re.Pattern[str]]] = [
            (operation.method, compile_path(operation.path)[0]) for operation in open_operations
        ]

    def _is_open(self, scope: Scope) -> bool:
        method = "GET" if scope["method"] == "HEAD" else scope["method"]
        path = scope["path"]
        return any(method == allowed and pattern.match(path) for allowed, pattern in self._open)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not (self._open and self._is_open(scope)):
            supplied = next(
                (value for name, value in scope["headers"] if name == self._header), None
            )
            if supplied is None or not hmac.compare_digest(supplied, self._key):
                response = PlainTextResponse(self._reason, status_code=401)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def internal_error(request: Request, exc: Exception) -> Response:
    # Starlette re-raises the exception after this response is sent, so uvicorn logs the
    # traceback on the server's stderr; the client only ever sees this one line. uvicorn then
    # closes the connection, so the response says so: a client that kept it for its next
    # request would otherwise get a connection reset instead of an answer.
    return PlainTextResponse(
        "internal server error", status_code=500, headers={"Connection": "close"}
    )


def create_app(settings: Settings) -> Starlette:
    """The application for one process: reads the spec and opens (or creates) the database."""
    spec = load_spec(settings.spec)
    validator = SeedValidator(spec)
    factory = DistributionFactory(spec)
    storage = Storage(settings.db)
    try:
        id_parameter: str | None = spec.lifecycle.delete_parameter
    except SpecError:  # no create -> delete link: the delete's only path parameter is the id
        id_parameter = None
    api = Endpoints(
        storage,
        validator,
        factory,
        settings.max_body_bytes,
        # The spec's info.version is the package's: read here, a bump shows without a reinstall.
        version=settings.reported_version or spec.version or None,
        id_parameter=id_parameter,
    )
    spec_operations = operations(spec)
    served = routes(spec_operations, api)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            storage.close()

    header = api_key_header(spec)
    # In front of routing and the key check: a refused request learns nothing about either.
    middleware = [
        Middleware(
            SiteGuard,
            hosts=HostPolicy(settings.host, settings.allowed_hosts),
            allowed_origins=settings.allowed_origins,
            methods=sorted({operation.method for operation in spec_operations}),
            request_headers=["Content-Type", *([header] if header else [])],
        )
    ]
    if settings.api_key and header is not None:
        open_operations = [operation for operation in spec_operations if not operation.secured]
        middleware.append(
            Middleware(
                ApiKeyMiddleware,
                api_key=settings.api_key,
                header=header,
                open_operations=open_operations,
            )
        )
    app = Starlette(
        routes=served,
        middleware=middleware,
        exception_handlers={Exception: internal_error},
        lifespan=lifespan,
    )
    # The parts behind the routes, for code in this process that steers the server without HTTP
    # (pieces_testing: reset, preload, the request check); requests never read them from here.
    app.state.spec = spec
    app.state.storage = storage
    app.state.validator = validator
    app.state.factory = factory
    return app


def create_app_from_environment() -> Starlette:
    """Factory for uvicorn worker processes, which receive their settings as PIECES_* variables."""
    return create_app(Settings.from_environ())
