"""Find a running Pieces OS (or a server that answers like it) and return its base URL.

Hand-written, not generated: `make generate` copies this file into the package after the
generator ran (a post hook in generator-config.yml), so it is kept as is and
`make check-generated` accepts it. Edit it here, in templates/extra/, never in generated/.

Where it looks, in this order (the first that answers like Pieces OS wins):

1. `PIECES_OS_URL`, when set: that URL and nothing else (a wrong value is an error, not a
   reason to look elsewhere).
2. The port file Pieces OS 11 and later write, `.port.txt` (`.ports.txt` is accepted too, the
   name in the C# SDK's pull request 16), in the Pieces OS config folder, or in the folder
   `PIECES_OS_CONFIG_DIR` names. Where the folder is (see `config_dirs`):
   - Windows and Linux: `~/Documents/com.pieces.os/production/Config`
     (pieces-os-client-sdk-for-csharp, src/Client/PiecesClient.cs, GetConfigFilePath; the
     Windows path is confirmed by pieces-app/support issue 790); Windows also
     `%LOCALAPPDATA%/Mesh Intelligent Technologies, Inc/Pieces OS/com.pieces.os/production/Config`.
   - macOS: `~/Library/com.pieces.os/production/Config` (the same C# file), then
     `~/Documents/com.pieces.os/production/Config`.
3. 127.0.0.1:39300-39333, the range Pieces OS 11 takes its port from.
4. The legacy ports: 1000 and, as older Linux builds used (the same C# file;
   pieces-os-client-sdk-for-python issue 108), 5323.

A port counts only when `GET /.well-known/health` answers 200 with a `text/plain` body, as
upstream's WellKnown API does; the body itself (upstream sends "ok:" and an id) is not
checked, as upstream documents only "a string". Steps 2 to 4 are probed at once: every
candidate gets a non-blocking connect from one thread (nothing listening costs a refused
connect, well under a millisecond each), and only the ports that accept get an HTTP request.
The official Python SDK scans the same range with 20 threads (pieces_os_client 5.0.1,
wrapper/client.py, `PiecesClient._port_scanning`) and ignores the port file.

The optional version range is upstream's: `min_version` inclusive, `max_version` exclusive,
versions compared as MAJOR.MINOR.PATCH with a pre-release suffix sorting before its release
(pieces_os_client 5.0.1, wrapper/version_compatibility.py).
"""

from __future__ import annotations

import errno
import io
import os
import re
import selectors
import socket
import stat
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

__all__ = (
    "DEFAULT_PORTS",
    "LEGACY_PORTS",
    "DiscoveryError",
    "PiecesOSVersionError",
    "adiscover",
    "config_dirs",
    "discover",
)

URL_VARIABLE = "PIECES_OS_URL"
CONFIG_DIR_VARIABLE = "PIECES_OS_CONFIG_DIR"
PORT_FILES = (".port.txt", ".ports.txt")
DEFAULT_PORTS = range(39300, 39334)
LEGACY_PORTS: Sequence[int] = (1000, 5323)
HOST = "127.0.0.1"
HEALTH = "/.well-known/health"
VERSION = "/.well-known/version"
# Loopback connects either succeed or are refused at once; these bound a port that accepts but
# is slow or silent. Upstream's scan uses 50 ms and 100 ms, which a loaded machine can miss.
CONNECT_TIMEOUT = 0.1
READ_TIMEOUT = 0.3
MAX_BODY = 1024
_PIECES_OS = ("com.pieces.os", "production", "Config")
_IN_PROGRESS = {
    errno.EINPROGRESS,
    errno.EWOULDBLOCK,
    errno.EALREADY,
    10035,
}  # 10035: WSAEWOULDBLOCK


class DiscoveryError(RuntimeError):
    """No server answered like Pieces OS; `tried` lists each place looked at and what it gave."""

    def __init__(self, message: str, tried: Sequence[str]) -> None:
        super().__init__(message)
        self.tried = tuple(tried)


class PiecesOSVersionError(DiscoveryError):
    """Pieces OS answered, but with a version outside the range the caller asked for."""

    def __init__(self, message: str, tried: Sequence[str], found: Mapping[str, str]) -> None:
        super().__init__(message, tried)
        self.found = dict(found)


class _Candidate(NamedTuple):
    port: int
    source: str  # where the port came from, for the error message


def discover(
    *,
    min_version: str | None = None,
    max_version: str | None = None,
    ports: Sequence[int] = DEFAULT_PORTS,
    legacy_ports: Sequence[int] = LEGACY_PORTS,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The base URL of a running Pieces OS, such as "http://127.0.0.1:39300".

    `ports` and `legacy_ports` replace the scanned range and the legacy ports; `environ`
    replaces os.environ (for PIECES_OS_URL and PIECES_OS_CONFIG_DIR). Raises DiscoveryError,
    listing what was tried, when nothing answers, and PiecesOSVersionError when only servers
    outside [min_version, max_version) answer.
    """
    env = os.environ if environ is None else environ
    for bound in (min_version, max_version):
        if bound is not None and _parse_version(bound) is None:
            raise ValueError(f"not a MAJOR.MINOR.PATCH version: {bound!r}")
    timeouts = (connect_timeout, read_timeout)
    wanted = (min_version, max_version)

    explicit = env.get(URL_VARIABLE, "").strip()
    if explicit:
        base_url = explicit.rstrip("/")
        outcome = _probe_url(base_url, HEALTH, timeouts)
        looked = [f"{URL_VARIABLE}={explicit} ({outcome.reason})"]
        if not outcome.healthy:
            raise DiscoveryError(_message(looked), looked)
        return _check_versions([base_url], looked, wanted, timeouts)

    tried: list[str] = []
    candidates = _port_file_candidates(env, tried)
    candidates += [_Candidate(port, "scan") for port in ports]
    candidates += [_Candidate(port, "legacy") for port in legacy_ports]
    seen: set[int] = set()
    unique: list[_Candidate] = []
    for candidate in candidates:  # a port listed twice keeps its first, higher-ranked place
        if candidate.port not in seen:
            seen.add(candidate.port)
            unique.append(candidate)
    outcomes = _probe_ports([candidate.port for candidate in unique], timeouts)
    healthy = [f"http://{HOST}:{c.port}" for c in unique if outcomes[c.port].healthy]
    tried += _summarise(unique, outcomes)
    if not healthy:
        raise DiscoveryError(_message(tried), tried)
    return _check_versions(healthy, tried, wanted, timeouts)


async def adiscover(
    *,
    min_version: str | None = None,
    max_version: str | None = None,
    ports: Sequence[int] = DEFAULT_PORTS,
    legacy_ports: Sequence[int] = LEGACY_PORTS,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    environ: Mapping[str, str] | None = None,
) -> str:
    """discover() for async code: the same search, run in a worker thread so that the event
    loop keeps running while it waits."""
    import asyncio

    return await asyncio.to_thread(
        discover,
        min_version=min_version,
        max_version=max_version,
        ports=ports,
        legacy_ports=legacy_ports,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
        environ=environ,
    )


def config_dirs(environ: Mapping[str, str] | None = None) -> list[str]:
    """The folders searched for the port file: PIECES_OS_CONFIG_DIR alone when it is set."""
    env = os.environ if environ is None else environ
    override = env.get(CONFIG_DIR_VARIABLE)
    if override:
        return [override]
    home = os.path.expanduser("~")
    documents = os.path.join(home, "Documents", *_PIECES_OS)
    if sys.platform == "darwin":
        return [os.path.join(home, "Library", *_PIECES_OS), documents]
    if sys.platform == "win32":
        local = env.get("LOCALAPPDATA")
        company = ("Mesh Intelligent Technologies, Inc", "Pieces OS")
        return [documents, *([os.path.join(local, *company, *_PIECES_OS)] if local else [])]
    return [documents]


class _Outcome(NamedTuple):
    healthy: bool
    reason: str


def _read_port_file(path: str) -> str:
    """The text of a port file; OSError when it is not a small regular file.

    Opened without blocking (a FIFO of that name would otherwise wait for a writer forever) and
    checked before reading: a regular file of at most MAX_BODY bytes, read once.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if status.st_size > MAX_BODY:
            raise OSError(errno.EFBIG, f"larger than {MAX_BODY} bytes")
        return os.read(descriptor, MAX_BODY).decode("utf-8", "replace")
    finally:
        os.close(descriptor)


def _port_file_candidates(env: Mapping[str, str], tried: list[str]) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for folder in config_dirs(env):
        for name in PORT_FILES:
            path = os.path.join(folder, name)
            try:
                text = _read_port_file(path)
            except FileNotFoundError:
                continue
            except OSError as error:
                tried.append(f"{path} (unreadable: {(error.strerror or str(error)).lower()})")
                continue
            ports = [int(word) for word in re.findall(r"\d+", text) if 0 < int(word) < 65536]
            if not ports:
                tried.append(f"{path} (no port in it)")
            candidates += [_Candidate(port, path) for port in ports]
    if not candidates and not tried:
        tried.append(
            f"port file ({' or '.join(PORT_FILES)} in {', '.join(config_dirs(env))}: none)"
        )
    return candidates


def _probe_ports(ports: Sequence[int], timeouts: tuple[float, float]) -> dict[int, _Outcome]:
    """Connect to every port at once from this thread; ask the ones that accept for health."""
    outcomes: dict[int, _Outcome] = {}
    connected: dict[int, socket.socket] = {}
    pending: dict[int, socket.socket] = {}
    selector = selectors.DefaultSelector()
    try:
        for port in ports:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            code = sock.connect_ex((HOST, port))
            if code == 0:
                connected[port] = sock
            elif code in _IN_PROGRESS:
                pending[port] = sock
                selector.register(sock, selectors.EVENT_WRITE, port)
            else:
                sock.close()
                outcomes[port] = _Outcome(False, _strerror(code))
        deadline = time.monotonic() + timeouts[0]
        while pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            for key, _ in selector.select(remaining):
                port = key.data
                sock = pending.pop(port)
                selector.unregister(sock)
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code == 0:
                    connected[port] = sock
                else:
                    sock.close()
                    outcomes[port] = _Outcome(False, _strerror(code))
        for port in pending:
            outcomes[port] = _Outcome(False, "connect timed out")
    finally:
        selector.close()
        for sock in pending.values():  # timed out, or something raised midway
            sock.close()
    outcomes.update(_ask_health(connected, time.monotonic() + timeouts[1]))
    return outcomes


def _ask_health(connected: Mapping[int, socket.socket], deadline: float) -> dict[int, _Outcome]:
    """GET /.well-known/health on each connected socket, all at once, all done by `deadline`."""
    if not connected:
        return {}
    if len(connected) == 1:
        [(port, sock)] = connected.items()
        return {port: _exchange(sock, f"{HOST}:{port}", HEALTH, deadline)}
    from concurrent.futures import ThreadPoolExecutor

    # A thread per port, so that ports which hold their answer back share the one deadline
    # instead of queueing behind each other.
    with ThreadPoolExecutor(max_workers=min(len(connected), 64)) as pool:
        futures = {
            port: pool.submit(_exchange, sock, f"{HOST}:{port}", HEALTH, deadline)
            for port, sock in connected.items()
        }
        return {port: future.result() for port, future in futures.items()}


def _probe_url(base_url: str, path: str, timeouts: tuple[float, float]) -> _Outcome:
    """GET base_url + path: connected within timeouts[0], answered within timeouts[1] more."""
    from urllib.parse import urlsplit

    parts = urlsplit(base_url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return _Outcome(False, "not an http(s) URL")
    target = parts.path.rstrip("/") + path
    if any(ord(char) <= 0x20 or ord(char) == 0x7F for char in target):
        return _Outcome(False, "the URL's path holds spaces or control characters")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:  # a port that is not a number, or out of range
        return _Outcome(False, str(error))
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    deadline = time.monotonic() + timeouts[0]
    try:
        sock = socket.create_connection((parts.hostname, port), timeout=timeouts[0])
    except OSError as error:
        return _Outcome(False, _reason(error))
    try:
        if parts.scheme == "https":
            sock = _tls(sock, parts.hostname, deadline)
    except OSError as error:
        sock.close()
        return _Outcome(False, _reason(error))
    return _exchange(sock, f"{host}:{port}", target, time.monotonic() + timeouts[1])


def _tls(sock: socket.socket, hostname: str, deadline: float) -> socket.socket:
    """The TLS handshake on `sock`, done by `deadline` (a handshake is several reads)."""
    import ssl

    wrapped = ssl.create_default_context().wrap_socket(
        sock, server_hostname=hostname, do_handshake_on_connect=False
    )
    wrapped.setblocking(False)
    while True:
        try:
            wrapped.do_handshake()
            return wrapped
        except ssl.SSLWantReadError:
            wanted = selectors.EVENT_READ
        except ssl.SSLWantWriteError:
            wanted = selectors.EVENT_WRITE
        remaining = deadline - time.monotonic()
        with selectors.DefaultSelector() as selector:
            selector.register(wrapped, wanted)
            if remaining <= 0 or not selector.select(remaining):
                raise TimeoutError("timed out")


class _Deadline(io.RawIOBase):
    """A socket read through http.client with every read cut to one deadline, so that a server
    sending a byte at a time gets no more time than a silent one."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock, self._deadline = sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("timed out")
        self._sock.settimeout(remaining)
        return self._sock.recv_into(buffer)

    def makefile(self, mode: str) -> io.BufferedReader:  # what http.client.HTTPResponse calls
        return io.BufferedReader(self)


def _exchange(sock: socket.socket, host: str, path: str, deadline: float) -> _Outcome:
    """Send GET `path` on the connected `sock` and read the answer, all by `deadline`; healthy
    means 200 with a text/plain body, whose text is the reason. Closes `sock`."""
    import http.client

    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/plain\r\nConnection: close\r\n\r\n"
    ).encode("ascii", "replace")
    try:
        with sock:
            sock.setblocking(True)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("timed out")
            sock.settimeout(remaining)
            sock.sendall(request)
            reader = _Deadline(sock, deadline)
            response = http.client.HTTPResponse(reader, method="GET")  # type: ignore[arg-type]
            response.begin()
            body = response.read(MAX_BODY)
    except (OSError, http.client.HTTPException) as error:
        return _Outcome(False, _reason(error))
    media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
    if response.status != 200:
        return _Outcome(False, f"HTTP {response.status} to GET {path}")
    if media_type != "text/plain":
        return _Outcome(False, f"GET {path} answered {_inert(media_type) or 'no Content-Type'}")
    return _Outcome(True, _inert(body.decode("utf-8", "replace").strip()))


def _inert(text: str, limit: int = 200) -> str:
    """A server's text made safe to print: control characters escaped, at most `limit` long."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[:limit])
    return shown if len(text) <= limit else shown + "..."


def _check_versions(
    base_urls: Sequence[str],
    tried: list[str],
    wanted: tuple[str | None, str | None],
    timeouts: tuple[float, float],
) -> str:
    """The first URL whose version is in range (the first URL when no range is asked for)."""
    if wanted == (None, None):
        return base_urls[0]
    found: dict[str, str] = {}
    for base_url in base_urls:
        outcome = _probe_url(base_url, VERSION, timeouts)
        version = outcome.reason if outcome.healthy else f"unknown ({outcome.reason})"
        found[base_url] = version
        if outcome.healthy and _in_range(version, *wanted):
            return base_url
    low, high = wanted
    needed = ", ".join(
        part for part in (f">= {low}" if low else "", f"< {high}" if high else "") if part
    )
    versions = "; ".join(f"{url} is {version}" for url, version in found.items())
    message = f"Pieces OS answered, but not with a version {needed}: {versions}"
    raise PiecesOSVersionError(message, tried, found)


_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:[-.](\S+))?$")


def _parse_version(text: str) -> tuple[tuple[int, int, int], tuple[str, ...]] | None:
    match = _VERSION.match(text.strip())
    if match is None:
        return None
    major, minor, patch, pre = match.groups()
    return (int(major), int(minor), int(patch)), tuple(pre.split(".")) if pre else ()


def _compare(left: str, right: str) -> int:
    """-1, 0 or 1; a pre-release sorts before the release it leads to."""
    a, b = _parse_version(left), _parse_version(right)
    assert a is not None
    assert b is not None
    if a[0] != b[0]:
        return -1 if a[0] < b[0] else 1
    # Release (no suffix) after any pre-release of the same MAJOR.MINOR.PATCH.
    key_a, key_b = (not a[1], a[1]), (not b[1], b[1])
    return 0 if key_a == key_b else -1 if key_a < key_b else 1


def _in_range(version: str, low: str | None, high: str | None) -> bool:
    if _parse_version(version) is None:
        return False
    return (low is None or _compare(version, low) >= 0) and (
        high is None or _compare(version, high) < 0
    )


def _summarise(candidates: Sequence[_Candidate], outcomes: Mapping[int, _Outcome]) -> list[str]:
    """One entry per source, runs of ports with the same result folded (39300-39333 refused)."""
    lines: list[str] = []
    runs: list[tuple[str, int, int, str]] = []  # source, first port, last port, reason
    for candidate in candidates:
        outcome = outcomes[candidate.port]
        reason = "answers like Pieces OS" if outcome.healthy else outcome.reason
        last = runs[-1] if runs else None
        if (
            last
            and last[0] == candidate.source
            and last[3] == reason
            and last[2] + 1 == candidate.port
        ):
            runs[-1] = (last[0], last[1], candidate.port, reason)
        else:
            runs.append((candidate.source, candidate.port, candidate.port, reason))
    for source, first, last_port, reason in runs:
        ports = str(first) if first == last_port else f"{first}-{last_port}"
        where = "" if source in {"scan", "legacy"} else f" from {source}"
        lines.append(f"{HOST}:{ports}{where} ({reason})")
    return lines


def _message(tried: Sequence[str]) -> str:
    return "no Pieces OS found; tried: " + "; ".join(tried)


def _strerror(code: int) -> str:
    return "connection refused" if code == errno.ECONNREFUSED else os.strerror(code).lower()


def _reason(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, TimeoutError):
        return "timed out"
    return str(error) or type(error).__name__
