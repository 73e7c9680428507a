"""The server's default port follows Pieces OS 11: the first free port of 39300-39333."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from pieces_distributions import discover

from reference_server.cli import bind_first_free
from reference_server.launcher import live_server
from reference_server.settings import DEFAULT_PORTS
from tests.discovery.conftest import port_of


def test_bind_first_free_skips_a_taken_port(closed_ports: Callable[[int], list[int]]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        free = closed_ports(1)[0]
        sock = bind_first_free("127.0.0.1", [taken.getsockname()[1], free])
        with sock:
            assert sock.getsockname()[1] == free


def test_bind_first_free_raises_when_every_port_is_taken() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError, match="in use"):
            bind_first_free("127.0.0.1", [taken.getsockname()[1]])


def test_server_without_port_is_found_by_discover_in_the_default_range(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The one test on the real range. Other servers may already hold some of its ports (other
    # test runs, a real Pieces OS), so it asserts what holds whatever else runs: ours took a
    # port of the range, and discover() with no arguments finds a server at that port or
    # an earlier one.
    monkeypatch.delenv("PIECES_OS_URL", raising=False)
    monkeypatch.setenv("PIECES_OS_CONFIG_DIR", str(tmp_path))  # no port file
    # live_server passes --port 0; a last "--port" with an empty value means "no port given".
    with live_server(tmp_path / "d.sqlite3", extra_args=["--port", ""]) as ours:
        port = port_of(ours.base_url)
        assert port in DEFAULT_PORTS
        found = port_of(discover())
    assert DEFAULT_PORTS[0] <= found <= port
