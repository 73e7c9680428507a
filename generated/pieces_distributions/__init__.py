"""A client library for accessing Pieces OS Distributions API"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client
    from .discovery import DiscoveryError, PiecesOSVersionError, adiscover, discover

__all__ = (
    "AuthenticatedClient",
    "Client",
    "DiscoveryError",
    "PiecesOSVersionError",
    "adiscover",
    "discover",
)

# Name -> the submodule that defines it, imported on first access (PEP 562). The client
# classes load httpx, which the models never need, and discovery needs neither httpx nor the
# client: `from <package>.models import X` and `<package>.discover()` stay cheap.
_LAZY = {
    "AuthenticatedClient": "client",
    "Client": "client",
    "DiscoveryError": "discovery",
    "PiecesOSVersionError": "discovery",
    "adiscover": "discovery",
    "discover": "discovery",
}


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value
