"""`pieces-contract run`: preflight, schemathesis, then reports an implementer can act on.

schemathesis runs as its own CLI in a child process (`python -m schemathesis.cli run`), with the
bundled schemathesis.toml and this package's checks as its hooks: exactly what a raw
`schemathesis run` does, so the two compare case for case (bench/contract.py), and a crash in
one run cannot leave state behind for the next. This process reads schemathesis' event log
afterwards and writes the summary, the JUnit report and the HTML page from it.
"""

from __future__ import annotations

import os
import random
import shlex
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from pieces_contract import preflight, report, results, spec

CONFIG_NAME = "schemathesis.toml"
EVENTS = "contract-events.ndjson"
# Every exchange of the run as a HAR file (for HAR viewers and tools); replay reads the event
# log, which holds the same exchanges with each case's id, checks and generation mode. HAR,
# not VCR: schemathesis writes it for a fraction of the VCR writer's cost (bench/contract.py).
CASSETTE = "contract.har"
JUNIT = "contract-junit.xml"
HTML = "contract.html"
LOG = "schemathesis.log"
AUTH_HEADER = "X-Application-ID"
LEVELS = ("strict", "upstream")

# Extra schemathesis flags per profile, on top of schemathesis.toml (the ci profile itself).
PROFILES: dict[str, list[str]] = {
    # Deterministic and bounded: what `make test` and CI run. Every failure of the run is
    # reported in one go (--max-failures stops earlier when asked).
    "ci": ["--continue-on-failure"],
    # Real fuzzing: many more cases, a fresh seed each run (printed with the command that
    # repeats it).
    "deep": ["--max-examples", "1000", "--max-time", "1200", "--continue-on-failure"],
}
# Wall-clock ceiling per profile: a server that answers too slowly (or hangs between the
# per-request timeouts) fails the run instead of stalling CI.
DEADLINE_SECONDS = {"ci": 480, "deep": 1500}


def config_path() -> Path:
    """schemathesis.toml bundled in the package (a wheel) or at the project root (a checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / CONFIG_NAME, here.parent / CONFIG_NAME):
        if candidate.is_file():
            return candidate
    raise spec.SpecError(f"cannot find {CONFIG_NAME} next to {here}")


@dataclass
class Options:
    base_url: str | None
    api_key: str | None = None
    headers: list[str] = field(default_factory=list)
    profile: str = "ci"
    level: str = "strict"
    max_failures: int | None = None
    security: bool = False
    seed: int | None = None
    spec_path: Path | None = None
    reports: Path = Path("reports")
    workers: int | None = None
    extra: list[str] = field(default_factory=list)

    def all_headers(self) -> list[str]:
        key = [f"{AUTH_HEADER}: {self.api_key}"] if self.api_key else []
        return key + list(self.headers)

    def header_dict(self) -> dict[str, str]:
        parsed = {}
        for header in self.all_headers():
            name, _, value = header.partition(":")
            parsed[name.strip()] = value.strip()
        return parsed


def schemathesis_command(
    options: Options, spec_path: Path, base_url: str, reports: Path, *, hooks: bool = True
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config_path()),
        "--no-color",
        "run",
        str(spec_path),
        "--url",
        base_url,
        *PROFILES[options.profile],
        "--report",
        "ndjson,har",
        "--report-ndjson-path",
        str(reports / EVENTS),
        "--report-har-path",
        str(reports / CASSETTE),
    ]
    if options.seed is not None:
        command += ["--seed", str(options.seed)]
    for header in options.all_headers():
        command += ["--header", header]
    if options.max_failures:
        command += ["--max-failures", str(options.max_failures)]
    if options.workers:
        command += ["--workers", str(options.workers)]
    return command + options.extra


def hypothesis_storage() -> Path:
    """Where Hypothesis keeps its Unicode tables for every run of this user.

    Hypothesis computes the code points of each Unicode category and codec it draws text from
    (a walk over all 1.1 million of them, about a second of CPU) and caches the result in its
    storage directory, `.hypothesis/` in the current folder unless told otherwise. A run in a
    new folder (every CI job, every test) would pay that second again and leave the folder
    behind; the user's cache directory is computed once per machine and Python version.
    """
    return platformdirs.user_cache_path("pieces-contract") / "hypothesis"


def environment(base_url: str, *, hooks: bool = True) -> dict[str, str]:
    env = {**os.environ, "BASE_URL": base_url}
    env.pop("SCHEMATHESIS_HOOKS", None)
    # The user's own choice wins; the example database stays off either way (schemathesis.toml).
    env.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(hypothesis_storage()))
    return env


def replay_command(options: Options, base_url: str, reports: Path) -> str:
    parts = ["pieces-contract", "replay", str(reports / EVENTS), "--base-url", base_url]
    for header in options.headers:
        parts += ["--header", header]
    if options.api_key:
        parts += ["--api-key", "KEY"]
    return shlex.join(parts)


def rerun_command(options: Options, base_url: str, seed: int | None) -> str:
    # Without --base-url the run started our server, which is gone now: so does the rerun.
    where = ["--base-url", base_url] if options.base_url else []
    parts = ["pieces-contract", "run", *where, "--profile", options.profile]
    if seed is not None:
        parts += ["--seed", str(seed)]
    if options.level != "strict":
        parts += ["--level", options.level]
    return shlex.join(parts)


def run(options: Options) -> int:
    spec_path = options.spec_path or spec.default_spec_path()
    try:
        document = spec.load(spec_path)
        spec.find_operations(document)
    except spec.SpecError as error:
        print(f"contract: cannot check this spec: {error}")
        return 2
    reports = options.reports
    reports.mkdir(parents=True, exist_ok=True)
    # A run that dies before writing its reports must not be summarised from the previous one's.
    for stale in (EVENTS, CASSETTE, JUNIT, HTML, LOG, report.SCREENSHOT):
        (reports / stale).unlink(missing_ok=True)
    if options.profile == "deep" and options.seed is None:
        options.seed = random.SystemRandom().randrange(2**31)
    with ExitStack() as stack:
        base_url = options.base_url
        if base_url is None:
            from reference_server.launcher import live_server

            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="contract-")))
            # The server serves the spec under test: an edited copy given with --spec included.
            server = stack.enter_context(
                live_server(
                    tmp / "contract.sqlite3",
                    api_key=options.api_key,
                    extra_args=["--spec", str(spec_path)],
                )
            )
            base_url = server.base_url
            print(f"contract: started the reference server at {base_url}")
        base_url = base_url.rstrip("/")
        verdict = preflight.check(base_url, options.header_dict(), bool(options.api_key), document)
        if verdict is not None:
            print(f"contract: {verdict}")
            return 2
        print(
            f"contract: testing {base_url} against {spec_path.name} "
            f"({options.profile} profile, {options.level} level)"
        )
        if options.profile == "deep":
            print(f"contract: deep profile, seed {options.seed}")
        security_failures = 0
        if options.security:
            from pieces_contract import security

            security_failures = security.run(base_url, options.header_dict(), document)
        started = time.monotonic()
        command = schemathesis_command(options, spec_path, base_url, reports)
        with (reports / LOG).open("w", encoding="utf-8") as log:
            try:
                returncode = subprocess.run(  # noqa: S603 - our own interpreter's schemathesis
                    command,
                    env=environment(base_url),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    check=False,
                    timeout=DEADLINE_SECONDS[options.profile],
                ).returncode
            except subprocess.TimeoutExpired:
                print(f"contract: stopped after {DEADLINE_SECONDS[options.profile]}s")
                returncode = 1
        elapsed = time.monotonic() - started
    return finish(options, document, base_url, reports, returncode, elapsed, security_failures)


def finish(
    options: Options,
    document: dict[str, object],
    base_url: str,
    reports: Path,
    returncode: int,
    elapsed: float,
    security_failures: int,
) -> int:
    events = reports / EVENTS
    if not events.exists():
        print(f"contract: schemathesis wrote no report; its output ({reports / LOG}):")
        print(_tail(reports / LOG))
        return returncode or 1
    found = results.read(events)
    report.classify(found, document)
    report.attach_reproductions(found, base_url, document)
    counted = [f for f in found.failures if options.level == "strict" or f.level == "upstream"]
    replay = replay_command(options, base_url, reports)
    print(report.failures_text(found, options.level, replay, base_url))
    print(report.summary_text(found, document))
    report.write_junit(found, reports / JUNIT)
    report.write_html(found, document, reports / HTML, options.level, replay, base_url)
    for error in found.errors[:5]:
        print(f"contract: schemathesis error: {error}")
    unexplained = returncode != 0 and not found.failures
    if unexplained:
        # A warning that fails the run, an error schemathesis met: its own words say what.
        print(f"contract: schemathesis exited {returncode}; the end of its output:")
        print(_tail(reports / LOG))
    failed = bool(counted) or bool(found.errors) or unexplained or security_failures > 0
    ignored = len(found.failures) - len(counted)
    note = f" ({ignored} failure(s) break only the strict level)" if ignored else ""
    verdict = "FAILED" if failed else "passed"
    print(
        f"contract: {verdict} at the {options.level} level in {elapsed:.1f}s{note}; "
        f"reports: {reports / JUNIT}, {reports / CASSETTE}, {reports / HTML}"
    )
    if options.profile == "deep" or failed:
        print(f"contract: repeat this run with: {rerun_command(options, base_url, found.seed)}")
        print(f"contract: re-send its failing cases with: {replay}")
    return 1 if failed else 0


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])
