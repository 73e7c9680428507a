"""Figures for the reliability layer: each test records what it did, the session prints them."""

from __future__ import annotations

import pytest

from tests.reliability.support import FIGURES, Record


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Record:
    """record(line): print a figure now (seen with -s) and again in the session summary."""
    lines = request.config.stash.setdefault(FIGURES, [])

    def record(line: str) -> None:
        print(line)
        lines.append(line)

    return record


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    lines = config.stash.get(FIGURES, [])
    if lines:
        terminalreporter.section("reliability figures")
        for line in lines:
            terminalreporter.write_line(line)
