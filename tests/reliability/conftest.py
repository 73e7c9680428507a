"""Figures for the reliability layer: each test records what it did, the session prints them."""

from __future__ import annotations

import pytest

from tests.reliability.support import Record

# The figures travel in each test's report (user_properties), so the session summary has them
# also when pytest-xdist ran the test in a worker process.
FIGURE = "reliability figure"


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Record:
    """record(line): print a figure now (seen with -s) and again in the session summary."""

    def record(line: str) -> None:
        print(line)
        request.node.user_properties.append((FIGURE, line))

    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = [
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if getattr(report, "when", None) == "call"
        for name, value in report.user_properties
        if name == FIGURE
    ]
    if lines:
        terminalreporter.section("reliability figures")
        for line in lines:
            terminalreporter.write_line(line)
