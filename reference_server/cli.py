"""`python -m reference_server`: run the server in the foreground with uvicorn."""

from __future__ import annotations

import copy
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG, STARTUP_FAILURE
from uvicorn.supervisors import Multiprocess

from .app import create_app
from .connections import deadline_protocol
from .endpoints import Endpoints
from .guard import is_loopback
from .operations import check_handlers, operations
from .settings import Settings
from .spec import SpecError
from .spec import load as load_spec
from .storage import Storage, StorageError

WORKER_FACTORY = "reference_server.app:create_app_from_environment"
# In-flight requests get this long to finish once a stop signal arrives.
GRACEFUL_SHUTDOWN_SECONDS = 10
# How long worker processes may take to build the application and start serving.
WORKER_START_SECONDS = 60
# uvicorn's default backlog, used when the socket is put to listening before uvicorn gets it.
LISTEN_BACKLOG = 2048

logger = logging.getLogger("uvicorn.error")


def ready_line(host: str, port: int, taken: Sequence[int] = ()) -> str:
    """The one stdout line that tells a supervisor (or a test) where the server listens.

    `taken`: the ports of the default range tried before `port` and found in use. Whatever
    listens there is asked first by discover(), so the line says so.
    """
    shown = f"[{host}]" if ":" in host else host
    line = f"reference_server listening on http://{shown}:{port}"
    if not taken:
        return line
    ports = str(taken[0]) if len(taken) == 1 else f"{taken[0]}-{taken[-1]}"
    return (
        f"{line} (moved: {ports} in use by another process, which discover() asks first;"
        " pin this server with PIECES_OS_URL)"
    )


class _Server(uvicorn.Server):
    """A uvicorn server that reports once it has finished starting up."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and not self.should_exit:
            self._on_ready()


class _Supervisor(Multiprocess):
    """uvicorn's worker supervisor, reporting once every worker has finished starting up.

    A worker that fails to start (its application cannot be built, say) makes the supervisor
    stop the others and `failed` true, so that the command exits non-zero instead of 0.
    """

    def __init__(
        self, config: uvicorn.Config, sockets: list[socket.socket], on_ready: Callable[[], None]
    ) -> None:
        super().__init__(config, sockets)
        self._on_ready = on_ready
        self.failed = False

    def init_processes(self) -> None:
        super().init_processes()
        if self._workers_started():
            # The socket is already listening (see main), so a client that connects now waits
            # in the backlog until a worker accepts it rather than being refused.
            self._on_ready()
        elif not self.signal_queue:
            # Not a stop signal: a worker died or never finished its start-up.
            logger.error("a worker process failed to start, stopping")
            self.failed = True
            self.should_exit.set()

    def _workers_started(self) -> bool:
        """Wait until every worker serves; False if one dies or a stop signal comes first."""
        deadline = time.monotonic() + WORKER_START_SECONDS
        for process in self.processes:
            while not process.is_ready(timeout=1):
                if self.signal_queue or not process.process.is_alive():
                    return False
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.05)
        return True

    def keep_subprocess_alive(self) -> None:
        super().keep_subprocess_alive()
        # uvicorn stops everything when a restarted worker fails its start-up; say so too.
        if any(process.exitcode == STARTUP_FAILURE for process in self.processes):
            self.failed = True


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that the real port is known when --port is 0.

    With several workers the same socket is handed to every worker process. It is created with
    an explicit IPPROTO_TCP because asyncio only turns Nagle's algorithm off (TCP_NODELAY) on
    accepted sockets whose protocol says TCP; uvicorn's own bind_socket() leaves it 0, which
    costs every response a delayed-ACK wait of about 40 ms.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def bind_first_free(host: str, ports: Sequence[int]) -> socket.socket:
    """A socket listening on the first port of `ports` that is free, tried in order.

    Each candidate is put to listening at once, which is what claims it: on Linux two sockets
    with SO_REUSEADDR may both bind a port nobody listens on yet, and only listen() tells them
    apart. The OSError of the last port is raised when none is free.
    """
    if not ports:
        raise ValueError("no port to try")
    error: OSError | None = None
    for port in ports:
        try:
            sock = bind(host, port)
        except OSError as failed:
            error = failed
            continue
        try:
            sock.listen(LISTEN_BACKLOG)
        except OSError as failed:
            sock.close()
            error = failed
            continue
        return sock
    assert error is not None
    raise error


def server_options(settings: Settings | None = None) -> dict[str, Any]:
    """The uvicorn options of every server process (bench/ceiling.py runs with them too).

    The timeouts and trusted proxies come from `settings`; without settings, their defaults.
    """
    settings = Settings() if settings is None else settings
    return {
        # uvicorn annotates it int, but only ever hands it to loop.call_later().
        "timeout_keep_alive": settings.keep_alive,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        "server_header": False,
        # Also closes connections whose request does not arrive in time (slowloris), or whose
        # response is not taken in time, and refuses ambiguous request framing.
        "http": deadline_protocol(settings.request_timeout, settings.write_timeout),
        # uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise: on a loopback
        # server that is every local process, which could then write any address into the
        # access log. Only proxies named with --trusted-proxy are believed.
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": list(settings.trusted_proxies) or None,
    }


def _logging(access_log: bool) -> dict[str, Any]:
    config = copy.deepcopy(LOGGING_CONFIG)
    # stdout carries the ready line and nothing else; every log line goes to stderr.
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    if not access_log:
        config["loggers"]["uvicorn.access"]["level"] = "WARNING"
    return config


def _stop(signum: int, frame: FrameType | None) -> None:
    # Before uvicorn takes over the signals, and again after it has shut down gracefully (it
    # re-raises the signal it caught), a stop signal means a clean exit with status 0.
    raise SystemExit(0)


def remote_warning(settings: Settings) -> str | None:
    """The start-up warning for a non-loopback bind that names no --allowed-host."""
    if is_loopback(settings.host) or settings.allowed_hosts:
        return None
    return (
        f"reference_server: warning: listening on {settings.host}, which is not loopback, with"
        " no --allowed-host: only requests addressed to localhost or an IP address are"
        " answered; add --allowed-host NAME for each name clients use"
    )


def main(argv: Sequence[str] | None = None) -> int:
    settings = Settings.from_command_line(argv)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    try:
        app = create_app(settings) if settings.workers == 1 else None
        if app is None:
            # Pre-flight for the workers: a bad spec or an unusable database is reported here,
            # once, and the database file and its schema exist before any worker opens it.
            spec = load_spec(settings.spec)
            check_handlers(operations(spec), Endpoints)
            Storage(settings.db).close()
    except (SpecError, StorageError) as error:
        print(f"reference_server: {error}", file=sys.stderr)
        return 1

    warning = remote_warning(settings)
    if warning:
        print(warning, file=sys.stderr)  # once, by the process that binds, not by each worker
    ports = settings.ports()
    try:
        sock = bind_first_free(settings.host, ports)
    except OSError as error:
        tried = str(ports[0]) if len(ports) == 1 else f"any of {ports[0]}-{ports[-1]}"
        print(
            f"reference_server: cannot listen on {settings.host}:{tried}: {error.strerror}",
            file=sys.stderr,
        )
        return 1
    port = sock.getsockname()[1]
    taken = tuple(ports[: list(ports).index(port)]) if port in ports else ()

    common: dict[str, Any] = {
        "host": settings.host,
        "port": port,
        "log_config": _logging(settings.access_log),
        "access_log": settings.access_log,
        **server_options(settings),
    }
    if app is not None:
        config = uvicorn.Config(app, lifespan="on", **common)
    else:
        os.environ.update(settings.to_environ())
        config = uvicorn.Config(
            WORKER_FACTORY, factory=True, workers=settings.workers, lifespan="on", **common
        )

    def announce() -> None:
        print(ready_line(settings.host, port, taken), flush=True)

    if app is not None:
        _Server(config, announce).run(sockets=[sock])
    else:
        sock.listen(config.backlog)
        supervisor = _Supervisor(config, [sock], announce)
        supervisor.run()
        if supervisor.failed:
            return 1
    return 0
