"""Settings: flags first, then PIECES_* environment variables, then the documented defaults."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from reference_server.cli import server_options
from reference_server.settings import Settings

ENVIRONMENT = {
    "PIECES_HOST": "192.0.2.1",
    "PIECES_PORT": "8080",
    "PIECES_DB": "env.sqlite3",
    "PIECES_API_KEY": "env-key",
    "PIECES_MAX_BODY_BYTES": "2048",
    "PIECES_SPEC": "env.yaml",
    "PIECES_REQUEST_TIMEOUT": "2.5",
    "PIECES_KEEP_ALIVE": "1",
    "PIECES_WRITE_TIMEOUT": "3",
    "PIECES_TRUSTED_PROXIES": "10.0.0.1, 192.0.2.0/24",
}


def test_defaults_without_flags_or_environment() -> None:
    settings = Settings.from_command_line([], {})
    assert (settings.host, settings.port, settings.db) == (
        "127.0.0.1",
        None,
        "distributions.sqlite3",
    )
    # No port given: Pieces OS 11's range, first port first.
    assert list(settings.ports()) == list(range(39300, 39334))
    assert (settings.api_key, settings.max_body_bytes, settings.workers) == (None, 1024 * 1024, 1)
    assert (settings.spec, settings.access_log) == (None, False)
    # The slow-client and unread-answer tests run their servers with short timeouts of their
    # own, so these are pinned here: the request deadline, keep-alive and write deadline the
    # README documents.
    assert (settings.request_timeout, settings.keep_alive, settings.write_timeout) == (
        10.0,
        5.0,
        10.0,
    )
    assert settings.trusted_proxies == ()


def test_environment_fills_in_missing_flags() -> None:
    settings = Settings.from_command_line([], ENVIRONMENT)
    assert (settings.host, settings.port, settings.db) == ("192.0.2.1", 8080, "env.sqlite3")
    assert (settings.api_key, settings.max_body_bytes) == ("env-key", 2048)
    assert settings.spec == Path("env.yaml")
    assert (settings.request_timeout, settings.keep_alive, settings.write_timeout) == (2.5, 1.0, 3)
    assert settings.trusted_proxies == ("10.0.0.1", "192.0.2.0/24")


def test_flags_win_over_environment() -> None:
    argv = ["--host", "::1", "--port", "0", "--db", ":memory:", "--api-key", "flag-key"]
    argv += ["--max-body-bytes", "10", "--spec", "flag.yaml", "--workers", "1", "--access-log"]
    argv += ["--request-timeout", "0.75", "--keep-alive", "0.5", "--write-timeout", "0.25"]
    argv += ["--trusted-proxy", "::1"]
    settings = Settings.from_command_line(argv, ENVIRONMENT)
    assert (settings.host, settings.port, settings.db) == ("::1", 0, ":memory:")
    assert (settings.api_key, settings.max_body_bytes) == ("flag-key", 10)
    assert (settings.spec, settings.access_log) == (Path("flag.yaml"), True)
    assert (settings.request_timeout, settings.keep_alive, settings.write_timeout) == (
        0.75,
        0.5,
        0.25,
    )
    assert settings.trusted_proxies == ("::1",)


def test_empty_api_key_variable_means_no_key() -> None:
    # `make serve API_KEY=` passes an empty PIECES_API_KEY: no key, not a locked server.
    assert Settings.from_command_line([], {"PIECES_API_KEY": ""}).api_key is None


def test_empty_api_key_flag_exits_with_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    # `--api-key "$KEY"` with KEY unset must not start a server that asks for no key.
    with pytest.raises(SystemExit) as exited:
        Settings.from_command_line(["--api-key", ""], {"PIECES_API_KEY": "from-env"})
    assert exited.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.endswith(
        "--api-key is empty: give the key, or leave the flag out to serve without one"
    )


def test_environment_round_trip_gives_workers_the_same_settings() -> None:
    settings = Settings.from_command_line(["--port", "0", "--api-key", "k"], ENVIRONMENT)
    assert Settings.from_environ(settings.to_environ()) == settings


@pytest.mark.parametrize(
    "argv",
    [
        ["--port", "http"],
        ["--port", "70000"],
        ["--max-body-bytes", "0"],
        ["--workers", "0"],
        ["--request-timeout", "0"],
        ["--request-timeout", "soon"],
        ["--keep-alive", "-1"],
        ["--keep-alive", "nan"],
        ["--keep-alive", "inf"],
        ["--write-timeout", "0"],
        ["--trusted-proxy", "proxy.example"],
        ["--workers", "2", "--db", ":memory:"],
    ],
)
def test_unusable_values_exit_with_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        Settings.from_command_line(argv, {})
    assert exited.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith("python -m reference_server")


def test_server_options_hand_the_timeouts_to_uvicorn() -> None:
    options = server_options(Settings(request_timeout=2.5, keep_alive=1.5, write_timeout=4.0))
    assert options["timeout_keep_alive"] == 1.5
    # One protocol per connection is made by calling this; the deadlines are bound into it.
    deadlines = {"request_timeout": 2.5, "write_timeout": 4.0}
    assert options["http"].keywords == deadlines
    # Worker processes get the uvicorn config pickled: the option must survive that.
    assert pickle.loads(pickle.dumps(options["http"])).keywords == deadlines
    # Without settings (bench's ceiling server): the defaults.
    assert server_options()["timeout_keep_alive"] == 5.0
    assert server_options()["http"].keywords == {"request_timeout": 10.0, "write_timeout": 10.0}


def test_server_options_believe_forwarded_headers_only_from_trusted_proxies() -> None:
    assert server_options()["proxy_headers"] is False
    options = server_options(Settings(trusted_proxies=("10.0.0.1",)))
    assert (options["proxy_headers"], options["forwarded_allow_ips"]) == (True, ["10.0.0.1"])
