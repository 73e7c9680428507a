"""`pieces-contract replay`: schemathesis' replay of a run's failures, told what it cannot judge.

Each run keeps schemathesis' crash files in its reports folder: every failing case with the
steps that led to it (a stateful delete comes with the create it followed and the link between
them). `schemathesis replay` re-sends them and re-runs exactly the check that failed on the same
request, and calls a failure fixed only when that check passes.

What this adds, and why it stays: schemathesis counts a check that returns "skip" as passed, so
our checks that need the run's whole history (fresh ids, order, other distributions) or that do
not apply to the new answer would read as fixed. Under this command they raise instead
(checks.NotJudgedAlone), and schemathesis reports them as errored: "not judged alone". It also
finds the run's crash files, and sends the run's key and headers with every step (through the
environment of a private config, as `run` does: never on an argv).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pieces_contract import runner, spec

# The whole replay of one crash file (schemathesis' own timeout is per read: a server that
# drips its answer would hold it forever).
DEADLINE_SECONDS = 60.0


def crash_folder(recording: Path) -> Path | None:
    """The crash files of the run whose reports folder (or a file in it) is `recording`."""
    reports = recording if recording.is_dir() else recording.parent
    found = sorted(reports.glob(runner.CRASHES))
    return found[0] if found else None


def _case_files(folder: Path, cases: Sequence[str]) -> list[Path]:
    chosen = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("case_id") in cases:
            chosen.append(path)
    return chosen


def replay(
    recording: Path,
    base_url: str,
    api_key: str | None,
    headers: Sequence[str],
    cases: Sequence[str],
) -> int:
    folder = crash_folder(recording)
    if folder is None or not any(folder.glob("*_*.json")):
        print(f"replay: no failing case recorded under {recording}")
        return 2
    targets = _case_files(folder, cases) if cases else [folder]
    if not targets:
        print(f"replay: no case {', '.join(cases)} under {folder}")
        return 2
    options = runner.Options(base_url=base_url, api_key=api_key, headers=list(headers))
    options.key_header = spec.key_header(spec.load(spec.default_spec_path()))
    status = 0
    with tempfile.TemporaryDirectory(prefix="replay-") as private:
        config, variables = runner.child_config(options, Path(private))
        env = {**runner.environment(base_url), **variables, "PIECES_CONTRACT_REPLAY": "1"}
        for target in targets:
            command = [
                sys.executable,
                "-m",
                "schemathesis.cli",
                "--config-file",
                str(config),
                "--no-color",
                "replay",
                str(target),
                "--url",
                base_url,
                "--keep",
            ]
            try:
                done = subprocess.run(  # noqa: S603 - our own interpreter's schemathesis
                    command,
                    env=env,
                    capture_output=True,
                    text=True,
                    errors="replace",
                    check=False,
                    timeout=DEADLINE_SECONDS,
                )
            except subprocess.TimeoutExpired:
                print(f"replay: {target.name}: no complete replay within {DEADLINE_SECONDS:g}s")
                return 2
            # Through this process' stdout, which the CLI makes inert (a server's bytes).
            print(done.stdout + done.stderr, end="")
            status = max(status, done.returncode)
    return status
