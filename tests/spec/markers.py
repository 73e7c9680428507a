"""The `x-addition: true` marker: which elements of openapi.yaml are ours rather than upstream's.

Unmarked elements are held to the upstream facts (tests/fixtures/seed-page.md for operations,
parameters, statuses and media types; tests/fixtures/upstream-models.json for schemas,
properties, types, required lists, defaults and enum values). Marked ones are held only to
validity. A marker that sits on something upstream has is an error as well, so the marker never
lies. Each failure message names the file and the entry to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.support.spec import resolve_pointer

MARKER = "x-addition"
SPEC_FILE = "openapi.yaml"
MODELS_FILE = "tests/fixtures/upstream-models.json"
SEED_FILE = "tests/fixtures/seed-page.md"


def marked(node: Any) -> bool:
    """True when `node` itself carries the marker (a property marks itself, even next to a $ref)."""
    return isinstance(node, Mapping) and node.get(MARKER) is True


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


def not_upstream(location: str, fixture: str, what: str) -> str:
    """The message for an unmarked element that the upstream fixture lacks."""
    return (
        f"{location}: not in {fixture} ({what}) - mark it `{MARKER}: true` if it is ours, "
        f"or add it to {fixture} if upstream added it"
    )


def wrongly_marked(location: str, fixture: str) -> str:
    """The message for a marked element that upstream has after all."""
    return f"{location}: marked `{MARKER}: true` but {fixture} has it - remove the marker"
