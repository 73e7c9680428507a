"""Wall time of the everyday make targets, run as a developer runs them (setup already done).

`make generate` rewrites generated/ with what it already holds on a clean tree, so the run
changes no file; `make contract` runs the default profile against a fresh server of ours.
"""

from __future__ import annotations

import subprocess
import time

from .support import ROOT, Row, median

TARGETS = ("generate", "check-generated", "contract")


def wall_seconds(target: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        ["make", "--no-print-directory", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"make {target} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds


def measure(runs: int) -> list[Row]:
    rows = []
    for target in TARGETS:
        # The contract suite is the slow one: once is enough to see its order of magnitude.
        count = 1 if target == "contract" else runs
        try:
            seconds = median([wall_seconds(target) for _ in range(count)])
            figure = f"{seconds:.1f} s"
        except RuntimeError as error:
            figure = f"failed: {str(error).splitlines()[0]}"
        rows.append(
            Row(
                f"6 tooling (wall time, median of {runs}; contract once)",
                f"make {target}",
                figure,
                "",
                "",
                "",
                "",
                None,
            )
        )
    return rows
