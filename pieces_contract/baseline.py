"""Known failures: a baseline file of accepted failures, so a run fails only on new ones.

A team adopting the suite on a server with known gaps writes the baseline once from a run
(`pieces-contract run --baseline FILE --write-baseline`), commits it, and from then on passes
`--baseline FILE`: a failure whose check, operation and answered status are in the file is
reported, marked "known" on every report, and does not fail the run; anything else does.

schemathesis 4 has a baseline of its own (`--baseline`), but its key holds a signature that its
event log does not carry (for a custom check, the source line that raised), so this runner could
not tell from the log which failures it covers, and a key tied to our source lines would stop
matching on an upgrade of pieces-contract. A key of check, operation and status is what a server
team means by "that one is known", and survives new wording and new versions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pieces_contract.results import Failure

FORMAT = "pieces-contract-baseline"
VERSION = 1

Key = tuple[str, str, str]


class BaselineError(ValueError):
    """A baseline file this version cannot read (one line)."""


def key(failure: Failure) -> Key:
    return (failure.check, failure.operation, "" if failure.status is None else str(failure.status))


@dataclass
class Baseline:
    path: Path
    entries: dict[Key, dict[str, Any]] = field(default_factory=dict)

    def covers(self, failure: Failure) -> bool:
        return key(failure) in self.entries

    def mark(self, failures: Iterable[Failure]) -> int:
        """Mark the failures the baseline covers as known; returns how many."""
        known = 0
        for failure in failures:
            failure.known = self.covers(failure)
            known += failure.known
        return known

    def add(self, failures: Iterable[Failure]) -> int:
        """Take every failure's key in; returns how many keys were new."""
        added = 0
        today = date.today().isoformat()
        for failure in failures:
            entry = self.entries.get(key(failure))
            if entry is None:
                added += 1
                self.entries[key(failure)] = entry = {
                    "check": failure.check,
                    "operation": failure.operation,
                    "status": None if failure.status is None else failure.status,
                    "title": failure.title,
                    "first_seen": today,
                }
            entry["last_seen"] = today
        return added

    def save(self) -> None:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "entries": [
                {"check": k[0], "operation": k[1], "status": int(k[2]) if k[2] else None}
                | self.entries[k]
                for k in sorted(self.entries)
            ],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def load(path: Path, *, missing_ok: bool = False) -> Baseline:
    if not path.exists():
        if missing_ok:
            return Baseline(path)
        raise BaselineError(f"no baseline file at {path} (--write-baseline writes one)")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BaselineError(f"cannot read the baseline {path}: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(f"{path} is not a pieces-contract baseline (format {FORMAT!r})")
    if document.get("version") != VERSION:
        raise BaselineError(
            f"{path} has baseline version {document.get('version')!r}, not {VERSION}"
        )
    entries: dict[Key, dict[str, Any]] = {}
    for entry in document.get("entries") or ():
        if not isinstance(entry, dict) or not {"check", "operation"} <= entry.keys():
            raise BaselineError(f"{path}: an entry needs check and operation: {entry!r}"[:200])
        status = entry.get("status")
        entries[
            (str(entry["check"]), str(entry["operation"]), "" if status is None else str(status))
        ] = entry
    return Baseline(path, entries)
