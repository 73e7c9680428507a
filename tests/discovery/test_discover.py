"""discover(): where it looks, in which order, what counts as Pieces OS, and how it fails."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pieces_distributions import DiscoveryError, PiecesOSVersionError, adiscover, discover

from reference_server.launcher import LiveServer
from tests.discovery.conftest import REPORTED_VERSION, port_of

# The bound for giving up when nothing listens.
NOTHING_LISTENING_SECONDS = 0.5
Ports = Callable[[int], list[int]]
StandIn = Callable[[int, str, bytes], int]


def _env(config_dir: Path, url: str | None = None) -> dict[str, str]:
    env = {"PIECES_OS_CONFIG_DIR": str(config_dir)}
    if url is not None:
        env["PIECES_OS_URL"] = url
    return env


def test_discover_finds_reference_server_in_the_scanned_range(
    reference: LiveServer, closed_ports: Ports, config_dir: Path
) -> None:
    # Our server sits after ports nobody listens on, as Pieces OS does after a taken 39300.
    ports = [*closed_ports(3), port_of(reference.base_url)]
    found = discover(ports=ports, legacy_ports=[], environ=_env(config_dir))
    assert found == reference.base_url


def test_discover_skips_an_earlier_port_that_is_not_pieces_os(
    reference: LiveServer, stand_in: StandIn, config_dir: Path
) -> None:
    # Two other HTTP servers come first: one without the health endpoint, one answering HTML.
    not_found = stand_in(404, "text/plain", b"no such page")
    html = stand_in(200, "text/html", b"<html></html>")
    ports = [not_found, html, port_of(reference.base_url)]
    assert discover(ports=ports, legacy_ports=[], environ=_env(config_dir)) == reference.base_url


def test_discover_port_file_wins_over_the_scan(
    reference: LiveServer, stand_in: StandIn, config_dir: Path
) -> None:
    # The scan alone would pick the stand-in (it answers like Pieces OS and comes first).
    earlier = stand_in(200, "text/plain", b"ok:stand-in")
    (config_dir / ".port.txt").write_text(f"{port_of(reference.base_url)}\n")
    found = discover(ports=[earlier], legacy_ports=[], environ=_env(config_dir))
    assert found == reference.base_url


def test_discover_accepts_the_ports_txt_spelling(
    reference: LiveServer, closed_ports: Ports, config_dir: Path
) -> None:
    # The C# SDK's pull request names the file .ports.txt.
    (config_dir / ".ports.txt").write_text(str(port_of(reference.base_url)))
    found = discover(ports=closed_ports(2), legacy_ports=[], environ=_env(config_dir))
    assert found == reference.base_url


def test_discover_environment_variable_wins_over_port_file_and_scan(
    reference: LiveServer, stand_in: StandIn, config_dir: Path
) -> None:
    # Both the port file and the scan point at a stand-in that answers like Pieces OS.
    other = stand_in(200, "text/plain", b"ok:stand-in")
    (config_dir / ".port.txt").write_text(str(other))
    env = _env(config_dir, url=reference.base_url + "/")
    assert discover(ports=[other], legacy_ports=[], environ=env) == reference.base_url


def test_discover_wrong_environment_variable_is_an_error_naming_it(
    reference: LiveServer, closed_ports: Ports, config_dir: Path
) -> None:
    # An explicit URL that does not answer must not be silently replaced by a scan result.
    wrong = f"http://127.0.0.1:{closed_ports(1)[0]}"
    env = _env(config_dir, url=wrong)
    with pytest.raises(DiscoveryError, match=f"PIECES_OS_URL={wrong}"):
        discover(ports=[port_of(reference.base_url)], legacy_ports=[], environ=env)


def test_discover_stale_port_file_falls_through_to_the_scan(
    reference: LiveServer, closed_ports: Ports, config_dir: Path
) -> None:
    # Pieces OS wrote the file, then stopped; it now runs on another port.
    (config_dir / ".port.txt").write_text(str(closed_ports(1)[0]))
    found = discover(ports=[port_of(reference.base_url)], legacy_ports=[], environ=_env(config_dir))
    assert found == reference.base_url


def test_discover_nothing_listening_raises_one_error_listing_what_it_tried(
    closed_ports: Ports, config_dir: Path
) -> None:
    scanned, legacy = closed_ports(34), closed_ports(2)
    (config_dir / ".port.txt").write_text(str(closed_ports(1)[0]))
    started = time.perf_counter()
    with pytest.raises(DiscoveryError) as raised:
        discover(ports=scanned, legacy_ports=legacy, environ=_env(config_dir))
    elapsed = time.perf_counter() - started
    message = str(raised.value)
    assert str(config_dir / ".port.txt") in message
    assert all(str(port) in message for port in legacy)
    assert len(raised.value.tried) >= 3  # the port file, the scan, the legacy ports
    assert elapsed <= NOTHING_LISTENING_SECONDS, f"gave up after {elapsed:.3f} s"


def test_discover_version_outside_range_names_the_version_found(
    reference: LiveServer, config_dir: Path
) -> None:
    with pytest.raises(PiecesOSVersionError, match=REPORTED_VERSION) as raised:
        discover(
            min_version="12.0.0",
            ports=[port_of(reference.base_url)],
            legacy_ports=[],
            environ=_env(config_dir),
        )
    assert raised.value.found == {reference.base_url: REPORTED_VERSION}


def test_discover_version_inside_range_returns_the_server(
    reference: LiveServer, config_dir: Path
) -> None:
    # max_version is exclusive, as in the official Python SDK's check.
    found = discover(
        min_version="11.2.0",
        max_version="12.0.0",
        ports=[port_of(reference.base_url)],
        legacy_ports=[],
        environ=_env(config_dir),
    )
    assert found == reference.base_url


def test_discover_version_range_skips_a_server_with_another_version(
    reference: LiveServer, stand_in: StandIn, config_dir: Path
) -> None:
    # The stand-in answers "10.0.0" to every GET, health and version alike, and comes first.
    old = stand_in(200, "text/plain", b"10.0.0")
    found = discover(
        min_version="11.0.0",
        ports=[old, port_of(reference.base_url)],
        legacy_ports=[],
        environ=_env(config_dir),
    )
    assert found == reference.base_url


def test_discover_pre_release_sorts_before_its_release(stand_in: StandIn, config_dir: Path) -> None:
    # 12.0.0-beta.1 is older than 12.0.0, so a range that ends at 12.0.0 includes it.
    beta = stand_in(200, "text/plain", b"12.0.0-beta.1")
    found = discover(
        min_version="11.0.0",
        max_version="12.0.0",
        ports=[beta],
        legacy_ports=[],
        environ=_env(config_dir),
    )
    assert found == f"http://127.0.0.1:{beta}"


def test_discover_rejects_a_malformed_version_bound(config_dir: Path) -> None:
    with pytest.raises(ValueError, match=r"MAJOR\.MINOR\.PATCH"):
        discover(min_version="eleven", ports=[], legacy_ports=[], environ=_env(config_dir))


def test_adiscover_finds_reference_server(reference: LiveServer, config_dir: Path) -> None:
    async def main() -> str:
        return await adiscover(
            ports=[port_of(reference.base_url)], legacy_ports=[], environ=_env(config_dir)
        )

    assert asyncio.run(main()) == reference.base_url


def test_discover_silent_port_costs_at_most_its_timeouts(
    reference: LiveServer, config_dir: Path
) -> None:
    # A listener that accepts (the kernel's backlog) but never answers comes first: it must
    # be given up after the read timeout, not hang the search.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        ports = [silent.getsockname()[1], port_of(reference.base_url)]
        started = time.perf_counter()
        found = discover(ports=ports, legacy_ports=[], read_timeout=0.2, environ=_env(config_dir))
        elapsed = time.perf_counter() - started
    assert found == reference.base_url
    assert elapsed < 1.0, f"took {elapsed:.3f} s"


class _Dripper:
    """Listeners on 127.0.0.1 that answer each connection with the start of an HTTP response,
    one byte every `interval` seconds, for at most `limit` seconds."""

    HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + b"X-Slow: " + b"a" * 4000

    def __init__(self, count: int, interval: float = 0.05, limit: float = 5.0) -> None:
        self.interval, self.limit = interval, limit
        self.listeners = [socket.create_server(("127.0.0.1", 0)) for _ in range(count)]
        self.ports = [listener.getsockname()[1] for listener in self.listeners]
        self.threads = [
            threading.Thread(target=self._serve, args=(listener,), daemon=True)
            for listener in self.listeners
        ]
        for thread in self.threads:
            thread.start()

    def _serve(self, listener: socket.socket) -> None:
        try:
            connection, _ = listener.accept()
        except OSError:  # closed before anyone came
            return
        with connection:
            end = time.monotonic() + self.limit
            for byte in self.HEAD:
                if time.monotonic() > end:
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:  # discover() hung up: what the test wants
                    return
                time.sleep(self.interval)

    def close(self) -> None:
        for listener in self.listeners:
            listener.close()
        for thread in self.threads:
            thread.join(timeout=10)


def test_discover_dripping_listeners_cost_at_most_one_read_timeout(
    reference: LiveServer, config_dir: Path
) -> None:
    # Twenty listeners before our server send their headers a byte at a time: each read
    # returns well within the read timeout, so only a deadline for the whole exchange, shared
    # by all of them, ends the search on time.
    dripper = _Dripper(20)
    try:
        ports = [*dripper.ports, port_of(reference.base_url)]
        started = time.perf_counter()
        found = discover(ports=ports, legacy_ports=[], read_timeout=0.3, environ=_env(config_dir))
        elapsed = time.perf_counter() - started
    finally:
        dripper.close()
    assert found == reference.base_url
    assert elapsed < NOTHING_LISTENING_SECONDS + 0.3, f"took {elapsed:.3f} s"


def test_discover_skips_a_port_file_that_is_a_fifo(reference: LiveServer, config_dir: Path) -> None:
    # Opened the ordinary way, a FIFO blocks until some process opens it for writing.
    os.mkfifo(config_dir / ".port.txt")
    tried: list[str] = []
    found: list[str] = []

    def search() -> None:
        try:
            found.append(
                discover(
                    ports=[port_of(reference.base_url)],
                    legacy_ports=[],
                    environ=_env(config_dir),
                )
            )
        except DiscoveryError as error:
            tried.extend(error.tried)

    thread = threading.Thread(target=search, daemon=True)
    thread.start()
    thread.join(timeout=NOTHING_LISTENING_SECONDS * 4)
    if thread.is_alive():  # unblock it, so that the test run can end
        with open(config_dir / ".port.txt", "w"):
            pass
        thread.join(timeout=5)
        pytest.fail("discover() blocked on a FIFO named .port.txt")
    assert found == [reference.base_url], tried
