from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import errors
from ...models import _gc_pause
from ...models.distribution import Distribution
from ...models.seeded_distribution import SeededDistribution
from ...types import UNSET, Response, Unset, status

if TYPE_CHECKING:
    import httpx

    from ...client import AuthenticatedClient, Client


def _get_kwargs(
    *,
    body: SeededDistribution | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/distributions/create",
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    if headers:
        _kwargs["headers"] = headers
    return _kwargs


_OPERATION = "distributions_create_new_distribution (POST /distributions/create)"


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Distribution | str | None:
    if response.status_code == 200:
        try:
            response_200 = Distribution.from_dict(response.json())

            return response_200

        except errors.DECODING_ERRORS as failure:
            raise errors.malformed(_OPERATION, response, failure) from failure

    if response.status_code == 400:
        response_400 = response.text
        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 403:
        response_403 = response.text
        return response_403

    if response.status_code == 413:
        response_413 = response.text
        return response_413

    if response.status_code == 415:
        response_415 = response.text
        return response_415

    if response.status_code == 500:
        response_500 = response.text
        return response_500

    if response.status_code == 507:
        response_507 = response.text
        return response_507

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, response.headers
        )
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Distribution | str]:
    return Response(
        status_code=status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


_ERRORS: dict[int, type[errors.ApiError]] = {
    400: errors.BadRequestError,
    401: errors.UnauthorizedError,
    403: errors.ForbiddenError,
    413: errors.ContentTooLargeError,
    415: errors.UnsupportedMediaTypeError,
    500: errors.InternalServerError,
    507: errors.InsufficientStorageError,
}


def _success(response: httpx.Response) -> Distribution:
    if response.status_code == 200:
        _paused = not _gc_pause.held and _gc_pause.begin()
        try:
            try:
                response_200 = Distribution.from_dict(response.json())

                return response_200

            except errors.DECODING_ERRORS as failure:
                raise errors.malformed(_OPERATION, response, failure) from failure

        finally:
            if _paused:
                _gc_pause.end()
    raise _ERRORS.get(response.status_code, errors.UnexpectedStatus)(
        response.status_code, response.content, response.headers
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SeededDistribution | Unset = UNSET,
) -> Response[Distribution | str]:
    """Create a distribution

     Creates a distribution from an optional seed. The server assigns the id, the timestamps and a
    private share; a Mailgun seed is stored as sent and a GitHub gist seed is completed with its GitHub
    id and URL. No body, or an empty object, creates a distribution with neither.

    Args:
        body (SeededDistribution | Unset): What a client sends to create a distribution: a Mailgun
            target, a GitHub gist to publish, both or neither. Example: {'mailgun': {'recipients':
            {'iterable': [{'email': 'grace@example.com'}]}}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Distribution | str]: whatever status the server answers.
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: SeededDistribution | Unset = UNSET,
) -> Distribution:
    """Create a distribution

     Creates a distribution from an optional seed. The server assigns the id, the timestamps and a
    private share; a Mailgun seed is stored as sent and a GitHub gist seed is completed with its GitHub
    id and URL. No body, or an empty object, creates a distribution with neither.

    Args:
        body (SeededDistribution | Unset): What a client sends to create a distribution: a Mailgun
            target, a GitHub gist to publish, both or neither. Example: {'mailgun': {'recipients':
            {'iterable': [{'email': 'grace@example.com'}]}}}.

    Raises:
        errors.BadRequestError: If the server answers 400.
        errors.UnauthorizedError: If the server answers 401.
        errors.ForbiddenError: If the server answers 403.
        errors.ContentTooLargeError: If the server answers 413.
        errors.UnsupportedMediaTypeError: If the server answers 415.
        errors.InternalServerError: If the server answers 500.
        errors.InsufficientStorageError: If the server answers 507.
        errors.UnexpectedStatus: If the server answers a status this operation does not document.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Distribution
    """

    response = client.get_httpx_client().request(
        **_get_kwargs(
            body=body,
        )
    )
    return _success(response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SeededDistribution | Unset = UNSET,
) -> Response[Distribution | str]:
    """Create a distribution

     Creates a distribution from an optional seed. The server assigns the id, the timestamps and a
    private share; a Mailgun seed is stored as sent and a GitHub gist seed is completed with its GitHub
    id and URL. No body, or an empty object, creates a distribution with neither.

    Args:
        body (SeededDistribution | Unset): What a client sends to create a distribution: a Mailgun
            target, a GitHub gist to publish, both or neither. Example: {'mailgun': {'recipients':
            {'iterable': [{'email': 'grace@example.com'}]}}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Distribution | str]: whatever status the server answers.
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SeededDistribution | Unset = UNSET,
) -> Distribution:
    """Create a distribution

     Creates a distribution from an optional seed. The server assigns the id, the timestamps and a
    private share; a Mailgun seed is stored as sent and a GitHub gist seed is completed with its GitHub
    id and URL. No body, or an empty object, creates a distribution with neither.

    Args:
        body (SeededDistribution | Unset): What a client sends to create a distribution: a Mailgun
            target, a GitHub gist to publish, both or neither. Example: {'mailgun': {'recipients':
            {'iterable': [{'email': 'grace@example.com'}]}}}.

    Raises:
        errors.BadRequestError: If the server answers 400.
        errors.UnauthorizedError: If the server answers 401.
        errors.ForbiddenError: If the server answers 403.
        errors.ContentTooLargeError: If the server answers 413.
        errors.UnsupportedMediaTypeError: If the server answers 415.
        errors.InternalServerError: If the server answers 500.
        errors.InsufficientStorageError: If the server answers 507.
        errors.UnexpectedStatus: If the server answers a status this operation does not document.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Distribution
    """

    response = await client.get_async_httpx_client().request(
        **_get_kwargs(
            body=body,
        )
    )
    return _success(response)
