"""The one-line reasons every error answer carries: printable, capped, safe to log."""

from __future__ import annotations

# Long enough for any path and message the schema can produce; short enough that a reason
# quoting a huge value stays a readable line.
REASON_LIMIT = 300


def one_line(text: str, limit: int = REASON_LIMIT) -> str:
    """Escape control, separator and surrogate characters and cap the length."""
    cleaned = "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 3] + "..."
