"""Run the contract suite: schemathesis against a live server, driven by the committed spec.

With no --base-url it starts our reference server on a free loopback port with a
temporary database, runs the suite against it and stops it. With --base-url it
tests whatever server is there (a real Pieces OS, another implementation).
The exit status is schemathesis's: non-zero when the server breaks the spec.

Settings live in schemathesis.toml (the `ci` profile: fixed seed, bounded
examples and time). `--profile deep` layers real fuzzing on top of it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
JUNIT = REPORTS / "contract-junit.xml"
EVENTS = REPORTS / "contract-events.ndjson"
PHASES = ("examples", "coverage", "fuzzing", "stateful")

# Extra schemathesis flags per profile, on top of schemathesis.toml.
PROFILES: dict[str, list[str]] = {
    # Deterministic and bounded: what `make test` and CI run.
    "ci": [],
    # Real fuzzing: many more cases, a fresh seed each run (printed, so a failure can be
    # replayed with --seed), every failure reported rather than stopping at the first.
    "deep": ["--max-examples", "1000", "--max-time", "1200", "--continue-on-failure"],
}
# Wall-clock ceiling per profile: a server that answers too slowly (or hangs between the
# per-request timeouts) fails the run instead of stalling CI.
DEADLINE_SECONDS = {"ci": 480, "deep": 1500}


def _schemathesis_command(profile: str, api_key: str | None, max_failures: int | None) -> list[str]:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        str(ROOT / "openapi.yaml"),
        *PROFILES[profile],
        "--report",
        "junit,ndjson",
        "--report-junit-path",
        str(JUNIT),
        "--report-ndjson-path",
        str(EVENTS),
    ]
    if profile == "deep":
        seed = random.SystemRandom().randrange(2**31)
        print(f"contract: deep profile, seed {seed} (rerun with --seed {seed})")
        command += ["--seed", str(seed)]
    if api_key:
        command += ["--header", f"X-Application-ID: {api_key}"]
    if max_failures:
        command += ["--max-failures", str(max_failures)]
    return command


def summarize(events: Path) -> str:
    """Cases per phase and passes/failures per check, read from schemathesis's event log."""
    operations: set[str] = set()
    cases: Counter[str] = Counter()
    scenarios: Counter[str] = Counter()
    checks: dict[str, Counter[str]] = defaultdict(Counter)
    with events.open(encoding="utf-8") as lines:
        for line in lines:
            event = json.loads(line)
            finished = event.get("ScenarioFinished")
            if finished is None or "cases" not in finished["recorder"]:
                continue
            recorder, phase = finished["recorder"], finished["phase"]
            scenarios[phase] += 1
            cases[phase] += len(recorder["cases"])
            if phase != "stateful":
                operations.add(recorder["label"])
            for results in recorder["checks"].values():
                for result in results:
                    checks[result["name"]][result["status"]] += 1
    rows = [f"contract summary: {len(operations)} operations, {sum(cases.values())} cases"]
    for phase in PHASES:
        extra = f" in {scenarios[phase]} scenarios" if phase == "stateful" else ""
        rows.append(f"  phase {phase:<10} {cases[phase]:>6} cases{extra}")
    for name in sorted(checks):
        tally = checks[name]
        rows.append(f"  check {name:<32} {tally['success']:>6} passed {tally['failure']:>4} failed")
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the contract suite against a live server.")
    parser.add_argument("--base-url", help="server to test (default: start our reference server)")
    parser.add_argument(
        "--api-key",
        default=os.environ.get("CONTRACT_API_KEY") or None,
        help="sent as X-Application-ID on every request (default: $CONTRACT_API_KEY)",
    )
    parser.add_argument("--profile", choices=sorted(PROFILES), default="ci")
    parser.add_argument(
        "--max-failures", type=int, help="stop after this many failures (default: run everything)"
    )
    args = parser.parse_args()

    REPORTS.mkdir(exist_ok=True)
    # A run that dies before writing its reports must not be summarised from the previous one's.
    for stale in (JUNIT, EVENTS):
        stale.unlink(missing_ok=True)
    with ExitStack() as stack:
        base_url = args.base_url
        if base_url is None:
            from reference_server.launcher import live_server

            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="contract-")))
            server = stack.enter_context(
                live_server(tmp / "contract.sqlite3", api_key=args.api_key)
            )
            base_url = server.base_url
            print(f"contract: started the reference server at {base_url}")
        print(f"contract: testing {base_url} against openapi.yaml ({args.profile} profile)")
        env = {**os.environ, "BASE_URL": base_url.rstrip("/")}
        started = time.monotonic()
        try:
            returncode = subprocess.run(  # noqa: S603 - our own venv's schemathesis
                _schemathesis_command(args.profile, args.api_key, args.max_failures),
                cwd=ROOT,
                env=env,
                check=False,
                timeout=DEADLINE_SECONDS[args.profile],
            ).returncode
        except subprocess.TimeoutExpired:
            print(f"contract: stopped after {DEADLINE_SECONDS[args.profile]}s, the profile's limit")
            returncode = 1
        elapsed = time.monotonic() - started
    if EVENTS.exists():
        print(summarize(EVENTS))
    verdict = "passed" if returncode == 0 else "FAILED"
    print(f"contract: {verdict} in {elapsed:.1f}s; JUnit report: {JUNIT.relative_to(ROOT)}")
    return returncode


if __name__ == "__main__":
    sys.exit(main())
