from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from ... import errors
from ...types import Response, status

if TYPE_CHECKING:
    import httpx

    from ...client import AuthenticatedClient, Client


def _get_kwargs(
    distribution: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/distributions/{distribution}/delete".format(
            distribution=quote(str(distribution), safe=""),
        ),
    }

    return _kwargs


_OPERATION = "distributions_delete_specific_distribution (POST /distributions/{distribution}/delete)"


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | str | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 403:
        response_403 = response.text
        return response_403

    if response.status_code == 404:
        response_404 = response.text
        return response_404

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
) -> Response[Any | str]:
    return Response(
        status_code=status(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


_ERRORS: dict[int, type[errors.ApiError]] = {
    401: errors.UnauthorizedError,
    403: errors.ForbiddenError,
    404: errors.NotFoundError,
    500: errors.InternalServerError,
    507: errors.InsufficientStorageError,
}


def _success(response: httpx.Response) -> None:
    if response.status_code == 204:
        return
    raise _ERRORS.get(response.status_code, errors.UnexpectedStatus)(
        response.status_code, response.content, response.headers
    )


def sync_detailed(
    distribution: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | str]:
    """Delete a distribution

     Deletes the distribution with the given id. Later snapshots no longer list it, and deleting it again
    answers 404.

    Args:
        distribution (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | str]: whatever status the server answers.
    """

    kwargs = _get_kwargs(
        distribution=distribution,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    distribution: str,
    *,
    client: AuthenticatedClient | Client,
) -> None:
    """Delete a distribution

     Deletes the distribution with the given id. Later snapshots no longer list it, and deleting it again
    answers 404.

    Args:
        distribution (str):

    Raises:
        errors.UnauthorizedError: If the server answers 401.
        errors.ForbiddenError: If the server answers 403.
        errors.NotFoundError: If the server answers 404.
        errors.InternalServerError: If the server answers 500.
        errors.InsufficientStorageError: If the server answers 507.
        errors.UnexpectedStatus: If the server answers a status this operation does not document.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        None
    """

    response = client.get_httpx_client().request(
        **_get_kwargs(
            distribution=distribution,
        )
    )
    _success(response)


async def asyncio_detailed(
    distribution: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | str]:
    """Delete a distribution

     Deletes the distribution with the given id. Later snapshots no longer list it, and deleting it again
    answers 404.

    Args:
        distribution (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | str]: whatever status the server answers.
    """

    kwargs = _get_kwargs(
        distribution=distribution,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    distribution: str,
    *,
    client: AuthenticatedClient | Client,
) -> None:
    """Delete a distribution

     Deletes the distribution with the given id. Later snapshots no longer list it, and deleting it again
    answers 404.

    Args:
        distribution (str):

    Raises:
        errors.UnauthorizedError: If the server answers 401.
        errors.ForbiddenError: If the server answers 403.
        errors.NotFoundError: If the server answers 404.
        errors.InternalServerError: If the server answers 500.
        errors.InsufficientStorageError: If the server answers 507.
        errors.UnexpectedStatus: If the server answers a status this operation does not document.
        errors.MalformedResponse: If a success's body does not match the spec.
        errors.ResponseTooLarge: If the body is larger than Client.max_response_bytes.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        None
    """

    response = await client.get_async_httpx_client().request(
        **_get_kwargs(
            distribution=distribution,
        )
    )
    _success(response)
