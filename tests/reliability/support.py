"""Constants and the figures record of the reliability tests (HTTP helpers: tests/support)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = pytest.StashKey[list[str]]()
Record = Callable[[str], None]

CREATE = "/distributions/create"
SNAPSHOT = "/distributions"
JSON_HEADERS = {"Content-Type": "application/json"}


def delete_path(distribution_id: str) -> str:
    return f"/distributions/{distribution_id}/delete"
