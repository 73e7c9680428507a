"""Deterministic Hypothesis settings for the model property tests, and a count of cases run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, Phase, settings

from tests.models.profile import CASES, PROFILE

# Same cases on every run and machine (derandomize, no example database), no timing-based
# failures on a busy 2-core machine, and a fixed budget of cases per test.
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


# Each test's cases travel in its report (user_properties), so the summary counts them also when
# pytest-xdist ran the test in a worker process.
COUNTED = "property cases"


@pytest.fixture(autouse=True)
def _count_cases(request: pytest.FixtureRequest) -> Iterator[None]:
    before = CASES.copy()
    yield
    for kind, count in (CASES - before).items():
        request.node.user_properties.append((COUNTED, (kind, count)))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    counted: Counter[str] = Counter()
    # Added at teardown, so the teardown report is the one that carries them (once).
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "teardown":
                continue
            for name, value in report.user_properties:
                if name == COUNTED:
                    kind, count = value
                    counted[kind] += count
    if counted:
        detail = ", ".join(f"{kind} {count}" for kind, count in sorted(counted.items()))
        terminalreporter.write_line(f"property cases: {counted.total()} ({detail})")
