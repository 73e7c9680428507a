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
import os
import random
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "reports"
JUNIT = REPORTS / "contract-junit.xml"

# Extra schemathesis flags per profile, on top of schemathesis.toml.
PROFILES: dict[str, list[str]] = {
    # Deterministic and bounded: what `make test` and CI run.
    "ci": [],
    # Real fuzzing: many more cases, a fresh seed each run (printed, so a failure can be
    # replayed with --seed), every failure reported rather than stopping at the first.
    "deep": ["--max-examples", "1000", "--max-time", "1200", "--continue-on-failure"],
}


def _schemathesis_command(profile: str, api_key: str | None) -> list[str]:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        str(ROOT / "openapi.yaml"),
        *PROFILES[profile],
    ]
    if profile == "deep":
        seed = random.SystemRandom().randrange(2**31)  # noqa: S311 - a seed, not a secret
        print(f"contract: deep profile, seed {seed} (rerun with --seed {seed})")
        command += ["--seed", str(seed)]
    if api_key:
        command += ["--header", f"X-Application-ID: {api_key}"]
    return command


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the contract suite against a live server.")
    parser.add_argument("--base-url", help="server to test (default: start our reference server)")
    parser.add_argument("--api-key", help="sent as X-Application-ID on every request")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="ci")
    args = parser.parse_args()

    REPORTS.mkdir(exist_ok=True)
    with ExitStack() as stack:
        base_url = args.base_url
        if base_url is None:
            from tests.support.live_server import live_server

            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="contract-")))
            server = stack.enter_context(live_server(tmp / "contract.sqlite3", api_key=args.api_key))
            base_url = server.base_url
            print(f"contract: started the reference server at {base_url}")
        print(f"contract: testing {base_url} against openapi.yaml ({args.profile} profile)")
        env = {**os.environ, "BASE_URL": base_url.rstrip("/")}
        started = time.monotonic()
        run = subprocess.run(  # noqa: S603 - our own venv's schemathesis
            _schemathesis_command(args.profile, args.api_key), cwd=ROOT, env=env, check=False
        )
        elapsed = time.monotonic() - started
    verdict = "passed" if run.returncode == 0 else "FAILED"
    print(f"contract: {verdict} in {elapsed:.1f}s; JUnit report: {JUNIT.relative_to(ROOT)}")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
