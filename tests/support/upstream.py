"""The upstream fixtures as an installed official SDK says they should be.

`derived(venv, folder)` runs scripts/upstream_models.py (what `make upstream-models` runs) with
that venv's Python, writing into `folder`, and returns both documents with their bytes. The SDK
lives in its own venv (.venv-upstream for the pinned one, .venv-upstream-old for the walk-through
in docs/upstream-release.md); a missing one fails the test with the make target that builds it.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scripts.upstream_models import MODELS_NAME, OPERATIONS_NAME

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
PINNED_VENV = ROOT / ".venv-upstream"
OLD_VENV = ROOT / ".venv-upstream-old"
# Importing the SDK's ~670 models takes about two seconds; this bounds a stuck interpreter.
DERIVE_TIMEOUT_SECONDS = 120.0
_TARGETS = {PINNED_VENV: "make upstream-venv", OLD_VENV: "make upstream-old-venv"}


@dataclass(frozen=True)
class Derived:
    models: dict[str, Any]
    operations: dict[str, Any]
    models_text: str
    operations_text: str


def read_fixtures(folder: Path = FIXTURES) -> Derived:
    """The two fixtures in `folder` (by default the committed ones)."""
    models_text = (folder / MODELS_NAME).read_text(encoding="utf-8")
    operations_text = (folder / OPERATIONS_NAME).read_text(encoding="utf-8")
    return Derived(
        json.loads(models_text), json.loads(operations_text), models_text, operations_text
    )


def derived(venv: Path, folder: Path) -> Derived:
    """What scripts/upstream_models.py derives from the SDK installed in `venv`."""
    python = venv / "bin" / "python"
    if not python.exists():
        pytest.fail(f"{venv.name} is missing: run `{_TARGETS.get(venv, 'make upstream-venv')}`")
    done = subprocess.run(
        [str(python), str(ROOT / "scripts" / "upstream_models.py"), "--out", str(folder)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=DERIVE_TIMEOUT_SECONDS,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"upstream_models.py with {venv.name} exited {done.returncode}: {done.stderr}")
    return read_fixtures(folder)
