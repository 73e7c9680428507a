"""The bench framework's verdicts and chart: a target judges its value the same way in the
table and on the chart, and the chart draws exactly the rows that have a target."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import chart
from bench.support import DISCOVERY_SECONDS, IMPORT_CLIENT, ROUND_TRIP, Row, Target


def _rows() -> list[Row]:
    return [
        Row.judged(
            "1 import (x)", "client", "50 ms", "them", "420 ms", "8.4x faster", IMPORT_CLIENT, 8.4
        ),
        Row.judged(
            "4 round trip (x)", "snapshot", "2 ms", "raw", "1.2 ms", "+68%", ROUND_TRIP, 1.68
        ),
        Row("5 server (x)", "latency", "1 ms", "", "", "", "", None),  # context: no bar
    ]


@pytest.mark.parametrize(
    ("target", "value", "met", "attainment"),
    [
        (IMPORT_CLIENT, 8.4, True, 8.4 / 8),  # at least: value / bound
        (IMPORT_CLIENT, 4.0, False, 0.5),
        (ROUND_TRIP, 1.68, False, 1.40 / 1.68),  # at most: bound / value
        (DISCOVERY_SECONDS, 0.1, True, 5.0),
    ],
)
def test_target_verdict_and_attainment_agree(
    target: Target, value: float, met: bool, attainment: float
) -> None:
    # Met exactly when the chart's bar reaches past the target line (attainment >= 1).
    assert target.met(value) is met
    assert target.attainment(value) == pytest.approx(attainment)
    assert (target.attainment(value) >= 1) is met


def test_judged_row_carries_target_text_and_verdict() -> None:
    row = _rows()[1]
    assert (row.target, row.met, row.verdict) == ("<= +40%", False, "MISSED")


def test_row_json_round_trip_keeps_the_goal() -> None:
    for row in _rows():
        assert Row.from_json(row.as_json()) == row


def test_chart_draws_one_bar_per_targeted_row_and_marks_missed(tmp_path: Path) -> None:
    path = tmp_path / "bench.svg"
    assert chart.draw(_rows(), path) == 2
    svg = path.read_text(encoding="utf-8")
    # One green bar (met); red for the missed bar (and its label, which says MISSED).
    assert svg.count(f"fill: {chart.MET_COLOUR}") == 1
    assert svg.count(f"fill: {chart.MISSED_COLOUR}") >= 1
    assert "MISSED: +68%, target &lt;= +40%" in svg
    assert "latency" not in svg


def test_chart_is_the_same_file_for_the_same_rows(tmp_path: Path) -> None:
    # No date and a fixed id salt: a committed chart changes only when the figures do.
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    chart.draw(_rows(), first)
    chart.draw(_rows(), second)
    assert first.read_bytes() == second.read_bytes()
