"""The operations of openapi.yaml; each handler is named after its operationId."""

from __future__ import annotations

import json
import uuid
from importlib import metadata

from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response

from .distributions import DistributionFactory
from .spec import SEED_SCHEMA
from .storage import Storage
from .validation import InvalidBody, SeedValidator, one_line

JSON = "application/json"
# The distribution whose version GET /.well-known/version reports unless configured otherwise.
PACKAGE = "pieces-distributions"


class BodyTooLarge(Exception):
    """The request body is over the configured limit."""


def text(status_code: int, reason: str, *, close: bool = False) -> PlainTextResponse:
    """A one-line text/plain error, as every error response in the spec is."""
    headers = {"Connection": "close"} if close else None
    return PlainTextResponse(reason, status_code=status_code, headers=headers)


def is_json(content_type: str) -> bool:
    """application/json, with any parameters, as long as a declared charset is UTF-8."""
    media_type, *parameters = content_type.split(";")
    if media_type.strip().lower() != JSON:
        return False
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in {
            "utf-8",
            "utf8",
        }:
            return False
    return True


class Endpoints:
    """Request handlers bound to one process's storage and spec-derived helpers."""

    def __init__(
        self,
        storage: Storage,
        validator: SeedValidator,
        factory: DistributionFactory,
        max_body_bytes: int,
        *,
        version: str | None = None,
    ) -> None:
        self._storage = storage
        self._validator = validator
        self._factory = factory
        self._max_body_bytes = max_body_bytes
        self._version = version or package_version()
        # Pieces OS answers its health probe with "ok:" and an id (see pieces_distributions
        # discovery's notes); ours names this process, so two servers can be told apart.
        self._health = f"ok:{uuid.uuid4()}"

    async def get_well_known_health(self, request: Request) -> Response:
        return PlainTextResponse(self._health)

    async def get_well_known_version(self, request: Request) -> Response:
        return PlainTextResponse(self._version)

    async def distributions_create_new_distribution(self, request: Request) -> Response:
        try:
            body = await self._read_body(request)
        except BodyTooLarge:
            # The rest of the body is never read, so the connection cannot be reused.
            return text(413, f"request body larger than {self._max_body_bytes} bytes", close=True)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening for the answer

        content_type = request.headers.get("content-type")
        if body and (content_type is None or not is_json(content_type)):
            got = one_line(content_type, 100) if content_type is not None else "no Content-Type"
            return text(415, f"Content-Type must be {JSON}, got {got}")

        try:
            seed = self._validator.parse(body)
            distribution = self._factory.create(seed)
            document = _encode(distribution.to_dict())
        except InvalidBody as error:
            return text(400, str(error))

        self._storage.add(distribution.id, document)
        return Response(document, media_type=JSON)

    async def distributions_delete_specific_distribution(self, request: Request) -> Response:
        distribution_id: str = request.path_params["distribution"]
        if self._storage.delete(distribution_id):
            return Response(status_code=204)
        return text(404, f"distribution not found: {one_line(distribution_id, 100)}")

    async def distributions_snapshot(self, request: Request) -> Response:
        return Response(self._storage.snapshot(), media_type=JSON)

    async def _read_body(self, request: Request) -> bytes:
        """The body, refusing early on a declared length and while streaming (chunked bodies)."""
        limit = self._max_body_bytes
        declared = request.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            chunks.append(chunk)
        return b"".join(chunks)


def package_version() -> str:
    """The installed pieces-distributions version ("0.0.0" when run from an uninstalled tree)."""
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _encode(document: object) -> bytes:
    """Compact UTF-8 JSON; the few seeds that cannot be written as JSON are the client's fault."""
    try:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        # "\ud800" and friends parse, but a lone UTF-16 surrogate has no UTF-8 encoding.
        raise InvalidBody(
            f"invalid {SEED_SCHEMA}: a string contains an unpaired UTF-16 surrogate escape"
        ) from None
    except RecursionError:
        raise InvalidBody("body is not acceptable: JSON nested too deeply") from None
