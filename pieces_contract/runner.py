"""`pieces-contract run`: preflight, schemathesis, then reports an implementer can act on.

schemathesis runs as its own CLI in a child process (`python -m schemathesis.cli run`), with the
bundled schemathesis.toml and this package's checks as its hooks: exactly what a raw
`schemathesis run` does, so the two compare case for case (bench/contract.py), and a crash in
one run cannot leave state behind for the next. This process reads schemathesis' event log
afterwards and writes the summary, the JUnit report and the HTML page from it.

The server under test may be hostile (docs/security.md, "The contract suite"): the key and the
--header values reach the child through its environment, named by a private copy of the config
file, never on its argv; every report is written owner-only and has the key masked; the child
runs in a session of its own and is stopped with the tool.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from pieces_contract import inert, preflight, report, results, spec

CONFIG_NAME = "schemathesis.toml"
EVENTS = "contract-events.ndjson"
# Every exchange of the run as a HAR file (for HAR viewers and tools); replay reads the event
# log, which holds the same exchanges with each case's id, checks and generation mode. HAR,
# not VCR: schemathesis writes it for a fraction of the VCR writer's cost (bench/contract.py).
CASSETTE = "contract.har"
JUNIT = "contract-junit.xml"
HTML = "contract.html"
LOG = "schemathesis.log"
AUTH_HEADER = spec.DEFAULT_KEY_HEADER
# The one variable that holds the key: the CLI reads it, and every printed line names it.
KEY_VARIABLE = report.KEY_VARIABLE
# Header names whose values are masked like the key (schemathesis' own sensitive markers).
SENSITIVE = (
    *("auth", "key", "token", "secret", "password", "passwd", "session", "cookie", "credential"),
)
LEVELS = ("strict", "upstream")
# What `pieces-contract run` without --base-url needs to start our server, and its extra.
SERVER_MODULES = ("starlette", "uvicorn", "orjson", "jsonschema_rs")
SERVER_EXTRA = "pip install 'pieces-distributions[contract,server]'"

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
    # The header the key goes in: the spec's API key scheme (run() reads it from the spec).
    key_header: str = AUTH_HEADER

    def all_headers(self) -> list[str]:
        key = [f"{self.key_header}: {self.api_key}"] if self.api_key else []
        return key + list(self.headers)

    def secrets(self) -> list[str]:
        """The values no report or printed line may show: the key, and the values of the
        --header options whose names look secret (or name the key header)."""
        found = [self.api_key] if self.api_key else []
        for header in self.headers:
            name, _, value = header.partition(":")
            lowered = name.strip().lower()
            if lowered == self.key_header.lower() or any(m in lowered for m in SENSITIVE):
                found.append(value.strip())
        return [value for value in found if value]

    def header_dict(self) -> dict[str, str]:
        parsed = {}
        for header in self.all_headers():
            name, _, value = header.partition(":")
            parsed[name.strip()] = value.strip()
        return parsed


def child_config(options: Options, folder: Path) -> tuple[Path, dict[str, str]]:
    """A private copy of schemathesis.toml that sends the run's headers, and their values.

    The values stay out of the child's argv (which every local user can read in /proc) and out
    of the file: the file names environment variables (`${PIECES_CONTRACT_HEADER_0}`, which
    schemathesis resolves), the values go in the child's environment (readable by its owner
    only). schemathesis masks only header names it knows in its reports (not the spec's key
    header): `run` masks the key's value in them afterwards (inert.Secrets.mask_file).
    """
    variables: dict[str, str] = {}
    entries = []
    for index, (name, value) in enumerate(options.header_dict().items()):
        variable = f"PIECES_CONTRACT_HEADER_{index}"
        variables[variable] = value
        entries.append(f'{json.dumps(name)} = "${{{variable}}}"')
    text = (
        "# Written by pieces-contract for one run: the bundled schemathesis.toml and the run's\n"
        "# headers, their values taken from the environment.\n"
        f"headers = {{ {', '.join(entries)} }}\n" + config_path().read_text(encoding="utf-8")
    )
    path = folder / CONFIG_NAME
    inert.write_private(path, text)
    return path, variables


def schemathesis_command(
    options: Options,
    spec_path: Path,
    base_url: str,
    reports: Path,
    *,
    hooks: bool = True,
    config: Path | None = None,
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(config or config_path()),
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


def installed_command() -> list[str]:
    """`pieces-contract` as it runs from any folder: the name when PATH finds this very
    installation, else the full path of the script next to this interpreter, else
    `python -m pieces_contract` with this interpreter's full path."""
    script = Path(sys.executable).parent / "pieces-contract"
    if script.is_file():
        on_path = shutil.which("pieces-contract")
        if on_path is not None and Path(on_path).resolve() == script.resolve():
            return ["pieces-contract"]
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "pieces_contract"]


def _key_option(options: Options) -> str:
    # The key by reference, never its value: the printed line works where the variable is set.
    return f' --api-key "${KEY_VARIABLE}"' if options.api_key else ""


def replay_command(options: Options, base_url: str, reports: Path) -> str:
    events = (reports / EVENTS).absolute()
    parts = [*installed_command(), "replay", str(events), "--base-url", base_url]
    line = " ".join(inert.shell(part) for part in parts)
    for header in options.headers:
        line += " --header " + _header_word(options, header)
    return line + _key_option(options)


def _header_word(options: Options, header: str) -> str:
    # A secret-looking value is masked wherever it is shown ([Filtered]): give it again there.
    return inert.shell(header)


def rerun_command(options: Options, base_url: str, seed: int | None) -> str:
    # Without --base-url the run started our server, which is gone now: so does the rerun.
    where = ["--base-url", base_url] if options.base_url else []
    parts = [*installed_command(), "run", *where, "--profile", options.profile]
    if seed is not None:
        parts += ["--seed", str(seed)]
    if options.level != "strict":
        parts += ["--level", options.level]
    line = " ".join(inert.shell(part) for part in parts)
    for header in options.headers:
        line += " --header " + _header_word(options, header)
    return line + _key_option(options)


def run(options: Options) -> int:
    spec_path = options.spec_path or spec.default_spec_path()
    try:
        document = spec.load(spec_path)
        spec.find_operations(document)
    except spec.SpecError as error:
        print(f"contract: cannot check this spec: {error}")
        return 2
    try:
        options.key_header = spec.key_header(document)
    except spec.SpecError as error:
        print(f"contract: cannot check this spec: {error}")
        return 2
    missing = None if options.base_url else missing_server_dependency()
    if missing is not None:
        print(
            f"contract: no --base-url, and the reference server this would start is not "
            f"installed ({missing} is missing): pass --base-url URL of the server to test, "
            f"or {SERVER_EXTRA}"
        )
        return 2
    for secret in options.secrets():
        inert.SECRETS.add(secret)
    # Absolute: the printed reproduction lines name the reports from any folder.
    reports = options.reports.absolute()
    inert.private_dir(reports)
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
        private = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="contract-")))
        config, variables = child_config(options, private)
        command = schemathesis_command(options, spec_path, base_url, reports, config=config)
        try:
            returncode = run_child(
                command,
                {**environment(base_url), **variables},
                reports / LOG,
                DEADLINE_SECONDS[options.profile],
            )
        finally:
            # The reports schemathesis wrote, the key masked where its own sanitizing missed
            # it (a body or a message that quotes it), even when the run was stopped.
            for written in (EVENTS, CASSETTE, LOG):
                inert.SECRETS.mask_file(reports / written)
        elapsed = time.monotonic() - started
    return finish(options, document, base_url, reports, returncode, elapsed, security_failures)


def run_child(command: list[str], env: dict[str, str], log_path: Path, deadline: float) -> int:
    """Run schemathesis to completion or `deadline`; stop it (its whole process group) when
    this process stops for any reason: a deadline, Ctrl-C, SIGTERM (`cli.main` turns it into
    KeyboardInterrupt), an error."""
    from reference_server.launcher import stop_process_group

    with inert.private_file(log_path) as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter's schemathesis
            command,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            # Its own session: a signal meant for the tool's terminal group is the tool's to
            # handle, and stopping the group stops whatever schemathesis started.
            start_new_session=True,
            # Everything it writes (the event log, the HAR file) is the owner's alone.
            umask=0o077,
        )
        try:
            return process.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            print(f"contract: stopped after {deadline}s")
            return 1
        finally:
            stop_process_group(process)


def missing_server_dependency() -> str | None:
    """The first package the reference server needs that is not installed, if any."""
    import importlib.util

    for module in SERVER_MODULES:
        if importlib.util.find_spec(module) is None:
            return module
    return None


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
        if options.base_url is None:
            print(
                f"contract: {base_url} was a reference server this run started and has "
                "stopped: to re-send, start one (python -m reference_server) and give its URL "
                "to --base-url"
            )
    return 1 if failed else 0


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])
