"""Bad input: each gets a 4xx with a one-line text/plain reason, the server stays up and nothing
stored changes. The cases are derived from openapi.yaml where they can be, plus a bounded
schemathesis run in negative mode against the create operation."""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from reference_server.launcher import LiveServer, live_server
from tests.reliability.support import (
    CREATE,
    JSON_HEADERS,
    ROOT,
    SNAPSHOT,
    Record,
    delete_path,
)
from tests.support.http import assert_one_line_reason, raw_exchange, raw_status
from tests.support.spec import component_schema

FUZZ_CASES = 200
SEED_SCHEMA = component_schema("SeededDistribution")
# Keywords the walkers below understand; a schema using any other fails here, loudly, rather
# than being tested less than it seems.
UNDERSTOOD = frozenset(
    {"type", "properties", "required", "items", "enum", "description", "example", "default"}
)


@dataclass
class Target:
    server: LiveServer
    client: httpx.Client
    kept_id: str
    snapshot: bytes

    def assert_unchanged(self) -> None:
        assert self.server.process.poll() is None, "the server died"
        response = self.client.get(SNAPSHOT)
        assert response.status_code == 200
        assert response.content == self.snapshot, "stored distributions changed"


@pytest.fixture(scope="module")
def shared_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    """A server holding two distributions, shared by the tests that must change nothing."""
    db_path = tmp_path_factory.mktemp("bad-input") / "distributions.sqlite3"
    with live_server(db_path) as server, httpx.Client(base_url=server.base_url, timeout=10) as c:
        kept = c.post(CREATE, json=_full(SEED_SCHEMA)).json()["id"]
        c.post(CREATE)
        yield Target(server, c, kept, c.get(SNAPSHOT).content)


@pytest.fixture
def target(shared_target: Target) -> Target:
    # Compared with the state at the start of each test, so one test's failure to leave the
    # data alone is reported by that test only.
    shared_target.snapshot = shared_target.client.get(SNAPSHOT).content
    return shared_target


def _post_each(target: Target, bodies: list[bytes], status: int, headers: Any = None) -> int:
    for body in bodies:
        response = target.client.post(CREATE, content=body, headers=headers or JSON_HEADERS)
        assert response.status_code == status, (body[:200], response.text)
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
    assert created.status_code == 200
    assert target.client.post(delete_path(created.json()["id"])).status_code == 204
    target.assert_unchanged()


def test_wrong_type_at_every_nesting_level_returns_400(target: Target, figures: Record) -> None:
    tried = levels = 0
    for path, schema in _locations(SEED_SCHEMA):
        levels += 1
        for kind, value in WRONG_VALUES.items():
            if kind in ACCEPTED_KINDS[schema["type"]]:
                continue
            response = _post_json(target, _with(path, value))
            assert response.status_code == 400, (path, kind, response.text)
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
            assert response.status_code == 400, (path, value, response.text)
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
            assert response.status_code == 400, (path, name, response.text)
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
    tried = _post_each(target, MALFORMED, 400)
    figures(f"bad input: {tried} malformed JSON bodies, all 400")


def test_truncated_json_returns_400(target: Target, figures: Record) -> None:
    document = json.dumps(_full(SEED_SCHEMA)).encode()
    # Every proper prefix of an object is unfinished JSON; a step keeps the count bounded.
    cuts = range(1, len(document), max(1, len(document) // 150))
    tried = _post_each(target, [document[:cut] for cut in cuts], 400)
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
        assert response.status_code == 400, body
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
    tried = _post_each(target, INVALID_UTF8, 400)
    figures(f"bad input: {tried} bodies that are not UTF-8, all 400")


CONTENT_TYPES = [
    None,
    "",
    "text/plain",
    "text/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "application/jsonx",
    "application/json-patch+json",
    "application/json; charset=latin-1",
    "application/json; charset=utf-16",
    "*/*",
]


def test_body_with_wrong_or_missing_content_type_returns_415(
    target: Target, figures: Record
) -> None:
    for content_type in CONTENT_TYPES:
        # httpx would add a Content-Type of its own for some bodies; raw bytes get none.
        headers = {} if content_type is None else {"Content-Type": content_type}
        response = target.client.post(CREATE, content=b"{}", headers=headers)
        assert response.status_code == 415, (content_type, response.text)
        assert_one_line_reason(response)
    target.assert_unchanged()
    figures(f"bad input: {len(CONTENT_TYPES)} wrong or missing Content-Types with a body, all 415")


def test_body_over_the_size_limit_returns_413(target: Target, figures: Record) -> None:
    limit = 1024 * 1024  # the default limit of the server under test
    oversized = b"{}".ljust(limit + 1, b" ")

    def chunks() -> Iterator[bytes]:
        # No Content-Length: the server can only find out while reading.
        for start in range(0, len(oversized), 64 * 1024):
            yield oversized[start : start + 64 * 1024]

    declared = (
        f"POST {CREATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {10 * limit}\r\n\r\n"
    ).encode()
    answers = [
        target.client.post(CREATE, content=oversized, headers=JSON_HEADERS),
        target.client.post(CREATE, content=chunks(), headers=JSON_HEADERS),
    ]
    for response in answers:
        assert response.status_code == 413
        assert_one_line_reason(response)
        assert response.text == f"request body larger than {limit} bytes"
    # Only the declared length is sent, never the body: the answer must not wait for it.
    status, headers, body = raw_status(raw_exchange(target.server.base_url, declared))
    assert status == 413
    assert headers["content-type"].startswith("text/plain")
    assert body == f"request body larger than {limit} bytes".encode()
    at_limit = target.client.post(CREATE, content=b"{}".ljust(limit, b" "), headers=JSON_HEADERS)
    assert at_limit.status_code == 200
    assert target.client.post(delete_path(at_limit.json()["id"])).status_code == 204
    target.assert_unchanged()
    figures("bad input: 3 bodies over the 1 MiB limit (sized, chunked, declared only), all 413")


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
        assert response.status_code == 404, (name, response.text[:200])
        assert_one_line_reason(response)
        assert "x-injected" not in response.headers
    # The real id wrapped in encoded slashes or dots is still not the real id.
    for wrapped in (f"%2F{target.kept_id}", f"{target.kept_id}%2F", f"%2E%2E%2F{target.kept_id}"):
        assert target.client.post(delete_path(wrapped)).status_code == 404
    # Bytes that are not ASCII at all in the request line: the HTTP parser refuses them.
    raw = f"POST {delete_path('été')} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    status, headers, body = raw_status(raw_exchange(target.server.base_url, raw.encode()))
    assert status == 400
    assert headers["content-type"].startswith("text/plain")
    assert b"\n" not in body
    target.assert_unchanged()
    figures(
        f"bad input: {len(PATH_IDS) + 4} odd path ids (empty, 10,000 chars, non-ASCII, "
        "%2F, %2E, ...): 404 or 400, nothing deleted"
    )


# --- methods -------------------------------------------------------------------------------

DOCUMENTED = {CREATE: {"POST"}, delete_path("x"): {"POST"}, SNAPSHOT: {"GET", "HEAD"}}
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "BREW"]


def test_unsupported_method_returns_405_with_allow(target: Target, figures: Record) -> None:
    tried = 0
    for path, allowed in DOCUMENTED.items():
        for method in METHODS:
            if method in allowed:
                continue
            response = target.client.request(method, path, content=b"{}", headers=JSON_HEADERS)
            assert response.status_code == 405, (method, path)
            assert set(response.headers["allow"].split(", ")) == allowed | (
                {"HEAD"} if "GET" in allowed else set()
            )
            if method != "HEAD":
                assert_one_line_reason(response)
            tried += 1
    target.assert_unchanged()
    figures(f"bad input: {tried} unsupported method/path pairs, all 405 with Allow")


# --- fuzzing -------------------------------------------------------------------------------


def test_negative_fuzzing_of_create_never_returns_5xx(tmp_path: Path, figures: Record) -> None:
    # A config of its own: the project's schemathesis.toml is for `make contract`.
    schema = schemathesis.openapi.from_path(ROOT / "openapi.yaml", config=schemathesis.Config())
    strategy = schema[CREATE]["POST"].as_strategy(generation_mode=GenerationMode.NEGATIVE)
    statuses: Counter[int] = Counter()
    with live_server(tmp_path / "fuzz.sqlite3") as server:

        @settings(
            max_examples=FUZZ_CASES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(case=strategy)
        def create(case: schemathesis.Case[Any]) -> None:
            response = case.call(base_url=server.base_url, timeout=10)
            statuses[response.status_code] += 1
            assert response.status_code < 500, (response.status_code, response.text)
            if response.status_code >= 400:
                assert response.headers["content-type"][0].startswith("text/plain")
                assert "\n" not in response.text
                assert response.text.strip()

        create()
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            # What was accepted (no body, or a body that was valid after all) was stored once.
            assert len(client.get(SNAPSHOT).json()["iterable"]) == statuses[200]
    tried = statuses.total()
    assert tried >= FUZZ_CASES // 2
    shown = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
    figures(f"fuzz: {tried} schemathesis negative cases against create ({shown}), 0 5xx")
