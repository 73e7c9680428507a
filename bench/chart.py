"""The bench table as a chart: each measure against its target, on one scale.

Every row with a numeric target becomes one horizontal bar whose length is its attainment
(support.Target): 1 is the target exactly, to the right of the line it is met with that much
room, to the left it is missed by that factor. Met bars are green, missed ones red, and their
label, which repeats the row's own ratio and target as the table words them, starts with
MISSED. Rows shown only for context (no target) are left out.

`python -m bench.chart reports/bench.json docs/bench.svg` redraws a chart from the rows a run
saved, without measuring again.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from .support import Row

MET_COLOUR = "#2e7d32"
MISSED_COLOUR = "#c62828"
BAR_HEIGHT_INCHES = 0.55


def label(row: Row) -> str:
    """'1 import: client + API modules': the part's number and name, then the measure."""
    part = row.part.split(" (", 1)[0]
    return f"{part}: {row.measure}"


def draw(
    rows: Sequence[Row], path: Path, title: str = "make bench: each measure / its target"
) -> int:
    """Write the chart of the rows that have a target to `path` (.svg or .png); the bar count."""
    # Imported here: only the bench draws, and matplotlib takes a while to import.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    judged = [row for row in rows if row.goal is not None]
    if not judged:
        return 0
    attainments = [row.attainment or 1.0 for row in judged]
    figure = Figure(figsize=(10, 1.4 + BAR_HEIGHT_INCHES * len(judged)), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(judged)))[::-1]  # first row at the top
    colours = [MET_COLOUR if row.met else MISSED_COLOUR for row in judged]
    axes.barh(positions, attainments, color=colours, height=0.6)
    axes.set_xscale("log")
    low = min(0.25, min(attainments) / 1.5)
    high = max(4.0, max(attainments) * 2)
    axes.set_xlim(low, high)
    axes.axvline(1.0, color="black", linewidth=1)
    names = [f"{label(row)}\n{_verdict(row)}" for row in judged]
    axes.set_yticks(positions, names, fontsize=8)
    for tick, row in zip(axes.get_yticklabels()[::-1], judged[::-1], strict=True):
        tick.set_color("black" if row.met else MISSED_COLOUR)
    ticks = [t for t in (0.125, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128) if low <= t <= high]
    axes.set_xticks(ticks, [f"{t:g}x" for t in ticks])
    axes.minorticks_off()
    for position, attainment in zip(positions, attainments, strict=True):
        # The attainment itself, just right of the bar's end (of the target line if missed).
        x = (attainment if attainment >= 1 else 1.0) * 1.05  # missed: right of the line
        axes.text(x, position, f"{attainment:.2g}x", va="center", fontsize=8)
    axes.set_xlabel("measure / target (log scale; right of the line: met, left: missed)")
    met = sum(1 for row in judged if row.met)
    axes.set_title(f"{title}: {met} of {len(judged)} targets met", fontsize=11)
    axes.grid(axis="x", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    path.parent.mkdir(parents=True, exist_ok=True)
    # No date and a fixed id salt in the SVG, so that the same rows give the same file.
    metadata = {"Date": None} if path.suffix == ".svg" else {}
    with matplotlib.rc_context({"svg.hashsalt": "pieces-distributions-bench"}):
        figure.savefig(path, metadata=metadata)
    return len(judged)


def _verdict(row: Row) -> str:
    """The table's own words: '2.2x faster, target faster than it' (MISSED in front if so)."""
    return f"{'MISSED: ' if not row.met else ''}{row.ratio}, target {row.target}"


def load_rows(path: Path) -> list[Row]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return [Row.from_json(row) for row in document["rows"]]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chart", description=__doc__)
    parser.add_argument("rows", type=Path, help="the rows a run saved (reports/bench.json)")
    parser.add_argument("out", type=Path, help="the chart to write (.svg or .png)")
    args = parser.parse_args()
    count = draw(load_rows(args.rows), args.out)
    print(f"bench.chart: {count} bars written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
