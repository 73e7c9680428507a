"""Before any case: does the server answer at all, and does it treat the key as the options say?

A run against a server that is down, or that wants a key the options do not give, would spend
its whole budget on connection errors or 401s; this says so in one line within seconds. The
exchange has a total deadline and a byte cap (`bounded`): a server that drips its answer or
sends without end gets one line too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pieces_contract import bounded, inert, spec

DEADLINE_SECONDS = 10.0
# The snapshot of a server with many distributions may be large; anything past this is not an
# answer to judge by its first line.
CAP_BYTES = 16 * 1024 * 1024


def check(
    base_url: str, headers: Mapping[str, str], with_key: bool, document: Mapping[str, Any]
) -> str | None:
    """None when the server is fit to test; otherwise the one-line reason it is not."""
    snapshot = spec.find_operations(document).snapshot
    try:
        server = bounded.Server.at(base_url)
    except bounded.Unanswered as error:
        return f"{base_url!r} is not a usable base URL ({error})"
    try:
        answer = bounded.exchange(
            server,
            snapshot.method.upper(),
            snapshot.path,
            headers,
            deadline=DEADLINE_SECONDS,
            cap=CAP_BYTES,
        )
    except bounded.Unanswered as error:
        if error.unreachable:
            return f"{error}; is the server up and is the base URL right?"
        return str(error)
    text = answer.body.decode("utf-8", "replace")
    if answer.status == 401:
        if with_key:
            return (
                f"{snapshot.label} answered 401 with the given key: the server does not "
                "accept it (check --api-key / API_KEY)"
            )
        return (
            f"{snapshot.label} answered 401: the server wants a key; pass --api-key KEY "
            "(make contract API_KEY=KEY)"
        )
    if answer.status in (403, 421):
        return (
            f"{snapshot.label} answered {answer.status}: the server refuses this client "
            f"({_first_line(text)}); pass the headers it needs with --header"
        )
    if answer.status >= 500 or answer.status == 404:
        return (
            f"{snapshot.label} answered {answer.status} ({_first_line(text)}); "
            "is this the Pieces OS Distributions API at this base URL?"
        )
    return None


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    line = inert.one_line(lines[0]) if lines else "empty body"
    return line if len(line) <= 100 else line[:97] + "..."
