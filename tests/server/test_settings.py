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
    # The slow-client test runs its server with short timeouts of its own, so these are pinned
    # here: the request deadline and the keep-alive the README documents.
    assert (settings.request_timeout, settings.keep_alive) == (10.0, 5.0)


def test_environment_fills_in_missing_flags() -> None:
    settings = Settings.from_command_line([], ENVIRONMENT)
    assert (settings.host, settings.port, settings.db) == ("192.0.2.1", 8080, "env.sqlite3")
    assert (settings.api_key, settings.max_body_bytes) == ("env-key", 2048)
    assert settings.spec == Path("env.yaml")
    assert (settings.request_timeout, settings.keep_alive) == (2.5, 1.0)


def test_flags_win_over_environment() -> None:
    argv = ["--host", "::1", "--port", "0", "--db", ":memory:", "--api-key", "flag-key"]
    argv += ["--max-body-bytes", "10", "--spec", "flag.yaml", "--workers", "1", "--access-log"]
    argv += ["--request-timeout", "0.75", "--keep-alive", "0.5"]
    settings = Settings.from_command_line(argv, ENVIRONMENT)
    assert (settings.host, settings.port, settings.db) == ("::1", 0, ":memory:")
    assert (settings.api_key, settings.max_body_bytes) == ("flag-key", 10)
    assert (settings.spec, settings.access_log) == (Path("flag.yaml"), True)
    assert (settings.request_timeout, settings.keep_alive) == (0.75, 0.5)


def test_empty_api_key_means_no_key() -> None:
    assert Settings.from_command_line([], {"PIECES_API_KEY": ""}).api_key is None


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


def test_server_options_hand_both_timeouts_to_uvicorn() -> None:
    options = server_options(Settings(request_timeout=2.5, keep_alive=1.5))
    assert options["timeout_keep_alive"] == 1.5
    # One protocol per connection is made by calling this; the deadline is bound into it.
    assert options["http"].keywords == {"request_timeout": 2.5}
    # Worker processes get the uvicorn config pickled: the option must survive that.
    assert pickle.loads(pickle.dumps(options["http"])).keywords == {"request_timeout": 2.5}
    # Without settings (bench's ceiling server): the defaults.
    assert server_options()["timeout_keep_alive"] == 5.0
    assert server_options()["http"].keywords == {"request_timeout": 10.0}
