"""Bad input: each gets a 4xx with a one-line text/plain reason and nothing stored changes. The
cases are derived from openapi.yaml where they can be; random negative input is the contract
suite's (tests/contract runs schemathesis' negative mode against the real server). All in
process: the app decides every answer here (the few uvicorn gives itself are in
tests/server/test_sockets.py); the exact wording of the reasons, 413 and 415 are in
tests/server/test_bad_requests.py."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from tests.reliability.support import Record
from tests.support.asgi import in_process
from tests.support.constants import CREATE, JSON_HEADERS, SNAPSHOT, delete_path
from tests.support.http import assert_one_line_reason
from tests.support.spec import HTTP_METHODS, component_schema, load_spec

SEED_SCHEMA = component_schema("SeededDistribution")
# Keywords the walkers below understand; a schema using any other fails here, loudly, rather
# than being tested less than it seems.
UNDERSTOOD = frozenset(
    {"type", "properties", "required", "items", "enum", "description", "example", "default"}
)


@dataclass
class Target:
    client: httpx.Client
    kept_id: str
    snapshot: bytes

    def assert_unchanged(self) -> None:
        response = self.client.get(SNAPSHOT)
        assert response.status_code == HTTPStatus.OK
        assert response.content == self.snapshot, "stored distributions changed"


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Target]:
    """The app in process holding two distributions, for tests that must change nothing."""
    with in_process(tmp_path / "bad-input.sqlite3") as running:
        client = running.client
        kept = client.post(CREATE, json=_full(SEED_SCHEMA)).json()["id"]
        client.post(CREATE)
        yield Target(client, kept, client.get(SNAPSHOT).content)


def _post_each_is_400(target: Target, bodies: list[bytes]) -> int:
    for body in bodies:
        response = target.client.post(CREATE, content=body, headers=JSON_HEADERS)
        assert response.status_code == HTTPStatus.BAD_REQUEST, (body[:200], response.text)
        assert_one_line_reason(response)
    target.assert_unchanged()
    return len(bodies)


# --- documents derived from the SeededDistribution schema ---------------------------------


def _post_json(target: Target, document: Any) -> httpx.Response:
    # Serialized here: httpx would send no body at all for json=None.
    body = json.dumps(document).encode()
    return target.client.post(CREATE, content=body, headers=JSON_HEADERS)


def _full(schema: dict[str, Any]) -> Any:
    """A valid instance with every property present, arrays holding one item."""
    assert set(schema) <= UNDERSTOOD, set(schema) - UNDERSTOOD
    if "enum" in schema:
        return schema["enum"][-1]
    kind = schema["type"]
    if kind == "object":
        return {name: _full(sub) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [_full(schema["items"])]
    return {"string": "text", "integer": 1, "number": 1.5, "boolean": True}[kind]


Location = tuple[str | int, ...]


def _locations(
    schema: dict[str, Any], path: Location = ()
) -> Iterator[tuple[Location, dict[str, Any]]]:
    yield path, schema
    if schema["type"] == "object":
        for name, sub in schema.get("properties", {}).items():
            yield from _locations(sub, (*path, name))
    elif schema["type"] == "array":
        yield from _locations(schema["items"], (*path, 0))


def _with(path: Location, value: Any = None, *, drop: str | None = None) -> Any:
    """The full instance with the value at path replaced, or with key `drop` removed there."""
    document = copy.deepcopy(_full(SEED_SCHEMA))
    if not path and drop is None:
        return value
    parent: Any = document
    for part in path[:-1] if drop is None else path:
        parent = parent[part]
    if drop is None:
        parent[path[-1]] = value
    else:
        del parent[drop]
    return document


def _where(path: Location) -> str:
    """How the server's reasons name a location: mailgun.recipients.iterable[0].email."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return f" at {text}" if text else ":"


WRONG_VALUES = {
    "string": "text",
    "integer": 7,
    "number": 2.5,
    "boolean": True,
    "array": [],
    "object": {},
    "null": None,
}
ACCEPTED_KINDS = {
    "string": {"string"},
    "integer": {"integer"},
    "number": {"integer", "number"},
    "boolean": {"boolean"},
    "array": {"array"},
    "object": {"object"},
}


def test_full_seed_used_below_is_valid(target: Target) -> None:
    # Every case below is this document with one thing wrong; it must be right to begin with.
    created = target.client.post(CREATE, json=_full(SEED_SCHEMA))
    assert created.status_code == HTTPStatus.OK
    assert (
        target.client.post(delete_path(created.json()["id"])).status_code == HTTPStatus.NO_CONTENT
    )
    target.assert_unchanged()


def test_wrong_type_at_every_nesting_level_returns_400(target: Target, figures: Record) -> None:
    tried = levels = 0
    for path, schema in _locations(SEED_SCHEMA):
        levels += 1
        for kind, value in WRONG_VALUES.items():
            if kind in ACCEPTED_KINDS[schema["type"]]:
                continue
            response = _post_json(target, _with(path, value))
            assert response.status_code == HTTPStatus.BAD_REQUEST, (path, kind, response.text)
            assert_one_line_reason(response)
            assert f"invalid SeededDistribution{_where(path)}" in response.text, response.text
            assert "is not of type" in response.text
            tried += 1
    assert tried
    target.assert_unchanged()
    figures(f"bad input: {tried} wrong-type bodies at all {levels} locations of the seed, all 400")


def test_unknown_enum_value_returns_400(target: Target, figures: Record) -> None:
    tried = 0
    for path, schema in _locations(SEED_SCHEMA):
        if "enum" not in schema:
            continue
        for value in ("NOT_A_VALUE", schema["enum"][0].lower(), "", f" {schema['enum'][0]}"):
            response = _post_json(target, _with(path, value))
            assert response.status_code == HTTPStatus.BAD_REQUEST, (path, value, response.text)
            assert_one_line_reason(response)
            assert f"invalid SeededDistribution{_where(path)}" in response.text
            assert "is not one of" in response.text
            tried += 1
    assert tried
    target.assert_unchanged()
    figures(f"bad input: {tried} unknown enum values, all 400")


def test_missing_required_nested_field_returns_400(target: Target, figures: Record) -> None:
    tried = 0
    for path, schema in _locations(SEED_SCHEMA):
        for name in schema.get("required", []):
            response = _post_json(target, _with(path, drop=name))
            assert response.status_code == HTTPStatus.BAD_REQUEST, (path, name, response.text)
            assert_one_line_reason(response)
            assert f"invalid SeededDistribution{_where(path)}" in response.text
            assert f"'{name}' is a required property" in response.text
            tried += 1
    assert tried
    # The two the issue names, among the rest: mailgun without recipients, a gist without name.
    named = [(("mailgun",), "recipients"), (("github", "gist"), "name")]
    for path, name in named:
        assert name in component_schema_at(path).get("required", [])
    target.assert_unchanged()
    figures(f"bad input: {tried} bodies missing a required nested field, all 400")


def component_schema_at(path: Location) -> dict[str, Any]:
    return dict(_locations(SEED_SCHEMA))[path]


# --- bodies that are not JSON objects ----------------------------------------------------


MALFORMED = [
    b"{",
    b"}",
    b"{'mailgun': {}}",
    b'{"mailgun" {}}',
    b'{"mailgun": {},}',
    b'{"a": tru}',
    b'{"a": 01}',
    b'{"a": "unterminated}',
    b'{"a": 1}{"b": 2}',
    b'{"a": 1} x',
    b"   ",
    b"\x00",
    b'{"a": NaN}',
    b'{"a": -Infinity}',
    b'{"a": "\\x"}',
    b"\xef\xbb\xbf{}",  # a UTF-8 byte order mark is not JSON
    b'{"a": "\\ud800"}',  # parses, but a lone surrogate cannot be stored as UTF-8
    b"[" * 100_000,
    b'{"a": ' + b"9" * 5_000 + b"}",  # longer than Python converts to int
]


def test_malformed_json_returns_400(target: Target, figures: Record) -> None:
    tried = _post_each_is_400(target, MALFORMED)
    figures(f"bad input: {tried} malformed JSON bodies, all 400")


def test_truncated_json_returns_400(target: Target, figures: Record) -> None:
    document = json.dumps(_full(SEED_SCHEMA)).encode()
    # Every proper prefix of an object is unfinished JSON; a step keeps the count bounded.
    cuts = range(1, len(document), max(1, len(document) // 150))
    tried = _post_each_is_400(target, [document[:cut] for cut in cuts])
    figures(f"bad input: {tried} truncations of a {len(document)}-byte seed, all 400")


NOT_OBJECTS = [
    b"[]",
    b"[{}]",
    b'"text"',
    b'""',
    b"0",
    b"-1.5",
    b"1e999",
    b"true",
    b"false",
    b"null",
]


def test_json_that_is_not_an_object_returns_400(target: Target, figures: Record) -> None:
    for body in NOT_OBJECTS:
        response = target.client.post(CREATE, content=body, headers=JSON_HEADERS)
        assert response.status_code == HTTPStatus.BAD_REQUEST, body
        assert_one_line_reason(response)
        assert "is not of type 'object'" in response.text
    target.assert_unchanged()
    figures(f"bad input: {len(NOT_OBJECTS)} JSON arrays, strings, numbers, booleans, null: all 400")


INVALID_UTF8 = [
    b'{"name": "\xff"}',
    b'{"name": "caf\xe9"}',  # Latin-1
    b'{"name": "\xc3\x28"}',
    b'{"name": "\xc0\xaf"}',  # overlong encoding of "/"
    b'{"name": "\xed\xa0\x80"}',  # a UTF-16 surrogate encoded as UTF-8
    b'{"name": "\xe2\x82"}',  # cut inside a character
    b'{"name": "\xf4\x90\x80\x80"}',  # above U+10FFFF
    "{}".encode("utf-16"),
    "{}".encode("utf-32"),
]


def test_invalid_utf8_returns_400(target: Target, figures: Record) -> None:
    tried = _post_each_is_400(target, INVALID_UTF8)
    figures(f"bad input: {tried} bodies that are not UTF-8, all 400")


# --- path ids ------------------------------------------------------------------------------


PATH_IDS = {
    "empty": "",
    "10,000 characters": "a" * 10_000,
    "non-ASCII": quote("été-日本-🙂"),
    "percent-encoded slash": "a%2Fb",
    "percent-encoded slash only": "%2F",
    "percent-encoded dots": "%2E%2E",
    "percent-encoded traversal": "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "percent-encoded NUL": "%00",
    "invalid percent escape": "%zz",
    "lone percent": "%",
    "invalid UTF-8 escape": "%ff%fe",
    "spaces": "%20%20",
    "control characters": "%0d%0aX-Injected:%201",
}


def test_odd_path_ids_return_404_and_delete_nothing(target: Target, figures: Record) -> None:
    for name, distribution_id in PATH_IDS.items():
        response = target.client.post(delete_path(distribution_id))
        assert response.status_code == HTTPStatus.NOT_FOUND, (name, response.text[:200])
        assert_one_line_reason(response)
        assert "x-injected" not in response.headers
    # The real id wrapped in encoded slashes or dots is still not the real id.
    for wrapped in (f"%2F{target.kept_id}", f"{target.kept_id}%2F", f"%2E%2E%2F{target.kept_id}"):
        assert target.client.post(delete_path(wrapped)).status_code == HTTPStatus.NOT_FOUND
    # (Bytes that are not ASCII at all in the request line never reach the app: uvicorn's
    # parser answers them, tests/server/test_sockets.py.)
    target.assert_unchanged()
    figures(
        f"bad input: {len(PATH_IDS) + 3} odd path ids (empty, 10,000 chars, non-ASCII, "
        "%2F, %2E, ...): 404, nothing deleted"
    )


# --- methods -------------------------------------------------------------------------------


def _documented_methods() -> dict[str, set[str]]:
    """Each path of openapi.yaml (an id in place of a template) -> its methods, plus HEAD
    wherever GET is (a server answers HEAD like GET without a body)."""
    documented = {}
    for path, item in load_spec()["paths"].items():
        methods = {method.upper() for method in HTTP_METHODS if method in item}
        documented[path.replace("{distribution}", "x")] = methods | (
            {"HEAD"} if "GET" in methods else set()
        )
    return documented


METHODS = [*(method.upper() for method in HTTP_METHODS), "BREW"]


def test_unsupported_method_returns_405_with_allow(target: Target, figures: Record) -> None:
    tried = 0
    for path, allowed in _documented_methods().items():
        for method in METHODS:
            if method in allowed:
                continue
            response = target.client.request(method, path, content=b"{}", headers=JSON_HEADERS)
            assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED, (method, path)
            # Starlette keeps the methods in a set, so their order varies from run to run.
            assert set(response.headers["allow"].split(", ")) == allowed
            if method != "HEAD":
                assert_one_line_reason(response)
            tried += 1
    target.assert_unchanged()
    figures(f"bad input: {tried} unsupported method/path pairs, all 405 with Allow")
