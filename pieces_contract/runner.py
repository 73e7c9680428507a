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
import sys
import tempfile
import time
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from pieces_contract import (
    baseline,
    child,
    exchanges,
    export,
    inert,
    probes,
    progress,
    report,
    results,
    spec,
)

# The preflight and the client check import httpx and the generated client: they are imported
# where they run, not before the child starts.
if TYPE_CHECKING:
    from pieces_contract.clientcheck import ClientCheck

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
# The exit status of a run stopped before its end (a signal, its time budget) that found no
# failure in what it ran: not a pass, not a failure of the server.
INTERRUPTED = 3
# What `pieces-contract run` without --base-url needs to start our server, and its extra.
SERVER_MODULES = ("starlette", "uvicorn", "orjson", "jsonschema_rs")
SERVER_EXTRA = "pip install 'pieces-distributions[contract,server]'"

# Extra schemathesis flags per profile, on top of schemathesis.toml (the ci profile itself).
PROFILES: dict[str, list[str]] = {
    # Deterministic and bounded: what `make test` and CI run. Every failure of the run is
    # reported in one go (--max-failures stops earlier when asked).
    "ci": ["--continue-on-failure"],
    # Real fuzzing: many more cases, a fresh seed each run (printed with the command that
    # repeats it), for as long as its time budget lasts.
    "deep": ["--max-examples", "1000", "--continue-on-failure"],
}
# The time budget per profile (--max-time), in seconds. ci ends when its cases are done, and
# its budget is a ceiling for a server that answers too slowly or hangs between the
# per-request timeouts: the run is stopped, says so and still writes its reports. deep fuzzes
# until its budget is spent (schemathesis' own --max-time), then stops itself.
MAX_TIME = {"ci": 480.0, "deep": 1200.0}
# Budgets schemathesis spends itself (it repeats fuzzing and stateful until they are spent);
# this process stops its child only this long after, as a last resort.
SPENT_BY_SCHEMATHESIS = frozenset({"deep"})
LAST_RESORT_SECONDS = 60.0
# Creates of the volume probe per profile (a snapshot must list them all; deleted afterwards).
VOLUME = {"ci": 0, "deep": 600}
# What schemathesis keeps under the folder it runs in: its crash files, for replay.
SCHEMATHESIS_DIR = ".schemathesis"
CRASHES = f"{SCHEMATHESIS_DIR}/*/cache/crashes"
# The folder of the second schemathesis process, inside the reports while it runs (jobs_for).
PART = ".part-"
PART_TITLE = "the stateful phase, run by a second schemathesis process"


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
    # The phases to run (None: all of them), and how many schemathesis processes share them
    # (None: jobs_for decides from the cores this process may use).
    phases: list[str] | None = None
    jobs: int | None = None
    extra: list[str] = field(default_factory=list)
    # The header the key goes in: the spec's API key scheme (run() reads it from the spec).
    key_header: str = AUTH_HEADER
    # The time budget in seconds (None: the profile's, MAX_TIME).
    max_time: float | None = None
    # No progress on the terminal.
    quiet: bool = False
    # Which exchanges the event log and HAR file keep (exchanges.FAILING or exchanges.ALL).
    keep_exchanges: str = exchanges.FAILING
    # Whether client defects fail the run (clientcheck.FAIL) or are only reported; None: fail
    # when the run starts our reference server itself, report otherwise.
    client_defects: str | None = None
    # A baseline of accepted failures (baseline.py), and whether to write this run's into it.
    baseline: Path | None = None
    write_baseline: bool = False
    # Only these operations (operationIds) or tags; the coverage page names what is left out.
    operation_ids: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    volume: int | None = None

    def budget(self) -> float:
        return self.max_time if self.max_time is not None else MAX_TIME[self.profile]

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


def jobs_for(options: Options) -> list[list[str]]:
    """The phases each schemathesis process runs: one process for all of them, or, with two
    cores to use, the stateful phase in a process of its own beside the others.

    schemathesis runs its phases one after the other, and the stateful one takes about half of
    a ci run; each phase draws its cases from the run's seed on its own, so the two processes
    send the cases one process would (bench/contract.py). Their checks see each other's deletes
    through the journal checks.py reads (child.DELETES_VARIABLE).
    """
    phases = options.phases or list(results.PHASES)
    jobs = options.jobs if options.jobs is not None else min(2, _usable_cores())
    if jobs >= 2 and "stateful" in phases and len(phases) > 1:
        return [[phase for phase in phases if phase != "stateful"], ["stateful"]]
    return [phases]


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def schemathesis_command(
    options: Options,
    spec_path: Path,
    base_url: str,
    reports: Path,
    *,
    config: Path | None = None,
    phases: list[str] | None = None,
) -> list[str]:
    """A child's command line, without the event log's path (child.run appends it); its HAR
    file, if any, goes to `reports`."""
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
        "--phases",
        ",".join(phases or options.phases or results.PHASES),
        "--report",
        "ndjson,har" if options.keep_exchanges == exchanges.ALL else "ndjson",
    ]
    if options.keep_exchanges == exchanges.ALL:
        command += ["--report-har-path", str(reports / CASSETTE)]
    if options.profile in SPENT_BY_SCHEMATHESIS:
        command += ["--max-time", str(max(1, int(options.budget())))]
    if options.seed is not None:
        command += ["--seed", str(options.seed)]
    if options.max_failures:
        command += ["--max-failures", str(options.max_failures)]
    if options.workers:
        command += ["--workers", str(options.workers)]
    for operation_id in options.operation_ids:
        command += ["--include-operation-id", operation_id]
    for tag in options.tags:
        command += ["--include-tag", tag]
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
    # The reports folder: replay re-sends the crash files schemathesis kept there.
    parts = [*installed_command(), "replay", str(reports.absolute()), "--base-url", base_url]
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
    if options.phases:
        parts += ["--phases", ",".join(options.phases)]
    for operation_id in options.operation_ids:
        parts += ["--operation", operation_id]
    for tag in options.tags:
        parts += ["--tag", tag]
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
    if options.baseline is not None:
        try:
            baseline.load(options.baseline, missing_ok=options.write_baseline)
        except baseline.BaselineError as error:
            print(f"contract: {error}")
            return 2
    for secret in options.secrets():
        inert.SECRETS.add(secret)
    # Absolute: the printed reproduction lines name the reports from any folder.
    reports = options.reports.absolute()
    inert.private_dir(reports)
    # A run that dies before writing its reports must not be summarised from the previous one's.
    for stale in (EVENTS, CASSETTE, JUNIT, HTML, LOG):
        (reports / stale).unlink(missing_ok=True)
    shutil.rmtree(reports / export.FOLDER, ignore_errors=True)
    shutil.rmtree(reports / SCHEMATHESIS_DIR, ignore_errors=True)
    for part in reports.glob(PART + "*"):
        shutil.rmtree(part, ignore_errors=True)
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
        budget = options.budget()

        def ready() -> str | None:
            """The preflight, and the run's first lines once the server is fit to test."""
            from pieces_contract import preflight

            verdict = preflight.check(
                base_url, options.header_dict(), bool(options.api_key), document
            )
            if verdict is not None:
                return verdict
            print(
                f"contract: testing {base_url} against {spec_path.name} "
                f"({options.profile} profile, {options.level} level, time budget {budget:.0f}s)",
                flush=True,
            )
            if options.profile == "deep":
                print(
                    f"contract: deep profile, seed {options.seed}: fuzzes until the budget is "
                    "spent (--max-time SECONDS to change it)",
                    flush=True,
                )
            return None

        judged: list[probes.Outcome] = []
        if options.security:
            # The probes judge what the server does with no other client at work: they run
            # before the child starts, and so does the preflight.
            verdict = ready()
            if verdict is not None:
                print(f"contract: {verdict}")
                return 2
            from pieces_contract import security

            judged += security.run(base_url, options.header_dict(), document)
        started = time.monotonic()
        private = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="contract-")))
        config, variables = child_config(options, private)
        env = {**environment(base_url), **variables}
        jobs: list[child.Job] = []
        for index, phases in enumerate(jobs_for(options)):
            # The second process works in a folder of its own (its crash files and HAR file
            # would meet the first's), merged into the reports when both are done.
            folder = reports / f"{PART}{index}" if index else reports
            inert.private_dir(folder)
            command = schemathesis_command(
                options, spec_path.resolve(), base_url, folder, config=config, phases=phases
            )
            # schemathesis keeps its crash files (replay's input) under its folder.
            jobs.append(child.Job(command, folder / LOG, folder))
        if len(jobs) > 1:
            env[child.DELETES_VARIABLE] = str(private / "deletes.ndjson")
        shown = progress.Progress(
            progress.terminal(sys.stdout) if not options.quiet else None, budget
        )
        collector = Collector(reports, options.keep_exchanges, shown, document)
        spent_by_child = options.profile in SPENT_BY_SCHEMATHESIS
        hard_stop = budget + LAST_RESORT_SECONDS if spent_by_child else budget
        shown.start()
        try:
            with collector:
                # Without probes, the preflight runs while the child starts (child.run).
                outcome = child.run(
                    jobs,
                    "--report-ndjson-path",
                    env,
                    collector,
                    hard_stop,
                    before=None if options.security else ready,
                )
        finally:
            shown.finish()
            for index in range(1, len(jobs)):
                _merge_part(reports / f"{PART}{index}", reports)
            # The reports schemathesis wrote, the key masked where its own sanitizing missed
            # it (a body or a message that quotes it), even when the run was stopped.
            for written in (EVENTS, CASSETTE, LOG):
                inert.SECRETS.mask_file(reports / written)
            for crash in reports.glob(f"{SCHEMATHESIS_DIR}/**/*.json"):
                inert.SECRETS.mask_file(crash)
        if outcome.refused is not None:
            print(f"contract: {outcome.refused}")
            return 2
        if outcome.interrupted is None:
            # After the cases: what the probes create and delete must not become the run's
            # history (a server that hands deleted ids out again would give it their ids).
            judged += _probe(options, base_url, document)
        elapsed = time.monotonic() - started
    if outcome.handler_error is not None:
        raise outcome.handler_error
    return finish(
        options,
        document,
        base_url,
        reports,
        outcome.returncode,
        elapsed,
        judged,
        found=collector.found,
        interrupted=outcome.interrupted,
        kept=collector.kept,
        client=collector.client,
    )


def _merge_part(part: Path, reports: Path) -> None:
    """Fold the second process' folder into the reports: its output after the first's in the
    log, its crash files beside the first's, its HAR entries after the first's."""
    log = part / LOG
    if log.exists():
        # The first process' log: created owner-only by child.run.
        with (reports / LOG).open("ab") as out:
            out.write(f"\n--- {PART_TITLE} ---\n".encode())
            out.write(log.read_bytes())
    for crashes in part.glob(CRASHES):
        target = reports / crashes.relative_to(part)
        target.mkdir(parents=True, exist_ok=True, mode=0o700)
        for crash in crashes.glob("*.json"):
            if crash.name != "manifest.json" or not (target / crash.name).exists():
                shutil.move(crash, target / crash.name)
    exchanges.merge_har(part / CASSETTE, reports / CASSETTE)
    shutil.rmtree(part, ignore_errors=True)


def _probe(options: Options, base_url: str, document: dict[str, object]) -> list[probes.Outcome]:
    """The probes schemathesis does not send (probes.py)."""
    key = (options.key_header, options.api_key) if options.api_key else None
    volume = VOLUME[options.profile] if options.volume is None else options.volume
    judged, stopped = probes.run(base_url, options.header_dict(), document, key=key, volume=volume)
    if stopped:
        print(f"contract: probes stopped early: {stopped}")
    return judged


class Collector:
    """Takes each event of the child's log as it arrives: the results, the progress line, and
    the event log the reports keep (exchanges)."""

    def __init__(
        self,
        reports: Path,
        keep: str,
        shown: progress.Progress,
        document: Mapping[str, Any] | None = None,
        client: ClientCheck | None = None,
    ) -> None:
        self.path = reports / EVENTS
        self.document = document
        # Built on the first scenario, in the thread that reads the log: not on the way of the
        # child's start.
        self.client = client
        self.keep = keep
        self.shown = shown
        self.found = results.Results()
        # The kept scenarios, for the HAR file of the failing cases.
        self.kept: list[dict[str, Any]] = []
        self.out: Any = None

    def __enter__(self) -> Collector:
        self.out = inert.private_file(self.path)
        return self

    def __exit__(self, *exc: object) -> None:
        self.out.close()

    def __call__(self, event: Mapping[str, Any], line: str) -> None:
        self.shown.event(event)
        results.feed(self.found, event)
        finished = event.get("ScenarioFinished")
        if finished is not None and self.client is None and self.document is not None:
            from pieces_contract.clientcheck import ClientCheck

            self.client = ClientCheck(self.document)
        if finished is not None and self.client is not None:
            self.client.scenario(finished)
        if self.keep == exchanges.ALL:
            self.out.write(line)
        elif finished is not None:
            cut = exchanges.kept_scenario(finished)
            if cut is not None:
                self.kept.append(cut)
                self.out.write(json.dumps({"ScenarioFinished": cut}) + "\n")
        elif "ScenarioStarted" not in event:
            self.out.write(line)


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
    judged: list[probes.Outcome] | None = None,
    *,
    found: results.Results | None = None,
    interrupted: str | None = None,
    kept: list[dict[str, Any]] | None = None,
    client: ClientCheck | None = None,
) -> int:
    events = reports / EVENTS
    if found is None:
        if not events.exists():
            print(f"contract: schemathesis wrote no report; its output ({reports / LOG}):")
            print(_tail(reports / LOG))
            return returncode or 1
        found = results.read(events)
    if not found.scenarios and interrupted is None:
        print(f"contract: schemathesis ran no case; its output ({reports / LOG}):")
        print(_tail(reports / LOG))
        return returncode or 1
    if kept is not None and options.keep_exchanges != exchanges.ALL:
        exchanges.write_har(kept, reports / CASSETTE)
        inert.SECRETS.mask_file(reports / CASSETTE)
    if options.max_failures:
        results.keep_first(found, options.max_failures)
    probes.record(found, judged or [])
    report.classify(found, document)
    report.attach_reproductions(found, base_url, document)
    accepted = None
    if options.baseline is not None:
        accepted = baseline.load(options.baseline, missing_ok=options.write_baseline)
        accepted.mark(found.failures)
    counted = [
        f
        for f in found.failures
        if (options.level == "strict" or f.level == "upstream") and not f.known
    ]
    replay = replay_command(options, base_url, reports)
    defects = client.defects if client is not None else []
    selection = report.Selection.of(document, options.operation_ids, options.tags)
    listed = report.failures_text(found, options.level, replay, base_url)
    if listed:
        print(listed)
    print(report.summary_text(found, document, selection))
    report.write_junit(found, reports / JUNIT)
    report.write_html(
        found, document, reports / HTML, options.level, replay, base_url, defects, selection
    )
    exported = export.export(found, document, base_url, reports / export.FOLDER)
    for path in exported:
        inert.SECRETS.mask_file(path)
    if exported:
        print(
            f"contract: {len(exported)} regression test file(s) for the failing cases in "
            f"{reports / export.FOLDER} (CONTRACT_BASE_URL=URL pytest {reports / export.FOLDER})"
        )
    for error in found.errors[:5]:
        print(f"contract: schemathesis error: {error}")
    cases = [f for f in found.failures if f.phase != "probes"]
    # schemathesis fails a run on a warning (schemathesis.toml) or an error of its own too.
    unexplained = returncode != 0 and not cases and interrupted is None
    if unexplained:
        # A warning that fails the run, an error schemathesis met: its own words say what.
        print(f"contract: schemathesis exited {returncode}; the end of its output:")
        print(_tail(reports / LOG))
    from pieces_contract import clientcheck

    if client is not None:
        print(clientcheck.section(defects, client.read))
    fail_on = clientcheck.FAIL if options.base_url is None else clientcheck.REPORT
    strict_client = (options.client_defects or fail_on) == clientcheck.FAIL
    reasons = _reasons(found, counted, unexplained, returncode, reports)
    if defects and strict_client:
        reasons.append(f"{len(defects)} client defect(s)")
    failed = bool(reasons)
    known = sum(f.known for f in found.failures)
    ignored = len(found.failures) - len(counted) - known
    note = f" ({ignored} failure(s) break only the strict level)" if ignored else ""
    if accepted is not None:
        note += f" ({known} known failure(s) in the baseline {accepted.path}, not counted)"
        if options.write_baseline:
            added = accepted.add(found.failures)
            accepted.save()
            print(
                f"contract: wrote the baseline {accepted.path}: {added} new entry(ies), "
                f"{len(accepted.entries)} in all"
            )
    verdict = f"FAILED ({'; '.join(reasons)})" if failed else "passed"
    if interrupted is not None:
        # What ran is judged, but an interrupted run never passes: its cases were not all sent.
        verdict = f"INTERRUPTED ({interrupted}) after {found.total_cases} cases, " + (
            "FAILED" if failed else "no failure so far"
        )
    if options.profile == "deep" or failed or interrupted is not None:
        print(f"contract: repeat this run with: {rerun_command(options, base_url, found.seed)}")
    if any(f.phase != "probes" for f in found.failures):
        print(f"contract: re-send its failing cases with: {replay}")
        if options.base_url is None:
            print(
                f"contract: {base_url} was a reference server this run started and has "
                "stopped: to re-send, start one (python -m reference_server) and give its URL "
                "to --base-url"
            )
    # The verdict is the last line, where CI logs and terminals show it.
    print(
        f"contract: {verdict} at the {options.level} level in {elapsed:.1f}s{note}; "
        f"reports: {reports / JUNIT}, {reports / CASSETTE}, {reports / HTML}"
    )
    if interrupted is not None and not failed:
        return INTERRUPTED
    return 1 if failed else 0


def _reasons(
    found: results.Results,
    counted: list[results.Failure],
    unexplained: bool,
    returncode: int,
    reports: Path,
) -> list[str]:
    """Why the run failed, each in a few words (empty: it passed)."""
    reasons = []
    cases = [f for f in counted if f.phase != "probes"]
    probed = [f for f in counted if f.phase == "probes"]
    if cases:
        reasons.append(f"{len(cases)} failing case(s)")
    if probed:
        reasons.append(f"{len(probed)} failing probe(s)")
    if found.errors:
        reasons.append(f"{len(found.errors)} schemathesis error(s)")
    if unexplained:
        warned = report.warnings_in(_tail(reports / LOG, 200))
        reasons.append(
            f"schemathesis warned: {', '.join(warned)}"
            if warned
            else f"schemathesis exited {returncode} (its output above)"
        )
    return reasons


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.rstrip().splitlines()[-lines:])
