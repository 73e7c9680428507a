"""Levels and final lines, judged in process on made-up results: which level a failure breaks,
and why a run failed when it did.

The recorded runs of test_contract.py prove the checks catch their servers; these prove what
the verdict then says, without a server.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from pieces_contract import basis, probes, report, runner, spec
from pieces_contract.results import Failure, Results

DOCUMENT = spec.load(spec.default_spec_path())
CREATE = "POST /distributions/create"
HEALTH = "GET /.well-known/health"


def _failure(
    check: str, operation: str = CREATE, status: int = 400, mode: str = "positive"
) -> Failure:
    return Failure(
        check=check,
        operation=operation,
        title=check,
        message="",
        case_id="c",
        phase="examples",
        mode=mode,
        method=operation.split()[0],
        uri=f"http://127.0.0.1:9{operation.split()[1]}",
        path=operation.split()[1],
        request_headers={},
        request_body=None,
        status=status,
        media_type="text/plain",
        body="",
    )


def _level(failure: Failure, document: Any = DOCUMENT) -> str:
    found = Results(failures=[failure])
    report.classify(found, document)
    return failure.level


def test_refusing_the_bodyless_create_breaks_upstream_though_400_is_ours() -> None:
    # Upstream's create takes an optional body: refusing a valid one is upstream's failure,
    # whichever status the refusal has.
    assert _level(_failure("positive_data_acceptance", status=400)) == "upstream"


def test_a_refusal_documented_only_by_us_in_the_wrong_media_type_breaks_strict_only() -> None:
    assert _level(_failure("content_type_conformance", status=415)) == "strict"


def test_a_convention_never_breaks_upstream() -> None:
    conventions = [name for name, why in basis.BASES.items() if why.kind == "convention"]
    assert conventions
    assert {_level(_failure(name, status=200)) for name in conventions} == {"strict"}


def test_what_the_upstream_page_mandates_breaks_upstream() -> None:
    assert _level(_failure("created_distribution_is_listed", status=200)) == "upstream"


def _marked(where: str, marker: str) -> dict[str, Any]:
    document = copy.deepcopy(DOCUMENT)
    item = document["paths"]["/.well-known/health"]
    for node in (item, item["get"]):
        node.pop("x-addition", None)
        node.pop("x-not-on-page", None)
    (item if where == "path item" else item["get"])[marker] = True
    return document


@pytest.mark.parametrize("where", ["path item", "operation"])
def test_an_operation_marked_as_ours_breaks_strict_only(where: str) -> None:
    document = _marked(where, "x-addition")
    assert _level(_failure("status_code_conformance", HEALTH, 200), document) == "strict"


def test_an_operation_off_the_distributions_page_breaks_strict_only() -> None:
    # Upstream's API has it, but the upstream level is the Distributions page
    # (pieces_spec.Spec.upstream_requires), so a server with the page's three passes it.
    document = _marked("path item", "x-not-on-page")
    assert _level(_failure("status_code_conformance", HEALTH, 200), document) == "strict"


def _finish(tmp_path: Path, log: str, judged: list[probes.Outcome], returncode: int) -> int:
    reports = tmp_path / "reports"
    reports.mkdir()
    # One scenario with no case: the run ran, and judged nothing.
    scenario = {"recorder": {"label": "GET /distributions", "cases": {}}, "phase": "examples"}
    events = [{"Initialize": {"seed": 1}}, {"ScenarioFinished": scenario}]
    text = "".join(json.dumps(event) + "\n" for event in events)
    (reports / runner.EVENTS).write_text(text, encoding="utf-8")
    (reports / runner.LOG).write_text(log, encoding="utf-8")
    options = runner.Options(base_url="http://127.0.0.1:9", reports=reports)
    return runner.finish(options, DOCUMENT, "http://127.0.0.1:9", reports, returncode, 0.0, judged)


def _last_line(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().out.strip().splitlines()[-3]


def test_a_run_failing_on_a_warning_says_which(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = "Warnings:\n  \u26a0\ufe0f Missing test data: 1 operation repeatedly returned 404\n"
    assert _finish(tmp_path, log, [], 1) == 1
    printed = capsys.readouterr().out
    assert "contract: no failures" not in printed
    assert "FAILED (schemathesis warned: Missing test data: 1 operation" in printed


def test_a_run_failing_on_a_probe_alone_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exchange = probes.Exchange("GET", "http://127.0.0.1:9/distributions", {"Host": "x"}, None, 200)
    failing = probes.Outcome("cross_site_request_is_refused", "GET /distributions", exchange, "no")
    assert _finish(tmp_path, "", [failing], 0) == 1
    printed = capsys.readouterr().out
    assert "contract: no failures" not in printed
    assert "contract: FAILED (1 failing probe(s))" in printed
