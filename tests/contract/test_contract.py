"""`make contract` passes on the reference server and fails on every deliberately broken one."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reference_server.launcher import live_server
from tests.contract.broken_servers import FAULTS
from tests.support.make import run_make

ROOT = Path(__file__).resolve().parents[2]
JUNIT = ROOT / "reports" / "contract-junit.xml"
CHECK_LINE = re.compile(r"^\s+check (\S+)\s+(\d+) passed\s+(\d+) failed$", re.MULTILINE)

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
}


def _make_contract(*variables: str) -> subprocess.CompletedProcess[str]:
    return run_make("contract", *variables, timeout=480)


def _failed_checks(output: str) -> set[str]:
    return {name for name, _, failed in CHECK_LINE.findall(output) if int(failed) > 0}


def test_every_fault_has_an_expected_check() -> None:
    assert set(CAUGHT_BY) == set(FAULTS)


def test_contract_passes_on_reference_server_by_default() -> None:
    run = _make_contract()
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "contract: started the reference server" in run.stdout
    checks = CHECK_LINE.findall(run.stdout)
    assert {name for name, _, _ in checks} >= set(CAUGHT_BY.values())
    assert all(int(failed) == 0 for _, _, failed in checks)
    suites = ET.parse(JUNIT).getroot()
    assert int(suites.get("failures", "0")) == 0


@pytest.mark.parametrize("fault", FAULTS)
def test_contract_fails_on_broken_server(fault: str, tmp_path: Path) -> None:
    module = "tests.contract.broken_servers"
    with live_server(
        tmp_path / "broken.sqlite3", module=module, extra_args=["--fault", fault], cwd=ROOT
    ) as srv:
        run = _make_contract(f"BASE_URL={srv.base_url}", "MAX_FAILURES=1")
    assert run.returncode != 0, run.stdout[-4000:]
    assert CAUGHT_BY[fault] in _failed_checks(run.stdout), run.stdout[-4000:]
    # Every failure comes with a command that reproduces it.
    assert "curl -X " in run.stdout
    assert int(ET.parse(JUNIT).getroot().get("failures", "0")) > 0


def test_contract_with_api_key_fails_when_key_is_not_sent(tmp_path: Path) -> None:
    with live_server(tmp_path / "keyed.sqlite3", api_key="contract-key") as srv:
        run = _make_contract(f"BASE_URL={srv.base_url}", "MAX_FAILURES=1")
    assert run.returncode != 0
    # Every operation answered only 401; schemathesis.toml makes that warning fail the run.
    assert "Authentication failed: 3 operations returned only 401/403" in run.stdout
    assert "Warnings fail the run" in run.stdout
