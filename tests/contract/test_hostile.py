"""`pieces-contract` against servers that attack it (issue 21, points 1-8).

One short run against the `terminal` server of hostile_servers.py, with a key and a --header
holding `$(...)`, feeds the report tests: the key masked everywhere, the reports owner-only,
no control character on the terminal, JUnit still XML, the curl line inert. The preflight and
the probes meet the dripping, the endless and the space-id servers in process; the signal
tests run the tool as a real process and stop it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from pieces_contract import bounded, preflight, replay, runner, security, spec
from reference_server.launcher import LiveServer, live_server
from tests.contract.runs import ROOT, Run, contract

MODULE = "tests.contract.hostile_servers"
KEY = "k3y-0f-th3-run-7f1c"
# Any of these on the terminal lets the server draw over the verdict.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PROBES = len(security.probes(0)) * 3


@contextmanager
def hostile(folder: Path, mode: str, *flags: str) -> Iterator[LiveServer]:
    with live_server(
        folder / "unused.sqlite3", module=MODULE, extra_args=["--mode", mode, *flags], cwd=ROOT
    ) as server:
        yield server


@dataclass
class Attacked:
    run: Run
    marker: Path
    base_url: str


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Attacked]:
    folder = tmp_path_factory.mktemp("attacked")
    marker = folder / "ran"
    with hostile(folder, "terminal") as server:
        run = contract(
            *("run", "--base-url", server.base_url, "--phases", "examples"),
            *("--max-examples", "1", "--header", f"X-Trace: $(touch {marker})"),
            cwd=folder,
            env={"CONTRACT_API_KEY": KEY},
        )
        assert run.returncode == 1, run.explain()
        yield Attacked(run, marker, server.base_url)


def _reports(attacked: Attacked) -> list[Path]:
    return sorted(path for path in attacked.run.reports.iterdir() if path.is_file())


def test_key_is_masked_in_every_report_and_printed_line(attacked: Attacked) -> None:
    # The server echoes the key in a body and a header: schemathesis alone would keep it in the
    # HAR file and the event log, and the key header is none it masks by name.
    names = {path.name for path in _reports(attacked)}
    assert {runner.EVENTS, runner.CASSETTE, runner.JUNIT, runner.HTML} <= names
    for path in _reports(attacked):
        assert KEY not in path.read_text(encoding="utf-8", errors="replace"), path.name
    assert KEY not in attacked.run.stdout
    assert "[Filtered]" in (attacked.run.reports / runner.CASSETTE).read_text()


def test_reports_are_owner_only(attacked: Attacked) -> None:
    folder = attacked.run.reports
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    modes = {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in _reports(attacked)}
    assert set(modes.values()) == {"0o600"}, modes


def test_terminal_output_holds_no_control_characters(attacked: Attacked) -> None:
    out = attacked.run.stdout
    assert "answer: 200 application/json\\x1b[2J" in out, attacked.run.explain()
    assert CONTROL.search(out) is None, repr(CONTROL.search(out))


def test_junit_stays_xml_with_control_characters_in_the_answers(attacked: Attacked) -> None:
    root = ET.parse(attacked.run.reports / runner.JUNIT).getroot()
    assert int(root.get("failures", "0")) > 0
    texts = " ".join(node.text or "" for node in root.iter("failure"))
    assert "\\x1b[2J" in texts


def test_html_page_shows_server_markup_as_text(attacked: Attacked) -> None:
    page = (attacked.run.reports / runner.HTML).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page
    assert CONTROL.search(page) is None


def test_printed_curl_line_sends_command_substitutions_as_text(attacked: Attacked) -> None:
    line = next(
        (text.strip() for text in attacked.run.stdout.splitlines() if "curl -i" in text), None
    )
    assert line is not None, attacked.run.explain()
    assert '"$CONTRACT_API_KEY"' in line
    done = subprocess.run(
        ["sh", "-c", line],
        env={**os.environ, "CONTRACT_API_KEY": KEY},
        capture_output=True,
        timeout=30,
        check=False,
    )
    # The request went out (curl then refuses the answer's NUL header: exit 8), and the
    # `$(touch ...)` in the --header value was sent as text, not run.
    assert done.returncode in (0, 8), done.stderr
    assert not attacked.marker.exists()
    # The same line, as the page and the JUnit file keep it.
    junit = ET.parse(attacked.run.reports / runner.JUNIT).getroot()
    assert any(line in (node.text or "") for node in junit.iter("failure"))


def _document() -> dict[str, object]:
    return spec.load(spec.default_spec_path())


def test_preflight_gives_up_on_a_dripping_server_at_its_deadline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One byte every 0.3 s: a per-read timeout of any length never fires.
    monkeypatch.setattr(preflight, "DEADLINE_SECONDS", 1.5)
    with hostile(tmp_path, "drip", "--drip-seconds", "0.3") as server:
        started = time.monotonic()
        verdict = preflight.check(server.base_url, {}, False, _document())
        took = time.monotonic() - started
    assert verdict is not None
    assert "no complete answer from" in verdict
    assert "within 1.5s" in verdict
    assert took < 3.0


def test_preflight_stops_reading_an_endless_answer_at_its_cap(tmp_path: Path) -> None:
    with hostile(tmp_path, "huge") as server:
        started = time.monotonic()
        verdict = preflight.check(server.base_url, {}, False, _document())
        took = time.monotonic() - started
    assert verdict is not None
    assert f"answered more than {preflight.CAP_BYTES} bytes" in verdict
    assert took < 5.0


def test_security_probes_give_up_on_a_dripping_server_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(security, "TIMEOUT", 1.0)
    with hostile(tmp_path, "drip", "--drip-seconds", "0.3") as server:
        started = time.monotonic()
        outcomes = security.run(server.base_url, {}, _document())
        took = time.monotonic() - started
    out = capsys.readouterr().out.strip().splitlines()
    assert [outcome.problem != "" for outcome in outcomes] == [True]
    assert len(out) == 1, out
    assert out[0].startswith("security: cannot probe"), out
    assert took < 3.0


def test_security_probes_encode_an_id_holding_a_space(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with hostile(tmp_path, "space-id") as server:
        outcomes = security.run(server.base_url, {}, _document())
    out = capsys.readouterr().out
    assert not [outcome for outcome in outcomes if outcome.problem], out
    assert f"security: {PROBES} of {PROBES} probes passed" in out


def test_ids_become_one_percent_encoded_path_segment() -> None:
    path = bounded.fill("/distributions/{distribution}/delete", "distribution", "a b/../c?d")
    assert path == "/distributions/a%20b%2F..%2Fc%3Fd/delete"


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


@pytest.fixture
def started(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], list[int]]]:
    """`pieces-contract run` against our server (with a key), and its schemathesis children
    (two: the ci profile's phases split over two processes on a machine with two cores)."""
    expected = len(runner.jobs_for(runner.Options(base_url="http://127.0.0.1:9")))
    with live_server(tmp_path / "s.sqlite3", api_key=KEY) as server:
        tool = subprocess.Popen(
            [sys.executable, "-m", "pieces_contract", "run", "--base-url", server.base_url],
            cwd=tmp_path,
            env={**os.environ, "CONTRACT_API_KEY": KEY},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            ends = time.monotonic() + 30
            found: list[int] = []
            while len(found) < expected and time.monotonic() < ends and tool.poll() is None:
                found = [
                    pid
                    for pid in _children(tool.pid)
                    if b"schemathesis" in Path(f"/proc/{pid}/cmdline").read_bytes()
                ]
                time.sleep(0.05)
            assert len(found) == expected, f"{len(found)} schemathesis children, not {expected}"
            yield tool, found
        finally:
            if tool.poll() is None:
                tool.kill()
                tool.wait()


def test_key_is_not_on_the_schemathesis_command_line(
    started: tuple[subprocess.Popen[bytes], list[int]],
) -> None:
    _, children = started
    for child in children:
        argv = Path(f"/proc/{child}/cmdline").read_bytes()
        assert KEY.encode() not in argv
        assert b"X-Application-ID" not in argv


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_stopping_the_tool_stops_its_schemathesis_children(
    started: tuple[subprocess.Popen[bytes], list[int]], signum: int
) -> None:
    tool, children = started
    tool.send_signal(signum)
    assert tool.wait(timeout=20) != 0
    ends = time.monotonic() + 10
    while any(Path(f"/proc/{c}").exists() for c in children) and time.monotonic() < ends:
        time.sleep(0.05)
    # Gone, or a zombie nobody will reap: either way they send nothing more.
    alive = [c for c in children if Path(f"/proc/{c}").exists() and "Z" not in _state(c)]
    assert not alive


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return "Z"


def _crash_folder(reports: Path, base_url: str) -> None:
    """One crash file as schemathesis keeps it: a snapshot that answered 500."""
    folder = reports / ".schemathesis" / "default" / "cache" / "crashes"
    folder.mkdir(parents=True)
    step = {
        "method": "GET",
        "url": f"{base_url}/distributions",
        "url_template": f"{base_url}/distributions",
        "headers": {},
        "response": {"status_code": 500, "headers": {}, "body": ""},
        "link": None,
        "checks": [{"name": "not_a_server_error", "status": "failure", "message": "500"}],
        "meta": None,
        "path": "/distributions",
        "path_parameters": {},
        "query": {},
        "case_headers": {},
        "cookies": {},
        "media_type": None,
        "parent_index": None,
        "auth_identity": None,
        "operation": "GET /distributions",
    }
    crash = {
        "operation": "GET /distributions",
        "method": "GET",
        "path_template": "/distributions",
        "fingerprint": "0",
        "case_id": "c1",
        "code_sample": "",
        "sequence": [step],
    }
    (folder / "GET_distributions_not_a_server_error_0.json").write_text(json.dumps(crash))
    manifest = {
        "format_version": 1,
        "schemathesis_version": "4.32.5",
        "schema_location": str(spec.default_spec_path()),
        "base_url": base_url,
        "created_at": "2026-12-02T00:00:00+00:00",
        "tls_verify": True,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_replay_gives_up_on_a_dripping_server_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The dripped answer takes about 13 s in all: the deadline ends the replay well before.
    monkeypatch.setattr(replay, "DEADLINE_SECONDS", 4.0)
    with hostile(tmp_path, "drip", "--drip-seconds", "0.3") as server:
        _crash_folder(tmp_path / "reports", server.base_url)
        started = time.monotonic()
        code = replay.replay(tmp_path / "reports", server.base_url, None, [], [])
        took = time.monotonic() - started
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 2, out
    assert out == ["replay: crashes: no complete replay within 4s"]
    assert took < 8.0
