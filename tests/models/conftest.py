"""Deterministic Hypothesis settings for the model property tests, and a count of cases run."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, settings

from tests.models.profile import CASES, PROFILE

# Same cases on every run and machine (derandomize, no example database), no timing-based
# failures on a busy 2-core machine, and a fixed budget that keeps the folder around 30 s of CPU.
# No shrink phase: shrinking a failing nested document takes minutes, so a failure is reported
# with the document as drawn (small anyway: arrays and undeclared keys are capped).
settings.register_profile(
    PROFILE,
    derandomize=True,
    database=None,
    max_examples=25,
    deadline=None,
    print_blob=False,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if CASES:
        detail = ", ".join(f"{kind} {count}" for kind, count in sorted(CASES.items()))
        terminalreporter.write_line(f"property cases: {CASES.total()} ({detail})")
