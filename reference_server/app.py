"""The ASGI application: routes as in the spec's `paths:`, API key check, error handling."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from .distributions import DistributionFactory
from .endpoints import Endpoints
from .settings import Settings
from .spec import Spec
from .storage import Storage
from .validation import SeedValidator

API_KEY_HEADER = b"x-application-id"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def routes(api: Endpoints) -> list[Route]:
    """openapi.yaml `paths:`, one route per operation, named by its operationId."""
    return [
        Route(
            "/distributions/create",
            api.distributions_create_new_distribution,
            methods=["POST"],
            name="distributionsCreateNewDistribution",
        ),
        Route(
            "/distributions/{distribution}/delete",
            api.distributions_delete_specific_distribution,
            methods=["POST"],
            name="distributionsDeleteSpecificDistribution",
        ),
        Route(
            "/distributions",
            api.distributions_snapshot,
            methods=["GET"],
            name="distributionsSnapshot",
        ),
        Route(
            "/.well-known/health",
            api.get_well_known_health,
            methods=["GET"],
            name="getWellKnownHealth",
        ),
        Route(
            "/.well-known/version",
            api.get_well_known_version,
            methods=["GET"],
            name="getWellKnownVersion",
        ),
    ]


def keyless_paths(spec: Spec) -> frozenset[str]:
    """Paths whose every operation says `security: []`: served without an API key."""
    paths: Mapping[str, Mapping[str, Any]] = spec.document.get("paths", {})
    return frozenset(
        path
        for path, item in paths.items()
        if (operations := [item[method] for method in METHODS if method in item])
        and all(operation.get("security") == [] for operation in operations)
    )


class ApiKeyMiddleware:
    """Answers 401 unless X-Application-ID equals the configured key (compared in constant time)."""

    def __init__(self, app: ASGIApp, api_key: str, keyless: frozenset[str] = frozenset()) -> None:
        self.app = app
        self._key = api_key.encode("utf-8")
        self._keyless = keyless

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in self._keyless:
            supplied = next(
                (value for name, value in scope["headers"] if name == API_KEY_HEADER), None
            )
            if supplied is None or not hmac.compare_digest(supplied, self._key):
                response = PlainTextResponse("missing or wrong X-Application-ID", status_code=401)
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
    spec = Spec.load(settings.spec)
    validator = SeedValidator(spec)
    factory = DistributionFactory(spec)
    storage = Storage(settings.db)
    api = Endpoints(
        storage, validator, factory, settings.max_body_bytes, version=settings.reported_version
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            storage.close()

    middleware = []
    if settings.api_key:
        middleware.append(
            Middleware(ApiKeyMiddleware, api_key=settings.api_key, keyless=keyless_paths(spec))
        )
    return Starlette(
        routes=routes(api),
        middleware=middleware,
        exception_handlers={Exception: internal_error},
        lifespan=lifespan,
    )


def create_app_from_environment() -> Starlette:
    """Factory for uvicorn worker processes, which receive their settings as PIECES_* variables."""
    return create_app(Settings.from_environ())
