"""Fixtures for the discovery tests: our server, stand-in servers, and ports nobody listens on.

Every test scans a private list of ports (discover(ports=...)) instead of Pieces OS's range, so
that tests never collide with each other or with a server running on 39300-39333 on the same
machine; only test_default_range.py looks at the real range, in a way that tolerates others.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reference_server.launcher import LiveServer, live_server

REPORTED_VERSION = "11.2.0"
STAND_IN_POLL_SECONDS = 0.01


def port_of(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Our reference server on a free port, reporting a Pieces OS-like version."""
    db = tmp_path_factory.mktemp("discovery") / "distributions.sqlite3"
    with live_server(db, extra_args=["--reported-version", REPORTED_VERSION]) as running:
        yield running


@pytest.fixture
def closed_ports() -> Callable[[int], list[int]]:
    """n ports that were free a moment ago (bound by the OS, then released)."""

    def take(n: int) -> list[int]:
        sockets = [socket.socket() for _ in range(n)]
        try:
            for sock in sockets:
                sock.bind(("127.0.0.1", 0))
            return [sock.getsockname()[1] for sock in sockets]
        finally:
            for sock in sockets:
                sock.close()

    return take


def _handler(status: int, content_type: str, body: bytes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep pytest's output clean

    return Handler


@pytest.fixture
def stand_in() -> Iterator[Callable[[int, str, bytes], int]]:
    """Start an in-process HTTP server answering every GET with one fixed response; its port."""
    servers: list[ThreadingHTTPServer] = []

    def start(status: int, content_type: str, body: bytes) -> int:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(status, content_type, body))
        servers.append(server)
        # shutdown() below returns only once serve_forever next looks at its flag, which it
        # does every poll interval (0.5 s by default, most of each test's time).
        poll = {"poll_interval": STAND_IN_POLL_SECONDS}
        threading.Thread(target=server.serve_forever, kwargs=poll, daemon=True).start()
        return int(server.server_address[1])

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """An empty Pieces OS config folder (PIECES_OS_CONFIG_DIR) for the port file tests."""
    folder = tmp_path / "Config"
    folder.mkdir()
    return folder
