"""The pytest plugins of the dev venv that an inner pytest session can do without.

Tests that run pytest sessions of their own (pytester in process, or a fresh venv's pytest in a
subprocess) leave these out with `-p no:NAME`: pieces_testing's plugin is what they test, and
the others cost seconds of imports in each inner session (pytester drops whatever an inner
session imported, so every session imports, and assertion-rewrites, them again).
"""

from __future__ import annotations

OTHER_PLUGINS = (
    "schemathesis",
    "hypothesispytest",
    "anyio",
    "asyncio",
    "respx",
    "platformdirs",
    "xdist",
    "xdist.looponfail",
    "timeout",
    "cacheprovider",
)


def without_other_plugins() -> list[str]:
    """The command-line options that leave OTHER_PLUGINS out."""
    return [option for name in OTHER_PLUGINS for option in ("-p", f"no:{name}")]
