"""The figures record of the reliability tests (paths and headers: tests/support/constants.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
Record = Callable[[str], None]
