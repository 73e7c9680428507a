"""discover() is exported lazily and needs neither httpx nor the client module."""

from __future__ import annotations

import subprocess
import sys

import pieces_distributions
from pieces_distributions import discovery

PROBE = """
import sys
import pieces_distributions
assert "pieces_distributions.discovery" not in sys.modules, "imported with the package"
try:
    pieces_distributions.discover(ports=[], legacy_ports=[], environ={"PIECES_OS_CONFIG_DIR": "."})
except pieces_distributions.DiscoveryError:
    pass
print(sorted(m for m in ("httpx", "pieces_distributions.client") if m in sys.modules))
"""


def test_package_exports_discovery_names_lazily() -> None:
    names = {"discover", "adiscover", "DiscoveryError", "PiecesOSVersionError"}
    assert names <= set(pieces_distributions.__all__)
    assert pieces_distributions.discover is discovery.discover
    assert pieces_distributions.DiscoveryError is discovery.DiscoveryError


def test_discover_imports_neither_httpx_nor_the_client() -> None:
    # A fresh interpreter: this one has long imported httpx for other tests.
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
