"""The generated package is usable as a typed library wherever it is installed."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pieces_distributions
from pieces_distributions import client as client_module


def test_package_ships_pep561_marker() -> None:
    # Without py.typed, mypy treats every import of the client as untyped (Any).
    assert (resources.files(pieces_distributions) / "py.typed").is_file()


def test_package_exports_both_clients() -> None:
    assert {"Client", "AuthenticatedClient"} <= set(pieces_distributions.__all__)
    # The package resolves these lazily (module __getattr__): they must be the very classes.
    assert pieces_distributions.Client is client_module.Client
    assert pieces_distributions.AuthenticatedClient is client_module.AuthenticatedClient


def _modules_after(statements: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running statements."""
    done = subprocess.run(
        [sys.executable, "-c", f"{statements}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(done.stdout.split())


IMPORT_THE_API = (
    "from pieces_distributions import AuthenticatedClient, Client, errors\n"
    "from pieces_distributions.api.distributions import (\n"
    "    distributions_create_new_distribution,\n"
    "    distributions_delete_specific_distribution,\n"
    "    distributions_snapshot,\n"
    ")"
)


def test_importing_the_client_and_api_does_not_import_httpx() -> None:
    # httpx was most of the client's import time (issue 14); a client loads it when first made.
    loaded = _modules_after(IMPORT_THE_API)
    assert "pieces_distributions.api.distributions.distributions_snapshot" in loaded
    assert "httpx" not in loaded
    assert "ssl" not in loaded


def test_making_a_client_imports_httpx() -> None:
    # The counterpart of the test above: the lazy import does happen, before any request.
    loaded = _modules_after(IMPORT_THE_API + "\nClient(base_url='http://127.0.0.1:1')")
    assert "httpx" in loaded
