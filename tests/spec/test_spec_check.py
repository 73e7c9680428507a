"""`make generate` stops on an invalid openapi.yaml with a short reason that names the place.

scripts/spec_check.py runs before the generator. These tests call its main() in this process
(what `python scripts/spec_check.py FILE` runs, without a new interpreter each time), and run the
real `make generate` once in a copy, which runs the script as the Makefile does and proves that
nothing is generated from a broken spec.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts import spec_check
from tests.support.make import run_make

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
SPEC = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
MANUAL = "        manual:\n          type: integer\n"


@dataclass(frozen=True)
class Checked:
    returncode: int
    stderr: str


@pytest.fixture
def check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Callable[[str], Checked]:
    """Run spec_check's main() on a file holding the text; its exit status and stderr."""

    def run(spec_text: str) -> Checked:
        path = tmp_path / "openapi.yaml"
        path.write_text(spec_text, encoding="utf-8")
        capsys.readouterr()
        status = spec_check.main(["spec_check.py", str(path)])
        captured = capsys.readouterr()
        assert captured.out == ""
        return Checked(status, captured.err)

    return run


def test_spec_check_passes_on_committed_spec(check: Callable[[str], Checked]) -> None:
    run = check(SPEC)
    assert (run.returncode, run.stderr) == (0, "")


def test_spec_check_names_unknown_keyword_and_its_place(check: Callable[[str], Checked]) -> None:
    # openapi-spec-validator rejects `typ` too, but prints the whole Score schema as JSON.
    assert SPEC.count(MANUAL) == 1
    run = check(SPEC.replace(MANUAL, "        manual:\n          typ: integer\n"))
    assert run.returncode == 1
    assert (
        "#/components/schemas/Score/properties/manual: unknown schema keyword 'typ' "
        "(did you mean 'type'?)" in run.stderr
    )
    assert len(run.stderr.splitlines()) <= 6, run.stderr


def test_spec_check_names_required_name_without_property(
    check: Callable[[str], Checked],
) -> None:
    # Valid JSON Schema, so the validator is silent; the model would quietly lose a requirement.
    old = "      required: [automatic, manual]\n"
    assert SPEC.count(old) == 1
    run = check(SPEC.replace(old, "      required: [automatic, manul]\n"))
    assert run.returncode == 1
    assert "#/components/schemas/Score/required: 'manul' is required but not among" in run.stderr


def test_spec_check_reports_validator_error_in_one_line(check: Callable[[str], Checked]) -> None:
    old = "      operationId: distributionsSnapshot\n"
    assert SPEC.count(old) == 1
    run = check(SPEC.replace(old, old + "      retries: 3\n"))
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
