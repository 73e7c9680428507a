"""The figures record of the reliability tests (paths and headers: tests/support/constants.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = pytest.StashKey[list[str]]()
Record = Callable[[str], None]
