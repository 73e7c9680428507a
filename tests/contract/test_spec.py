"""pieces_contract.spec: finding the operation a recorded request named."""

from __future__ import annotations

from typing import Any

import pytest

from pieces_contract import spec

DOCUMENT = spec.load(spec.default_spec_path())


def _named(method: str, path: str) -> tuple[str, str] | None:
    found = spec.operation_at(DOCUMENT, method, path)
    return None if found is None else (found[0].operation_id, found[1])


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("POST", "/distributions/create", "distributionsCreateNewDistribution"),
        ("GET", "/distributions", "distributionsSnapshot"),
        ("POST", "/distributions/abc/delete", "distributionsDeleteSpecificDistribution"),
    ],
)
def test_operation_at_finds_a_path_without_prefix(method: str, path: str, expected: str) -> None:
    assert _named(method, path) == (expected, path)


def test_operation_at_strips_the_base_urls_own_path() -> None:
    assert _named("POST", "/pieces/os/distributions/abc/delete") == (
        "distributionsDeleteSpecificDistribution",
        "/distributions/abc/delete",
    )


def test_operation_at_prefers_the_shortest_prefix() -> None:
    # The base URL's own path may look like an operation's path; of two readings of a request,
    # the one that leaves the longer operation path (the more specific operation) wins.
    assert _named("GET", "/distributions/distributions") == (
        "distributionsSnapshot",
        "/distributions",
    )
    document: dict[str, Any] = {
        "paths": {
            "/a": {"get": {"operationId": "short"}},
            "/b/a": {"get": {"operationId": "long"}},
        }
    }
    found = spec.operation_at(document, "GET", "/x/b/a")
    assert found is not None
    assert (found[0].operation_id, found[1]) == ("long", "/b/a")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/distributions/create"), ("PUT", "/distributions"), ("GET", "/elsewhere")],
)
def test_operation_at_answers_none_for_a_request_no_operation_names(method: str, path: str) -> None:
    assert _named(method, path) is None
