"""The contract suite fails every deliberately broken server, each for the right reason.

One broken server process serves every fault under a path prefix of its own (the base URL of
each run has a path, as behind a reverse proxy); each fault gets its own `pieces-contract run`
with its own reports folder, so the runs are independent and go in parallel (one fixture
starts them all). Each run uses the phases that reach its fault, with few examples: the full ci
profile runs once, in test_package.py, against our reference server.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from pieces_contract import baseline, exchanges, export, probes, runner
from pieces_contract import spec as contract_spec
from reference_server.launcher import LiveServer, live_server
from tests.contract.broken_servers import CAP, FAULTS, KEY, VARIANT_NAMES
from tests.contract.runs import (
    CHECK_LINE,
    ROOT,
    Run,
    contract,
    every_fault,
    fault_url,
    run_against_server_with,
    run_at,
)
from tests.support.make import run_make

PARALLEL = 3
CURL_URL = re.compile(r"curl [^|&]*?[\"']?(http://[^\s\"']+)")

# The check that must catch each fault: a failure for any other reason would not prove the
# suite sees this break.
CAUGHT_BY = {
    "missing-required-field": "response_schema_conformance",
    "wrong-field-type": "response_schema_conformance",
    "wrong-success-status": "status_code_conformance",
    "wrong-content-type": "content_type_conformance",
    "server-error-on-bad-input": "not_a_server_error",
    "undocumented-status": "status_code_conformance",
    "accepts-invalid-body": "negative_data_rejection",
    "delete-does-not-delete": "deleted_distribution_is_gone",
    "create-not-listed": "created_distribution_is_listed",
    "create-ignores-mailgun": "seed_is_kept",
    "snapshot-newest-first": "snapshot_is_oldest_first",
    "snapshot-changes-record": "listed_distribution_is_unchanged",
    "delete-drops-another": "delete_removes_only_its_target",
    "deleted-id-reused": "id_is_fresh",
    "updated-restamped-on-read": "reading_changes_nothing",
    "one-share-for-all": "share_is_its_own",
    "delete-removes-then-404": "live_delete_answers_204",
    "delete-by-prefix": "delete_matches_the_whole_id",
    "creates-lost-when-concurrent": "concurrent_creates_are_listed",
    "any-key-accepted": "wrong_key_is_refused",
    "unsupported-media-as-html": "body_that_is_not_json_is_refused",
    "any-content-type-as-json": "body_that_is_not_json_is_refused",
    "snapshot-capped": "many_creates_are_listed",
}
# Faults only a probe (pieces_contract/probes.py) reaches. The probes do not need
# schemathesis: all but one are sent in process; any-key-accepted gets a whole run (one create
# example starts it), which proves the runner reports a probe's failure like a case's.
PROBED = (
    "delete-by-prefix",
    "creates-lost-when-concurrent",
    "any-key-accepted",
    "unsupported-media-as-html",
    "any-content-type-as-json",
    "snapshot-capped",
)
PROBED_IN_PROCESS = tuple(fault for fault in PROBED if fault != "any-key-accepted")
RUN = tuple(fault for fault in FAULTS if fault not in PROBED_IN_PROCESS)
# The faults of the meaning checks: each must be caught by its check and by no other one, so
# these run every case of their phases (no --max-failures).
ALONE = (
    "create-ignores-mailgun",
    "snapshot-newest-first",
    "snapshot-changes-record",
    "delete-drops-another",
    "deleted-id-reused",
    "updated-restamped-on-read",
    "one-share-for-all",
    "delete-removes-then-404",
    *PROBED,
)
# The phases that reach each fault, cheapest first: the spec's create examples already break
# what every answer to a create shows; fuzzing (positive and negative cases) sends the invalid
# bodies and fills the snapshot before it is read; a successful delete of a created
# distribution comes from stateful.
PHASES = {
    "snapshot-newest-first": "fuzzing",
    "snapshot-changes-record": "fuzzing",
    "server-error-on-bad-input": "fuzzing",
    "undocumented-status": "fuzzing",
    "accepts-invalid-body": "fuzzing",
    "delete-does-not-delete": "stateful",
    "delete-drops-another": "stateful",
    "deleted-id-reused": "stateful",
    "delete-removes-then-404": "stateful",
    "updated-restamped-on-read": "fuzzing",
}


def _fault_arguments(fault: str) -> list[str]:
    if fault == "any-key-accepted":
        return ["--phases", "examples", "--max-examples", "1", "--api-key", KEY]
    arguments = ["--phases", PHASES.get(fault, "examples"), "--max-examples", "5"]
    # A delete that does nothing answers 204 to an unknown id first (second_delete_answers_404);
    # its run goes on to the delete of a created one, which stays listed.
    if fault not in ALONE and fault != "delete-does-not-delete":
        arguments += ["--max-failures", "1"]
    return arguments


# The phases that reach a correct variant's differences (seeds with layout versions, a snapshot
# after creates, deletes of created ids), with few examples.
# Every exchange kept: the upstream level judges the run's events again, passing ones included.
# One schemathesis process: these runs judge verdicts, not the split (test_package's run covers
# that), and the tests already keep both cores busy.
VARIANT_ARGUMENTS = (
    *("--phases", "examples,stateful", "--max-examples", "3"),
    *("--keep-exchanges", "all", "--jobs", "1"),
)
# A server with the upstream page's three operations alone is tested on those, by tag.
VARIANT_SELECTION = {"page-operations-only": ("--tag", "Distributions")}


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with every_fault(tmp_path_factory.mktemp("faults")) as server:
        yield server


@pytest.fixture(scope="module")
def broken_runs(faults: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    base = tmp_path_factory.mktemp("broken")
    with ThreadPoolExecutor(PARALLEL) as pool:
        futures = {
            fault: pool.submit(
                run_at, fault_url(faults, fault), base / fault, *_fault_arguments(fault)
            )
            for fault in RUN
        }
        futures.update(
            {
                name: pool.submit(
                    run_at,
                    fault_url(faults, name),
                    base / name,
                    *VARIANT_ARGUMENTS,
                    *VARIANT_SELECTION.get(name, ()),
                )
                for name in VARIANT_NAMES
            }
        )
        return {fault: future.result() for fault, future in futures.items()}


def test_every_fault_has_an_expected_check() -> None:
    assert set(CAUGHT_BY) == set(FAULTS)


# The probes of one server, with what a fault needs besides: the key the server is configured
# with, a volume of creates past the size its snapshot stops at.
PROBE_OPTIONS: dict[str, dict[str, Any]] = {"snapshot-capped": {"volume": CAP + 20}}


@pytest.mark.parametrize("fault", PROBED_IN_PROCESS)
def test_probe_fault_is_caught_by_its_probe_alone(fault: str, faults: LiveServer) -> None:
    document = contract_spec.load(contract_spec.default_spec_path())
    outcomes, stopped = probes.run(
        fault_url(faults, fault), {}, document, **PROBE_OPTIONS.get(fault, {})
    )
    assert not stopped
    failed = {outcome.check for outcome in outcomes if outcome.problem}
    assert failed == {CAUGHT_BY[fault]}, [o.problem for o in outcomes if o.problem]


@pytest.mark.parametrize("fault", RUN)
def test_contract_fails_on_broken_server(
    fault: str, faults: LiveServer, broken_runs: dict[str, Run]
) -> None:
    run = broken_runs[fault]
    assert run.returncode == 1, run.explain()
    assert CAUGHT_BY[fault] in run.failed_checks(), run.explain()
    # Every failure comes with a curl line, and a failing case with our replay command; the
    # lines name the base URL's own path once (the recorded request already carries it).
    assert ("pieces-contract replay " in run.stdout) is (fault not in PROBED)
    assert "curl -i -X " in run.stdout
    urls = CURL_URL.findall(run.stdout)
    assert urls, run.explain()
    base = fault_url(faults, fault)
    paths = [url.removeprefix(base) for url in urls]
    assert all(path.startswith(("/distributions", "/.well-known/")) for path in paths), urls
    # JUnit: one test case per operation and check, the catching check's among the failures.
    junit = ET.parse(run.reports / "contract-junit.xml").getroot()
    failing = {
        case.get("name") for case in junit.iter("testcase") if case.find("failure") is not None
    }
    assert CAUGHT_BY[fault] in failing


@pytest.mark.parametrize("fault", [fault for fault in ALONE if fault in RUN])
def test_meaning_fault_is_caught_by_its_check_alone(
    fault: str, broken_runs: dict[str, Run]
) -> None:
    assert broken_runs[fault].failed_checks() == {CAUGHT_BY[fault]}, broken_runs[fault].explain()


@pytest.mark.parametrize("name", VARIANT_NAMES)
def test_correct_variant_passes_at_both_levels(
    name: str, broken_runs: dict[str, Run], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A server that differs from ours only where the spec leaves room (its own layout version
    # on what it creates, `Z` timestamps, upper-case ids matched case-insensitively, the page's
    # operations alone when only those are selected) passes.
    run = broken_runs[name]
    assert run.returncode == 0, run.explain()
    # Every failure of the upstream level is one of the strict level: judging the same events
    # at the upstream level passes too.
    assert _judged_again(run, tmp_path, "upstream") == 0, capsys.readouterr().out


def _judged_again(run: Run, folder: Path, level: str, **options: object) -> int:
    """runner.finish on a run's events, in process: the level only changes the judging."""
    reports = folder / "reports"
    reports.mkdir()
    shutil.copy(run.reports / runner.EVENTS, reports / runner.EVENTS)
    chosen = runner.Options(base_url="http://127.0.0.1:9", level=level, reports=reports)
    for name, value in options.items():
        setattr(chosen, name, value)
    document = contract_spec.load(contract_spec.default_spec_path())
    return runner.finish(chosen, document, "http://127.0.0.1:9", reports, 0, 0.0)


def test_operations_left_out_are_named_on_the_coverage_page(broken_runs: dict[str, Run]) -> None:
    run = broken_runs["page-operations-only"]
    assert "left out (--tag Distributions): GET /.well-known/health, GET /.well-known/version" in (
        run.stdout
    ), run.explain()
    page = (run.reports / "contract.html").read_text()
    assert "Left out by --tag Distributions" in page
    assert "never seen</td>" not in page.split("/.well-known/health", 1)[1].split("</tr>", 1)[0]


def test_failures_are_grouped_by_check_with_body_cut(broken_runs: dict[str, Run]) -> None:
    # The snapshot of a run is tens of kilobytes; the failure shows a few lines of it.
    run = broken_runs["snapshot-newest-first"]
    section = run.stdout.split("== snapshot_is_oldest_first", 1)[1].split("contract summary", 1)[0]
    body_lines = [line for line in section.splitlines() if line.startswith("   | ")]
    assert 0 < len(body_lines) <= 2 * 5, section
    assert all(len(line) < 400 for line in body_lines)


def test_har_cassette_holds_every_exchange_of_the_run(broken_runs: dict[str, Run]) -> None:
    run = broken_runs["deleted-id-reused"]
    har = json.loads((run.reports / "contract.har").read_text())
    statuses = {entry["response"]["status"] for entry in har["log"]["entries"]}
    # The run's creates and deletes are all in it, the reused id's create included.
    assert {200, 204} <= statuses


def _renamed_spec(folder: Path) -> Path:
    """openapi.yaml with the delete's path parameter renamed everywhere it is named."""
    text = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    renamed = (
        text.replace("{distribution}", "{distributionUuid}")
        .replace("- name: distribution\n", "- name: distributionUuid\n")
        .replace("distribution: $response.body#/id", "distributionUuid: $response.body#/id")
    )
    assert renamed.count("distributionUuid") == 3
    path = folder / "renamed.yaml"
    path.write_text(renamed, encoding="utf-8")
    return path


def test_renamed_delete_parameter_still_catches_delete_that_does_nothing(
    faults: LiveServer, tmp_path: Path
) -> None:
    # The checks find the delete through create's link, so a spec that renames the parameter
    # keeps them applying (the old checks looked for `distribution` and silently passed).
    spec = _renamed_spec(tmp_path)
    run = run_at(
        fault_url(faults, "delete-does-not-delete"),
        tmp_path,
        *("--spec", str(spec), "--phases", "stateful", "--max-examples", "5"),
    )
    assert run.returncode == 1, run.explain()
    assert "deleted_distribution_is_gone" in run.failed_checks(), run.explain()


def test_spec_without_create_stops_with_one_line(tmp_path: Path) -> None:
    text = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    spec = tmp_path / "nocreate.yaml"
    spec.write_text(text.replace("distributionsCreateNewDistribution", "somethingElse"))
    run = contract("run", "--base-url", "http://127.0.0.1:9", "--spec", str(spec), cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout.strip().splitlines() == [
        "contract: cannot check this spec: the spec has no operation with operationId "
        "distributionsCreateNewDistribution"
    ]


def test_unreachable_base_url_gives_a_verdict_not_a_traceback(tmp_path: Path) -> None:
    # Port 9 (discard) on loopback: nothing listens there in the test environment.
    run = contract("run", "--base-url", "http://127.0.0.1:9", cwd=tmp_path, timeout=30)
    assert run.returncode == 2
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1, run.stdout
    assert lines[0].startswith("contract: cannot reach http://127.0.0.1:9/distributions")


def test_make_contract_without_the_servers_key_stops_before_any_case(tmp_path: Path) -> None:
    # `make contract` runs the same command; a forgotten API_KEY costs seconds, not a run.
    with live_server(tmp_path / "keyed.sqlite3", api_key="contract-key") as srv:
        run = run_make("contract", f"BASE_URL={srv.base_url}", timeout=60)
    assert run.returncode != 0
    assert "the server wants a key; pass --api-key KEY (make contract API_KEY=KEY)" in run.stdout
    assert "contract summary" not in run.stdout


def test_checks_use_the_runs_headers_behind_a_gateway(tmp_path: Path) -> None:
    # The gateway refuses every request without its header: a follow-up request of our checks
    # made without it would get 403 and fail the lifecycle checks.
    run = run_against_server_with(
        ["--require-header", "X-Gateway: open"],
        tmp_path,
        *("--header", "X-Gateway: open", "--phases", "examples,stateful", "--max-examples", "5"),
    )
    assert run.returncode == 0, run.explain()
    passed = {name: int(p) for name, p, _ in CHECK_LINE.findall(run.stdout)}
    assert passed["created_distribution_is_listed"] > 0
    assert passed["deleted_distribution_is_gone"] > 0


def test_upstream_level_passes_a_server_that_breaks_only_our_additions(
    broken_runs: dict[str, Run], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A 500 to invalid input: upstream documents 500 and no 4xx, so only the strict level
    # (400 for bad input) is broken; the failures are still reported, marked as such. The level
    # only changes how a run's events are judged, so the strict run's events are judged again.
    verdict = _judged_again(broken_runs["server-error-on-bad-input"], tmp_path, "upstream")
    printed = capsys.readouterr().out
    assert verdict == 0, printed
    assert "[breaks strict only] (not counted)" in printed
    assert "break only the strict level" in printed


def test_upstream_level_still_fails_a_break_of_the_upstream_page(
    broken_runs: dict[str, Run],
) -> None:
    # A 200 whose body lacks a required field breaks what upstream documents too.
    assert "[breaks upstream and strict]" in broken_runs["missing-required-field"].stdout


def test_max_failures_reports_that_many(
    broken_runs: dict[str, Run], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # schemathesis stops after the first failing scenario, whose cases may fail several times.
    verdict = _judged_again(
        broken_runs["create-ignores-mailgun"], tmp_path, "strict", max_failures=1
    )
    printed = capsys.readouterr().out
    assert verdict == 1
    assert "contract: 1 failure(s) in 1 check(s)" in printed, printed
    assert "FAILED (1 failing case(s))" in printed


def test_upstream_level_fails_a_live_delete_answered_404(broken_runs: dict[str, Run]) -> None:
    # 404 is our addition, but a delete of a live distribution answers 204 upstream: the
    # failure breaks the upstream level whatever its status.
    run = broken_runs["delete-removes-then-404"]
    assert "live_delete_answers_204" in run.stdout
    assert "[breaks upstream and strict]" in run.stdout.split("== live_delete_answers_204")[1]


def test_501_for_a_method_implemented_nowhere_is_accepted(tmp_path: Path) -> None:
    # RFC 9110, 15.6.2: 501 answers a method the server does not recognize at all; the methods
    # the spec uses (GET, POST) still get 405 with Allow from the reference server.
    run = run_against_server_with(["--unknown-methods-501"], tmp_path, "--phases", "coverage")
    assert run.returncode == 0, run.explain()


def test_reports_keep_only_the_failing_exchanges(broken_runs: dict[str, Run]) -> None:
    # The examples of create: every case fails seed_is_kept, and only those are kept.
    run = broken_runs["create-ignores-mailgun"]
    kept = [
        json.loads(line)["ScenarioFinished"]["recorder"]
        for line in (run.reports / runner.EVENTS).read_text().splitlines()
        if line.startswith('{"ScenarioFinished"')
    ]
    assert kept, run.explain()
    failing = exchanges.failing_cases
    assert all(set(recorder["interactions"]) == failing(recorder) for recorder in kept)
    har = json.loads((run.reports / runner.CASSETTE).read_text())
    assert len(har["log"]["entries"]) == sum(len(r["interactions"]) for r in kept)


def test_output_off_a_terminal_has_no_progress_line(broken_runs: dict[str, Run]) -> None:
    assert all("\r" not in run.stdout for run in broken_runs.values())


def _judge_again(run: Run, folder: Path, baseline: Path, *, write: bool = False) -> tuple[int, str]:
    """`finish` on a recorded run's events, with a baseline (the verdict only reads them)."""
    reports = folder / "reports"
    reports.mkdir(exist_ok=True)
    shutil.copy(run.reports / runner.EVENTS, reports / runner.EVENTS)
    options = runner.Options(
        base_url="http://127.0.0.1:9", reports=reports, baseline=baseline, write_baseline=write
    )
    document = contract_spec.load(contract_spec.default_spec_path())
    out = io.StringIO()
    with redirect_stdout(out):
        verdict = runner.finish(options, document, "http://127.0.0.1:9", reports, 1, 0.0)
    return verdict, out.getvalue()


def test_baseline_written_from_a_run_accepts_its_failures_and_marks_them(
    broken_runs: dict[str, Run], tmp_path: Path
) -> None:
    run = broken_runs["create-ignores-mailgun"]
    file = tmp_path / "contract-baseline.json"
    written, printed = _judge_again(run, tmp_path, file, write=True)
    # The run that writes the baseline still reports its failures as they are.
    assert written == 1, printed
    assert "contract: wrote the baseline" in printed
    verdict, printed = _judge_again(run, tmp_path, file)
    assert verdict == 0, printed
    assert "[known: in the baseline, not counted]" in printed
    assert "known (baseline)" in (tmp_path / "reports" / runner.HTML).read_text()


def test_failure_outside_the_baseline_still_fails(
    broken_runs: dict[str, Run], tmp_path: Path
) -> None:
    # The same check and operation at another status is a new failure.
    file = tmp_path / "contract-baseline.json"
    accepted = baseline.Baseline(file)
    accepted.entries[("seed_is_kept", "POST /distributions/create", "201")] = {}
    accepted.save()
    verdict, printed = _judge_again(broken_runs["create-ignores-mailgun"], tmp_path, file)
    assert verdict == 1, printed
    assert "known: in the baseline" not in printed


@pytest.fixture(scope="module")
def fixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Our reference server: what each broken server would be once fixed."""
    with live_server(tmp_path_factory.mktemp("fixed") / "fixed.sqlite3") as server:
        yield server


def _pytest(folder: Path, base_url: str) -> subprocess.CompletedProcess[str]:
    # A team's bare pytest: no plugin of this venv (schemathesis' alone takes seconds to load).
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        cwd=folder,
        env={**os.environ, "CONTRACT_BASE_URL": base_url, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_exported_regression_tests_fail_on_the_broken_server_and_pass_on_ours(
    faults: LiveServer, fixed: LiveServer, broken_runs: dict[str, Run]
) -> None:
    # A lifecycle check (a sequence of requests) and a schema check (the spec's schema inside
    # the file); the four pytest runs go side by side.
    exported = {
        fault: broken_runs[fault].reports / export.FOLDER
        for fault in ("create-ignores-mailgun", "missing-required-field")
    }
    for fault, folder in exported.items():
        assert list(folder.glob("test_*.py")), broken_runs[fault].explain()
    with ThreadPoolExecutor(4) as pool:
        runs = {
            (fault, where): pool.submit(_pytest, folder, url)
            for fault, folder in exported.items()
            for where, url in (("broken", fault_url(faults, fault)), ("fixed", fixed.base_url))
        }
    for (fault, where), future in runs.items():
        done = future.result()
        assert done.returncode == (1 if where == "broken" else 0), (fault, done.stdout[-2000:])
