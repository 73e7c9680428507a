"""`make diff`: what the working tree's openapi.yaml breaks, compared with BASE.

Usage: python -m scripts.spec_diff [--base REF_OR_FILE] [--report PATH] -- <generator command>

BASE is a git ref (its openapi.yaml is read with `git show`) or a file; without one, the most
recent `v*` tag, else HEAD. Two sections, each change marked breaking or safe with a JSON pointer
(or a Python path) and one line of why:
1. On the wire (scripts/wire_diff.py): old clients against the new server, new clients against
   the old one.
2. For Python callers of pieces_distributions (scripts/python_api.py): the client generated from
   BASE and from now, into a temporary folder, with the generator command the Makefile uses
   (its `--path` is replaced) and today's templates and config, compared with griffe.

Exit status: 0 when nothing breaks; 1 when something breaks, unless info.version went up by a
major version against BASE (the report then says the break is declared); 2 when BASE cannot be
read or a client cannot be generated. The report goes to stdout and, as Markdown, to --report.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pieces_spec import SpecError, parse
from scripts.python_api import PACKAGE, ApiChange, api_changes
from scripts.wire_diff import Change, wire_changes

SPEC = Path("openapi.yaml")
DEFAULT_REPORT = Path("reports/spec-changes.md")


class DiffError(Exception):
    """BASE or a client could not be had; the message says why in one line."""


@dataclass(frozen=True)
class Base:
    label: str
    text: str


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed git arguments, no shell
        ["git", *args],  # noqa: S607 - git from PATH, as the developer runs it
        capture_output=True,
        text=True,
        check=False,
    )


def default_base() -> str:
    """The most recent `v*` tag reachable from HEAD, else HEAD."""
    run = _git("describe", "--tags", "--abbrev=0", "--match", "v*")
    return run.stdout.strip() if run.returncode == 0 and run.stdout.strip() else "HEAD"


def read_base(base: str | None) -> Base:
    if base and Path(base).is_file():
        return Base(base, Path(base).read_text(encoding="utf-8"))
    ref = base or default_base()
    run = _git("show", f"{ref}:{SPEC.as_posix()}")
    if run.returncode != 0:
        reason = (run.stderr.strip().splitlines() or ["git show failed"])[-1]
        raise DiffError(f"BASE={ref}: no {SPEC} there ({reason})")
    return Base(ref, run.stdout)


def _parse(text: str, label: str) -> dict[str, Any]:
    try:
        return parse(text, label)
    except SpecError as error:
        raise DiffError(str(error)) from error


def major(version: object) -> int | None:
    match = re.match(r"\s*v?(\d+)", str(version))
    return int(match.group(1)) if match else None


def generate(command: Sequence[str], spec_text: str, folder: Path, label: str) -> None:
    """Run the generator `command` on `spec_text`, into folder/pieces_distributions."""
    spec_path = folder / "openapi.yaml"
    spec_path.write_text(spec_text, encoding="utf-8")
    argv = list(command)
    if "--path" in argv:
        argv[argv.index("--path") + 1] = str(spec_path)
    else:
        argv += ["--path", str(spec_path)]
    run = subprocess.run(  # noqa: S603 - the command comes from our Makefile
        [*argv, "--output-path", str(folder / PACKAGE)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        said = [
            line.strip()
            for line in (run.stdout + run.stderr).splitlines()
            if line.strip() and "believe this was a mistake" not in line
        ]
        last = said[-3:]
        raise DiffError(f"the client could not be generated from {label}: {' / '.join(last)}")


def python_section(
    command: Sequence[str], base_text: str, new_text: str, label: str
) -> list[ApiChange]:
    with tempfile.TemporaryDirectory(prefix="spec-diff-") as tmp:
        old_folder, new_folder = Path(tmp) / "base", Path(tmp) / "now"
        old_folder.mkdir()
        new_folder.mkdir()
        generate(command, base_text, old_folder, f"BASE ({label})")
        generate(command, new_text, new_folder, "the working tree")
        return api_changes(old_folder, new_folder)


@dataclass
class Report:
    base: str
    old_version: object
    new_version: object
    wire: list[Change]
    python: list[ApiChange] | None
    seconds: float = 0.0

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.wire) or any(c.breaking for c in self.python or [])

    @property
    def declared(self) -> bool:
        old, new = major(self.old_version), major(self.new_version)
        return old is not None and new is not None and new > old

    @property
    def exit_code(self) -> int:
        return 1 if self.breaking and not self.declared else 0

    def verdict(self) -> str:
        if not self.breaking:
            return "nothing breaks"
        if self.declared:
            return (
                f"breaking, declared: info.version {self.old_version} -> {self.new_version} "
                "raises the major version"
            )
        return (
            f"BREAKING, not declared: info.version {self.old_version} -> {self.new_version}; "
            "undo the break, or raise the major version if it is meant"
        )

    def markdown(self) -> str:
        lines = [
            f"# Spec changes: openapi.yaml against {self.base}",
            "",
            f"**Verdict: {self.verdict()}.**",
            "",
            "## On the wire",
            "",
            "Old clients against the new server, and new clients against old servers.",
            "",
        ]
        lines += [_wire_line(c) for c in self.wire] or ["No change."]
        lines += ["", f"## For Python callers of `{PACKAGE}`", ""]
        if self.python is None:
            lines.append("Not compared (`--wire-only`).")
        else:
            lines.append(
                "The public API of the client generated from BASE against the one generated now "
                "(griffe)."
            )
            lines.append("")
            lines += _python_lines(self.python) or ["No change."]
        lines.append("")
        return "\n".join(lines)


def _mark(breaking: bool) -> str:
    return "**breaking**" if breaking else "safe"


def _wire_line(change: Change) -> str:
    where = f" ({', '.join(change.operations)})" if change.operations else ""
    return f"- {_mark(change.breaking)} `{change.pointer}`: {change.why}{where}"


def _python_lines(changes: list[ApiChange]) -> list[str]:
    # The four functions of an operation (sync, sync_detailed, asyncio, asyncio_detailed) change
    # together; one line per module and reason keeps the report readable.
    grouped: dict[tuple[bool, str, str], list[str]] = {}
    for change in changes:
        parent, _, name = change.path.rpartition(".")
        operation_function = name in ("sync", "sync_detailed", "asyncio", "asyncio_detailed")
        key = (change.breaking, parent if operation_function else change.path, change.why)
        grouped.setdefault(key, []).append(name if operation_function else "")
    lines = []
    for (breaking, path, why), names in sorted(
        grouped.items(), key=lambda i: (not i[0][0], i[0][1])
    ):
        shown = (
            f"{path}.{{{','.join(names)}}}"
            if all(names) and len(names) > 1
            else (f"{path}.{names[0]}" if all(names) else path)
        )
        lines.append(f"- {_mark(breaking)} `{shown}`: {why}")
    return lines


def run(
    base: str | None,
    command: Sequence[str],
    wire_only: bool = False,
    spec_path: Path = SPEC,
) -> Report:
    started = time.perf_counter()
    found = read_base(base)
    new_text = spec_path.read_text(encoding="utf-8")
    old_doc, new_doc = _parse(found.text, f"BASE ({found.label})"), _parse(new_text, str(spec_path))
    wire = wire_changes(old_doc, new_doc)
    python = None if wire_only else python_section(command, found.text, new_text, found.label)
    return Report(
        found.label,
        _info(old_doc).get("version"),
        _info(new_doc).get("version"),
        wire,
        python,
        time.perf_counter() - started,
    )


def _info(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    info = doc.get("info")
    return info if isinstance(info, Mapping) else {}


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    command = args[args.index("--") + 1 :] if "--" in args else []
    own = args[: args.index("--")] if "--" in args else args
    parser = argparse.ArgumentParser(prog="make diff", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base", default=None, help="git ref or file (default: last v* tag, else HEAD)"
    )
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT)
    parser.add_argument(
        "--spec", type=Path, default=SPEC, help="the new spec (default: openapi.yaml)"
    )
    parser.add_argument("--wire-only", action="store_true", help="skip the Python section")
    options = parser.parse_args(own)
    if not command and not options.wire_only:
        parser.error("give the generator command after --, or --wire-only")
    try:
        report = run(options.base or None, command, options.wire_only, options.spec)
    except DiffError as error:
        print(f"make diff: {error}", file=sys.stderr)
        return 2
    text = report.markdown()
    options.report.parent.mkdir(parents=True, exist_ok=True)
    options.report.write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {options.report} in {report.seconds:.1f} s)")
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
