"""The two markers of openapi.yaml, each one fact about an element:

- `x-addition: true`: the element is not in upstream's API, it is ours. Held only to validity;
  a marker on something upstream has (the fixtures list it) is an error, so it never lies.
- `x-not-on-page: true`: the element is in upstream's API but not on the Distributions page
  (tests/fixtures/seed-page.md): the `/.well-known/*` path items and their tag. Held to
  tests/fixtures/upstream-operations.json, which is derived from the official SDK.

Unmarked elements are on the page: held to tests/fixtures/seed-page.md (operations, parameters,
statuses, media types) and tests/fixtures/upstream-models.json (schemas, properties, types,
required lists, defaults, enum values), both of which agree with the pinned SDK. Each failure
message names the file and the entry to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pieces_spec
from tests.support.spec import resolve_pointer

MARKER = pieces_spec.ADDITION
NOT_ON_PAGE = pieces_spec.NOT_ON_PAGE
SPEC_FILE = "openapi.yaml"
MODELS_FILE = "tests/fixtures/upstream-models.json"
OPERATIONS_FILE = "tests/fixtures/upstream-operations.json"
SEED_FILE = "tests/fixtures/seed-page.md"


def marked(node: Any) -> bool:
    """True when `node` itself is ours (a property marks itself, even next to a $ref)."""
    return isinstance(node, Mapping) and node.get(MARKER) is True


def not_on_page(node: Any) -> bool:
    """True when `node` itself is upstream's but not on the Distributions page."""
    return isinstance(node, Mapping) and node.get(NOT_ON_PAGE) is True


def off_page(node: Any) -> bool:
    """True when `node` itself carries either marker: the page does not list it."""
    return marked(node) or not_on_page(node)


def is_addition(node: Any, spec: Mapping[str, Any]) -> bool:
    """True when `node` (or, for a `$ref`, the reference or its target) carries the marker."""
    if not isinstance(node, Mapping):
        return False
    if node.get(MARKER) is True:
        return True
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        return is_addition(resolve_pointer(spec, ref), spec)
    return False


def where(*parts: str) -> str:
    """A dotted location inside openapi.yaml, as the messages print it."""
    return f"{SPEC_FILE} " + ".".join(parts)


# The SDK-derived fixtures are never edited by hand: they follow the pin.
FOLLOWS_SDK = (
    "the fixture is derived from the pieces_os_client pin (interop/requirements-upstream.txt): "
    "to follow upstream, bump the pin and run `make upstream-models`"
)


def not_upstream(location: str, fixture: str, what: str) -> str:
    """The message for an unmarked element that the upstream fixture lacks."""
    if fixture in (MODELS_FILE, OPERATIONS_FILE):
        return (
            f"{location}: not in {fixture} ({what}) - mark it `{MARKER}: true` if it is ours; "
            + FOLLOWS_SDK
        )
    return (
        f"{location}: not in {fixture} ({what}) - mark it `{MARKER}: true` if it is ours, "
        f"or add it to {fixture} if upstream added it"
    )


def wrongly_marked(location: str, fixture: str, marker: str = MARKER) -> str:
    """The message for a marked element that the fixture (upstream or the page) has after all."""
    return f"{location}: marked `{marker}: true` but {fixture} has it - remove the marker"
