"""The name of the Hypothesis profile the model tests use, and the count of cases they ran."""

from __future__ import annotations

from collections import Counter

# Registered in conftest.py; applied per test so other folders keep their own settings.
PROFILE = "models"

# Cases run per kind of test; conftest.py prints the total when the session ends.
CASES: Counter[str] = Counter()
