"""The exceptions API functions raise for a status other than the operation's success."""

from __future__ import annotations

from http import HTTPStatus
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping


class ApiError(Exception):
    """The server answered with a status other than the operation's success.

    ``sync()`` and ``asyncio()`` raise a subclass for every such status: the status's own class
    when the operation documents it, UnexpectedStatus otherwise. ``sync_detailed()`` and
    ``asyncio_detailed()`` return the Response instead.

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
    "NotFoundError",
    "UnauthorizedError",
    "UnexpectedStatus",
    "UnsupportedMediaTypeError",
]
