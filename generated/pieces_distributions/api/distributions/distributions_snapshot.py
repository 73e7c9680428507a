from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import errors
from ...models import _gc_pause
from ...models.distributions import Distributions
from ...types import Response, status

if TYPE_CHECKING:
    import httpx

    from ...client import AuthenticatedClient, Client


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/distributions",
    }

    return _kwargs


_OPERATION = "distributions_snapshot (GET /distributions)"


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Distributions | str | None:
    if response.status_code == 200:
        try:
            response_200 = Distributions.from_dict(response.json())

            return response_200

        except errors.DECODING_ERRORS as failure:
            raise errors.malformed(_OPERATION, response, failure) from failure

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 403:
        response_403 = response.text
        return response_403

    if response.status_code == 500:
        response_500 = response.text
        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, response.headers
        )
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Distributions | str]:
    return Response(
        status_code=status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


_ERRORS: dict[int, type[errors.ApiError]] = {
    401: errors.UnauthorizedError,
    403: errors.ForbiddenError,
    500: errors.InternalServerError,
}


def _success(response: httpx.Response) -> Distributions:
    if response.status_code == 200:
        _paused = not _gc_pause.held and _gc_pause.begin()
        try:
            try:
                response_200 = Distributions.from_dict(response.json())

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
) -> Response[Distributions | str]:
    """List all distributions

     Returns every distribution that has not been deleted, oldest first.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Distributions | str]: whatever status the server answers.
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> Distributions:
    """List all distributions

     Returns every distribution that has not been deleted, oldest first.

    Raises:
        errors.UnauthorizedError: If the server answers 401.
        errors.ForbiddenError: If the server answers 403.
        errors.InternalServerError: If the server answers 500.
        errors.UnexpectedStatus: If the server answers a status this operation does not document.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Distributions
    """

    response = client.get_httpx_client().request(**_get_kwargs())
    return _success(response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[Distributions | str]:
    """List all distributions

     Returns every distribution that has not been deleted, oldest first.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Distributions | str]: whatever status the server answers.
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> Distributions:
    """List all distributions

     Returns every distribution that has not been deleted, oldest first.

    Raises:
        errors.UnauthorizedError: If the server answers 401.
        errors.ForbiddenError: If the server answers 403.
        errors.InternalServerError: If the server answers 500.
        errors.UnexpectedStatus: If the server answers a status this operation does not document.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Distributions
    """

    response = await client.get_async_httpx_client().request(**_get_kwargs())
    return _success(response)
