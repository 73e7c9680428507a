"""The generated package is usable as a typed library wherever it is installed."""

from __future__ import annotations

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
