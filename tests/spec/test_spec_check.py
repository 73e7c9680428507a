"""`make generate` stops on an invalid openapi.yaml with a short reason that names the place.

scripts/spec_check.py runs before the generator; these tests run it as the Makefile does, and run
the real `make generate` once in a copy to prove that nothing is generated from a broken spec.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.support.make import run_make

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
SPEC = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
MANUAL = "        manual:\n          type: integer\n"


def _check(spec_text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "openapi.yaml"
    path.write_text(spec_text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "spec_check.py"), str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_spec_check_passes_on_committed_spec(tmp_path: Path) -> None:
    run = _check(SPEC, tmp_path)
    assert (run.returncode, run.stderr) == (0, "")


def test_spec_check_names_unknown_keyword_and_its_place(tmp_path: Path) -> None:
    # openapi-spec-validator rejects `typ` too, but prints the whole Score schema as JSON.
    assert SPEC.count(MANUAL) == 1
    run = _check(SPEC.replace(MANUAL, "        manual:\n          typ: integer\n"), tmp_path)
    assert run.returncode == 1
    assert (
        "#/components/schemas/Score/properties/manual: unknown schema keyword 'typ' "
        "(did you mean 'type'?)" in run.stderr
    )
    assert len(run.stderr.splitlines()) <= 6, run.stderr


def test_spec_check_names_required_name_without_property(tmp_path: Path) -> None:
    # Valid JSON Schema, so the validator is silent; the model would quietly lose a requirement.
    old = "      required: [automatic, manual]\n"
    assert SPEC.count(old) == 1
    run = _check(SPEC.replace(old, "      required: [automatic, manul]\n"), tmp_path)
    assert run.returncode == 1
    assert "#/components/schemas/Score/required: 'manul' is required but not among" in run.stderr


def test_spec_check_reports_validator_error_in_one_line(tmp_path: Path) -> None:
    old = "      operationId: distributionsSnapshot\n"
    assert SPEC.count(old) == 1
    run = _check(SPEC.replace(old, old + "      retries: 3\n"), tmp_path)
    assert run.returncode == 1
    assert (
        "#/paths/~1distributions/get: Additional properties are not allowed ('retries' was "
        "unexpected)" in run.stderr
    )


def test_generate_stops_before_generating_from_invalid_spec(tmp_path: Path) -> None:
    for name in ("Makefile", "generator-config.yml", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in ("templates", "scripts"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "generated" / "pieces_distributions").mkdir(parents=True)
    marker = tmp_path / "generated" / "pieces_distributions" / "untouched.txt"
    marker.write_text("the committed client", encoding="utf-8")
    (tmp_path / "openapi.yaml").write_text(
        SPEC.replace(MANUAL, "        manual:\n          typ: integer\n"), encoding="utf-8"
    )

    # `-o` keeps make from reinstalling the shared venv for the copy's pyproject.toml.
    run = run_make(
        "generate", f"VENV={VENV}", "-o", str(VENV / ".installed"), cwd=tmp_path, timeout=60
    )

    assert run.returncode != 0
    assert "unknown schema keyword 'typ'" in run.stderr
    assert marker.read_text(encoding="utf-8") == "the committed client"
    assert not (tmp_path / "generated" / ".next").exists()
