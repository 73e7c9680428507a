"""Reproduction lines run as printed: `pieces-contract replay` and the curl line of a failure.

The runs go to the broken servers of one `--every-fault` process, so the recorded requests
carry a path prefix that the replay's base URL replaces. Replay is schemathesis' own; what is
ours is that a check it cannot judge from the re-sent request is said so, never "fixed".
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pieces_contract import checks, runner
from pieces_contract import spec as contract_spec
from reference_server.launcher import LiveServer, live_server
from tests.contract.runs import Run, contract, every_fault, fault_url, run_at

CURL_LINE = re.compile(r"^     (ID=\$\(curl .*)$", re.MULTILINE)


@dataclass
class Recorded:
    faults: LiveServer
    folder: Path
    run: Run


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recorded]:
    """One failing run against the server that drops mailgun parts, for the replays."""
    with every_fault(tmp_path_factory.mktemp("faults")) as faults:
        folder = tmp_path_factory.mktemp("mailgun")
        run = run_at(
            fault_url(faults, "create-ignores-mailgun"),
            folder,
            *("--phases", "examples", "--max-examples", "3"),
        )
        assert run.returncode == 1, run.explain()
        yield Recorded(faults, folder, run)


def _replay(folder: Path, base_url: str) -> Run:
    return contract("replay", "reports", "--base-url", base_url, cwd=folder)


def test_replay_says_a_case_still_fails_on_the_broken_server(recorded: Recorded) -> None:
    replayed = _replay(recorded.folder, fault_url(recorded.faults, "create-ignores-mailgun"))
    assert replayed.returncode == 1, replayed.stdout
    assert "FAILED POST /distributions/create" in replayed.stdout
    assert "seed_is_kept" in replayed.stdout


def test_replay_says_the_cases_pass_on_a_fixed_server(recorded: Recorded, tmp_path: Path) -> None:
    # The fixed server has no path prefix: the replay sends each case to the operation's path.
    with live_server(tmp_path / "fixed.sqlite3") as srv:
        replayed = _replay(recorded.folder, srv.base_url)
    assert replayed.returncode == 0, replayed.stdout
    assert "FIXED  POST /distributions/create" in replayed.stdout


def test_replay_does_not_call_a_check_that_no_longer_applies_fixed(recorded: Recorded) -> None:
    # A server answering 201 gives seed_is_kept nothing to judge (it looks at 200s); a skip
    # would read as fixed in schemathesis' replay.
    replayed = _replay(recorded.folder, fault_url(recorded.faults, "wrong-success-status"))
    assert "FIXED" not in replayed.stdout, replayed.stdout
    assert "not judged alone: seed_is_kept does not apply to the answer 201" in replayed.stdout


def test_history_checks_are_not_judged_alone_under_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    # Whether an id was handed out before needs the run's history, which replay does not have.
    monkeypatch.setattr(checks, "REPLAYING", True)
    with pytest.raises(checks.NotJudgedAlone, match="id_is_fresh needs the whole run"):
        checks.id_is_fresh(None, None, None)


def test_delete_curl_line_creates_what_it_deletes_and_runs_as_printed(
    recorded: Recorded, tmp_path: Path
) -> None:
    # The run deleted the id its failing delete named; the printed line creates a fresh one,
    # deletes it and lists: on the broken server the new id is still listed.
    run = run_at(
        fault_url(recorded.faults, "delete-does-not-delete"),
        tmp_path,
        *("--phases", "stateful", "--max-examples", "3"),
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


def _printed(run: Run, prefix: str) -> str:
    lines = [line for line in run.stdout.splitlines() if line.startswith(prefix)]
    assert lines, run.explain()
    return lines[0].removeprefix(prefix)


def test_printed_replay_line_runs_from_any_folder(recorded: Recorded, tmp_path: Path) -> None:
    # As printed: the installed command by its path, the reports folder by its absolute path.
    line = _printed(recorded.run, "contract: re-send its failing cases with: ")
    done = subprocess.run(
        ["sh", "-c", line], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAILED POST /distributions/create" in done.stdout


def test_run_that_started_its_server_says_the_replay_needs_another(
    recorded: Recorded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(recorded.run.reports / runner.EVENTS, reports / runner.EVENTS)
    options = runner.Options(base_url=None, reports=reports)
    document = contract_spec.load(contract_spec.default_spec_path())
    runner.finish(options, document, "http://127.0.0.1:9", reports, 1, 0.0)
    out = capsys.readouterr().out
    assert "http://127.0.0.1:9 was a reference server this run started and has stopped" in out


def test_rerun_line_repeats_the_runs_phases_and_seed() -> None:
    options = runner.Options(base_url="http://127.0.0.1:9", phases=["examples", "stateful"])
    line = runner.rerun_command(options, "http://127.0.0.1:9", 7)
    assert line.endswith(
        "run --base-url http://127.0.0.1:9 --profile ci --seed 7 --phases examples,stateful"
    ), line
