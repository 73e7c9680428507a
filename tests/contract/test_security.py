"""The opt-in security section (`pieces-contract run --security`) tells both outcomes apart.

The probes run in-process against two harnesses around the reference server: one that refuses
foreign Hosts and cross-site requests as issue 11 asks (every probe must pass), and one that
hides them from the server whatever guard it has (every probe must fail, by name).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pieces_contract import security, spec
from reference_server.launcher import live_server

ROOT = Path(__file__).resolve().parents[2]
MODULE = "tests.contract.broken_servers"
PROBES = len(security.probes(0)) * 3


def _probe(tmp_path: Path, flag: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    document = spec.load(spec.default_spec_path())
    with live_server(tmp_path / "s.sqlite3", module=MODULE, extra_args=[flag], cwd=ROOT) as srv:
        failures = security.run(srv.base_url, {}, document)
    return failures, capsys.readouterr().out


def test_security_probes_pass_on_a_server_that_refuses_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failures, out = _probe(tmp_path, "--refuse-cross-site", capsys)
    assert failures == 0, out
    assert f"security: {PROBES} of {PROBES} probes passed" in out


def test_security_probes_fail_by_name_on_a_server_that_admits_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    failures, out = _probe(tmp_path, "--admit-cross-site", capsys)
    assert failures == PROBES, out
    # Each probe is named, with what went wrong: the create probes stored a distribution.
    assert "Origin: null" in out
    assert "empty Host" in out
    assert "created a distribution" in out
    assert "deleted a distribution" in out
