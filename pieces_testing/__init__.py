"""A stand-in Pieces OS for the tests of apps built on it (`pip install
pieces-distributions[testing]`).

In pytest, the `pieces_os` fixture (this package's plugin, registered through the `pytest11`
entry point) gives each test the reference server on a loopback port with PIECES_OS_URL set,
nothing stored, and a handle to steer and inspect it; `@pytest.mark.pieces_os(...)` sets its
options. Outside pytest, `with pieces_os_server() as pieces_os:` does the same for a block.
docs/testing-apps.md says how to use both.

The names below are imported on first use: the plugin is loaded by every pytest run of an
environment that has the extra, and the server's imports (uvicorn, Starlette, the spec) are
paid only by a run that uses the fixture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .double import RecordedRequest
    from .server import PiecesOS, PiecesOSServer, SpecViolationError, pieces_os_server
    from .spec_check import SpecViolation

__all__ = (
    "PiecesOS",
    "PiecesOSServer",
    "RecordedRequest",
    "SpecViolation",
    "SpecViolationError",
    "pieces_os_server",
)

_WHERE = {
    "PiecesOS": "server",
    "PiecesOSServer": "server",
    "SpecViolationError": "server",
    "pieces_os_server": "server",
    "RecordedRequest": "double",
    "SpecViolation": "spec_check",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)
