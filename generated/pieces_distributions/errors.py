"""The exceptions API functions raise for a status other than the operation's success."""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    import httpx


class ApiError(Exception):
    """The server's answer is not the operation's success as the spec describes it.

    ``sync()`` and ``asyncio()`` raise a subclass for every status other than the success: the
    status's own class when the operation documents it, UnexpectedStatus otherwise.
    ``sync_detailed()`` and ``asyncio_detailed()`` return the Response instead. Every form
    raises MalformedResponse for a success whose body does not match the spec, and
    ResponseTooLarge for a body larger than the client's ``max_response_bytes``.

    Attributes:
        status_code: The HTTP status, such as 404.
        text: The body as text: the server's one-line reason for the documented statuses.
        headers: The response headers.
        content: The body as it came.
    """

    def __init__(
        self, status_code: int, content: bytes, headers: Mapping[str, str] | None = None
    ):
        self.status_code = status_code
        self.content = content
        self.headers: Mapping[str, str] = {} if headers is None else headers
        self.text = content.decode("utf-8", errors="replace")
        super().__init__(status_code, content, self.headers)

    def __str__(self) -> str:
        try:
            phrase = HTTPStatus(self.status_code).phrase
        except ValueError:
            phrase = "Unknown Status"
        return (
            f"{self.status_code} {phrase}: {self.text}"
            if self.text
            else f"{self.status_code} {phrase}"
        )


class UnexpectedStatus(ApiError):
    """A status the operation does not document.

    ``sync()``/``asyncio()`` always raise it for such a status; ``sync_detailed()``/
    ``asyncio_detailed()`` raise it only when Client.raise_on_unexpected_status is True (and
    otherwise return the Response with ``parsed`` None).
    """


class MalformedResponse(ApiError):
    """A success status whose body does not match the spec (not JSON, a required field missing,
    a value of the wrong type, nested too deep to decode).

    Attributes (besides ApiError's):
        operation: The operation, its module's name, method and path, such as
            "distributions_snapshot (GET /distributions)".
        field: Where the decoding stopped, such as "Distribution.id", or "" when the body is
            not a JSON document at all.
        reason: What was wrong there, in one line.
    """

    def __init__(
        self,
        status_code: int,
        content: bytes,
        headers: Mapping[str, str] | None = None,
        *,
        operation: str = "",
        field: str = "",
        reason: str = "",
    ):
        super().__init__(status_code, content, headers)
        self.operation = operation
        self.field = field
        self.reason = reason

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _malformed,
            (
                self.status_code,
                self.content,
                dict(self.headers),
                self.operation,
                self.field,
                self.reason,
            ),
        )

    def __str__(self) -> str:
        where = f" at {self.field}" if self.field else ""
        return f"{self.operation}: the {self.status_code} body does not match the spec{where}: {self.reason}"


def _malformed(
    status_code: int,
    content: bytes,
    headers: Mapping[str, str],
    operation: str,
    field: str,
    reason: str,
) -> MalformedResponse:
    return MalformedResponse(
        status_code, content, headers, operation=operation, field=field, reason=reason
    )


# What decoding a body that does not match the spec raises: json's JSONDecodeError and
# UnicodeDecodeError are ValueErrors, a missing field a KeyError, a value of the wrong type a
# TypeError, AttributeError or ValueError, a document nested past the stack a RecursionError.
DECODING_ERRORS = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    RecursionError,
)


def malformed(
    operation: str, response: httpx.Response, failure: BaseException
) -> MalformedResponse:
    """The MalformedResponse for `failure`, raised while decoding `response`'s body."""
    import json

    field = ""
    model = ""
    traceback = failure.__traceback__
    while traceback is not None:  # the innermost model whose from_dict was decoding
        frame = traceback.tb_frame
        if frame.f_code.co_name == "from_dict" and isinstance(
            frame.f_locals.get("cls"), type
        ):
            model = frame.f_locals["cls"].__name__
        traceback = traceback.tb_next
    if isinstance(failure, json.JSONDecodeError) or isinstance(
        failure, UnicodeDecodeError
    ):
        reason = f"not a JSON document ({failure})"
    elif isinstance(failure, RecursionError):
        reason = "nested too deep to decode"
        field = model
    elif isinstance(failure, KeyError):
        field = f"{model}.{failure.args[0]}" if model and failure.args else model
        reason = "a required field is missing"
    else:
        field = model
        reason = f"{type(failure).__name__}: {failure}"
    # The reason may quote the server's text: control characters escaped, length bounded.
    reason = "".join(c if c.isprintable() else repr(c)[1:-1] for c in reason[:300])
    return MalformedResponse(
        response.status_code,
        response.content,
        response.headers,
        operation=operation,
        field=field,
        reason=reason,
    )


class ResponseTooLarge(ApiError):
    """A response body larger than the client's ``max_response_bytes`` once decoded; the read
    stopped there, so ``content`` is empty.

    Attributes (besides ApiError's):
        limit: The client's ``max_response_bytes``.
        method, url: The request that got it (after redirects).
    """

    def __init__(self, status_code: int, limit: int, method: str = "", url: str = ""):
        super().__init__(status_code, b"")
        self.limit = limit
        self.method = method
        self.url = url

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.status_code, self.limit, self.method, self.url))

    def __str__(self) -> str:
        return f"{self.method} {self.url}: the {self.status_code} body is larger than {self.limit} bytes"


class BadRequestError(ApiError):
    """The server answered 400, a status the spec documents."""


class UnauthorizedError(ApiError):
    """The server answered 401, a status the spec documents."""


class ForbiddenError(ApiError):
    """The server answered 403, a status the spec documents."""


class NotFoundError(ApiError):
    """The server answered 404, a status the spec documents."""


class ContentTooLargeError(ApiError):
    """The server answered 413, a status the spec documents."""


class UnsupportedMediaTypeError(ApiError):
    """The server answered 415, a status the spec documents."""


class InternalServerError(ApiError):
    """The server answered 500, a status the spec documents."""


class InsufficientStorageError(ApiError):
    """The server answered 507, a status the spec documents."""


__all__ = [
    "ApiError",
    "BadRequestError",
    "ContentTooLargeError",
    "ForbiddenError",
    "InsufficientStorageError",
    "InternalServerError",
    "MalformedResponse",
    "NotFoundError",
    "ResponseTooLarge",
    "UnauthorizedError",
    "UnexpectedStatus",
    "UnsupportedMediaTypeError",
]
