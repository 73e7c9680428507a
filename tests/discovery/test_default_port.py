"""The server's default port follows Pieces OS 11: the first free port of 39300-39333."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from pieces_distributions import discover

from reference_server.cli import bind_first_free
from reference_server.launcher import READY, live_server
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


def test_server_moved_off_its_first_free_port_says_so_on_its_ready_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A process squatting on the first free port of the range would be asked by discover()
    # before our server: the ready line must name it and the pin. Other runs may hold ports
    # too; the squatter's is the last the line names, as the server tried the range in order.
    monkeypatch.delenv("PIECES_OS_URL", raising=False)
    with bind_first_free("127.0.0.1", DEFAULT_PORTS) as squatter:
        squatted = squatter.getsockname()[1]
        with live_server(tmp_path / "d.sqlite3", extra_args=["--port", ""]) as ours:
            line = ours.launched.stdout_text().splitlines()[0]
    assert port_of(ours.base_url) > squatted
    assert READY.fullmatch(line) is not None
    assert f"{squatted} in use by another process, which discover() asks first" in line
    assert "PIECES_OS_URL" in line
