"""A contract run as CI keeps it: progress, the time budget and stops, the client in the loop.

The progress line and the client check are fed events in process. The stopped runs and the
run that keeps every exchange are real `pieces-contract run`s against one reference server,
side by side (one fixture starts them together).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pieces_distributions.models.distribution import Distribution

from pieces_contract import clientcheck, progress, runner
from pieces_contract import spec as contract_spec
from reference_server.launcher import LiveServer, live_server
from tests.contract.runs import Run, run_at
from tests.support.asgi import in_process

SEED = {"mailgun": {"recipients": {"iterable": [{"email": "grace@example.com"}]}}}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _scenario(phase: str, label: str, statuses: Mapping[str, str]) -> dict[str, Any]:
    """A ScenarioFinished event whose cases have the given check statuses."""
    return {
        "ScenarioFinished": {
            "phase": phase,
            "recorder": {
                "label": label,
                "cases": {case: {"value": {}} for case in statuses},
                "checks": {
                    case: [{"name": "not_a_server_error", "status": status}]
                    for case, status in statuses.items()
                },
            },
        }
    }


def test_progress_line_shows_phase_cases_and_failures_on_a_terminal() -> None:
    out = Terminal()
    shown = progress.Progress(out, budget=480)
    shown.event({"PhaseStarted": {"phase": {"name": "coverage"}}})
    shown.event(_scenario("coverage", "GET /distributions", {"a": "success", "b": "failure"}))
    shown.event({"PhaseFinished": {"phase": {"name": "coverage"}}})
    shown.event({"PhaseStarted": {"phase": {"name": "fuzzing"}}})
    shown.finish()
    text = out.getvalue()
    assert "contract: phase coverage done: 2 cases in " in text
    assert "(2 cases, 1 failures so far)" in text
    assert "contract: [fuzzing]" in text
    assert "of 480s" in text
    # The status line is cleared before the run's own output follows.
    assert text.endswith(progress.CLEAR)


def test_progress_line_follows_two_processes_phases_at_once() -> None:
    out = Terminal()
    shown = progress.Progress(out)
    shown.event({"PhaseStarted": {"phase": {"name": "stateful", "is_enabled": True}}})
    shown.event({"PhaseStarted": {"phase": {"name": "fuzzing", "is_enabled": True}}})
    shown.event(_scenario("stateful", "POST /distributions/create", {"a": "success"}))
    # The first process passes over the stateful phase, which the second one runs.
    shown.event({"PhaseFinished": {"phase": {"name": "stateful", "is_enabled": False}}})
    assert shown.line().startswith("contract: [fuzzing+stateful]")
    shown.event({"PhaseFinished": {"phase": {"name": "stateful", "is_enabled": True}}})
    shown.finish()
    assert "contract: phase stateful done: 1 cases in " in out.getvalue()
    assert shown.line().startswith("contract: [fuzzing]")


def _created_event(db: Path) -> dict[str, Any]:
    """A create the reference server answered, as schemathesis logs it."""
    with in_process(db) as server:
        answer = server.client.post("/distributions/create", json=SEED)
    assert answer.status_code == 200
    return {
        "ScenarioFinished": {
            "phase": "examples",
            "recorder": {
                "label": "POST /distributions/create",
                "cases": {"c1": {"value": {"method": "POST", "path": "/distributions/create"}}},
                "checks": {"c1": [{"name": "response_schema_conformance", "status": "success"}]},
                "interactions": {
                    "c1": {
                        "request": {"method": "POST", "uri": "http://x/distributions/create"},
                        "response": {
                            "status_code": 200,
                            "headers": {"content-type": ["application/json"]},
                            "content": answer.text,
                            "elapsed": 0.001,
                        },
                        "timestamp": time.time(),
                    }
                },
            },
        }
    }


def test_client_defect_fails_a_run_on_our_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The injected defect: the generated model drops the mailgun part of every record it
    # reads, a response the spec allows (the server kept what the seed asked for).
    real = Distribution.from_dict.__func__  # type: ignore[attr-defined]

    def dropping(cls: type[Distribution], src: Mapping[str, Any]) -> Distribution:
        return real(cls, {k: v for k, v in src.items() if k != "mailgun"})  # type: ignore[no-any-return]

    monkeypatch.setattr(Distribution, "from_dict", classmethod(dropping))
    document = contract_spec.load(contract_spec.default_spec_path())
    client = clientcheck.ClientCheck(document)
    reports = tmp_path / "reports"
    reports.mkdir()
    collector = runner.Collector(reports, "failing", progress.Progress(None), client=client)
    with collector:
        collector(_created_event(tmp_path / "db.sqlite3"), "")
    # No --base-url: the run started our reference server, where a client defect fails it.
    options = runner.Options(base_url=None, reports=reports)
    verdict = runner.finish(
        options, document, "http://127.0.0.1:9", reports, 0, 0.0, [],
        found=collector.found, client=client,
    )  # fmt: skip
    printed = capsys.readouterr().out
    assert verdict == 1, printed
    assert "contract: client defects: 1 of 1 responses" in printed
    assert "POST /distributions/create 200: the client reads with loss" in printed
    assert "/mailgun dropped" in printed
    assert 'id="client-defects"' in (reports / runner.HTML).read_text()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_server(tmp_path_factory.mktemp("reference") / "db.sqlite3") as server:
        yield server


def _terminated(base_url: str, folder: Path) -> Run:
    """A ci run sent SIGTERM (a cancelled CI job) a few seconds into its cases."""
    folder.mkdir(parents=True)
    child = subprocess.Popen(
        [sys.executable, "-m", "pieces_contract", "run", "--base-url", base_url],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert child.stdout is not None
    # The line a run prints just before it starts its schemathesis child.
    first = child.stdout.readline()
    assert first.startswith("contract: testing "), first
    time.sleep(4)
    child.send_signal(signal.SIGTERM)
    rest, _ = child.communicate(timeout=60)
    return Run(child.returncode, first + rest, folder / "reports")


@pytest.fixture(scope="module")
def ci_runs(reference: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    base = tmp_path_factory.mktemp("ci")
    url = reference.base_url
    # The stopped runs reach the stateful phase, which deletes what a snapshot lists: each gets
    # a server of its own, as two runs against one server would delete each other's records.
    with (
        live_server(base / "budget.sqlite3") as budget,
        live_server(base / "sigterm.sqlite3") as sigterm,
        ThreadPoolExecutor(3) as pool,
    ):
        futures = {
            # One process for the budget, two (the default) for the SIGTERM: both kinds of run
            # must stop cleanly and merge what they wrote.
            "budget": pool.submit(
                run_at, budget.base_url, base / "budget", "--max-time", "4", "--jobs", "1"
            ),
            "sigterm": pool.submit(_terminated, sigterm.base_url, base / "sigterm"),
            "all": pool.submit(
                run_at,
                url,
                base / "all",
                *("--phases", "examples", "--max-examples", "2", "--keep-exchanges", "all"),
            ),
        }
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("budget", "stopped when its time budget of 4s was spent"),
        ("sigterm", "stopped by SIGTERM"),
    ],
)
def test_interrupted_run_says_so_and_writes_its_reports(
    name: str, reason: str, ci_runs: dict[str, Run]
) -> None:
    run = ci_runs[name]
    final = run.stdout.strip().splitlines()
    verdicts = [line for line in final if line.startswith("contract: INTERRUPTED")]
    assert verdicts, run.explain()
    assert verdicts[0].startswith(f"contract: INTERRUPTED ({reason}) after "), run.explain()
    # Nothing failed in what ran: not a pass, not the server's failure either.
    assert run.returncode == runner.INTERRUPTED, run.explain()
    for report in (runner.JUNIT, runner.HTML, runner.CASSETTE, runner.EVENTS):
        assert (run.reports / report).stat().st_size > 0, report


def test_keep_exchanges_all_keeps_every_exchange(ci_runs: dict[str, Run]) -> None:
    run = ci_runs["all"]
    assert run.returncode == 0, run.explain()
    har = json.loads((run.reports / runner.CASSETTE).read_text())
    cases = sum(
        len(json.loads(line)["ScenarioFinished"]["recorder"].get("cases", ()))
        for line in (run.reports / runner.EVENTS).read_text().splitlines()
        if line.startswith('{"ScenarioFinished"')
    )
    assert cases > 0
    assert len(har["log"]["entries"]) == cases


@pytest.mark.parametrize(
    ("phases", "jobs", "split"),
    [
        (None, 2, [["examples", "coverage", "fuzzing"], ["stateful"]]),
        (["examples", "stateful"], 2, [["examples"], ["stateful"]]),
        (None, 1, [["examples", "coverage", "fuzzing", "stateful"]]),
        (["stateful"], 2, [["stateful"]]),
        (["coverage", "fuzzing"], 2, [["coverage", "fuzzing"]]),
    ],
)
def test_jobs_put_the_stateful_phase_beside_the_others(
    phases: list[str] | None, jobs: int, split: list[list[str]]
) -> None:
    options = runner.Options(base_url="http://127.0.0.1:9", phases=phases, jobs=jobs)
    assert runner.jobs_for(options) == split


def test_second_process_folder_is_folded_into_the_reports(tmp_path: Path) -> None:
    reports, part = tmp_path / "reports", tmp_path / "reports" / f"{runner.PART}1"
    crashes = Path(runner.SCHEMATHESIS_DIR) / "default" / "cache" / "crashes"
    (reports / crashes).mkdir(parents=True)
    (part / crashes).mkdir(parents=True)
    (reports / runner.LOG).write_text("  584 generated\n")
    (part / runner.LOG).write_text("  314 generated\n")
    (reports / crashes / "manifest.json").write_text("{}")
    (part / crashes / "manifest.json").write_text("{}")
    (part / crashes / "POST_delete_live_delete_answers_204_1.json").write_text("{}")
    entry = {"request": {"url": "u"}}
    for folder, count in ((reports, 2), (part, 3)):
        har = {"log": {"entries": [entry] * count}}
        (folder / runner.CASSETTE).write_text(json.dumps(har))
    runner._merge_part(part, reports)
    assert not part.exists()
    log = (reports / runner.LOG).read_text()
    assert log.index("584 generated") < log.index(runner.PART_TITLE) < log.index("314 generated")
    assert sorted(p.name for p in (reports / crashes).iterdir()) == [
        "POST_delete_live_delete_answers_204_1.json",
        "manifest.json",
    ]
    assert len(json.loads((reports / runner.CASSETTE).read_text())["log"]["entries"]) == 5


def test_journal_gives_the_deletes_of_the_other_process_only(tmp_path: Path) -> None:
    # checks.py is schemathesis' hooks module: imported here only for its journal.
    from pieces_contract import checks

    path = tmp_path / "deletes.ndjson"
    journal = checks.Journal(str(path))
    journal.record("mine")
    with path.open("a") as other:
        other.write(json.dumps({"pid": os.getpid() + 1, "id": "theirs"}) + "\n")
        other.write('{"pid": 1, "id": "half a li')  # a line still being written
    assert journal.deleted_elsewhere() == {"theirs"}
    assert path.stat().st_mode & 0o777 == 0o600
    assert checks.Journal(None).deleted_elsewhere() == set()
