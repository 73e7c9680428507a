"""The operations of openapi.yaml; each handler is named after its operationId."""

from __future__ import annotations

import json
import uuid
from importlib import metadata

import orjson
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response

from .distributions import DistributionFactory
from .reasons import one_line
from .storage import Storage, WriteRefused
from .validation import SURROGATE_REASON, InvalidBody, SeedValidator

JSON = "application/json"
# The distribution whose version GET /.well-known/version reports unless configured otherwise.
PACKAGE = "pieces-distributions"
# A write the storage cannot take now (disk full, read-only database): the request was fine and
# may succeed later, and nothing was stored. 507 names the cause where 503 would not; snapshots
# are still served, so the service as a whole is not unavailable.
INSUFFICIENT_STORAGE = 507


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
        id_parameter: str | None = None,
    ) -> None:
        self._storage = storage
        self._validator = validator
        self._factory = factory
        self._max_body_bytes = max_body_bytes
        self._version = version or package_version()
        # The delete's path parameter that carries the id, as the spec names it (the link from
        # create to delete); None: the delete's only path parameter, whatever its name.
        self._id_parameter = id_parameter
        # Pieces OS answers its health probe with "ok:" and an id (see pieces_distributions
        # discovery's notes); ours names this process, so two servers can be told apart.
        self._health = f"ok:{uuid.uuid4()}"

    async def get_well_known_health(self, request: Request) -> Response:
        return PlainTextResponse(self._health)

    async def get_well_known_version(self, request: Request) -> Response:
        return PlainTextResponse(self._version)

    async def distributions_create_new_distribution(self, request: Request) -> Response:
        # The two headers a create needs, from one pass over the raw list (the first of each, as
        # Starlette's Headers.get would give): cheaper than building a Headers object.
        content_type = declared = None
        for name, value in request.scope["headers"]:
            if name == b"content-type":
                if content_type is None:
                    content_type = value.decode("latin-1")
            elif name == b"content-length" and declared is None:
                declared = value
        try:
            body = await self._read_body(request, declared)
        except BodyTooLarge:
            # The rest of the body is never read, so the connection cannot be reused.
            return text(413, f"request body larger than {self._max_body_bytes} bytes", close=True)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening for the answer

        if body and (content_type is None or not is_json(content_type)):
            got = one_line(content_type, 100) if content_type is not None else "no Content-Type"
            return text(415, f"Content-Type must be {JSON}, got {got}")

        try:
            seed = self._validator.parse(body)
            distribution = self._factory.create(seed)
            document = _encode(distribution)
        except InvalidBody as error:
            return text(400, str(error))

        try:
            await self._storage.add(distribution["id"], document)
        except WriteRefused as refused:
            return text(INSUFFICIENT_STORAGE, str(refused))
        return Response(document, media_type=JSON)

    async def distributions_delete_specific_distribution(self, request: Request) -> Response:
        parameters = request.path_params
        distribution_id: str = (
            parameters[self._id_parameter]
            if self._id_parameter in parameters
            else next(iter(parameters.values()))
        )
        try:
            deleted = self._storage.delete(distribution_id)
        except WriteRefused as refused:
            return text(INSUFFICIENT_STORAGE, str(refused))
        if deleted:
            return Response(status_code=204)
        return text(404, f"distribution not found: {one_line(distribution_id, 100)}")

    async def distributions_snapshot(self, request: Request) -> Response:
        return Response(self._storage.snapshot(), media_type=JSON)

    async def _read_body(self, request: Request, declared: bytes | None) -> bytes:
        """The body, refusing early on a declared length and while streaming (chunked bodies).

        Read straight from the ASGI receive channel: Starlette's request.stream() does the same
        through an async generator, which costs more than the rest of a small create's reading.
        """
        limit = self._max_body_bytes
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge
        receive = request.receive
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def package_version() -> str:
    """The installed pieces-distributions version ("0.0.0" when run from an uninstalled tree)."""
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _encode(document: object) -> bytes:
    """Compact UTF-8 JSON; the few seeds that cannot be written as JSON are the client's fault.

    orjson writes it about fifty times faster than the json module (a tenth of a create's time
    went here). What orjson refuses (an integer beyond 64 bits, a lone surrogate, nesting past
    its limit) is written by the json module instead, which decides and words the reason.
    """
    try:
        return orjson.dumps(document)
    except orjson.JSONEncodeError:
        pass
    try:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidBody(SURROGATE_REASON) from None
    except RecursionError:
        raise InvalidBody("body is not acceptable: JSON nested too deeply") from None
