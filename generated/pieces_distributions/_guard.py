"""What the generated client holds to against a server that may be hostile.

Hand-written, not generated: `make generate` copies this file into the package after the
generator ran, as it does discovery.py; edit it here, in templates/extra/, never in generated/.
`client.py` uses it when a client first builds its httpx client; importing it imports no httpx.

- **A total deadline per request.** httpx's timeouts bound each read, write and connect on its
  own, so a server that sends a byte every few seconds holds a caller for as long as it likes.
  Here every call gets a deadline, the largest value of its httpx.Timeout after the start (10 s
  by default), shared by the redirects it follows: every socket operation of the transports the
  client builds waits at most until then (a network backend wrapped around httpcore's), and the
  body is read in chunks that are checked against it. Past it, httpx's own ConnectTimeout,
  WriteTimeout or ReadTimeout is raised, as for any other timeout.
- **A cap on the bytes of a response body**, counted after decoding (gzip, deflate, ...) while
  the body streams in: past `max_response_bytes` (64 MiB by default) the read stops and
  errors.ResponseTooLarge is raised. Redirect bodies count too.
- **The API key stays with its origin.** On a redirect to another scheme, host or port, the
  spec's API key header (and AuthenticatedClient's `auth_header_name`) is dropped, as httpx
  drops `Authorization`.

A transport given through `httpx_args={"transport": ...}` is used as it is: then the deadline is
checked between body chunks only.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from .errors import ResponseTooLarge

if TYPE_CHECKING:
    import ssl

    import httpx

DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""What a client reads of one response body at most, after decoding, when not told otherwise."""

# Where a call's deadline lives: in its request's extensions, which httpx hands on to every
# redirect it follows, and, for the socket operations underneath, in a context variable that the
# request hook sets (each thread and each asyncio task has its own).
_EXTENSION = "pieces_distributions.deadline"
_current: ContextVar[float | None] = ContextVar("pieces_distributions_deadline", default=None)
# httpx.Client arguments that only its default transport reads: they go to the transport built
# here instead (a proxy given to httpx.Client would be mounted past this transport).
_TRANSPORT_ARGS = ("cert", "http1", "http2", "limits", "proxy", "uds", "local_address", "retries")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port or _DEFAULT_PORTS.get(url.scheme)


def _total(timeout: Mapping[str, float | None]) -> float | None:
    values = [value for value in timeout.values() if value is not None]
    return max(values) if values else None


class Guard:
    """The event hooks and the transport of one client (sync or async)."""

    def __init__(
        self, base_url: str, key_headers: Iterable[str | None], max_bytes: int | None
    ) -> None:
        import httpx

        self._origin = _origin(httpx.URL(base_url))
        self._key_headers = tuple(dict.fromkeys(name for name in key_headers if name))
        self._max_bytes = max_bytes

    def client_args(
        self, httpx_args: Mapping[str, Any], verify: str | bool | ssl.SSLContext, asynchronous: bool
    ) -> dict[str, Any]:
        """httpx_args with this guard's event hooks first and, unless a transport is given, a
        transport whose sockets keep the deadline."""
        import httpx

        args = dict(httpx_args)
        hooks = dict(args.pop("event_hooks", None) or {})
        if asynchronous:
            hooks["request"] = [self._arequest, *hooks.get("request", ())]
            hooks["response"] = [self._aresponse, *hooks.get("response", ())]
        else:
            hooks["request"] = [self._request, *hooks.get("request", ())]
            hooks["response"] = [self._response, *hooks.get("response", ())]
        args["event_hooks"] = hooks
        if "transport" not in args:
            options = {name: args.pop(name) for name in _TRANSPORT_ARGS if name in args}
            options["trust_env"] = args.get("trust_env", True)
            kind = httpx.AsyncHTTPTransport if asynchronous else httpx.HTTPTransport
            if verify is True and options["trust_env"] and "cert" not in options:
                verify = _default_ssl_context()
            transport = kind(verify=verify, **options)
            _keep_deadline(transport, asynchronous)
            args["transport"] = transport
        return args

    def _begin(self, request: httpx.Request) -> None:
        extensions = request.extensions
        deadline = extensions.get(_EXTENSION)
        if deadline is None:
            total = _total(extensions.get("timeout") or {})
            if total is not None:
                deadline = extensions[_EXTENSION] = time.monotonic() + total
        _current.set(deadline)
        if self._key_headers and _origin(request.url) != self._origin:
            for name in self._key_headers:
                request.headers.pop(name, None)

    def _request(self, request: httpx.Request) -> None:
        self._begin(request)

    async def _arequest(self, request: httpx.Request) -> None:
        self._begin(request)

    def _response(self, response: httpx.Response) -> None:
        collect = _Collector(self._max_bytes, response)
        for chunk in response.iter_bytes():
            collect.add(chunk)
        collect.done()

    async def _aresponse(self, response: httpx.Response) -> None:
        collect = _Collector(self._max_bytes, response)
        async for chunk in response.aiter_bytes():
            collect.add(chunk)
        collect.done()


class _Collector:
    """A body read chunk by chunk, against the cap and the deadline."""

    __slots__ = ("_chunks", "_deadline", "_max_bytes", "_response", "_size")

    def __init__(self, max_bytes: int | None, response: httpx.Response) -> None:
        self._max_bytes = max_bytes
        self._response = response
        self._deadline: float | None = response.request.extensions.get(_EXTENSION)
        self._chunks: list[bytes] = []
        self._size = 0

    def add(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._max_bytes is not None and self._size > self._max_bytes:
            request = self._response.request
            raise ResponseTooLarge(
                self._response.status_code, self._max_bytes, request.method, str(request.url)
            )
        if self._deadline is not None and time.monotonic() > self._deadline:
            import httpx

            raise httpx.ReadTimeout(_PASSED, request=self._response.request)
        self._chunks.append(chunk)

    def done(self) -> None:
        # What Response.read() itself stores; read() and .content then return it as they are.
        self._response._content = b"".join(self._chunks)


_PASSED = "the request's total deadline passed (the largest value of the client's timeout)"


def _keep_deadline(
    transport: httpx.HTTPTransport | httpx.AsyncHTTPTransport, asynchronous: bool
) -> None:
    """Wrap the network backend of the transport's httpcore pool so that every socket operation
    waits at most until the current call's deadline."""
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is None:  # an httpx or httpcore release that keeps these elsewhere
        raise RuntimeError("pieces_distributions: cannot bound this httpx version's sockets")
    wrapper: object = _AsyncBackend(backend) if asynchronous else _Backend(backend)
    setattr(pool, "_network_backend", wrapper)  # noqa: B010 - a private attribute, on purpose


def _clamp(timeout: float | None, expired: Callable[[str], Exception]) -> float | None:
    deadline = _current.get()
    if deadline is None:
        return timeout
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise expired(_PASSED)
    return remaining if timeout is None else min(timeout, remaining)


def _explain(expired: Callable[[str], Exception]) -> None:
    """Raise `expired` saying so when the read timed out because the deadline passed."""
    deadline = _current.get()
    if deadline is not None and time.monotonic() >= deadline:
        raise expired(_PASSED)


class _Backend:
    """httpcore's sync network backend, its waits cut to the call's deadline."""

    def __init__(self, inner: Any) -> None:
        import httpcore

        self._inner = inner
        self._connect_timeout = httpcore.ConnectTimeout

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> _Stream:
        timeout = _clamp(timeout, self._connect_timeout)
        return _Stream(self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> _Stream:
        timeout = _clamp(timeout, self._connect_timeout)
        return _Stream(self._inner.connect_unix_socket(path, timeout, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _Stream:
    def __init__(self, inner: Any) -> None:
        import httpcore

        self._inner = inner
        self._errors = (httpcore.ReadTimeout, httpcore.WriteTimeout, httpcore.ConnectTimeout)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            data: bytes = self._inner.read(max_bytes, _clamp(timeout, self._errors[0]))
        except self._errors[0]:
            _explain(self._errors[0])
            raise
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout, self._errors[1]))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> _Stream:
        timeout = _clamp(timeout, self._errors[2])
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBackend:
    """httpcore's async network backend, its waits cut to the call's deadline."""

    def __init__(self, inner: Any) -> None:
        import httpcore

        self._inner = inner
        self._connect_timeout = httpcore.ConnectTimeout

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> _AsyncStream:
        timeout = _clamp(timeout, self._connect_timeout)
        inner = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _AsyncStream(inner)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> _AsyncStream:
        timeout = _clamp(timeout, self._connect_timeout)
        return _AsyncStream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _AsyncStream:
    def __init__(self, inner: Any) -> None:
        import httpcore

        self._inner = inner
        self._errors = (httpcore.ReadTimeout, httpcore.WriteTimeout, httpcore.ConnectTimeout)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            data: bytes = await self._inner.read(max_bytes, _clamp(timeout, self._errors[0]))
        except self._errors[0]:
            _explain(self._errors[0])
            raise
        return data

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, _clamp(timeout, self._errors[1]))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> _AsyncStream:
        timeout = _clamp(timeout, self._errors[2])
        return _AsyncStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    """httpx's default TLS context, built once per process and shared by every client.

    httpx builds a fresh one for every transport, loading the whole CA bundle each time: about
    a quarter of a second per client here, for plain-HTTP clients too. A context is safe to
    share between clients and threads; one with other settings (verify=False, a CA file, a
    client certificate, trust_env=False) is still built by httpx for its own client.
    """
    import httpx

    return httpx.create_ssl_context()
