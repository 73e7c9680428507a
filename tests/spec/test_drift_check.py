"""`make check-generated` passes on the committed tree and fails once the spec moves on without it.

Runs the real Makefile target in a copy of the generation inputs, with the project's own venv, so
what is proven is exactly what `make test` and CI run. Each run regenerates the client, so the two
ways of drifting (a spec change, a generated file deleted) are made in one copy and one run, and
each test checks the report lines of its own.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.make import run_make

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
INPUTS = ("Makefile", "openapi.yaml", "generator-config.yml", "pyproject.toml")
FOLDERS = ("generated", "templates", "scripts")


def _copy_project(target: Path) -> Path:
    for name in INPUTS:
        shutil.copy2(ROOT / name, target / name)
    for name in FOLDERS:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _check_generated(project: Path) -> subprocess.CompletedProcess[str]:
    stamp = VENV / ".installed"
    # `-o` keeps make from reinstalling the shared venv for the copy's pyproject.toml.
    return run_make("check-generated", f"VENV={VENV}", "-o", str(stamp), cwd=project, timeout=120)


def test_check_generated_passes_on_committed_tree(tmp_path: Path) -> None:
    run = _check_generated(_copy_project(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "generated/ matches openapi.yaml" in run.stdout


CHANGED = "generated/pieces_distributions/models/score.py"
DELETED = "generated/pieces_distributions/models/grouped_timestamp.py"


@pytest.fixture(scope="module")
def drifted(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """check-generated on a copy whose spec changed Score.manual's type and which lost DELETED
    (another model than Score's, so that each is reported on its own)."""
    project = _copy_project(tmp_path_factory.mktemp("drifted"))
    spec = project / "openapi.yaml"
    text = spec.read_text(encoding="utf-8")
    old = "        manual:\n          type: integer\n"
    assert text.count(old) == 1
    spec.write_text(text.replace(old, "        manual:\n          type: string\n"), "utf-8")
    (project / DELETED).unlink()
    return _check_generated(project)


def test_check_generated_fails_when_a_property_changes(
    drifted: subprocess.CompletedProcess[str],
) -> None:
    assert drifted.returncode != 0
    assert "generated/ is stale" in drifted.stdout
    assert f"changed  {CHANGED}" in drifted.stdout
    assert "+        manual (str)" in drifted.stdout


def test_check_generated_fails_when_a_generated_file_is_missing(
    drifted: subprocess.CompletedProcess[str],
) -> None:
    assert drifted.returncode != 0
    assert f"missing  {DELETED}" in drifted.stdout
