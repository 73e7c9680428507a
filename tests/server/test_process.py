"""The server as a process: its ready line, signals, a restart, and start-ups that must fail.

A `kill -9` and a restart after it are in tests/reliability/test_crash.py, several workers on one
database in tests/reliability/test_load.py.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import httpx
import pytest

from reference_server.launcher import LiveServer, ServerStartError, live_server
from tests.support.constants import CREATE, SNAPSHOT, delete_path
from tests.support.spec import SPEC_PATH


def create_ids(base_url: str, count: int) -> list[str]:
    return [httpx.post(base_url + CREATE).json()["id"] for _ in range(count)]


def snapshot(base_url: str) -> object:
    response = httpx.get(base_url + SNAPSHOT)
    assert response.status_code == HTTPStatus.OK
    return response.json()


def _run_server(*arguments: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """The server in the foreground on a free port, for start-ups that must fail on their own."""
    return subprocess.run(
        [sys.executable, "-m", "reference_server", "--port", "0", *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_ready_line_is_the_only_stdout_and_sigterm_exits_zero(server: LiveServer) -> None:
    create_ids(server.base_url, 2)
    assert server.stop() == 0  # SIGTERM to the process group
    assert server.stdout_text() == f"reference_server listening on {server.base_url}\n"
    assert re.fullmatch(r"http://127\.0\.0\.1:[1-9]\d*", server.base_url)


def test_sigint_exits_zero(server: LiveServer) -> None:
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(10) == 0


def test_restart_on_same_database_keeps_distributions(tmp_path: Path) -> None:
    db_path = tmp_path / "distributions.sqlite3"
    with live_server(db_path) as first:
        kept, deleted = create_ids(first.base_url, 2)
        httpx.post(first.base_url + delete_path(deleted))
        before = snapshot(first.base_url)
        assert first.stop() == 0
    with live_server(db_path) as second:
        assert snapshot(second.base_url) == before
        assert [d["id"] for d in before["iterable"]] == [kept]  # type: ignore[index]


def test_missing_spec_fails_start_with_reason(tmp_path: Path) -> None:
    with (
        pytest.raises(ServerStartError, match=r"cannot read .*missing\.yaml"),
        live_server(tmp_path / "db.sqlite3", extra_args=["--spec", str(tmp_path / "missing.yaml")]),
    ):
        pass


def test_unresolvable_ref_fails_start_with_one_line_reason(tmp_path: Path) -> None:
    spec = SPEC_PATH.read_text(encoding="utf-8")
    spec_path = tmp_path / "openapi.yaml"
    spec_path.write_text(spec.replace("schemas/MailgunDistribution'", "schemas/Nope'"), "utf-8")
    with (
        pytest.raises(ServerStartError) as failure,
        live_server(tmp_path / "db.sqlite3", extra_args=["--spec", str(spec_path)]),
    ):
        pass
    stderr = str(failure.value).partition("stderr:\n")[2]
    assert stderr.strip() == (
        f"reference_server: {spec_path}: cannot resolve $ref #/components/schemas/Nope"
    )


def test_unusable_database_path_fails_start(tmp_path: Path) -> None:
    result = _run_server("--db", str(tmp_path / "no" / "db"), timeout=30)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().startswith("reference_server: cannot open database")


def test_worker_start_failure_exits_non_zero_without_ready_line(tmp_path: Path) -> None:
    # The parent's pre-flight only reads the spec; a reference to a schema that does not exist
    # is found when each worker compiles the validator, so the start-up fails in the workers.
    spec = SPEC_PATH.read_text(encoding="utf-8")
    broken = spec.replace("schemas/SeededGitHubDistribution'", "schemas/NoSuchSchema'", 1)
    assert broken != spec
    spec_path = tmp_path / "openapi.yaml"
    spec_path.write_text(broken, encoding="utf-8")
    result = _run_server(
        "--db", str(tmp_path / "db.sqlite3"), "--spec", str(spec_path), "--workers", "2", timeout=60
    )
    assert result.returncode != 0
    assert result.stdout == ""
