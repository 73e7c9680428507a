"""`make check-templates` passes on the committed tree and names the file and line once a stock
copy no longer matches the pinned generator's template (what a version bump would show).

The first test runs scripts/templates.py as `make check-templates` does, in a process of its own;
the others call its main() in this process, sparing a Python start-up each."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts import templates as templates_script

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "templates.py"


def _installed() -> Path:
    import openapi_python_client

    return Path(openapi_python_client.__file__).parent / "templates"


def _run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_main(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """scripts/templates.py's main() with these arguments: its exit status and output."""

    def run(*arguments: str) -> Ran:
        capsys.readouterr()
        status = templates_script.main(list(arguments))
        captured = capsys.readouterr()
        return Ran(status, captured.out, captured.err)

    return run


def _copy_upstream(tmp_path: Path) -> Path:
    # A stand-in for a newer generator: the installed templates, copied so one can be edited.
    return Path(shutil.copytree(_installed(), tmp_path / "upstream"))


def test_check_templates_passes_on_committed_tree() -> None:
    run = _run("check")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "each stock copy matches the installed generator" in run.stdout


def test_check_templates_names_the_upstream_line_that_changed(
    tmp_path: Path, run_main: Callable[..., Ran]
) -> None:
    upstream = _copy_upstream(tmp_path)
    model = upstream / "model.py.jinja"
    lines = model.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0] == "from __future__ import annotations\n"
    lines[0] = "from __future__ import annotations  # changed upstream\n"
    model.write_text("".join(lines), encoding="utf-8")

    run = run_main("check", "--upstream", str(upstream))

    assert run.returncode == 1
    assert "templates/stock/model.py.jinja: differs from the installed generator" in run.stdout
    assert "@@ -1," in run.stdout  # the hunk starts at the changed first line
    assert "-from __future__ import annotations\n" in run.stdout
    assert "+from __future__ import annotations  # changed upstream\n" in run.stdout


def test_check_templates_fails_on_an_override_without_stock_copy(
    tmp_path: Path, run_main: Callable[..., Ran]
) -> None:
    templates = Path(shutil.copytree(ROOT / "templates", tmp_path / "templates"))
    (templates / "str_enum.py.jinja").write_text("# a new override\n", encoding="utf-8")
    (templates / "stock" / "str_enum.py.jinja").unlink(missing_ok=True)

    run = run_main("check", "--templates", str(templates))

    assert run.returncode == 1
    assert "templates/str_enum.py.jinja: overrides a template with no stock copy" in run.stdout


def test_templates_diff_shows_our_change_against_stock(run_main: Callable[..., Ran]) -> None:
    run = run_main("diff")
    assert run.returncode == 0, run.stderr
    # One change of ours: from_dict reads the document in place instead of copying it.
    assert "--- stock/model.py.jinja" in run.stdout
    assert "-        d = dict(src_dict)\n" in run.stdout
    assert "+        d = src_dict\n" in run.stdout
