"""The contract suite fails every deliberately broken server, each for the right reason.

Every broken server runs in its own child process against its own `pieces-contract run`, with
its own reports folder, so the runs are independent and go in parallel (one fixture starts them
all). Each run uses the phases that reach its fault, with few examples: the full ci profile runs
once, in test_package.py, against our reference server.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reference_server.launcher import live_server
from tests.contract.broken_servers import FAULTS
from tests.contract.runs import CHECK_LINE, ROOT, Run, contract, run_against_fault
from tests.support.make import run_make

PARALLEL = 3

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
}
# The faults of the meaning checks: each must be caught by its check and by no other one, so
# these run every case of their phases (no --max-failures).
ALONE = (
    "create-ignores-mailgun",
    "snapshot-newest-first",
    "snapshot-changes-record",
    "delete-drops-another",
    "deleted-id-reused",
)
# The phases that reach each fault: negative bodies come from coverage, a successful delete of
# a created distribution from stateful, a snapshot (which has no example) from fuzzing, the rest
# already from the spec's examples.
PHASES = {
    "snapshot-newest-first": "examples,fuzzing",
    "snapshot-changes-record": "examples,fuzzing",
    "server-error-on-bad-input": "coverage",
    "undocumented-status": "coverage",
    "accepts-invalid-body": "coverage",
    "delete-does-not-delete": "stateful",
    "delete-drops-another": "stateful",
    "deleted-id-reused": "stateful",
}


def _fault_arguments(fault: str) -> list[str]:
    arguments = ["--phases", PHASES.get(fault, "examples"), "--max-examples", "5"]
    if fault not in ALONE:
        arguments += ["--max-failures", "1"]
    return arguments


@pytest.fixture(scope="module")
def broken_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    base = tmp_path_factory.mktemp("broken")
    with ThreadPoolExecutor(PARALLEL) as pool:
        futures = {
            fault: pool.submit(run_against_fault, fault, base / fault, *_fault_arguments(fault))
            for fault in FAULTS
        }
        yield {fault: future.result() for fault, future in futures.items()}


def test_every_fault_has_an_expected_check() -> None:
    assert set(CAUGHT_BY) == set(FAULTS)


@pytest.mark.parametrize("fault", FAULTS)
def test_contract_fails_on_broken_server(fault: str, broken_runs: dict[str, Run]) -> None:
    run = broken_runs[fault]
    assert run.returncode == 1, run.explain()
    assert CAUGHT_BY[fault] in run.failed_checks(), run.explain()
    # Every failure comes with our replay command and a curl line.
    assert "pieces-contract replay " in run.stdout
    assert "curl -i -X " in run.stdout
    # JUnit: one test case per operation and check, the catching check's among the failures.
    junit = ET.parse(run.reports / "contract-junit.xml").getroot()
    failing = {
        case.get("name") for case in junit.iter("testcase") if case.find("failure") is not None
    }
    assert CAUGHT_BY[fault] in failing


@pytest.mark.parametrize("fault", ALONE)
def test_meaning_fault_is_caught_by_its_check_alone(
    fault: str, broken_runs: dict[str, Run]
) -> None:
    assert broken_runs[fault].failed_checks() == {CAUGHT_BY[fault]}, broken_runs[fault].explain()


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


def test_renamed_delete_parameter_still_catches_delete_that_does_nothing(tmp_path: Path) -> None:
    # The checks find the delete through create's link, so a spec that renames the parameter
    # keeps them applying (the old checks looked for `distribution` and silently passed).
    spec = _renamed_spec(tmp_path)
    run = run_against_fault(
        "delete-does-not-delete",
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
    run = run_against_fault(
        None,
        tmp_path,
        *("--header", "X-Gateway: open", "--phases", "examples,stateful", "--max-examples", "5"),
        extra=["--require-header", "X-Gateway: open"],
    )
    assert run.returncode == 0, run.explain()
    passed = {name: int(p) for name, p, _ in CHECK_LINE.findall(run.stdout)}
    assert passed["created_distribution_is_listed"] > 0
    assert passed["deleted_distribution_is_gone"] > 0


def test_upstream_level_passes_a_server_that_breaks_only_our_additions(tmp_path: Path) -> None:
    # A 500 to invalid input: upstream documents 500 and no 4xx, so only the strict level
    # (400 for bad input) is broken; the failures are still reported, marked as such.
    run = run_against_fault(
        "server-error-on-bad-input",
        tmp_path,
        *("--phases", "coverage", "--max-examples", "5", "--level", "upstream"),
    )
    assert run.returncode == 0, run.explain()
    assert "[breaks strict only] (not counted)" in run.stdout
    assert "break only the strict level" in run.stdout


def test_upstream_level_still_fails_a_break_of_the_upstream_page(
    broken_runs: dict[str, Run],
) -> None:
    # A 200 whose body lacks a required field breaks what upstream documents too.
    assert "[breaks upstream and strict]" in broken_runs["missing-required-field"].stdout


def test_501_for_a_method_implemented_nowhere_is_accepted(tmp_path: Path) -> None:
    # RFC 9110, 15.6.2: 501 answers a method the server does not recognize at all; the methods
    # the spec uses (GET, POST) still get 405 with Allow from the reference server.
    run = run_against_fault(None, tmp_path, "--phases", "coverage", extra=["--unknown-methods-501"])
    assert run.returncode == 0, run.explain()
