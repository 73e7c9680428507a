"""A client library for accessing Pieces OS Distributions API"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)


def __getattr__(name: str) -> Any:
    # The client classes load httpx, which the models never need: `from <package>.models import X`
    # stays cheap, and the first `<package>.Client` access imports the client module (PEP 562).
    if name in __all__:
        from . import client

        value = getattr(client, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
