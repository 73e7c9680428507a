"""Decode a snapshot from JSON bytes into models, and encode the models back to JSON bytes.

`python -m bench.codec --side ours|upstream|json --data FILE` runs in the interpreter of that
side (ours in .venv, the official SDK in .venv-upstream, plain json.loads/json.dumps as the floor)
and times one step per line it reads; `measure()` starts all three on the same data file.
Both sides run with the garbage collector as the interpreter sets it, and both check their own
result before it counts, so a fast but wrong codec cannot win.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .support import (
    DECODE_VS_LOADS,
    DECODE_VS_THEIRS,
    ENCODE_VS_THEIRS,
    OURS_PYTHON,
    ROOT,
    UPSTREAM_PYTHON,
    Row,
    median,
    ms,
)


class _Side:
    """One side's decode and encode steps on the raw bytes, and a check of its own result."""

    def __init__(self, raw: bytes, decode: Callable[[], Any], encode: Callable[[Any], bytes]):
        self.raw, self._decode, self._encode = raw, decode, encode
        self.models = decode()
        written = encode(self.models)
        # The round trip must give back the very document it read, or its times do not count.
        assert json.loads(written) == json.loads(raw), "the round trip changed the document"

    def step(self, name: str) -> float:
        if name == "decode":
            del self.models  # the previous result is freed outside the timed part
            start = time.perf_counter()
            self.models = self._decode()
            return time.perf_counter() - start
        start = time.perf_counter()
        self._encode(self.models)
        return time.perf_counter() - start


def _ours(raw: bytes, gc_pause: bool = True) -> _Side:
    import pieces_distributions.models
    from pieces_distributions.models import Distributions

    # The README's switch: the same decode with the GC pause turned off, for comparison.
    pieces_distributions.models.gc_pause = gc_pause

    return _Side(
        raw,
        lambda: Distributions.from_dict(json.loads(raw)),
        lambda models: json.dumps(models.to_dict()).encode(),
    )


def _isoformat(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__}")


def _upstream(raw: bytes) -> _Side:
    from pieces_os_client.models.distributions import Distributions

    # Its to_json() hands datetimes to json.dumps and fails, so: to_dict(), then json.dumps
    # with the one conversion it is missing.
    return _Side(
        raw,
        lambda: Distributions.from_json(raw),
        lambda models: json.dumps(models.to_dict(), default=_isoformat).encode(),
    )


def _floor(raw: bytes) -> _Side:
    return _Side(raw, lambda: json.loads(raw), lambda document: json.dumps(document).encode())


def main() -> None:
    """Serve timed steps: read `decode` or `encode` per line, answer the seconds it took."""
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--side", choices=["ours", "ours-no-pause", "upstream", "json"], required=True
    )
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    sides: dict[str, Callable[[bytes], _Side]] = {
        "ours": _ours,
        "ours-no-pause": lambda raw: _ours(raw, gc_pause=False),
        "upstream": _upstream,
        "json": _floor,
    }
    side = sides[args.side](args.data.read_bytes())
    print("ready", flush=True)
    for line in sys.stdin:
        print(side.step(line.strip()), flush=True)


class _Worker:
    def __init__(self, python: Path, side: str, data: Path) -> None:
        argv = [str(python), "-m", "bench.codec", "--side", side, "--data", str(data)]
        self.process = subprocess.Popen(
            argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        if self.stdout.readline().strip() != "ready":
            raise RuntimeError(f"bench.codec --side {side} did not start")

    def step(self, name: str) -> float:
        self.stdin.write(name + "\n")
        self.stdin.flush()
        return float(self.stdout.readline())

    def close(self) -> None:
        self.stdin.close()
        self.process.wait(30)


def measure(data: Path, runs: int) -> list[Row]:
    """The three sides live in their own processes and take turns, step by step, so that a
    change in the machine's load hits them alike."""
    workers = {
        "json": _Worker(OURS_PYTHON, "json", data),
        "ours": _Worker(OURS_PYTHON, "ours", data),
        "ours-no-pause": _Worker(OURS_PYTHON, "ours-no-pause", data),
        "upstream": _Worker(UPSTREAM_PYTHON, "upstream", data),
    }
    samples: dict[tuple[str, str], list[float]] = {}
    try:
        for _ in range(runs):
            for step in ("decode", "encode"):
                for name, worker in workers.items():
                    samples.setdefault((name, step), []).append(worker.step(step))
    finally:
        for worker in workers.values():
            worker.close()
    count = len(json.loads(data.read_bytes())["iterable"])
    size = f"{count:,} distributions, {data.stat().st_size / 1e6:.1f} MB"
    decode, their_decode, loads = (
        median(samples[n, "decode"]) for n in ("ours", "upstream", "json")
    )
    encode, their_encode = median(samples["ours", "encode"]), median(samples["upstream", "encode"])
    no_pause = median(samples["ours-no-pause", "decode"])
    return [
        Row.judged(
            f"2 decode bytes -> models ({size}, median of {runs})",
            "json.loads + Distributions.from_dict",
            ms(decode),
            "pieces_os_client Distributions.from_json",
            ms(their_decode),
            f"{their_decode / decode:.1f}x faster",
            DECODE_VS_THEIRS,
            their_decode / decode,
        ),
        Row.judged(
            f"2 decode bytes -> models ({size}, median of {runs})",
            "the same",
            ms(decode),
            "plain json.loads (the floor)",
            ms(loads),
            f"{decode / loads:.2f}x json.loads",
            DECODE_VS_LOADS,
            decode / loads,
        ),
        Row(
            f"2 decode bytes -> models ({size}, median of {runs})",
            "the same, GC pause switched off (models.gc_pause = False)",
            ms(no_pause),
            "plain json.loads (the floor)",
            ms(loads),
            f"{no_pause / loads:.2f}x json.loads",
            "",
            None,
        ),
        Row.judged(
            f"3 encode models -> bytes (median of {runs})",
            "to_dict + json.dumps",
            ms(encode),
            "pieces_os_client to_dict + json.dumps",
            ms(their_encode),
            f"{their_encode / encode:.1f}x faster",
            ENCODE_VS_THEIRS,
            their_encode / encode,
        ),
    ]


if __name__ == "__main__":
    main()
