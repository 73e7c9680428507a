"""The opt-in security section (`pieces-contract run --security`) tells both outcomes apart.

The probes run against the reference server itself, whose Host and cross-site guard must refuse
every one of them, and against a harness that hides them from the server's guard (every probe
must then fail, by name).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from pieces_contract import probes, report, results, security, spec
from reference_server.launcher import live_server

ROOT = Path(__file__).resolve().parents[2]
MODULE = "tests.contract.broken_servers"
PROBES = len(security.probes(0)) * 3


@dataclass
class Probed:
    outcomes: list[probes.Outcome]
    out: str


def _probe(folder: Path, *flags: str) -> Probed:
    document = spec.load(spec.default_spec_path())
    module = MODULE if flags else "reference_server"
    printed = io.StringIO()
    with (
        live_server(folder / "s.sqlite3", module=module, extra_args=flags, cwd=ROOT) as srv,
        contextlib.redirect_stdout(printed),
    ):
        outcomes = security.run(srv.base_url, {}, document)
    return Probed(outcomes, printed.getvalue())


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Probed:
    """The probes against the reference server, whose guard refuses them."""
    return _probe(tmp_path_factory.mktemp("guarded"))


@pytest.fixture(scope="module")
def admitted(tmp_path_factory: pytest.TempPathFactory) -> Probed:
    """The probes against a harness that hides them from the guard."""
    return _probe(tmp_path_factory.mktemp("admitted"), "--admit-cross-site")


def _failures(outcomes: list[probes.Outcome]) -> int:
    return sum(1 for outcome in outcomes if outcome.problem)


def test_security_probes_pass_on_the_reference_server(guarded: Probed) -> None:
    assert _failures(guarded.outcomes) == 0, guarded.out
    assert f"security: {PROBES} of {PROBES} probes passed" in guarded.out


def test_security_probes_fail_by_name_on_a_server_that_admits_them(admitted: Probed) -> None:
    out = admitted.out
    assert _failures(admitted.outcomes) == PROBES, out
    # Each probe is named, with what went wrong: the create probes stored a distribution.
    assert "Origin: null" in out
    assert "empty Host" in out
    assert "created a distribution" in out
    assert "deleted a distribution" in out


def test_failed_probes_are_in_every_report_with_the_request_sent(
    admitted: Probed, tmp_path: Path
) -> None:
    found = results.Results()
    probes.record(found, admitted.outcomes)
    document = spec.load(spec.default_spec_path())
    report.classify(found, document)
    report.attach_reproductions(found, "http://127.0.0.1:9", document)
    report.write_html(found, document, tmp_path / "page.html", "strict", "replay", "http://x")
    report.write_junit(found, tmp_path / "junit.xml")
    text = report.failures_text(found, "strict", "replay", "http://x")
    sent = f"Host: {security.FOREIGN}"
    # The terminal shows the request as sent; the page and JUnit carry it in the curl line.
    assert f"> {sent}" in text
    for written in ("page.html", "junit.xml"):
        assert sent in (tmp_path / written).read_text(), written


def test_refusals_the_probes_saw_count_as_seen(guarded: Probed) -> None:
    # The coverage page must not call 403 "never seen" when the probes were answered 403.
    found = results.Results()
    probes.record(found, guarded.outcomes)
    rows = report.coverage_rows(found, spec.load(spec.default_spec_path()))
    assert ("GET /distributions", "403", "text/plain", "seen", True) in rows
