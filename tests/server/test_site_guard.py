"""DNS rebinding and cross-site requests are refused before any work; allowed hosts and origins,
same-origin and non-browser requests are served. All in process (reference_server.guard)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from starlette.types import ASGIApp

from reference_server.app import create_app
from reference_server.cli import remote_warning
from reference_server.settings import MEMORY_DB, Settings, SettingsError
from tests.support.asgi import BASE_URL, request
from tests.support.http import assert_one_line_text

CREATE = "/distributions/create"
SNAPSHOT = "/distributions"
KEY = "guard-test-key"
SELF = "http://127.0.0.1:1000"  # the origin of BASE_URL

# Host values a rebound page (or a prober) sends: foreign names with and without a port, a name
# that starts like a loopback address, a foreign address, a loopback name as a subdomain, empty.
FOREIGN_HOSTS = [
    "evil.attacker.example",
    "evil.attacker.example:1000",
    "127.0.0.1.attacker.example:1000",
    "203.0.113.7:1000",
    "localhost.attacker.example",
    "",
]
# What browsers send for a request from a page on another site.
CROSS_SITE = {
    "foreign-origin": {"Origin": "http://evil.attacker.example"},
    "other-local-port": {"Origin": "http://127.0.0.1:5173"},
    "null-origin": {"Origin": "null"},
    "sec-fetch-site-alone": {"Sec-Fetch-Site": "cross-site"},
    "sec-fetch-site-and-origin": {
        "Sec-Fetch-Site": "cross-site",
        "Origin": "http://evil.attacker.example",
    },
    "same-site-other-port": {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost:5173"},
}


def _app(**settings: object) -> ASGIApp:
    return create_app(Settings(db=MEMORY_DB, **settings))  # type: ignore[arg-type]


def _snapshot(app: ASGIApp) -> bytes:
    response = request(app, "GET", SNAPSHOT)
    assert response.status_code == 200, response.text
    return response.content


Operation = Callable[[ASGIApp, dict[str, str]], httpx.Response]


def _create(app: ASGIApp, headers: dict[str, str]) -> httpx.Response:
    return request(app, "POST", CREATE, headers=headers, json={})


def _delete(app: ASGIApp, headers: dict[str, str]) -> httpx.Response:
    # A real id, so that only the guard can stop the delete.
    kept = request(app, "POST", CREATE).json()["id"]
    return request(app, "POST", f"/distributions/{kept}/delete", headers=headers)


def _list(app: ASGIApp, headers: dict[str, str]) -> httpx.Response:
    return request(app, "GET", SNAPSHOT, headers=headers)


OPERATIONS: dict[str, Operation] = {"create": _create, "delete": _delete, "snapshot": _list}


def _assert_refused(app: ASGIApp, operation: Operation, headers: dict[str, str]) -> None:
    before = _snapshot(app) if operation is not _delete else None
    response = operation(app, headers)
    assert response.status_code == 403, response.text
    assert_one_line_text(response)
    assert "access-control-allow-origin" not in response.headers
    after = _snapshot(app)
    if before is not None:
        assert after == before  # nothing created
    else:
        assert len(httpx.Response(200, content=after).json()["iterable"]) >= 1  # nothing deleted


@pytest.mark.parametrize("operation", OPERATIONS, ids=list(OPERATIONS))
@pytest.mark.parametrize("host", FOREIGN_HOSTS, ids=lambda host: host or "empty")
def test_foreign_host_is_refused_and_changes_nothing(operation: str, host: str) -> None:
    app = _app()
    _assert_refused(app, OPERATIONS[operation], {"Host": host})


@pytest.mark.parametrize("operation", OPERATIONS, ids=list(OPERATIONS))
@pytest.mark.parametrize("kind", CROSS_SITE)
def test_cross_site_request_is_refused_and_changes_nothing(operation: str, kind: str) -> None:
    app = _app()
    _assert_refused(app, OPERATIONS[operation], CROSS_SITE[kind])


@pytest.mark.parametrize(
    "headers",
    [
        [("Origin", "http://evil.attacker.example"), ("Origin", SELF)],
        [("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Site", "same-origin")],
        [("Host", "evil.attacker.example"), ("Host", "127.0.0.1:1000")],
    ],
    ids=["origin", "sec-fetch-site", "host"],
)
def test_repeated_guard_header_is_refused_and_changes_nothing(
    headers: list[tuple[str, str]],
) -> None:
    # A foreign value first and a same-origin one last: whichever copy a reader takes, the
    # request must not pass on the strength of the other.
    app = _app()
    response = request(app, "POST", CREATE, headers=httpx.Headers(headers), json={})
    assert response.status_code == 403, response.text
    assert_one_line_text(response)
    assert response.text == f"request refused: more than one {headers[0][0]} header"
    assert _snapshot(app) == b'{"iterable":[]}'


def test_refusals_come_before_the_api_key_check() -> None:
    # A refused request must not learn whether a key is needed, let alone whether it is right.
    app = _app(api_key=KEY)
    assert _list(app, {"Host": "evil.attacker.example"}).status_code == 403
    assert _list(app, {"Origin": "null", "X-Application-ID": "wrong"}).status_code == 403
    assert _list(app, {}).status_code == 401


@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost:1000", "127.0.0.1:1000", "127.0.0.2", "[::1]:1000", "LOCALHOST"],
)
def test_loopback_names_are_served_on_any_port(host: str) -> None:
    assert _list(_app(), {"Host": host}).status_code == 200


@pytest.mark.parametrize("operation", OPERATIONS, ids=list(OPERATIONS))
def test_requests_without_origin_are_served_as_before(operation: str) -> None:
    # curl, the official SDKs and our client send neither Origin nor Sec-Fetch-Site.
    response = OPERATIONS[operation](_app(), {})
    assert response.status_code in {200, 204}, response.text
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": SELF},
        {"Origin": SELF, "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed into the address bar
        {"Host": "localhost:1000", "Origin": "http://localhost:1000"},
    ],
    ids=["origin", "origin-and-fetch-site", "fetch-site", "fetch-site-none", "localhost"],
)
def test_same_origin_requests_are_served(headers: dict[str, str]) -> None:
    app = _app()
    created = _create(app, headers)
    assert created.status_code == 200, created.text
    assert "access-control-allow-origin" not in created.headers


@pytest.mark.parametrize(
    "host",
    ["pieces.example.net", "pieces.example.net:8443", "box.lan", "lan", "PIECES.example.NET"],
)
def test_allowed_hosts_are_served(host: str) -> None:
    app = _app(allowed_hosts=("pieces.example.net", ".lan"))
    assert _create(app, {"Host": host}).status_code == 200
    assert _list(app, {"Host": "other.example.net"}).status_code == 403


def test_any_address_is_a_valid_host_when_bound_to_all_interfaces() -> None:
    # Clients on the network reach the server by address; an address cannot be rebound.
    app = _app(host="0.0.0.0")
    assert _list(app, {"Host": "192.168.1.20:1000"}).status_code == 200
    assert _list(app, {"Host": "[fd00::20]:1000"}).status_code == 200
    assert _list(app, {"Host": "nas.attacker.example"}).status_code == 403


def test_allowed_origin_is_served_with_cors_headers_for_it_alone() -> None:
    app = _app(allowed_origins=("http://localhost:5173",))
    headers = {"Origin": "http://localhost:5173", "Sec-Fetch-Site": "same-site"}
    created = _create(app, headers)
    assert created.status_code == 200, created.text
    assert created.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert created.headers["vary"] == "Origin"
    # Another origin is still refused, with no CORS header naming anyone.
    _assert_refused(app, _create, {"Origin": "http://localhost:5174"})


def test_allowed_origin_preflight_is_answered() -> None:
    app = _app(allowed_origins=("https://app.example.com",), api_key=KEY)
    preflight = {
        "Origin": "https://app.example.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-application-id",
    }
    answer = request(app, "OPTIONS", CREATE, headers=preflight)
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "https://app.example.com"
    assert set(answer.headers["access-control-allow-methods"].split(", ")) == {"GET", "POST"}
    assert "X-Application-ID" in answer.headers["access-control-allow-headers"]
    # The same preflight from an origin not named is refused.
    preflight["Origin"] = "https://evil.example.com"
    assert request(app, "OPTIONS", CREATE, headers=preflight).status_code == 403


def test_allowed_lists_come_from_flags_or_comma_separated_variables() -> None:
    flags = ["--allowed-host", "a.example", "--allowed-host", ".b.example"]
    flags += ["--allowed-origin", "http://a.example:3000"]
    settings = Settings.from_command_line(flags, {"PIECES_ALLOWED_HOSTS": "ignored.example"})
    assert settings.allowed_hosts == ("a.example", ".b.example")
    assert settings.allowed_origins == ("http://a.example:3000",)
    environ = {"PIECES_ALLOWED_HOSTS": "a.example, c.example", "PIECES_ALLOWED_ORIGINS": ""}
    settings = Settings.from_environ(environ)
    assert (settings.allowed_hosts, settings.allowed_origins) == (("a.example", "c.example"), ())
    # Worker processes get the lists back through the same variables.
    assert Settings.from_environ(settings.to_environ()) == settings


@pytest.mark.parametrize(
    "origin", ["*", "null", "localhost:5173", "http://a.example/path", "ftp://a.example"]
)
def test_allowed_origin_that_is_not_an_origin_is_a_settings_error(origin: str) -> None:
    with pytest.raises(SettingsError, match="an allowed origin is scheme://host"):
        Settings(allowed_origins=(origin,))


def test_non_loopback_bind_without_allowed_hosts_warns_at_start_up() -> None:
    assert remote_warning(Settings()) is None
    assert remote_warning(Settings(host="::1")) is None
    warning = remote_warning(Settings(host="0.0.0.0"))
    assert warning is not None
    assert "--allowed-host" in warning
    assert "\n" not in warning
    assert remote_warning(Settings(host="0.0.0.0", allowed_hosts=("box.lan",))) is None


def test_base_url_is_a_loopback_origin() -> None:
    # The in-process requests above rely on this: BASE_URL is what a loopback bind answers.
    assert BASE_URL == SELF
