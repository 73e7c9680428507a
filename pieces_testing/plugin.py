"""The pytest plugin: the `pieces_os` fixture and the `pieces_os` marker.

Registered through the `pytest11` entry point, so installing pieces-distributions[testing] is
all a project does. The server starts on the first test that asks for `pieces_os` (once per
session, so once per xdist worker) and each test gets it back empty. At teardown a test fails
when the app sent a request openapi.yaml forbids, unless the test is marked
`@pytest.mark.pieces_os(strict=False)`.

Only pytest is imported here: every pytest run of an environment with the extra loads this
module, and only a run that uses the fixture pays for the server's imports.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .server import PiecesOS, PiecesOSServer

MARKER = "pieces_os"
OPTIONS = ("strict", "api_key", "version", "newer")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(strict=True, api_key=None, version=None, newer=False): how the pieces_os"
        " fixture's stand-in Pieces OS behaves in this test: strict=False lets requests"
        " openapi.yaml forbids pass, api_key is a key the app must send, version is what"
        " /.well-known/version reports, newer=True or a version answers as a newer Pieces OS",
    )


@pytest.fixture(scope="session")
def pieces_os_session() -> Iterator[PiecesOSServer]:
    """The stand-in Pieces OS of this session (of this xdist worker): the reference server in
    a thread, on 127.0.0.1 and a free port. Tests use `pieces_os`, which resets it."""
    from .server import PiecesOSServer

    server = PiecesOSServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def pieces_os(
    pieces_os_session: PiecesOSServer,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[PiecesOS]:
    """A stand-in Pieces OS for this test: nothing stored, nothing recorded, PIECES_OS_URL
    naming it, every request checked against openapi.yaml (see the `pieces_os` marker)."""
    from pieces_distributions.discovery import URL_VARIABLE

    from .server import configure

    options = _options(request.node.get_closest_marker(MARKER))
    double = pieces_os_session.begin_test()
    configure(
        double, api_key=options["api_key"], version=options["version"], newer=options["newer"]
    )
    monkeypatch.setenv(URL_VARIABLE, double.url)
    yield double
    violations = double.violations
    if options["strict"] and violations:
        count = len(violations)
        lines = [f"the app sent {count} request{'s' if count > 1 else ''} openapi.yaml forbids:"]
        lines += [f"  {violation}" for violation in violations]
        lines.append(f"(a test that means to send them: @pytest.mark.{MARKER}(strict=False))")
        pytest.fail("\n".join(lines), pytrace=False)


def _options(marker: pytest.Mark | None) -> dict[str, Any]:
    options: dict[str, Any] = {"strict": True, "api_key": None, "version": None, "newer": False}
    if marker is None:
        return options
    unknown = sorted(set(marker.kwargs) - set(OPTIONS))
    if marker.args or unknown:
        given = [repr(arg) for arg in marker.args] + unknown
        keywords = ", ".join(OPTIONS)
        pytest.fail(
            f"@pytest.mark.{MARKER} takes the keywords {keywords}; got {', '.join(given)}",
            pytrace=False,
        )
    options.update(marker.kwargs)
    return options
