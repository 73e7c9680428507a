"""Before any case: does the server answer at all, and does it treat the key as the options say?

A run against a server that is down, or that wants a key the options do not give, would spend
its whole budget on connection errors or 401s; this says so in one line within seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from pieces_contract import spec

TIMEOUT = httpx.Timeout(5.0)


def check(
    base_url: str, headers: Mapping[str, str], with_key: bool, document: Mapping[str, Any]
) -> str | None:
    """None when the server is fit to test; otherwise the one-line reason it is not."""
    snapshot = spec.find_operations(document).snapshot
    url = base_url + snapshot.path
    try:
        with httpx.Client(timeout=TIMEOUT, headers=dict(headers)) as client:
            answer = client.request(snapshot.method.upper(), url)
    except httpx.InvalidURL as error:
        return f"{base_url!r} is not a usable base URL ({error})"
    except httpx.TimeoutException:
        return f"no answer from {url} within {TIMEOUT.read:.0f}s; is the server up?"
    except httpx.HTTPError as error:
        reason = str(error) or type(error).__name__
        return f"cannot reach {url} ({reason}); is the server up and is the base URL right?"
    if answer.status_code == 401:
        if with_key:
            return (
                f"{snapshot.label} answered 401 with the given key: the server does not "
                "accept it (check --api-key / API_KEY)"
            )
        return (
            f"{snapshot.label} answered 401: the server wants a key; pass --api-key KEY "
            "(make contract API_KEY=KEY)"
        )
    if answer.status_code in (403, 421):
        return (
            f"{snapshot.label} answered {answer.status_code}: the server refuses this client "
            f"({_first_line(answer.text)}); pass the headers it needs with --header"
        )
    if answer.status_code >= 500 or answer.status_code == 404:
        return (
            f"{snapshot.label} answered {answer.status_code} ({_first_line(answer.text)}); "
            "is this the Pieces OS Distributions API at this base URL?"
        )
    return None


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    line = lines[0] if lines else "empty body"
    return line if len(line) <= 100 else line[:97] + "..."
