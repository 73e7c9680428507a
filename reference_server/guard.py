"""Keeps web pages on other sites out: a Host check (DNS rebinding) and a cross-site check.

The server stands in for Pieces OS, a service on the user's own machine that listens on loopback
with no key by default. Listening on loopback does not keep a browser out:

- DNS rebinding: a page on `attacker.example` re-points that name to 127.0.0.1; the browser then
  treats our server as the page's own origin and lets the page read every answer. The one thing
  that gives it away is the Host header, which still says `attacker.example`. So a request is
  answered only when its Host names this server: by default `localhost` and loopback addresses
  (any port), plus the bind address; `--allowed-host NAME` adds names for deliberate remote use
  (a leading dot admits a domain and its subdomains, as Vite's `server.allowedHosts` does). When
  bound to a non-loopback address, any IP-address Host is admitted too: a browser sends an IP as
  Host only when the page itself was loaded from that address, so it cannot be rebound.
  Jupyter Server's `allow_remote_access` check (403 unless Host is local) and Vite's
  `allowedHosts` (added for CVE-2025-24010, vitejs/vite GHSA-vg6x-rcgg-rjx6) do the same.
- Cross-site requests: any page may send a "simple" POST (no body, or a form) to any address
  without a CORS preflight; it cannot read the answer, but the create or delete happens. So a
  request a browser marks as coming from another site is refused: `Sec-Fetch-Site` other than
  `same-origin` or `none`, or else an `Origin` that is not this server's own (`Origin: null`, sent
  by sandboxed frames and some redirects, included). This is the algorithm of Go 1.25's
  net/http.CrossOriginProtection (golang/go, src/net/http/csrf.go), applied to every method, not
  only the unsafe ones: a GET of every distribution is not something another site should get
  either. `--allowed-origin ORIGIN` admits a named browser origin; only then are CORS headers
  sent, for that origin alone, and its preflights answered.

Requests without Origin and Sec-Fetch-Site (curl, the SDKs, our client) are not browsers' and
pass as before. A request with more than one Host, Origin or Sec-Fetch-Site header is refused
too: readers differ on which copy counts. Both checks answer 403 with a one-line text/plain
reason before routing and the API key check, so a refused request learns nothing about keys or
ids. Both run on every request and cost a scan of the headers and a dictionary lookup.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .reasons import one_line

if TYPE_CHECKING:  # types only: settings imports this module, and it must not pull in Starlette
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Addresses that mean "every interface".
WILDCARD_ADDRESSES = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 - names, not a bind
# Preflight answers may be cached this long by the browser.
PREFLIGHT_MAX_AGE_SECONDS = 600
# Distinct Host values remembered with their verdict; a flood of made-up ones only refills it.
_HOST_CACHE_SIZE = 256
_FORBIDDEN = 403
_HEADER_NAMES = {b"host": "Host", b"origin": "Origin", b"sec-fetch-site": "Sec-Fetch-Site"}
# A refused request's body is never read, so its connection is not reused.
_REFUSAL_HEADERS = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]


class GuardError(ValueError):
    """An --allowed-host or --allowed-origin value the server cannot use."""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def normalize_origin(origin: str) -> str:
    """`scheme://host[:port]` in lower case, as browsers send it; GuardError otherwise."""
    parts = urlsplit(origin.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or port == -1
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
        or parts.username is not None
    ):
        raise GuardError(f"an allowed origin is scheme://host[:port], got {origin!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}"


def normalize_host(name: str) -> str:
    """A host name (no scheme, no port) in lower case; a leading dot admits subdomains."""
    cleaned = name.strip().lower()
    bare = cleaned.lstrip(".")
    bracketed = bare.startswith("[") and bare.endswith("]")  # an IPv6 address
    if not bare or (not bracketed and any(char in bare for char in "/:@ []")):
        raise GuardError(f"an allowed host is a name such as example.com, got {name!r}")
    return cleaned


class HostPolicy:
    """Which Host header values this server answers (see the module docstring)."""

    def __init__(self, bind_host: str, allowed_hosts: Iterable[str] = ()) -> None:
        bind = bind_host.lower()
        self.loopback = is_loopback(bind)
        names = {"localhost"}
        if bind not in WILDCARD_ADDRESSES:
            names.add(f"[{bind}]" if ":" in bind else bind)
        suffixes = []
        for allowed in allowed_hosts:
            name = normalize_host(allowed)
            if name.startswith("."):
                suffixes.append(name)
                names.add(name[1:])
            else:
                names.add(name)
        self._names = frozenset(names)
        self._suffixes = tuple(suffixes)
        self._any_address = not self.loopback
        self._cache: dict[bytes, bool] = {}

    def allows(self, host: bytes) -> bool:
        verdict = self._cache.get(host)
        if verdict is None:
            verdict = self._judge(host)
            if len(self._cache) >= _HOST_CACHE_SIZE:
                self._cache.clear()
            self._cache[host] = verdict
        return verdict

    def _judge(self, host: bytes) -> bool:
        name = _host_name(host.decode("latin-1").lower())
        if name is None:
            return False
        if name in self._names or any(name.endswith(suffix) for suffix in self._suffixes):
            return True
        try:
            address = ipaddress.ip_address(name[1:-1] if name.startswith("[") else name)
        except ValueError:
            return False
        return address.is_loopback or self._any_address


def _host_name(value: str) -> str | None:
    """The name part of a Host value (`name`, `name:port`, `[v6]`, `[v6]:port`), or None."""
    if value.startswith("["):
        end = value.find("]")
        if end == -1:
            return None
        name, rest = value[: end + 1], value[end + 1 :]
        if rest and not (rest[0] == ":" and rest[1:].isdigit()):
            return None
        return name
    name, colon, port = value.partition(":")
    if colon and not port.isdigit():
        return None
    return name or None


class SiteGuard:
    """Pure ASGI middleware: the Host check, then the cross-site check, then the app."""

    def __init__(
        self,
        app: ASGIApp,
        hosts: HostPolicy,
        allowed_origins: Iterable[str] = (),
        methods: Sequence[str] = ("GET", "POST"),
        request_headers: Sequence[str] = ("Content-Type",),
    ) -> None:
        self.app = app
        self._hosts = hosts
        self._origins = frozenset(
            normalize_origin(origin).encode("latin-1") for origin in allowed_origins
        )
        self._preflight_headers = [
            (b"access-control-allow-methods", ", ".join(methods).encode("latin-1")),
            (b"access-control-allow-headers", ", ".join(request_headers).encode("latin-1")),
            (b"access-control-max-age", str(PREFLIGHT_MAX_AGE_SECONDS).encode("ascii")),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = origin = fetch_site = None
        repeated: bytes | None = None
        for name, value in scope["headers"]:
            if name == b"host":
                if host is not None:
                    repeated = name
                host = value
            elif name == b"origin":
                if origin is not None:
                    repeated = name
                origin = value
            elif name == b"sec-fetch-site":
                if fetch_site is not None:
                    repeated = name
                fetch_site = value
        if repeated is not None:
            # Which copy decides is up to each reader; a browser sends one. Refused outright,
            # so that no pair (a foreign one first, a same-origin one last) slips through.
            await _refuse(send, f"request refused: more than one {_HEADER_NAMES[repeated]} header")
            return
        if host is None or not self._hosts.allows(host):
            await _refuse(send, _host_reason(host))
            return
        if origin is None and fetch_site is None:  # not a browser: curl, SDKs, our client
            await self.app(scope, receive, send)
            return
        if origin is not None and origin.lower() in self._origins:
            await self._cross_origin(scope, receive, send, origin)
            return
        if fetch_site is not None:
            if fetch_site in (b"same-origin", b"none"):
                await self.app(scope, receive, send)
                return
            await _refuse(send, _site_reason(origin, fetch_site))
            return
        assert origin is not None
        if origin.lower() == b"http://" + host.lower():
            await self.app(scope, receive, send)
            return
        await _refuse(send, _site_reason(origin, None))

    async def _cross_origin(
        self, scope: Scope, receive: Receive, send: Send, origin: bytes
    ) -> None:
        """An admitted origin: preflights answered here, every answer with its CORS headers."""
        cors = [(b"access-control-allow-origin", origin), (b"vary", b"Origin")]
        if scope["method"] == "OPTIONS" and any(
            name == b"access-control-request-method" for name, _ in scope["headers"]
        ):
            await send(
                {
                    "type": "http.response.start",
                    "status": 204,
                    "headers": [*cors, *self._preflight_headers],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", ()), *cors]}
            await send(message)

        await self.app(scope, receive, send_with_cors)


def _quoted(value: bytes) -> str:
    return repr(one_line(value.decode("latin-1"), 80))


def _host_reason(host: bytes | None) -> str:
    if not host:
        return "request refused: missing or empty Host header"
    return (
        f"request refused: Host {_quoted(host)} is not a name this server answers to"
        " (DNS rebinding guard; see --allowed-host)"
    )


def _site_reason(origin: bytes | None, fetch_site: bytes | None) -> str:
    where = f"Origin {_quoted(origin)}" if origin is not None else "no Origin"
    site = f", Sec-Fetch-Site {_quoted(fetch_site)}" if fetch_site is not None else ""
    return f"cross-site request refused: {where}{site} (see --allowed-origin)"


async def _refuse(send: Send, reason: str) -> None:
    body = reason.encode("utf-8")
    headers = [*_REFUSAL_HEADERS, (b"content-length", str(len(body)).encode("ascii"))]
    await send({"type": "http.response.start", "status": _FORBIDDEN, "headers": headers})
    await send({"type": "http.response.body", "body": body})
