from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from attrs import define, evolve, field

from ._guard import DEFAULT_MAX_RESPONSE_BYTES as DEFAULT_MAX_RESPONSE_BYTES

if TYPE_CHECKING:
    import ssl

    import httpx

    DEFAULT_TIMEOUT: httpx.Timeout
    """What a client waits when not given a timeout: 10 s, 5 s to connect."""


def _default_timeout() -> httpx.Timeout:
    # Without a default, httpx would be handed None and a stalled server would hang the caller
    # forever. Made on first use, so that importing this module does not import httpx.
    global DEFAULT_TIMEOUT
    try:
        return DEFAULT_TIMEOUT
    except NameError:
        import httpx

        DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
        return DEFAULT_TIMEOUT


def _names_only(values: dict[str, str]) -> str:
    """repr() of headers or cookies: their names, each value replaced by ***."""
    return repr(dict.fromkeys(values, "***"))


def __getattr__(name: str) -> Any:
    # PEP 562: `client.DEFAULT_TIMEOUT` before any client has made it.
    if name == "DEFAULT_TIMEOUT":
        return _default_timeout()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


API_KEY_HEADER: str | None = "X-Application-ID"
"""The header of the spec's API key (None when the spec has none)."""


@define
class Client:
    """A class for keeping track of data related to the API

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The most a call can take in all: connecting, sending, waiting, reading the
        whole body and following redirects must be done within the largest value of this
        httpx.Timeout, and each connect, write and read also within its own value. Past either,
        API functions raise httpx.TimeoutException (ConnectTimeout, WriteTimeout, ReadTimeout).
        Defaults to DEFAULT_TIMEOUT (10 s in all, 5 s to connect); pass None to wait forever.

        ``max_response_bytes``: The most a response body may hold once decoded (gzip
        included), counted while it is read: past it the read stops and errors.ResponseTooLarge
        is raised. Defaults to DEFAULT_MAX_RESPONSE_BYTES (64 MiB); None reads any size.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False. A
        redirect to another origin (scheme, host and port) never carries the API key header
        nor ``Authorization``.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.

    Failures raise, they are never returned: httpx.ConnectError when nothing listens at
    ``base_url`` (connection refused), httpx.TimeoutException (ConnectTimeout, ReadTimeout, ...)
    when the server takes longer than ``timeout``, httpx.RemoteProtocolError when it hangs up
    without answering; all three are httpx.TransportError. errors.ResponseTooLarge when a body
    is larger than ``max_response_bytes``, errors.MalformedResponse when a success's body does
    not match the spec (naming the operation and the field). Any status other than an operation's
    success makes ``sync()``/``asyncio()`` raise an errors.ApiError: the status's own class
    (errors.NotFoundError, ...) when the operation documents it, errors.UnexpectedStatus when
    not. ``sync_detailed()``/``asyncio_detailed()`` return every status as a Response (a
    documented error with its text in ``parsed``, any other status with None there, or raise
    errors.UnexpectedStatus when ``raise_on_unexpected_status`` is True).


    Attributes:
        raise_on_unexpected_status: Whether or not sync_detailed() and asyncio_detailed() raise an
            errors.UnexpectedStatus if the API returns a status code that was not documented in the source
            OpenAPI document (sync() and asyncio() always raise). Can also be provided as a keyword argument to
            the constructor.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    # Header and cookie values are left out of repr(): they carry keys and sessions.
    _cookies: dict[str, str] = field(
        factory=dict, kw_only=True, alias="cookies", repr=_names_only
    )
    _headers: dict[str, str] = field(
        factory=dict, kw_only=True, alias="headers", repr=_names_only
    )
    _timeout: httpx.Timeout | None = field(
        factory=_default_timeout, kw_only=True, alias="timeout"
    )
    _verify_ssl: str | bool | ssl.SSLContext = field(
        default=True, kw_only=True, alias="verify_ssl"
    )
    _follow_redirects: bool = field(
        default=False, kw_only=True, alias="follow_redirects"
    )
    _max_response_bytes: int | None = field(
        default=DEFAULT_MAX_RESPONSE_BYTES, kw_only=True, alias="max_response_bytes"
    )
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    def with_headers(self, headers: dict[str, str]) -> Client:
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Client:
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> Client:
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def _key_headers(self) -> tuple[str | None, ...]:
        # The headers a redirect to another origin must not carry.
        return (API_KEY_HEADER,)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            import httpx

            from ._guard import Guard

            guard = Guard(self._base_url, self._key_headers(), self._max_response_bytes)
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **guard.client_args(
                    self._httpx_args, self._verify_ssl, asynchronous=False
                ),
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(exc_type, exc_value, traceback)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            import httpx

            from ._guard import Guard

            guard = Guard(self._base_url, self._key_headers(), self._max_response_bytes)
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **guard.client_args(
                    self._httpx_args, self._verify_ssl, asynchronous=True
                ),
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(exc_type, exc_value, traceback)


@define
class AuthenticatedClient:
    """A Client that sends its token as the spec's API key: ``X-Application-ID: <token>``

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request

        ``timeout``: The most a call can take in all: connecting, sending, waiting, reading the
        whole body and following redirects must be done within the largest value of this
        httpx.Timeout, and each connect, write and read also within its own value. Past either,
        API functions raise httpx.TimeoutException (ConnectTimeout, WriteTimeout, ReadTimeout).
        Defaults to DEFAULT_TIMEOUT (10 s in all, 5 s to connect); pass None to wait forever.

        ``max_response_bytes``: The most a response body may hold once decoded (gzip
        included), counted while it is read: past it the read stops and errors.ResponseTooLarge
        is raised. Defaults to DEFAULT_MAX_RESPONSE_BYTES (64 MiB); None reads any size.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False. A
        redirect to another origin (scheme, host and port) never carries the API key header
        nor ``Authorization``.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.

    Failures raise, they are never returned: httpx.ConnectError when nothing listens at
    ``base_url`` (connection refused), httpx.TimeoutException (ConnectTimeout, ReadTimeout, ...)
    when the server takes longer than ``timeout``, httpx.RemoteProtocolError when it hangs up
    without answering; all three are httpx.TransportError. errors.ResponseTooLarge when a body
    is larger than ``max_response_bytes``, errors.MalformedResponse when a success's body does
    not match the spec (naming the operation and the field). Any status other than an operation's
    success makes ``sync()``/``asyncio()`` raise an errors.ApiError: the status's own class
    (errors.NotFoundError, ...) when the operation documents it, errors.UnexpectedStatus when
    not. ``sync_detailed()``/``asyncio_detailed()`` return every status as a Response (a
    documented error with its text in ``parsed``, any other status with None there, or raise
    errors.UnexpectedStatus when ``raise_on_unexpected_status`` is True).


    Attributes:
        raise_on_unexpected_status: Whether or not sync_detailed() and asyncio_detailed() raise an
            errors.UnexpectedStatus if the API returns a status code that was not documented in the source
            OpenAPI document (sync() and asyncio() always raise). Can also be provided as a keyword argument to
            the constructor.
        token: The token to use for authentication
        prefix: Put before the token with a space; none, as the spec's API key has none
        auth_header_name: The header that carries the token: the spec's API key header
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    # Header and cookie values are left out of repr(): they carry keys and sessions.
    _cookies: dict[str, str] = field(
        factory=dict, kw_only=True, alias="cookies", repr=_names_only
    )
    _headers: dict[str, str] = field(
        factory=dict, kw_only=True, alias="headers", repr=_names_only
    )
    _timeout: httpx.Timeout | None = field(
        factory=_default_timeout, kw_only=True, alias="timeout"
    )
    _verify_ssl: str | bool | ssl.SSLContext = field(
        default=True, kw_only=True, alias="verify_ssl"
    )
    _follow_redirects: bool = field(
        default=False, kw_only=True, alias="follow_redirects"
    )
    _max_response_bytes: int | None = field(
        default=DEFAULT_MAX_RESPONSE_BYTES, kw_only=True, alias="max_response_bytes"
    )
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    # Kept out of repr(): a client printed in a log or a traceback must not show the key.
    token: str = field(repr=False)
    prefix: str = ""
    auth_header_name: str = "X-Application-ID"

    def with_headers(self, headers: dict[str, str]) -> AuthenticatedClient:
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> AuthenticatedClient:
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> AuthenticatedClient:
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def _key_headers(self) -> tuple[str | None, ...]:
        # The headers a redirect to another origin must not carry.
        return (API_KEY_HEADER, self.auth_header_name)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._headers[self.auth_header_name] = (
                f"{self.prefix} {self.token}" if self.prefix else self.token
            )
            import httpx

            from ._guard import Guard

            guard = Guard(self._base_url, self._key_headers(), self._max_response_bytes)
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **guard.client_args(
                    self._httpx_args, self._verify_ssl, asynchronous=False
                ),
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(exc_type, exc_value, traceback)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._headers[self.auth_header_name] = (
                f"{self.prefix} {self.token}" if self.prefix else self.token
            )
            import httpx

            from ._guard import Guard

            guard = Guard(self._base_url, self._key_headers(), self._max_response_bytes)
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **guard.client_args(
                    self._httpx_args, self._verify_ssl, asynchronous=True
                ),
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(exc_type, exc_value, traceback)
