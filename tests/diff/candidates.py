"""Score every OpenAPI diff tool that installs here on the corpus; rewrite the table in README.md.

Usage: python -m tests.diff.candidates   (after `make diff-candidates` installed the tools)

Each tool gets the base and the variant as files (YAML, or JSON for the one that reads only
JSON) and its own verdict is read the way the tool documents it (mostly its exit status). A run
that errors or times out counts as wrong. Not part of `make test`: the tools are measured once,
and the winner's rules are what tests/diff/test_corpus.py holds make diff to.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml

from scripts.wire_diff import wire_changes
from tests.diff.corpus import HERE, Variant, load_base, load_corpus

ROOT = HERE.parents[1]
NODE_BIN = HERE / "candidates" / "node_modules" / ".bin"
PY_BIN = ROOT / ".venv-diff-candidates" / "bin"
README = HERE / "README.md"
START, END = "<!-- candidates:start -->", "<!-- candidates:end -->"
TIMEOUT = 60.0

Outcome = str  # "breaking", "safe" or "error: ..."


@dataclass(frozen=True)
class Files:
    base_yaml: Path
    new_yaml: Path
    base_json: Path
    new_json: Path


def _run(argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
    )


def _by_exit(run: subprocess.CompletedProcess[str]) -> Outcome:
    if run.returncode in (0, 1):
        return "breaking" if run.returncode == 1 else "safe"
    last = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"]
    return f"error: exit {run.returncode}: {last[0].replace(str(ROOT), '.')[:100]}"


def optic(f: Files) -> Outcome:
    # Telemetry off: Optic would otherwise try to reach its analytics services.
    argv = [str(NODE_BIN / "optic"), "diff", str(f.base_yaml), str(f.new_yaml), "--check"]
    return _by_exit(_run(argv, {"OPTIC_TELEMETRY_LEVEL": "off"}))


def atlassian_openapi_diff(f: Files) -> Outcome:
    return _by_exit(_run([str(NODE_BIN / "openapi-diff"), str(f.base_yaml), str(f.new_yaml)]))


FASTIFY = """
const compare = require('openapi-schema-diff');
const fs = require('fs');
const [a, b] = process.argv.slice(1).map((p) => JSON.parse(fs.readFileSync(p, 'utf8')));
const result = compare(a, b);
process.exit(result.isEqual ? 0 : 1);
"""


def fastify_openapi_schema_diff(f: Files) -> Outcome:
    argv = ["node", "-e", FASTIFY, str(f.base_json), str(f.new_json)]
    env = {"NODE_PATH": str(HERE / "candidates" / "node_modules")}
    return _by_exit(_run(argv, env))


def api_schema_diff(f: Files) -> Outcome:
    return _by_exit(_run([str(PY_BIN / "api-schema-diff"), str(f.base_yaml), str(f.new_yaml)]))


def api_diff_sentinel(f: Files) -> Outcome:
    argv = [str(PY_BIN / "api-diff"), "--fail-on-breaking", str(f.base_json), str(f.new_json)]
    return _by_exit(_run(argv))


def breakwatch(f: Files) -> Outcome:
    return _by_exit(_run([str(PY_BIN / "breakwatch"), "diff", str(f.base_yaml), str(f.new_yaml)]))


def contractor(f: Files) -> Outcome:
    # Its default engine shells out to oasdiff (a Go binary); `legacy` is its own Python rules.
    argv = [str(PY_BIN / "contractor"), "diff", "--engine", "legacy"]
    return _by_exit(_run([*argv, "--base", str(f.base_yaml), "--candidate", str(f.new_yaml)]))


def apiguard(f: Files) -> Outcome:
    argv = [str(PY_BIN / "apiguard"), "diff", str(f.base_yaml), str(f.new_yaml), "--no-color"]
    return _by_exit(_run(argv))


def api_governor(f: Files) -> Outcome:
    with tempfile.TemporaryDirectory() as out:
        argv = [str(PY_BIN / "api-governor"), str(f.new_yaml), "--baseline", str(f.base_yaml)]
        return _by_exit(_run([*argv, "--json", "--output", out]))


def ours(f: Files) -> Outcome:
    old = yaml.safe_load(f.base_yaml.read_text(encoding="utf-8"))
    new = yaml.safe_load(f.new_yaml.read_text(encoding="utf-8"))
    return "breaking" if any(c.breaking for c in wire_changes(old, new)) else "safe"


CANDIDATES: dict[str, Callable[[Files], Outcome]] = {
    "ours (scripts/wire_diff.py)": ours,
    "Optic 1.0.9 (npm)": optic,
    "openapi-diff 0.24.1 (npm, Atlassian)": atlassian_openapi_diff,
    "openapi-schema-diff 0.0.1 (npm, fastify)": fastify_openapi_schema_diff,
    "api-schema-diff 1.0.4 (PyPI)": api_schema_diff,
    "api-diff-sentinel 1.0.2 (PyPI)": api_diff_sentinel,
    "breakwatch 0.1.0 (PyPI)": breakwatch,
    "contractor-cli 0.1.0 (PyPI, legacy engine)": contractor,
    "kryptorious-apiguard 1.0.1 (PyPI)": apiguard,
    "api-governor 1.0.0 (PyPI)": api_governor,
}


def _files(folder: Path, variant: Variant) -> Files:
    folder.mkdir(parents=True, exist_ok=True)
    files = Files(
        folder / "base.yaml", folder / "new.yaml", folder / "base.json", folder / "new.json"
    )
    for spec, as_yaml, as_json in (
        (load_base(), files.base_yaml, files.base_json),
        (variant.spec(), files.new_yaml, files.new_json),
    ):
        as_yaml.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
        as_json.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return files


def _one(tool: Callable[[Files], Outcome], files: Files) -> Outcome:
    try:
        return tool(files)
    except subprocess.TimeoutExpired:
        return "error: timeout"
    except OSError as error:
        return f"error: {error}"


def score() -> tuple[list[Variant], dict[str, list[Outcome]], dict[str, float]]:
    corpus = load_corpus()
    results: dict[str, list[Outcome]] = {}
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="diff-candidates-") as tmp:
        files = [_files(Path(tmp) / v.id, v) for v in corpus]
        for name, tool in CANDIDATES.items():
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=2) as pool:
                results[name] = list(pool.map(lambda f, t=tool: _one(t, f), files))
            seconds[name] = time.perf_counter() - started
            right = sum(o == v.verdict for o, v in zip(results[name], corpus, strict=True))
            print(f"{name}: {right}/{len(corpus)} in {seconds[name]:.1f} s", file=sys.stderr)
    return corpus, results, seconds


def table(
    corpus: list[Variant], results: dict[str, list[Outcome]], seconds: dict[str, float]
) -> str:
    names = list(results)
    short = {name: name.split(" (")[0] for name in names}
    lines = [
        "| variant | expected | " + " | ".join(short[n] for n in names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for index, variant in enumerate(corpus):
        cells = []
        for name in names:
            outcome = results[name][index]
            mark = (
                "ok"
                if outcome == variant.verdict
                else ("ERR" if outcome.startswith("error") else "**miss**")
            )
            cells.append(mark)
        lines.append(f"| {variant.id} | {variant.verdict} | " + " | ".join(cells) + " |")
    totals = [
        str(sum(o == v.verdict for o, v in zip(results[n], corpus, strict=True))) for n in names
    ]
    lines.append(f"| **score** (of {len(corpus)}) | | " + " | ".join(totals) + " |")
    # Two runs at a time on a shared two-core machine: compare the tools, not absolute times.
    per_run = [f"{seconds[n] * 2 / len(corpus):.2f} s" for n in names]
    lines.append("| time per run | | " + " | ".join(per_run) + " |")
    errors = {n: next((o for o in results[n] if o.startswith("error")), "") for n in names}
    notes = [f"- {n}: {e}" for n, e in errors.items() if e]
    return "\n".join([*lines, "", "First error per tool:", *notes] if notes else lines)


def main() -> int:
    corpus, results, seconds = score()
    text = README.read_text(encoding="utf-8")
    if START in text and END in text:
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        README.write_text(f"{head}{START}\n{table(corpus, results, seconds)}\n{END}{tail}", "utf-8")
    print(table(corpus, results, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
