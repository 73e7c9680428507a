"""The contract suite's ci profile beside a raw `schemathesis run` (issue 14).

Both run schemathesis' CLI with the same settings file, seed and phases against a fresh
reference server each (a server that kept an earlier run's distributions answers bigger
snapshots). Ours is `pieces-contract run`: our checks (and their follow-up requests), the event
log and cassette, the JUnit report and the HTML page. Raw is the same settings without our hooks
and reports. Runs alternate, so a load change on the machine hits both alike; medians compare.

Where the time goes (profiled on the loaded two-core machine, ci profile, about 900 cases):
schemathesis' own generation and checks are the same in both; the VCR cassette writer cost
about 1.6 s of CPU (so the cassette is HAR now, about 0.3 s, like the event log); our checks cost
about 1.5 to 2.5 s of wall time, nearly all of it in their follow-up requests (about 480: a
snapshot after each successful create and delete, a second delete after each delete) and in
parsing those snapshots, which grow with every distribution the run leaves behind; our own
start, preflight and reports about 0.5 s. Batching the follow-up snapshots (one per several
creates and deletes) was tried and dropped: it blurred which check catches which break. orjson
for the snapshots was tried too: about 0.5 ms saved per parse, a few percent of the run, not
worth a dependency. What stands between ours and the 80% target is the follow-up requests
themselves; a cheaper way to ask the server about one distribution (a get by id) would need an
operation the upstream API does not have. The second round's figures (threads profiled, reports
measured apart, workers tried) are in bench/README.md, "Contract suite".

Third round (issue 20, 2026-12-02, a two-core machine shared with other jobs; the figures of
two alternating rounds at load 4 to 6). Raw schemathesis: 909 cases, 17.5-18.9 s CPU, 27.5-33.7 s
wall. pieces-contract before: 916 cases, 22.2-22.8 s CPU, 42.5-57.1 s wall, 29.5 MB of reports
and a .schemathesis/ folder. After: 961 cases (the crash cache is off, which changes what the
stateful phase draws), 20.2-21.5 s CPU, 41.0 s wall, 19 KB of reports. Split by running
schemathesis alone: the event log costs its writer 1-2 s of CPU; our checks (hooks) about 4 s
and some 60 more cases. What the runner itself did on the way was removed: its imports before
the child starts (1.6 s on the loaded machine, now 0.17 s: httpx, the preflight, replay and the
generated client are imported where used), the preflight (now beside the child's own start),
the HAR writer of every exchange and 30 MB written and read back (the runner keeps the failing
cases from the streamed log), and the client check reads each listed distribution once (4.4 s
of CPU to 0.6 s, in the thread that reads the log, beside the child). Still between ours and
raw (about 1.2-1.4 times its wall time per case): our checks' follow-up requests and the event
log; the target "at most raw's wall time" is not met.

Fourth round (issue 20, a quiet two-core machine, three alternating rounds): what the run does
on top of raw schemathesis cannot be made free (py-spy: our hooks are about 15% of the child's
samples, two thirds of it the follow-up snapshots and their parsing), so the run now uses the
second core: schemathesis' stateful phase (about half of the run) goes to a second
schemathesis process beside examples, coverage and fuzzing, with the same seed and settings
(runner.jobs_for). Each phase draws from the seed alone: the first process' 584 cases are
raw's 584 of the same phases, case for case; the stateful phase's count moves from run to run
on both sides (its steps follow the server's answers). Before: 10.3 s wall against raw's 8.6 s.
After: 6.9 s against 8.8 s (0.78x), for about a third more client CPU (11.1 s against 8.3 s: a
second interpreter, spec and Unicode tables). Raw schemathesis could split its phases the same
way by hand; its CLI does not, and `workers` (tried in the second round) parallelises within a
phase, where the two cores were already the limit.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pieces_contract import runner
from reference_server.launcher import live_server

from .support import CONTRACT_VS_RAW, CONTRACT_WALL_VS_RAW, ROOT, Row, median

# Both sides' cases are counted by the same line: schemathesis' own "N generated" (ours is in
# the log pieces-contract keeps of its schemathesis child). Our summary counts the event log's
# cases, which can differ from schemathesis' count by a few stateful steps.
GENERATED = re.compile(r"(\d+) generated")


def _raw_config(folder: Path) -> Path:
    """schemathesis.toml without our hooks: what a user of schemathesis alone would run."""
    text = (ROOT / "schemathesis.toml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("hooks")]
    path = folder / "raw.toml"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


CPU: list[tuple[str, float]] = []


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    elapsed = time.perf_counter() - started
    CPU.append((command[2], _children_cpu() - cpu))
    if done.returncode != 0:
        raise RuntimeError(f"{command[2:5]} exited {done.returncode}: {done.stdout[-2000:]}")
    return elapsed, done.stdout


def one_round(folder: Path) -> tuple[tuple[float, int], tuple[float, int]]:
    """(seconds, cases) for ours and for raw schemathesis, each against a fresh server."""
    env = {k: v for k, v in os.environ.items() if k != "SCHEMATHESIS_HOOKS"}
    with live_server(folder / "ours.sqlite3") as srv:
        ours_time, out = _timed(
            [sys.executable, "-m", "pieces_contract", "run", "--base-url", srv.base_url],
            folder,
            env,
        )
    log = (folder / "reports" / "schemathesis.log").read_text(encoding="utf-8")
    # Both processes' counts when the run split its phases (runner.jobs_for).
    ours_cases = sum(int(count) for count in GENERATED.findall(log))
    with live_server(folder / "raw.sqlite3") as srv:
        raw_time, out = _timed(
            [
                sys.executable,
                *("-m", "schemathesis.cli", "--config-file", str(_raw_config(folder))),
                *("--no-color", "run", str(ROOT / "openapi.yaml"), "--url", srv.base_url),
                "--continue-on-failure",
            ],
            folder,
            # The environment pieces-contract gives its own schemathesis child: no hooks, the
            # base URL, and the Unicode tables where it keeps them, so neither side recomputes.
            runner.environment(srv.base_url),
        )
    raw_cases = int(GENERATED.search(out).group(1))  # type: ignore[union-attr]
    for name in ("ours.sqlite3", "raw.sqlite3"):
        for leftover in folder.glob(name + "*"):
            leftover.unlink()
    return (ours_time, ours_cases), (raw_time, raw_cases)


def rows(runs: int = 3) -> list[Row]:
    ours: list[tuple[float, int]] = []
    raw: list[tuple[float, int]] = []
    with tempfile.TemporaryDirectory(prefix="bench-contract-") as tmp:
        for _ in range(runs):
            mine, theirs = one_round(Path(tmp))
            ours.append(mine)
            raw.append(theirs)
    ours_rate = median([cases / seconds for seconds, cases in ours])
    raw_rate = median([cases / seconds for seconds, cases in raw])
    ratio = ours_rate / raw_rate
    # Client CPU (the runner and schemathesis, not the server): less sensitive to other load.
    ours_cpu = median([c for name, c in CPU if name == "pieces_contract"])
    raw_cpu = median([c for name, c in CPU if name == "schemathesis.cli"])
    ours_wall = median([seconds for seconds, _ in ours])
    raw_wall = median([seconds for seconds, _ in raw])
    return [
        Row.judged(
            "contract",
            "ci profile on our server, cases per second",
            f"{ours_rate:.0f}/s ({median([c for _, c in ours]):.0f} cases)",
            "raw schemathesis run, same seed and settings, no hooks",
            f"{raw_rate:.0f}/s ({median([c for _, c in raw]):.0f} cases)",
            f"{ratio:.0%}",
            CONTRACT_VS_RAW,
            ratio,
        ),
        Row(
            part="contract",
            measure="ci profile on our server, client CPU time",
            ours=f"{ours_cpu:.1f} s",
            alternative="raw schemathesis run",
            theirs=f"{raw_cpu:.1f} s",
            ratio=f"{ours_cpu / raw_cpu:.2f}x",
            target="-",
            met=None,
        ),
        Row.judged(
            "contract",
            "ci profile on our server, wall time",
            f"{ours_wall:.1f} s",
            "raw schemathesis run, same seed and settings, no hooks",
            f"{raw_wall:.1f} s",
            f"{ours_wall / raw_wall:.2f}x",
            CONTRACT_WALL_VS_RAW,
            ours_wall / raw_wall,
        ),
    ]


if __name__ == "__main__":
    for row in rows(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        print(row)
