"""make diff on the real openapi.yaml: the edits the issue names get the verdict and exit status.

The client of the committed spec is the committed one, generated/ (check-generated, run by
tests/spec/test_drift_check.py and `make test`, keeps it what the spec makes); each edited spec
costs one generation, and the three breaking edits share one: they are made together, in unrelated
parts of the spec, and each test checks its own change in the one report. One test runs the real
`make diff` in a copy of the project, so the Makefile wiring, the report file and the exit status
are what a developer sees.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts.python_api import api_changes
from scripts.spec_diff import Report, generate
from scripts.wire_diff import wire_changes
from tests.support.make import run_make

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
SPEC = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
SEARCHED = """        searched:
          type: integer
          description: How often the object turned up in searches.
"""
SNAPSHOT_START = "  /distributions:\n    get:\n"


def _edit(old: str, new: str, text: str = SPEC) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _generator_command() -> list[str]:
    # The exact command `make diff` passes on, read from make's dry run, so it is written once.
    run = run_make("-n", "diff", f"VENV={VENV}", "-o", str(VENV / ".installed"), timeout=30)
    [line] = [line for line in run.stdout.splitlines() if "scripts.spec_diff" in line]
    # The shell would expand $PATH in the recipe; do what it would.
    argv = [os.path.expandvars(arg) for arg in shlex.split(line)]
    return argv[argv.index("--") + 1 :]


@pytest.fixture(scope="module")
def command() -> list[str]:
    return _generator_command()


@pytest.fixture(scope="module")
def base_client() -> Path:
    """The folder holding the client generated from the committed spec: generated/."""
    return ROOT / "generated"


def _diff(edited: str, command: list[str], base_client: Path, tmp_path: Path) -> Report:
    generate(command, edited, tmp_path, "the edited spec")
    old, new = yaml.safe_load(SPEC), yaml.safe_load(edited)
    return Report(
        "the committed spec",
        old["info"]["version"],
        new["info"]["version"],
        wire_changes(old, new),
        api_changes(base_client, tmp_path),
    )


def test_optional_response_property_added_is_safe(
    command: list[str], base_client: Path, tmp_path: Path
) -> None:
    added = SEARCHED + "        rating:\n          type: integer\n          description: Stars.\n"
    report = _diff(_edit(SEARCHED, added), command, base_client, tmp_path)
    markdown = report.markdown()
    assert report.exit_code == 0, markdown
    assert "safe `#/components/schemas/Score/properties/rating`: optional response" in markdown
    assert "safe `pieces_distributions.models.score.Score.rating`: added" in markdown


REQUIRED_NAME = "      required: [name]\n"


def _without_snapshot(text: str) -> str:
    start = text.index(SNAPSHOT_START)
    end = text.index("components:\n", start)
    return text[:start] + text[end:]


@pytest.fixture(scope="module")
def breaking(
    command: list[str], base_client: Path, tmp_path_factory: pytest.TempPathFactory
) -> Report:
    """One report for three breaking edits made at once: Score.searched removed, public made
    required in the gist seed, GET /distributions removed. Apart they give the same lines, but
    for the operations that read `searched` (the snapshot is gone), which no test checks."""
    edited = _edit(SEARCHED, "")
    edited = _edit(REQUIRED_NAME, "      required: [name, public]\n", edited)
    edited = _without_snapshot(edited)
    return _diff(edited, command, base_client, tmp_path_factory.mktemp("breaking-client"))


def test_response_property_removed_breaks_in_both_sections(breaking: Report) -> None:
    markdown = breaking.markdown()
    assert breaking.exit_code == 1
    assert (
        "**breaking** `#/components/schemas/Score/properties/searched`: response property "
        "'searched' removed" in markdown
    )
    assert "**breaking** `pieces_distributions.models.score.Score.searched`" in markdown


def test_request_property_made_required_breaks_in_both_sections(breaking: Report) -> None:
    markdown = breaking.markdown()
    assert breaking.exit_code == 1
    assert (
        "**breaking** `#/components/schemas/SeededGitHubGistDistribution/properties/public`: "
        "request property 'public' became required" in markdown
    )
    assert "Parameter is now required: public" in markdown


def test_operation_removed_breaks_in_both_sections(breaking: Report) -> None:
    markdown = breaking.markdown()
    assert breaking.exit_code == 1
    assert "**breaking** `#/paths/~1distributions/get`: operation GET /distributions removed" in (
        markdown
    )
    assert (
        "**breaking** `pieces_distributions.api.distributions.distributions_snapshot`: "
        "Public object was removed" in markdown
    )


def test_major_version_raise_declares_the_break() -> None:
    # The verdict reads only the two versions and whether anything breaks; the wire section's
    # break is enough, so no client is generated here.
    edited = yaml.safe_load(_edit("  version: 1.0.0\n", "  version: 2.0.0\n", _edit(SEARCHED, "")))
    old = yaml.safe_load(SPEC)
    report = Report("the committed spec", "1.0.0", "2.0.0", wire_changes(old, edited), None)
    assert report.breaking
    assert report.exit_code == 0
    assert "breaking, declared: info.version 1.0.0 -> 2.0.0" in report.markdown()


def _renamed_path_parameter(text: str) -> str:
    text = _edit("/distributions/{distribution}/delete:", "/distributions/{id}/delete:", text)
    text = _edit(
        "        - name: distribution\n          in: path\n",
        "        - name: id\n          in: path\n",
        text,
    )
    return _edit("distribution: $response.body#/id", "id: $response.body#/id", text)


def test_make_diff_on_renamed_path_parameter_exits_1_with_both_sections(tmp_path: Path) -> None:
    for name in ("Makefile", "generator-config.yml", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in ("templates", "scripts"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "base.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "openapi.yaml").write_text(_renamed_path_parameter(SPEC), encoding="utf-8")

    # `-o` keeps make from reinstalling the shared venv for the copy's pyproject.toml.
    run = run_make(
        "diff",
        "BASE=base.yaml",
        f"VENV={VENV}",
        "-o",
        str(VENV / ".installed"),
        cwd=tmp_path,
        timeout=120,
    )

    report = (tmp_path / "reports" / "spec-changes.md").read_text(encoding="utf-8")
    assert run.returncode != 0, run.stdout + run.stderr
    assert "BREAKING, not declared" in report
    # On the wire the URL is the same; for Python callers the keyword argument is renamed.
    assert "safe `#/paths/~1distributions~1{id}~1delete`: path parameter renamed" in report
    assert "Parameter was removed: distribution" in report
    assert "Parameter was added as required: id" in report


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=project,
        check=True,
        capture_output=True,
        timeout=30,
    )


def _project_repo(tmp_path: Path) -> Path:
    for name in ("Makefile", "generator-config.yml", "pyproject.toml", "openapi.yaml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in ("templates", "scripts"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def _diff_release(project: Path) -> subprocess.CompletedProcess[str]:
    # `-o` keeps make from reinstalling the shared venv for the copy's pyproject.toml.
    stamp = str(VENV / ".installed")
    return run_make("diff-release", f"VENV={VENV}", "-o", stamp, cwd=project, timeout=120)


def test_diff_release_skips_with_a_message_without_a_tag(tmp_path: Path) -> None:
    run = _diff_release(_project_repo(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no v* tag yet, nothing to compare with (skipped)" in run.stdout


def test_diff_release_fails_on_a_break_since_the_previous_tag(tmp_path: Path) -> None:
    project = _project_repo(tmp_path)
    _git(project, "tag", "v1.0.0")
    (project / "openapi.yaml").write_text(_edit(SEARCHED, ""), encoding="utf-8")
    _git(project, "commit", "-q", "-am", "drop Score.searched")

    run = _diff_release(project)

    assert run.returncode != 0
    assert "# Spec changes: openapi.yaml against v1.0.0" in run.stdout
    assert "response property 'searched' removed" in run.stdout
