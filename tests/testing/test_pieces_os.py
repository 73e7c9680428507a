"""The `pieces_os` fixture, used the way an app's tests use it: state, steering, inspection.

Each test gets the session's stand-in Pieces OS back empty; the requests go over real sockets
with httpx (the generated client underneath), the standard library's urllib, or discover().
"""

from __future__ import annotations

import json
import os
import statistics
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pieces_distributions import Client, PiecesOSVersionError, discover
from pieces_distributions.api.distributions import distributions_snapshot
from pieces_distributions.models import AccessEnum, Distributions

from pieces_testing import PiecesOS
from pieces_testing.server import NEWER_ENUM_VALUE, NEWER_PROPERTY, PiecesOSServer
from tests.support.constants import API_KEY_HEADER

CREATE = "/distributions/create"
SNAPSHOT = "/distributions"
GIST = {"github": {"gist": {"name": "notes.md"}}}
# The bound on setting up `pieces_os` for a test, once the server runs.
SETUP_BOUND_SECONDS = 0.020


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    # One client for the module: making an httpx.Client loads a CA bundle (a tenth of a second
    # or more here), which would dwarf what these tests measure and check.
    with httpx.Client(timeout=5) as client:
        yield client


def test_fixture_names_the_server_in_pieces_os_url(pieces_os: PiecesOS) -> None:
    assert os.environ["PIECES_OS_URL"] == pieces_os.url
    assert discover() == pieces_os.url


def test_setup_of_a_test_stays_under_the_bound(pieces_os_session: PiecesOSServer) -> None:
    pieces_os_session.begin_test().add_distribution(GIST)
    samples = []
    for _ in range(25):
        started = time.perf_counter()
        double = pieces_os_session.begin_test()
        samples.append(time.perf_counter() - started)
    assert double.distributions == []
    assert statistics.median(samples) <= SETUP_BOUND_SECONDS


def test_distributions_lists_what_the_app_created(pieces_os: PiecesOS, http: httpx.Client) -> None:
    created = http.post(pieces_os.url + CREATE, json=GIST).json()

    assert pieces_os.distributions == [created]


def test_add_distribution_is_listed_to_the_app(pieces_os: PiecesOS) -> None:
    added = pieces_os.add_distribution(GIST)

    with urllib.request.urlopen(pieces_os.url + SNAPSHOT, timeout=5) as answer:
        listed = json.load(answer)
    assert listed["iterable"] == [added]


def test_add_distribution_refuses_a_seed_the_spec_forbids(pieces_os: PiecesOS) -> None:
    with pytest.raises(ValueError, match="mailgun"):
        pieces_os.add_distribution({"mailgun": {}})


def test_requests_records_method_path_headers_and_body(
    pieces_os: PiecesOS, http: httpx.Client
) -> None:
    http.post(pieces_os.url + CREATE + "?from=test", json=GIST, headers={"X-Trace": "t1"})

    [sent] = pieces_os.requests
    assert (sent.method, sent.path, sent.query) == ("POST", CREATE, "from=test")
    assert sent.header("x-trace") == "t1"
    assert sent.json() == GIST
    assert (sent.operation_id, sent.status) == ("distributionsCreateNewDistribution", 200)


def test_fail_answers_the_documented_status_the_next_times(
    pieces_os: PiecesOS, http: httpx.Client
) -> None:
    pieces_os.fail("distributionsCreateNewDistribution", 507, times=2)

    answers = [http.post(pieces_os.url + CREATE) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [507, 507, 200]
    assert answers[0].text.startswith("insufficient storage")  # the spec's example
    assert len(pieces_os.distributions) == 1


def test_fail_always_by_friendly_name(pieces_os: PiecesOS, http: httpx.Client) -> None:
    pieces_os.fail("snapshot", 500, body="boom")

    answers = [http.get(pieces_os.url + SNAPSHOT) for _ in range(3)]

    assert {(answer.status_code, answer.text) for answer in answers} == {(500, "boom")}


def test_fail_refuses_a_status_the_operation_does_not_document(pieces_os: PiecesOS) -> None:
    with pytest.raises(ValueError, match="documents no error status 507"):
        pieces_os.fail("snapshot", 507)


def test_an_unknown_operation_name_lists_the_known_ones(pieces_os: PiecesOS) -> None:
    with pytest.raises(ValueError, match=r"create \(distributionsCreateNewDistribution\)"):
        pieces_os.delay("list", 1.0)


def test_delay_holds_the_answer(pieces_os: PiecesOS, http: httpx.Client) -> None:
    pieces_os.delay("snapshot", 0.3, times=1)

    started = time.perf_counter()
    assert http.get(pieces_os.url + SNAPSHOT).status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_drop_closes_the_connection_without_an_answer(
    pieces_os: PiecesOS, http: httpx.Client
) -> None:
    pieces_os.drop("create", times=1)

    with pytest.raises(httpx.RemoteProtocolError):
        http.post(pieces_os.url + CREATE)
    assert pieces_os.distributions == []
    assert pieces_os.requests[0].status is None


def test_drop_after_handling_keeps_what_was_done(pieces_os: PiecesOS, http: httpx.Client) -> None:
    pieces_os.drop("create", times=1, after_handling=True)

    with pytest.raises(httpx.RemoteProtocolError):
        http.post(pieces_os.url + CREATE)
    assert len(pieces_os.distributions) == 1


def test_dribble_spreads_the_body_over_the_time_given(
    pieces_os: PiecesOS, http: httpx.Client
) -> None:
    pieces_os.add_distribution(GIST)
    pieces_os.dribble("snapshot", seconds=0.3, chunks=3)

    started = time.perf_counter()
    with http.stream("GET", pieces_os.url + SNAPSHOT) as answer:
        pieces = [piece for piece in answer.iter_raw() if piece]
    assert time.perf_counter() - started >= 0.3
    assert len(pieces) == 3
    assert json.loads(b"".join(pieces))["iterable"] == pieces_os.distributions


def _objects_with_properties(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            found += _objects_with_properties(value)
    elif isinstance(node, list):
        for item in node:
            found += _objects_with_properties(item)
    return found


@pytest.mark.pieces_os(newer="12.1.0")
def test_newer_server_adds_unknown_properties_and_enum_values(
    pieces_os: PiecesOS, http: httpx.Client
) -> None:
    pieces_os.add_distribution(GIST)

    listed = http.get(pieces_os.url + SNAPSHOT).json()

    [distribution] = listed["iterable"]
    assert distribution["share"]["access"] == NEWER_ENUM_VALUE
    assert distribution["github"]["gist"][NEWER_PROPERTY] == {"added_in": "12.1.0"}
    # Every object the spec gives properties gets one, the added ones themselves aside.
    objects = [o for o in _objects_with_properties(listed) if "added_in" not in o]
    assert all(NEWER_PROPERTY in o for o in objects)


@pytest.mark.pieces_os(newer="12.1.0")
def test_generated_client_reads_a_newer_server(pieces_os: PiecesOS) -> None:
    pieces_os.add_distribution(GIST)

    with Client(base_url=discover(min_version="12.0.0")) as client:
        listed = distributions_snapshot.sync(client=client)

    assert isinstance(listed, Distributions)
    access = listed.iterable[0].share.access
    assert isinstance(access, AccessEnum)
    assert (access.value, access.is_declared) == (NEWER_ENUM_VALUE, False)


def test_version_is_what_discover_compares(pieces_os: PiecesOS) -> None:
    pieces_os.version = "11.4.0"

    assert discover(min_version="11.0.0", max_version="12.0.0") == pieces_os.url
    with pytest.raises(PiecesOSVersionError, match=r"11\.4\.0"):
        discover(min_version="12.0.0")


@pytest.mark.pieces_os(api_key="app-key")
def test_api_key_is_required_where_the_spec_secures(
    pieces_os: PiecesOS, http: httpx.Client
) -> None:
    assert http.get(pieces_os.url + SNAPSHOT).status_code == 401
    assert http.get(pieces_os.url + SNAPSHOT, headers={API_KEY_HEADER: "app-key"}).status_code == (
        200
    )
    assert discover() == pieces_os.url  # the well-known paths need no key


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "where"),
    [
        ("GET", "/nowhere", {}, "openapi.yaml #/paths: no path"),
        ("PUT", SNAPSHOT, {}, "openapi.yaml #/paths/~1distributions: no PUT operation"),
        ("GET", SNAPSHOT, {"content": b"{}"}, "#/paths/~1distributions/get: the operation"),
        (
            "POST",
            CREATE,
            {"content": b"{}", "headers": {"Content-Type": "text/plain"}},
            "#/paths/~1distributions~1create/post/requestBody/content: the body's media type",
        ),
        (
            "POST",
            CREATE,
            {"json": {"github": {"gist": {"public": True}}}},
            "request body at /github/gist: invalid SeededDistribution",
        ),
        ("POST", CREATE, {"content": b"{", "headers": {"Content-Type": "application/json"}}, ""),
    ],
    ids=["path", "method", "unexpected-body", "media-type", "schema", "not-json"],
)
@pytest.mark.pieces_os(strict=False)
def test_violation_names_operation_pointer_and_reason(
    pieces_os: PiecesOS,
    http: httpx.Client,
    method: str,
    path: str,
    kwargs: dict[str, Any],
    where: str,
) -> None:
    http.request(method, pieces_os.url + path, **kwargs)

    [violation] = pieces_os.violations
    assert where in str(violation)
    assert pieces_os.requests[0].violation == violation


def test_head_is_judged_as_the_get_it_mirrors(pieces_os: PiecesOS, http: httpx.Client) -> None:
    # The official SDK probes /.well-known/health with HEAD; the test passing is the check.
    assert http.head(pieces_os.url + "/.well-known/health").status_code == 200
