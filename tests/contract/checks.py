"""Contract checks that schemathesis cannot infer from the spec alone.

schemathesis treats only the HTTP DELETE verb as a deletion, so its built-in
use-after-free style checks never look at our POST-based delete. These checks
make the lifecycle explicit: a created distribution is listed by the next
snapshot; a deleted one is not, and deleting it again answers 404.

Loaded by schemathesis through `hooks` in schemathesis.toml, so they run in
every phase, against our reference server or any other implementation.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import schemathesis

CREATE = "POST /distributions/create"
DELETE = "POST /distributions/{distribution}/delete"
AUTH_HEADER = "X-Application-ID"
TIMEOUT = httpx.Timeout(10.0)


def _follow_up(response: Any, case: Any) -> tuple[str, dict[str, str]]:
    """Base URL and the auth header to reuse for requests made on top of the case's own."""
    base_url = str(case.operation.schema.get_base_url()).rstrip("/")
    headers = {}
    key = response.request.headers.get(AUTH_HEADER)
    if key is not None:
        headers[AUTH_HEADER] = key
    return base_url, headers


def _listed_ids(base_url: str, headers: dict[str, str]) -> list[str]:
    snapshot = httpx.get(f"{base_url}/distributions", headers=headers, timeout=TIMEOUT)
    if snapshot.status_code != 200:
        raise AssertionError(
            f"GET /distributions answered {snapshot.status_code} while checking a lifecycle"
        )
    return [item.get("id") for item in snapshot.json().get("iterable", [])]


@schemathesis.check
def created_distribution_is_listed(ctx: Any, response: Any, case: Any) -> bool | None:
    """After a 200 from create, the next snapshot lists the new id."""
    if case.operation.label != CREATE or response.status_code != 200:
        return None
    created_id = response.json()["id"]
    base_url, headers = _follow_up(response, case)
    if created_id not in _listed_ids(base_url, headers):
        raise AssertionError(
            f"Created distribution {created_id!r} is missing from the next GET /distributions"
        )
    return True


@schemathesis.check
def deleted_distribution_is_gone(ctx: Any, response: Any, case: Any) -> bool | None:
    """After a 204 from delete, the id is no longer listed and a second delete answers 404."""
    if case.operation.label != DELETE or response.status_code != 204:
        return None
    deleted_id = case.path_parameters["distribution"]
    base_url, headers = _follow_up(response, case)
    if deleted_id in _listed_ids(base_url, headers):
        raise AssertionError(
            f"Deleted distribution {deleted_id!r} is still listed by GET /distributions"
        )
    again = httpx.post(
        f"{base_url}/distributions/{quote(deleted_id, safe='')}/delete",
        headers=headers,
        timeout=TIMEOUT,
    )
    if again.status_code != 404:
        raise AssertionError(
            f"Deleting {deleted_id!r} a second time answered {again.status_code}, expected 404"
        )
    return True
