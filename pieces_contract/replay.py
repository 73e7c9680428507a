"""`pieces-contract replay`: schemathesis' replay of a run's failures, told what it cannot judge.

Each run keeps schemathesis' crash files in its reports folder: every failing case with the
steps that led to it (a stateful delete comes with the create it followed and the link between
them). `schemathesis replay` re-sends them and re-runs exactly the check that failed on the same
request, and calls a failure fixed only when that check passes.

What this adds, and why it stays: schemathesis counts a check that returns "skip" as passed, so
our checks that need the run's whole history (fresh ids, order, other distributions) or that do
not apply to the new answer would read as fixed. Under this command they raise instead
(checks.NotJudgedAlone), and schemathesis reports them as errored: "not judged alone". It also
finds the run's crash files, and sends the run's key and headers with every step.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from pieces_contract import runner

CRASHES = ".schemathesis/*/cache/crashes"


def crash_folder(recording: Path) -> Path | None:
    """The crash files of the run whose reports folder (or a file in it) is `recording`."""
    reports = recording if recording.is_dir() else recording.parent
    found = sorted(reports.glob(CRASHES))
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
    sent = [part for header in options.all_headers() for part in ("--header", header)]
    env = {**runner.environment(base_url), "PIECES_CONTRACT_REPLAY": "1"}
    status = 0
    for target in targets:
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(runner.config_path()),
            "--no-color",
            "replay",
            str(target),
            "--url",
            base_url,
            "--keep",
            *sent,
        ]
        done = subprocess.run(command, env=env, check=False)  # noqa: S603 - our schemathesis
        status = max(status, done.returncode)
    return status
