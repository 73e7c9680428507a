"""openapi.yaml's /.well-known/* operations are upstream's, marked as not on the page."""

from __future__ import annotations

import pytest

from tests.support.spec import load_spec

# Upstream's WellKnown API (../shared/reference/README.md): path -> operationId.
WELL_KNOWN = {
    "/.well-known/health": "getWellKnownHealth",
    "/.well-known/version": "getWellKnownVersion",
}


@pytest.mark.parametrize("path", sorted(WELL_KNOWN))
def test_well_known_operation_is_upstreams_keyless_text_get(path: str) -> None:
    item = load_spec()["paths"][path]
    # Upstream has it, the Distributions page does not (tests/spec holds it to the SDK's).
    assert item["x-not-on-page"] is True
    assert set(item) == {"x-not-on-page", "get"}
    operation = item["get"]
    assert operation["operationId"] == WELL_KNOWN[path]
    assert operation["tags"] == ["WellKnown"]
    assert operation["security"] == []
    # Upstream documents 200 alone; our 403 (the Host and cross-site guard) is an addition.
    assert list(operation["responses"]) == ["200", "403"]
    content = operation["responses"]["200"]["content"]
    assert list(content) == ["text/plain"]
    assert content["text/plain"]["schema"] == {"type": "string"}


def test_well_known_tag_is_declared_as_not_on_page() -> None:
    tags = {tag["name"]: tag for tag in load_spec()["tags"]}
    assert tags["WellKnown"]["x-not-on-page"] is True
