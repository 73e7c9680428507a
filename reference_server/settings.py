"""Server settings: command-line flags, with PIECES_* environment variables as fallbacks."""

from __future__ import annotations

import argparse
import ipaddress
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pieces_distributions import discovery

from .guard import GuardError, normalize_host, normalize_origin

MEMORY_DB = ":memory:"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
# A request (request line, headers and body) must have arrived in full this many seconds after
# the connection opened, or after the previous response on it; otherwise the connection is
# closed (reference_server.connections). This is ample for a body of the default limit on
# anything faster than a modem, and short enough that held sockets are soon given back. The
# deadline does not grow with --max-body-bytes: a server that raises the limit far above the
# default for slow clients cuts their uploads off at this deadline all the same.
DEFAULT_REQUEST_TIMEOUT_SECONDS = 10.0
# An idle keep-alive connection is closed this many seconds after its last response.
DEFAULT_KEEP_ALIVE_SECONDS = 5.0
# A response the client does not take in is abandoned (the connection aborted and its buffers
# freed) this many seconds after the server first had to wait for the client to read
# (reference_server.connections). Responses the socket takes at once never wait; ten seconds
# leaves a client time to read a snapshot of ten thousand distributions at well under 1 MB/s.
DEFAULT_WRITE_TIMEOUT_SECONDS = 10.0
# Without --port the server takes the first free port of Pieces OS 11's range (39300-39333),
# tried in order as Pieces OS does, so that discover() finds it with no configuration. The
# range is written once, in the client's discovery module, which scans it.
DEFAULT_PORTS = discovery.DEFAULT_PORTS

# Flag name -> environment variable read when the flag is not given. Worker processes started
# by uvicorn get their settings back through these same variables (see Settings.to_environ).
ENVIRONMENT = {
    "host": "PIECES_HOST",
    "port": "PIECES_PORT",
    "db": "PIECES_DB",
    "api_key": "PIECES_API_KEY",
    "max_body_bytes": "PIECES_MAX_BODY_BYTES",
    "request_timeout": "PIECES_REQUEST_TIMEOUT",
    "keep_alive": "PIECES_KEEP_ALIVE",
    "write_timeout": "PIECES_WRITE_TIMEOUT",
    "spec": "PIECES_SPEC",
    "reported_version": "PIECES_REPORTED_VERSION",
}
# The repeatable flags: each falls back to a comma-separated list in its variable.
LIST_ENVIRONMENT = {
    "allowed_hosts": "PIECES_ALLOWED_HOSTS",
    "allowed_origins": "PIECES_ALLOWED_ORIGINS",
    "trusted_proxies": "PIECES_TRUSTED_PROXIES",
}


class SettingsError(ValueError):
    """A setting has a value the server cannot run with."""


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    # None: the first free port of DEFAULT_PORTS (see ports()).
    port: int | None = None
    db: str = "distributions.sqlite3"
    api_key: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    # Seconds (see DEFAULT_REQUEST_TIMEOUT_SECONDS and DEFAULT_KEEP_ALIVE_SECONDS).
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT_SECONDS
    keep_alive: float = DEFAULT_KEEP_ALIVE_SECONDS
    write_timeout: float = DEFAULT_WRITE_TIMEOUT_SECONDS
    workers: int = 1
    spec: Path | None = None
    access_log: bool = False
    # What GET /.well-known/version answers; None: this package's version.
    reported_version: str | None = None
    # Host names and browser origins admitted beyond the defaults (see reference_server.guard).
    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    # Addresses (or networks, or "*") of reverse proxies whose X-Forwarded-For and
    # X-Forwarded-Proto are believed. Empty: those headers are ignored, whoever sends them.
    trusted_proxies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.port is not None and not 0 <= self.port <= 65535:
            raise SettingsError(f"port must be between 0 and 65535, got {self.port}")
        if self.max_body_bytes < 1:
            raise SettingsError(f"max body bytes must be positive, got {self.max_body_bytes}")
        # `not x > 0` also refuses NaN; inf is refused by _seconds().
        if not self.request_timeout > 0:
            raise SettingsError(f"request timeout must be positive, got {self.request_timeout}")
        if not self.keep_alive > 0:
            raise SettingsError(f"keep-alive must be positive, got {self.keep_alive}")
        if not self.write_timeout > 0:
            raise SettingsError(f"write timeout must be positive, got {self.write_timeout}")
        if self.workers < 1:
            raise SettingsError(f"workers must be at least 1, got {self.workers}")
        if self.workers > 1 and self.db == MEMORY_DB:
            # Each worker process would get its own private, empty database.
            raise SettingsError("--db :memory: cannot be shared by several workers")
        if not self.db:
            raise SettingsError("db path must not be empty")
        try:
            for name in self.allowed_hosts:
                normalize_host(name)
            for origin in self.allowed_origins:
                normalize_origin(origin)
        except GuardError as error:
            raise SettingsError(str(error)) from None
        for proxy in self.trusted_proxies:
            _check_proxy(proxy)

    def ports(self) -> Sequence[int]:
        """The ports to try binding, in order: the one given, or Pieces OS 11's range."""
        return DEFAULT_PORTS if self.port is None else (self.port,)

    @classmethod
    def from_command_line(
        cls, argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Parse flags; an absent flag falls back to its environment variable, then the default.

        --workers and --access-log have no environment variable: only the flag sets them.
        """
        env = os.environ if environ is None else environ
        args = _parser().parse_args(argv)
        if args.api_key == "":
            # `--api-key "$KEY"` with KEY unset must not start a server that asks for no key.
            _parser().error(
                "--api-key is empty: give the key, or leave the flag out to serve without one"
            )
        try:
            return cls._from_values(
                {name: getattr(args, name) for name in ENVIRONMENT},
                env,
                workers=args.workers,
                access_log=args.access_log,
                lists={name: getattr(args, name) for name in LIST_ENVIRONMENT},
            )
        except SettingsError as error:
            _parser().error(str(error))

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from PIECES_* variables alone: how each uvicorn worker process gets them."""
        env = os.environ if environ is None else environ
        return cls._from_values({}, env)

    @classmethod
    def _from_values(
        cls,
        flags: Mapping[str, str | None],
        env: Mapping[str, str],
        *,
        workers: int = 1,
        access_log: bool = False,
        lists: Mapping[str, Sequence[str] | None] | None = None,
    ) -> Settings:
        def pick(name: str) -> str | None:
            flag = flags.get(name)
            return flag if flag is not None else env.get(ENVIRONMENT[name])

        def pick_list(name: str) -> tuple[str, ...]:
            given = (lists or {}).get(name)
            if given is not None:
                return tuple(given)
            text = env.get(LIST_ENVIRONMENT[name], "")
            return tuple(item.strip() for item in text.split(",") if item.strip())

        defaults = cls()
        host = pick("host") or defaults.host
        db = pick("db") or defaults.db
        spec = pick("spec")
        return cls(
            host=host,
            port=_optional_integer("port", pick("port")),
            db=db,
            # An empty key means "no key": `make serve API_KEY=` must not lock everyone out.
            api_key=pick("api_key") or None,
            max_body_bytes=_integer(
                "max body bytes", pick("max_body_bytes"), DEFAULT_MAX_BODY_BYTES
            ),
            request_timeout=_seconds(
                "request timeout", pick("request_timeout"), DEFAULT_REQUEST_TIMEOUT_SECONDS
            ),
            keep_alive=_seconds("keep-alive", pick("keep_alive"), DEFAULT_KEEP_ALIVE_SECONDS),
            write_timeout=_seconds(
                "write timeout", pick("write_timeout"), DEFAULT_WRITE_TIMEOUT_SECONDS
            ),
            workers=workers,
            spec=Path(spec) if spec else None,
            access_log=access_log,
            reported_version=pick("reported_version") or None,
            allowed_hosts=pick_list("allowed_hosts"),
            allowed_origins=pick_list("allowed_origins"),
            trusted_proxies=pick_list("trusted_proxies"),
        )

    def to_environ(self) -> dict[str, str]:
        """The PIECES_* variables that make from_environ() return these settings."""
        values = {
            "host": self.host,
            "port": "" if self.port is None else str(self.port),
            "db": self.db,
            "api_key": self.api_key or "",
            "max_body_bytes": str(self.max_body_bytes),
            "request_timeout": repr(self.request_timeout),
            "keep_alive": repr(self.keep_alive),
            "write_timeout": repr(self.write_timeout),
            "spec": str(self.spec) if self.spec else "",
            "reported_version": self.reported_version or "",
        }
        variables = {ENVIRONMENT[name]: value for name, value in values.items()}
        variables[LIST_ENVIRONMENT["allowed_hosts"]] = ",".join(self.allowed_hosts)
        variables[LIST_ENVIRONMENT["allowed_origins"]] = ",".join(self.allowed_origins)
        variables[LIST_ENVIRONMENT["trusted_proxies"]] = ",".join(self.trusted_proxies)
        return variables


def _check_proxy(proxy: str) -> None:
    """SettingsError unless `proxy` is an IP address, a network or "*" (what uvicorn reads)."""
    if proxy == "*":
        return
    try:
        ipaddress.ip_network(proxy, strict=False)
    except ValueError:
        raise SettingsError(
            f"a trusted proxy is an IP address, a network such as 10.0.0.0/8, or *, got {proxy!r}"
        ) from None


def _optional_integer(what: str, text: str | None) -> int | None:
    return None if text is None or text == "" else _integer(what, text, 0)


def _integer(what: str, text: str | None, default: int) -> int:
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        raise SettingsError(f"{what} must be an integer, got {text!r}") from None


def _seconds(what: str, text: str | None, default: float) -> float:
    if text is None or text == "":
        return default
    try:
        seconds = float(text)
    except ValueError:
        raise SettingsError(f"{what} must be a number of seconds, got {text!r}") from None
    if not math.isfinite(seconds):
        raise SettingsError(f"{what} must be a finite number of seconds, got {text!r}")
    return seconds


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reference_server",
        description="Reference server for the Pieces OS Distributions API (openapi.yaml).",
        epilog=(
            "Each flag except --workers and --access-log falls back to its PIECES_* environment"
            " variable, then to the default."
        ),
    )
    # Flags default to None so that "not given" can fall back to the environment. The help
    # quotes the defaults from the Settings fields, where each is written once.
    defaults = Settings()
    parser.add_argument(
        "--host", help=f"address to listen on (PIECES_HOST, default {defaults.host})"
    )
    parser.add_argument(
        "--port",
        help=(
            "port; 0 picks any free one (PIECES_PORT, default: the first free one of"
            f" {DEFAULT_PORTS[0]}-{DEFAULT_PORTS[-1]}, as Pieces OS 11 does)"
        ),
    )
    parser.add_argument(
        "--db",
        help=f"SQLite file, or :memory: (PIECES_DB, default {defaults.db})",
    )
    parser.add_argument(
        "--api-key",
        help="require X-Application-ID to equal this; an empty value is refused"
        " (PIECES_API_KEY, where empty means no key; default: no key)",
    )
    parser.add_argument(
        "--max-body-bytes",
        help="largest accepted request body in bytes"
        f" (PIECES_MAX_BODY_BYTES, default {defaults.max_body_bytes})",
    )
    parser.add_argument(
        "--request-timeout",
        metavar="SECONDS",
        help="close a connection whose request has not fully arrived this long after it opened"
        " or after the previous response (PIECES_REQUEST_TIMEOUT,"
        f" default {defaults.request_timeout:g})",
    )
    parser.add_argument(
        "--keep-alive",
        metavar="SECONDS",
        help="close an idle connection this long after its last response"
        f" (PIECES_KEEP_ALIVE, default {defaults.keep_alive:g})",
    )
    parser.add_argument(
        "--write-timeout",
        metavar="SECONDS",
        help="abort a connection whose client has not taken in its response this long after"
        " the server first had to wait for it to read (PIECES_WRITE_TIMEOUT,"
        f" default {defaults.write_timeout:g})",
    )
    parser.add_argument(
        "--spec", help="path of openapi.yaml (PIECES_SPEC, default: the project's own)"
    )
    parser.add_argument(
        "--reported-version",
        help=(
            "version GET /.well-known/version answers (PIECES_REPORTED_VERSION, default: the"
            " pieces-distributions package version)"
        ),
    )
    parser.add_argument(
        "--allowed-host",
        dest="allowed_hosts",
        action="append",
        metavar="NAME",
        help="also answer requests whose Host is NAME (.NAME: and its subdomains); repeatable"
        " (PIECES_ALLOWED_HOSTS, comma-separated; default: localhost and loopback addresses)",
    )
    parser.add_argument(
        "--allowed-origin",
        dest="allowed_origins",
        action="append",
        metavar="ORIGIN",
        help="admit browser requests from ORIGIN (scheme://host[:port]) and send it CORS"
        " headers; repeatable (PIECES_ALLOWED_ORIGINS, comma-separated; default: none)",
    )
    parser.add_argument(
        "--trusted-proxy",
        dest="trusted_proxies",
        action="append",
        metavar="ADDRESS",
        help="believe X-Forwarded-For and X-Forwarded-Proto from a reverse proxy at ADDRESS"
        " (an IP address, a network, or *); repeatable (PIECES_TRUSTED_PROXIES, comma-separated;"
        " default: none, the headers are ignored)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=defaults.workers,
        help=f"worker processes (default {defaults.workers})",
    )
    parser.add_argument(
        "--access-log", action="store_true", help="log every request (off by default)"
    )
    return parser
