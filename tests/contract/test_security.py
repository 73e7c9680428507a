"""The opt-in security section (`pieces-contract run --security`) tells both outcomes apart.

The probes run against the reference server itself, whose Host and cross-site guard must refuse
every one of them, and against a harness that hides them from the server's guard (every probe
must then fail, by name).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pieces_contract import security, spec
from reference_server.launcher import live_server

ROOT = Path(__file__).resolve().parents[2]
MODULE = "tests.contract.broken_servers"
PROBES = len(security.probes(0)) * 3


def _probe(tmp_path: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[int, str]:
    document = spec.load(spec.default_spec_path())
    module = MODULE if flags else "reference_server"
    with live_server(tmp_path / "s.sqlite3", module=module, extra_args=flags, cwd=ROOT) as srv:
        failures = security.run(srv.base_url, {}, document)
    return failures, capsys.readouterr().out


def test_security_probes_pass_on_the_reference_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failures, out = _probe(tmp_path, capsys)
    assert failures == 0, out
    assert f"security: {PROBES} of {PROBES} probes passed" in out


def test_security_probes_fail_by_name_on_a_server_that_admits_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failures, out = _probe(tmp_path, capsys, "--admit-cross-site")
    assert failures == PROBES, out
    # Each probe is named, with what went wrong: the create probes stored a distribution.
    assert "Origin: null" in out
    assert "empty Host" in out
    assert "created a distribution" in out
    assert "deleted a distribution" in out
