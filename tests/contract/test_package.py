"""The install paths: the built wheel, installed on its own with every extra, tests a running
reference server from an empty folder, and its pytest plugin serves an app's tests there;
`make setup` inside a clone (at the end of the file).

This is also the one full ci-profile run of tests/contract: our reference server must pass it
with every check, and its HTML page is rendered in headless Chromium.

The fresh venv gets the wheel with --no-deps and sees only what `pieces-distributions[contract]`
installs: the wheel's own Requires-Dist for that extra, followed through the installed
distributions' metadata, each linked from the project's venv into a folder that a .pth line
names. The dependencies are not resolved again (no network, seconds instead of a minute), the
reference server's stack is absent (so the run proves the lean extra is enough to test a
server), and everything of ours comes from the wheel alone (a plain path line in a .pth does not
run the editable install's hook, so the checkout is not on sys.path;
test_wheel_command_imports_from_the_wheel proves it).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from pieces_contract import runner
from reference_server.launcher import live_server
from tests.support.make import run_make
from tests.support.plugins import without_other_plugins
from tests.support.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 180
RUN_TIMEOUT = 300
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


# What the reference server needs and testing a server does not.
SERVER_STACK = frozenset({"starlette", "uvicorn", "orjson"})


@dataclass
class Installed:
    venv: Path
    wheel: Path
    folder: Path
    run: subprocess.CompletedProcess[str]
    # The distributions `[contract]` installs (canonical names).
    lean: frozenset[str]

    @property
    def reports(self) -> Path:
        return self.folder / "reports"


def _build(target: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            *("-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet"),
            *("--disable-pip-version-check", "-w", str(target), str(ROOT)),
        ],
        check=True,
        capture_output=True,
        timeout=BUILD_TIMEOUT,
    )
    (wheel,) = target.glob("pieces_distributions-*.whl")
    return wheel


def _metadata(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        return archive.read(name).decode()


def _requires_dist(wheel: Path) -> list[str]:
    return [
        line.split(":", 1)[1].strip()
        for line in _metadata(wheel).splitlines()
        if line.startswith("Requires-Dist:")
    ]


def _requires(requirements: list[str], extras: set[str]) -> list[Requirement]:
    found = []
    for text in requirements:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": e}) for e in extras or {""}):
            found.append(requirement)
    return found


def _closure(wheel: Path, extra: str) -> frozenset[str]:
    """The distributions pip would install for `wheel[extra]`, read from the metadata of the
    versions the project's venv holds (no resolver, no network)."""
    pending = _requires(_requires_dist(wheel), {extra})
    seen: set[str] = set()
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        requires = importlib.metadata.distribution(name).requires or []
        pending.extend(_requires(requires, set(requirement.extras)))
    return frozenset(seen)


def _link_site(names: frozenset[str], target: Path) -> None:
    """A site folder holding only `names`: each distribution's top-level entries, linked."""
    target.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for name in names:
        for file in importlib.metadata.distribution(name).files or []:
            top = Path(file).parts[0]
            if top != ".." and not (target / top).exists() and (site / top).exists():
                (target / top).symlink_to(site / top)


def _venv(venv: Path, wheel: Path, site: Path) -> None:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run(
        [
            sys.executable,
            *("-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet"),
            *("--no-deps", "--no-index", "--disable-pip-version-check", str(wheel)),
        ],
        check=True,
        capture_output=True,
        timeout=BUILD_TIMEOUT,
    )
    (own,) = venv.glob("lib/python*/site-packages")
    (own / "contract_dependencies.pth").write_text(f"{site}\n")


@dataclass
class Package:
    """The wheel, built once per module, and a fresh venv with it installed that sees only
    what `pieces-distributions[contract]` would install."""

    venv: Path
    wheel: Path
    base: Path
    lean: frozenset[str]

    def venv_for(self, extra: str) -> Path:
        """Another fresh venv with the wheel, seeing only what `[extra]` would install."""
        site = self.base / f"{extra}-site"
        _link_site(_closure(self.wheel, extra), site)
        venv = self.base / f"venv-{extra}"
        _venv(venv, self.wheel, site)
        return venv


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Package:
    base = tmp_path_factory.mktemp("package")
    wheel = _build(base / "dist")
    lean = _closure(wheel, "contract")
    _link_site(lean, base / "contract-site")
    venv = base / "venv"
    _venv(venv, wheel, base / "contract-site")
    return Package(venv, wheel, base, lean)


@pytest.fixture(scope="module")
def installed(package: Package) -> Installed:
    venv, base = package.venv, package.base
    folder = base / "empty"
    folder.mkdir()
    with live_server(base / "server.sqlite3") as srv:
        run = subprocess.run(
            [
                str(venv / "bin" / "pieces-contract"),
                *("run", "--base-url", srv.base_url, "--client-defects", "fail"),
            ],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
    return Installed(venv, package.wheel, folder, run, package.lean)


def test_wheel_declares_the_contract_extra_with_schemathesis(installed: Installed) -> None:
    metadata = _metadata(installed.wheel)
    assert "Provides-Extra: contract" in metadata
    assert any(
        line.startswith("Requires-Dist: schemathesis") and "extra == 'contract'" in line
        for line in metadata.splitlines()
    )


def test_contract_extra_installs_no_server_stack(installed: Installed) -> None:
    assert "schemathesis" in installed.lean
    assert not installed.lean & SERVER_STACK, sorted(installed.lean & SERVER_STACK)
    # pytest arrives only because schemathesis itself requires it, never from our extra.
    wanted = _requires(_requires_dist(installed.wheel), {"contract"})
    direct = {canonicalize_name(r.name) for r in wanted}
    assert "pytest" not in direct


def test_wheel_command_without_base_url_names_the_server_extra(
    installed: Installed, tmp_path: Path
) -> None:
    done = subprocess.run(
        [str(installed.venv / "bin" / "pieces-contract"), "run"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "pip install 'pieces-distributions[contract,server]'" in done.stdout


def test_wheel_installs_with_every_extra(installed: Installed) -> None:
    # The documented install line, `pip install --find-links dist 'pieces-distributions[...]'`,
    # offline: the dependencies must all be found among those the project's venv holds (the
    # wheel's venv sees only the contract extra's), so an extra naming a missing or conflicting
    # one fails here.
    metadata = _metadata(installed.wheel)
    extras = [
        line.split(":", 1)[1].strip()
        for line in metadata.splitlines()
        if line.startswith("Provides-Extra:")
    ]
    assert {"server", "contract", "docs", "dev"} <= set(extras)
    run = subprocess.run(
        [
            sys.executable,
            *("-m", "pip", "install"),
            *("--dry-run", "--no-index", "--find-links", str(installed.wheel.parent)),
            "--disable-pip-version-check",
            f"pieces-distributions[{','.join(extras)}]",
        ],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "does not provide the extra" not in run.stderr


def test_wheel_command_imports_from_the_wheel(installed: Installed) -> None:
    where = subprocess.run(
        [
            str(installed.venv / "bin" / "python"),
            "-c",
            "import pieces_contract; print(pieces_contract.__file__)",
        ],
        cwd=installed.folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.venv), where


def test_wheel_command_passes_the_reference_server(installed: Installed) -> None:
    run = installed.run
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "contract: passed at the strict level" in run.stdout


def test_wheel_run_writes_junit_cassette_and_page(installed: Installed) -> None:
    for name in ("contract-junit.xml", "contract.har", "contract.html"):
        assert (installed.reports / name).stat().st_size > 0, name


def test_wheel_run_leaves_the_folder_clean_and_its_reports_small(installed: Installed) -> None:
    # Nothing but reports/ where the run started (no .schemathesis/, no .hypothesis/); a
    # passing run keeps no exchange, so its reports stay small (they were about 30 MB).
    assert [p.name for p in installed.folder.iterdir()] == ["reports"]
    total = sum(p.stat().st_size for p in installed.reports.rglob("*") if p.is_file())
    assert total < 200_000, total
    har = json.loads((installed.reports / "contract.har").read_text())
    assert har["log"]["entries"] == []


def test_wheel_run_splits_its_phases_over_two_processes_on_two_cores(
    installed: Installed,
) -> None:
    # The default: with two cores to use, the stateful phase runs in a second schemathesis
    # process beside the others (runner.jobs_for), and both processes' cases are reported.
    log = (installed.reports / runner.LOG).read_text()
    counts = [int(n) for n in re.findall(r"(\d+) generated, \1 passed", log)]
    if len(os.sched_getaffinity(0)) >= 2:
        assert runner.PART_TITLE in log
        assert len(counts) == 2, log[-3000:]
    else:
        assert len(counts) == 1, log[-3000:]
    assert f"{sum(counts)} cases" in installed.run.stdout, installed.run.stdout[-3000:]


def test_wheel_run_reads_every_response_with_the_client_without_defect(
    installed: Installed,
) -> None:
    # --client-defects fail: a defect would also have failed the run.
    assert re.search(
        r"contract: client defects: none \([1-9]\d* responses read", installed.run.stdout
    ), installed.run.stdout[-3000:]


def test_junit_has_one_case_per_operation_and_check(installed: Installed) -> None:
    root = ET.parse(installed.reports / "contract-junit.xml").getroot()
    cases = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert len(cases) == len(set(cases))
    assert ("POST /distributions/create", "seed_is_kept") in cases
    assert int(root.get("failures", "-1")) == 0


def test_summary_counts_our_checks_only_where_they_looked(installed: Installed) -> None:
    # Each of our checks judges one operation's successful answers: far fewer passes than
    # cases, and never zero on our server.
    lines = {
        line.split()[1]: line.split()
        for line in installed.run.stdout.splitlines()
        if line.startswith("  check ")
    }
    for name in ("seed_is_kept", "created_distribution_is_listed", "snapshot_is_oldest_first"):
        passed, failed, skipped = int(lines[name][2]), int(lines[name][4]), int(lines[name][6])
        assert 0 < passed < passed + failed + skipped, lines[name]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is not installed: `make browser` installs it (Debian package)")
    return found


def test_contract_page_renders_in_headless_chromium(installed: Installed, tmp_path: Path) -> None:
    page = installed.reports / "contract.html"
    base = [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(
        [*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert '<table id="coverage">' in dom
    assert "POST /distributions/create" in dom
    screenshot = ROOT / "reports" / "contract.png"
    screenshot.parent.mkdir(exist_ok=True)
    subprocess.run(
        [*base, f"--screenshot={screenshot}", "--window-size=1200,1600", page.as_uri()],
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert screenshot.stat().st_size > 10_000


# An app's tests, in a folder with nothing of this project: the plugin comes from the wheel's
# pytest11 entry point, the server and its spec from the wheel too.
APP_TESTS = """
import httpx
import pieces_testing
from pieces_distributions import discover

def test_stand_in_is_found_and_steered(pieces_os):
    print("plugin from", pieces_testing.__file__)
    pieces_os.fail("create", 507, times=1)
    assert httpx.post(discover() + "/distributions/create").status_code == 507

def test_forbidden_body(pieces_os):
    httpx.post(pieces_os.url + "/distributions/create", json={"mailgun": {}})
"""


def test_wheel_pytest_plugin_serves_an_apps_tests(package: Package) -> None:
    venv = package.venv_for("testing")
    folder = package.base / "app"
    folder.mkdir()
    (folder / "test_app.py").write_text(APP_TESTS)
    run = subprocess.run(
        [
            *(str(venv / "bin" / "python"), "-m", "pytest", "-s"),
            # The dev venv's other plugins are visible here too: left out, as they cost seconds
            # of imports and are no part of what an app's project needs.
            *without_other_plugins(),
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    output = run.stdout + run.stderr
    # The second test passes its call and fails at teardown.
    assert "2 passed, 1 error" in output, output[-3000:]
    assert f"plugin from {venv}" in output
    assert "request body at /mailgun: invalid SeededDistribution" in output


# make setup, the install path inside a clone: run on a copy of the Makefile with stand-in
# interpreters (shell scripts), so no venv is made and nothing is installed.
OLD_PYTHON = '#!/bin/sh\n[ "$1" = -V ] && echo "Python 3.9.18" && exit 0\nexit 1\n'
# A Python that passes the version check, makes a venv of stand-ins like itself, and logs every
# call, so a test sees whether make reinstalled.
NEW_PYTHON = """#!/bin/sh
echo "$@" >> "$(dirname "$0")/calls.log"
if [ "$1" = -m ] && [ "$2" = venv ]; then
    mkdir -p "$3/bin" && cp "$0" "$3/bin/python"
fi
exit 0
"""


def _script(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)
    return path


def _clone(target: Path) -> Path:
    for name in ("Makefile", "pyproject.toml", "openapi.yaml"):
        shutil.copy2(ROOT / name, target / name)
    return target


def test_setup_refuses_a_python_older_than_3_11(tmp_path: Path) -> None:
    clone = _clone(tmp_path)
    old = _script(tmp_path / "bin" / "python3.9", OLD_PYTHON)
    run = run_make("setup", f"PYTHON={old}", cwd=clone, timeout=30)
    assert run.returncode != 0
    assert "is Python 3.9.18; this project needs Python 3.11 or newer" in run.stderr
    assert not (clone / ".venv" / "bin" / "python").exists()


def test_setup_remakes_a_venv_an_old_python_made(tmp_path: Path) -> None:
    clone = _clone(tmp_path)
    _script(clone / ".venv" / "bin" / "python", OLD_PYTHON)
    new = _script(tmp_path / "bin" / "python3.12", NEW_PYTHON)
    run = run_make("setup", f"PYTHON={new}", cwd=clone, timeout=30)
    assert run.returncode == 0, run.stderr
    assert "was made by Python 3.9.18, older than 3.11: removing it" in run.stdout
    assert "pip install" in (clone / ".venv" / "bin" / "calls.log").read_text(encoding="utf-8")


def test_setup_reinstalls_when_the_spec_version_changes(tmp_path: Path) -> None:
    # The version is info.version, written into the installed metadata only by an install.
    clone = _clone(tmp_path)
    _script(clone / ".venv" / "bin" / "python", NEW_PYTHON)
    calls = clone / ".venv" / "bin" / "calls.log"
    assert run_make("setup", cwd=clone, timeout=30).returncode == 0
    calls.unlink()
    assert run_make("setup", cwd=clone, timeout=30).returncode == 0
    assert not calls.exists(), "nothing changed, yet make setup ran the venv's Python"
    spec = clone / "openapi.yaml"
    version = f"  version: {load_spec()['info']['version']}\n"
    text = spec.read_text(encoding="utf-8")
    assert text.count(version) == 1
    spec.write_text(text.replace(version, "  version: 99.0.0\n"), encoding="utf-8")
    assert run_make("setup", cwd=clone, timeout=30).returncode == 0
    assert "-e .[dev]" in calls.read_text(encoding="utf-8")
