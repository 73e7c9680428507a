from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ... import errors
from ...types import Response, status

if TYPE_CHECKING:
    import httpx

    from ...client import AuthenticatedClient, Client


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/.well-known/health",
    }

    return _kwargs


_OPERATION = "get_well_known_health (GET /.well-known/health)"


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 403:
        response_403 = response.text
        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(
            response.status_code, response.content, response.headers
        )
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[str]:
    return Response(
        status_code=status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


_ERRORS: dict[int, type[errors.ApiError]] = {
    403: errors.ForbiddenError,
}


def _success(response: httpx.Response) -> str:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    raise _ERRORS.get(response.status_code, errors.UnexpectedStatus)(
        response.status_code, response.content, response.headers
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[str]:
    """Is the server up

     Answers 200 with a short text while the server runs. Clients that look for Pieces OS on its ports
    probe this; it needs no API key.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[str]: whatever status the server answers.
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> str:
    """Is the server up

     Answers 200 with a short text while the server runs. Clients that look for Pieces OS on its ports
    probe this; it needs no API key.

    Raises:
        errors.ForbiddenError: If the server answers 403.
        errors.UnexpectedStatus: If the server answers a status this operation does not document.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        str
    """

    response = client.get_httpx_client().request(**_get_kwargs())
    return _success(response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[str]:
    """Is the server up

     Answers 200 with a short text while the server runs. Clients that look for Pieces OS on its ports
    probe this; it needs no API key.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[str]: whatever status the server answers.
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> str:
    """Is the server up

     Answers 200 with a short text while the server runs. Clients that look for Pieces OS on its ports
    probe this; it needs no API key.

    Raises:
        errors.ForbiddenError: If the server answers 403.
        errors.UnexpectedStatus: If the server answers a status this operation does not document.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        str
    """

    response = await client.get_async_httpx_client().request(**_get_kwargs())
    return _success(response)
