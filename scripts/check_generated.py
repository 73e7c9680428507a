"""Regenerate the client into a temporary folder and compare it with generated/.

Usage: check_generated.py -- <generator command without --output-path>

Exits 0 when generated/ is exactly what the spec produces, 1 with a readable
summary (files added, removed, changed, and the start of the diff) otherwise.
"""

from __future__ import annotations

import difflib
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "pieces_distributions"
COMMITTED = Path("generated") / PACKAGE
MAX_DIFF_LINES = 80


def _files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1 :] if "--" in argv else argv
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / PACKAGE
        run = subprocess.run(  # noqa: S603 - the command comes from our Makefile
            [*command, "--output-path", str(fresh)], capture_output=True, text=True, check=False
        )
        if run.returncode != 0:
            print(run.stdout + run.stderr, file=sys.stderr)
            print("check-generated: the generator failed on openapi.yaml", file=sys.stderr)
            return 1
        old, new = _files(COMMITTED), _files(fresh)
        added, removed = sorted(new - old), sorted(old - new)
        changed = sorted(
            f for f in old & new if not filecmp.cmp(COMMITTED / f, fresh / f, shallow=False)
        )
        if not (added or removed or changed):
            print(f"check-generated: generated/ matches openapi.yaml ({len(old)} files)")
            return 0
        print("check-generated: generated/ is stale; run `make generate` and commit the result")
        for label, names in (("missing", added), ("extra", removed), ("changed", changed)):
            for name in names:
                print(f"  {label:8} generated/{PACKAGE}/{name}")
        diff: list[str] = []
        for name in changed:
            diff += difflib.unified_diff(
                (COMMITTED / name).read_text().splitlines(),
                (fresh / name).read_text().splitlines(),
                f"committed/{name}",
                f"from-spec/{name}",
                lineterm="",
            )
        for line in diff[:MAX_DIFF_LINES]:
            print(line)
        if len(diff) > MAX_DIFF_LINES:
            print(f"... {len(diff) - MAX_DIFF_LINES} more diff lines")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
