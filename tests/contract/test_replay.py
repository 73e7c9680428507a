"""Reproduction lines run as printed: `pieces-contract replay` and the curl line of a failure."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from reference_server.launcher import live_server
from tests.contract.runs import MODULE, ROOT, Run, contract, run_against_fault

CURL_LINE = re.compile(r"^     (ID=\$\(curl .*)$", re.MULTILINE)


def _replay(folder: Path, base_url: str) -> Run:
    return contract("replay", "reports/contract-events.ndjson", "--base-url", base_url, cwd=folder)


def test_replay_says_a_case_still_fails_on_the_broken_server(tmp_path: Path) -> None:
    run = run_against_fault(
        "create-ignores-mailgun", tmp_path, "--phases", "examples", "--max-examples", "3"
    )
    assert run.returncode == 1, run.explain()
    with live_server(
        tmp_path / "again.sqlite3",
        module=MODULE,
        extra_args=["--fault", "create-ignores-mailgun"],
        cwd=ROOT,
    ) as srv:
        replayed = _replay(tmp_path, srv.base_url)
    assert replayed.returncode == 1, replayed.stdout
    assert "seed_is_kept: STILL FAILS" in replayed.stdout
    assert "0 pass now" in replayed.stdout


def test_replay_says_the_cases_pass_on_a_fixed_server(tmp_path: Path) -> None:
    run = run_against_fault(
        "create-ignores-mailgun", tmp_path, "--phases", "examples", "--max-examples", "3"
    )
    assert run.returncode == 1, run.explain()
    with live_server(tmp_path / "fixed.sqlite3") as srv:
        replayed = _replay(tmp_path, srv.base_url)
    assert replayed.returncode == 0, replayed.stdout
    assert re.search(r"replay: 0 still fail, [1-9]\d* pass now", replayed.stdout)


def test_delete_curl_line_creates_what_it_deletes_and_runs_as_printed(tmp_path: Path) -> None:
    # The run deleted the id its failing delete named; the printed line creates a fresh one,
    # deletes it and lists: on the broken server the new id is still listed.
    with live_server(
        tmp_path / "broken.sqlite3",
        module=MODULE,
        extra_args=["--fault", "delete-does-not-delete"],
        cwd=ROOT,
    ) as srv:
        run = contract(
            "run",
            *("--base-url", srv.base_url, "--phases", "stateful", "--max-examples", "3"),
            cwd=tmp_path,
        )
        line = CURL_LINE.search(run.stdout)
        assert line is not None, run.explain()
        shell = f'{line.group(1)} && echo "created $ID"'
        done = subprocess.run(
            ["bash", "-c", shell], capture_output=True, text=True, timeout=30, check=True
        )
    created = re.search(r"created (\S+)", done.stdout)
    assert created is not None, done.stdout
    assert "HTTP/1.1 204" in done.stdout
    assert f'"id":"{created.group(1)}"' in done.stdout.replace(" ", "")
