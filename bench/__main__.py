"""`python -m bench`: every benchmark (issues 6 and 14) in one run, ours beside the alternative.

Prints a Markdown table of medians and ratios and writes it to reports/bench.md, the rows to
reports/bench.json and the chart of each measure against its target to reports/bench.svg
(bench/chart.py). `--quick` takes fewer samples (a smoke run, not figures to quote); `--only`
runs some parts.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import chart, client, codec, contract, data, discovery, imports, server, testing, tooling
from .support import REPORTS, UPSTREAM_PYTHON, Row, check_tools, python_version

PARTS = (
    "imports",
    "codec",
    "client",
    "server",
    "contract",
    "discovery",
    "testing",
    "tooling",
)
SNAPSHOT_COUNT = 10_000


def table(rows: list[Row]) -> str:
    lines = [
        "| part | measure | ours | alternative | theirs | ratio | target | verdict |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        cells = (row.part, row.measure, row.ours, row.alternative, row.theirs, row.ratio)
        lines.append("| " + " | ".join((*cells, row.target, row.verdict)) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer samples: a smoke run")
    parser.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS))
    parser.add_argument("--out", type=Path, default=REPORTS / "bench.md")
    parser.add_argument(
        "--chart", type=Path, default=REPORTS / "bench.svg", help="chart file (.svg or .png)"
    )
    args = parser.parse_args()
    missing = check_tools(node="server" in args.only)
    if missing:
        print("bench: cannot run yet: " + "; ".join(missing), file=sys.stderr)
        return 2
    quick = args.quick
    started = time.perf_counter()
    rows: list[Row] = []
    steps: dict[str, Callable[[], list[Row]]] = {
        "imports": lambda: imports.measure(runs=3 if quick else 9),
        # The 10,000-distribution document is built only when the codec part runs.
        "codec": lambda: codec.measure(
            data.write_snapshot(REPORTS / "bench-data" / "snapshot.json", SNAPSHOT_COUNT),
            runs=3 if quick else 7,
        ),
        "client": lambda: client.measure(requests=50 if quick else 300),
        "server": lambda: server.measure(amount=300 if quick else 1_500, rounds=1 if quick else 3),
        "discovery": lambda: discovery.measure(calls=5 if quick else 20, rounds=2 if quick else 4),
        "testing": lambda: testing.measure(tests=30 if quick else 300),
        "tooling": lambda: tooling.measure(runs=1 if quick else 3),
        "contract": lambda: contract.rows(runs=1 if quick else 3),
    }
    for part in PARTS:
        if part in args.only:
            began = time.perf_counter()
            rows.extend(steps[part]())
            print(f"bench: {part} done in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    elapsed = time.perf_counter() - started
    missed = [row for row in rows if row.met is False]
    load = os.getloadavg()
    header = [
        "# make bench",
        "",
        f"Python {platform.python_version()} (ours, .venv) and "
        f"{python_version(UPSTREAM_PYTHON)} (pieces_os_client, .venv-upstream); "
        f"{os.cpu_count()} CPUs, load average {load[0]:.1f} at the end; "
        f"whole run {elapsed:.0f} s{' (--quick: smoke figures only)' if quick else ''}.",
        f"Data: seeded (seed {data.SEED}), built by bench/data.py on every run.",
        "",
        f"![each measure against its target]({args.chart.name})",
        "",
    ]
    targets = "target" if len(missed) == 1 else "targets"
    summary = (
        f"\n\n{len(rows) - len(missed)} rows met or shown; "
        + (f"{len(missed)} {targets} MISSED." if missed else "every target met.")
        + "\n"
    )
    report = "\n".join(header) + table(rows) + summary
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    saved = args.out.with_suffix(".json")
    saved.write_text(
        json.dumps({"header": header, "rows": [row.as_json() for row in rows]}, indent=1),
        encoding="utf-8",
    )
    bars = chart.draw(rows, args.chart)
    print(report)
    print(f"bench: written to {args.out}, {saved} and {args.chart} ({bars} bars)", file=sys.stderr)
    # A measurement, not a test: missed targets are reported above, the run itself succeeded.
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
