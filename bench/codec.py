"""Decode a snapshot from JSON bytes into models, and encode the models back to JSON bytes.

`python -m bench.codec --side ours|upstream --data FILE --runs N` runs in the interpreter of that
side (ours in .venv, the official SDK in .venv-upstream), times each step with perf_counter and
prints one JSON line of samples; `measure()` starts both on the same data file and compares.
Both sides run with the garbage collector as the interpreter sets it, and both check their own
result before it counts, so a fast but wrong codec cannot win.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .support import OURS_PYTHON, UPSTREAM_PYTHON, Row, median, ms, run_python


def _samples(step: Callable[[], Any], runs: int) -> tuple[list[float], Any]:
    result = step()  # warm-up, and the result to check
    samples = []
    for _ in range(runs):
        del result
        start = time.perf_counter()
        result = step()
        samples.append(time.perf_counter() - start)
    return samples, result


def _ours(raw: bytes, runs: int) -> dict[str, Any]:
    from pieces_distributions.models import Distributions

    decode, models = _samples(lambda: Distributions.from_dict(json.loads(raw)), runs)
    encode, written = _samples(lambda: json.dumps(models.to_dict()).encode(), runs)
    # The round trip must give back the very document it read.
    assert json.loads(written) == json.loads(raw), "ours: round trip changed the document"
    return {"decode": decode, "encode": encode, "count": len(models.iterable)}


def _isoformat(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def _upstream(raw: bytes, runs: int) -> dict[str, Any]:
    from pieces_os_client.models.distributions import Distributions

    decode, models = _samples(lambda: Distributions.from_json(raw), runs)
    # Its to_json() hands datetimes to json.dumps and fails, so: to_dict(), then json.dumps
    # with the one conversion it is missing.
    encode, written = _samples(
        lambda: json.dumps(models.to_dict(), default=_isoformat).encode(), runs
    )
    assert json.loads(written) == json.loads(raw), "upstream: round trip changed the document"
    return {"decode": decode, "encode": encode, "count": len(models.iterable)}


def _floor(raw: bytes, runs: int) -> dict[str, Any]:
    loads, document = _samples(lambda: json.loads(raw), runs)
    dumps, _ = _samples(lambda: json.dumps(document).encode(), runs)
    return {"decode": loads, "encode": dumps, "count": len(document["iterable"])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", choices=["ours", "upstream", "json"], required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    raw = args.data.read_bytes()
    side = {"ours": _ours, "upstream": _upstream, "json": _floor}[args.side]
    print(json.dumps(side(raw, args.runs)))


def measure(data: Path, runs: int) -> list[Row]:
    args = ["--data", str(data), "--runs", str(runs)]
    floor = run_python(OURS_PYTHON, ["-m", "bench.codec", "--side", "json", *args])
    ours = run_python(OURS_PYTHON, ["-m", "bench.codec", "--side", "ours", *args])
    theirs = run_python(UPSTREAM_PYTHON, ["-m", "bench.codec", "--side", "upstream", *args])
    count = ours["count"]
    assert count == theirs["count"] == floor["count"]
    size = f"{count:,} distributions, {data.stat().st_size / 1e6:.1f} MB"
    decode, their_decode, loads = (median(x["decode"]) for x in (ours, theirs, floor))
    encode, their_encode = median(ours["encode"]), median(theirs["encode"])
    return [
        Row(
            f"2 decode bytes -> models ({size}, median of {runs})",
            "json.loads + Distributions.from_dict",
            ms(decode),
            "pieces_os_client Distributions.from_json",
            ms(their_decode),
            f"{their_decode / decode:.1f}x faster",
            ">= 2x",
            their_decode / decode >= 2,
        ),
        Row(
            f"2 decode bytes -> models ({size}, median of {runs})",
            "the same",
            ms(decode),
            "plain json.loads (the floor)",
            ms(loads),
            f"{decode / loads:.1f}x json.loads",
            "<= 4x",
            decode / loads <= 4,
        ),
        Row(
            f"3 encode models -> bytes (median of {runs})",
            "to_dict + json.dumps",
            ms(encode),
            "pieces_os_client to_dict + json.dumps",
            ms(their_encode),
            f"{their_encode / encode:.1f}x faster",
            ">= 3x",
            their_encode / encode >= 3,
        ),
    ]


if __name__ == "__main__":
    main()
