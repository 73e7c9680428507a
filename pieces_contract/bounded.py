"""One HTTP exchange with a total deadline and a byte cap, for the requests the tool sends itself.

The preflight and the `--security` probes talk to a server nobody vouches for. A per-read
timeout restarts on every byte, so a server dripping one byte every two seconds could hold them
for ever, and an answer of any size would be read whole. Here the whole exchange (connect,
request, status line, headers, body) has one deadline: a watchdog shuts the socket down when it
passes, which ends a blocked read at once. The body is read up to `cap` bytes and no further.

Requests go through http.client, which sends the Host header exactly as given (an empty one
included), as the security probes need.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

DEADLINE_SECONDS = 10.0
# A snapshot of a server holding many distributions may be large; past this it is no answer the
# tool judges (the preflight reads a status line, the probes a list of ids).
CAP_BYTES = 16 * 1024 * 1024


class Unanswered(Exception):
    """No usable answer: the reason is one line (deadline passed, too large, connection)."""

    def __init__(self, reason: str, *, unreachable: bool = False) -> None:
        super().__init__(reason)
        # The connection failed (as opposed to an answer that came too slowly or too large).
        self.unreachable = unreachable


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class Server:
    """Where a base URL points: scheme, host, port and the path every request starts with."""

    https: bool
    host: str
    port: int
    prefix: str
    netloc: str

    @classmethod
    def at(cls, base_url: str) -> Server:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Unanswered(f"{base_url!r} is not an http(s) URL")
        https = parts.scheme == "https"
        try:
            port = parts.port or (443 if https else 80)
        except ValueError as error:
            raise Unanswered(f"{base_url!r} has a bad port ({error})") from None
        return cls(https, parts.hostname, port, parts.path.rstrip("/"), parts.netloc)


def segment(value: object) -> str:
    """A value (an id) as one path segment: percent-encoded, `/` included."""
    return quote(str(value), safe="")


def fill(template: str, parameter: str, value: object) -> str:
    """An operation's path with `{parameter}` replaced by `value`, percent-encoded."""
    return template.replace("{" + parameter + "}", segment(value))


def exchange(
    server: Server,
    method: str,
    path: str,
    headers: Mapping[str, str],
    *,
    body: bytes | None = None,
    host: str | None = None,
    deadline: float = DEADLINE_SECONDS,
    cap: int = CAP_BYTES,
) -> Answer:
    """Send one request to `server.prefix + path`; the answer within `deadline` seconds in all
    and at most `cap` bytes of body, or Unanswered with the reason."""
    ends = time.monotonic() + deadline
    url = f"{'https' if server.https else 'http'}://{server.netloc}{server.prefix}{path}"
    late = f"no complete answer from {url} within {deadline:g}s"
    kind = http.client.HTTPSConnection if server.https else http.client.HTTPConnection
    connection = kind(server.host, server.port, timeout=deadline)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        sock = connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    watchdog = threading.Timer(deadline, expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.connect()
        if expired.is_set():
            raise Unanswered(late)
        connection.putrequest(method, server.prefix + path, skip_host=True)
        connection.putheader("Host", server.netloc if host is None else host)
        sent = dict(headers)
        if body is not None:
            sent["Content-Length"] = str(len(body))
        for name, value in sent.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        answer = connection.getresponse()
        chunks: list[bytes] = []
        size = 0
        while chunk := answer.read1(64 * 1024):
            size += len(chunk)
            if size > cap:
                raise Unanswered(f"{url} answered more than {cap} bytes; stopped reading")
            chunks.append(chunk)
        if expired.is_set() or time.monotonic() > ends:
            raise Unanswered(late)
        return Answer(
            answer.status,
            answer.reason,
            {name.lower(): value for name, value in answer.getheaders()},
            b"".join(chunks),
        )
    except (OSError, http.client.HTTPException, ValueError) as error:
        if expired.is_set():
            raise Unanswered(late) from None
        reason = str(error) or type(error).__name__
        raise Unanswered(f"cannot reach {url} ({reason})", unreachable=True) from None
    finally:
        watchdog.cancel()
        connection.close()
