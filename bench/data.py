"""Deterministic benchmark data: snapshots of realistic distributions, built from a seeded RNG.

Every figure in the bench is measured on data built here, never on a checked-in file, so the
same seed always gives the same bytes (and the size is reported next to the figures).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from pathlib import Path
from typing import Any

SEED = 20261127
_EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_FIRST = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim"]
_LAST = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson"]
_FILES = ["retry.py", "notes.md", "query.sql", "deploy.sh", "parser.ts", "main.go", "lib.rs"]


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _timestamp(moment: dt.datetime) -> dict[str, Any]:
    return {"value": moment.isoformat(timespec="microseconds")}


def _person(rng: random.Random) -> dict[str, Any]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    handle = f"{first.lower()}.{last.lower()}{rng.randrange(1000)}"
    person: dict[str, Any] = {"email": f"{handle}@example.com", "name": f"{first} {last}"}
    if rng.random() < 0.5:
        person["sourced"] = "MAILGUN"
        person["mailgun"] = {"messageId": f"<{rng.getrandbits(48):012x}@mg.example.com>"}
    return person


def _accessor(rng: random.Random, share_id: str) -> dict[str, Any]:
    accessor: dict[str, Any] = {
        "id": _uuid(rng),
        "os": _uuid(rng),
        "share": share_id,
        "count": rng.randrange(1, 50),
    }
    if rng.random() < 0.25:
        accessor["user"] = {"id": _uuid(rng), "username": rng.choice(_FIRST).lower()}
    return accessor


def distribution(rng: random.Random) -> dict[str, Any]:
    """One distribution as a server would list it: a share with accessors, and mail or a gist."""
    # Never a whole second: isoformat() would drop the fraction and the bytes would not round-trip.
    moment = dt.timedelta(seconds=rng.randrange(300 * 86400), microseconds=rng.randrange(1, 10**6))
    created = _EPOCH + moment
    updated = created + dt.timedelta(seconds=rng.randrange(3600))
    share_id = _uuid(rng)
    accessors = rng.choice((0, 0, 0, 1, 2))
    record: dict[str, Any] = {
        "id": _uuid(rng),
        "created": _timestamp(created),
        "updated": _timestamp(updated),
        "share": {
            "id": share_id,
            "access": rng.choice(["PRIVATE", "PUBLIC"]),
            "accessors": {"iterable": [_accessor(rng, share_id) for _ in range(accessors)]},
            "created": _timestamp(created),
            "link": f"https://pieces.link/s/{share_id}",
            "short": f"https://pieces.link/{share_id[:8]}",
        },
    }
    kind = rng.random()
    if kind < 0.55:
        recipients = [_person(rng) for _ in range(rng.choice((1, 1, 2)))]
        record["mailgun"] = {"recipients": {"iterable": recipients}}
    elif kind < 0.8:
        gist_id = f"{rng.getrandbits(128):032x}"
        record["github"] = {
            "gist": {
                "github_id": gist_id,
                "url": f"https://gist.github.com/{gist_id}",
                "name": rng.choice(_FILES),
                "public": rng.random() < 0.5,
                "recipients": {"iterable": []},
                "created": _timestamp(created),
                "updated": _timestamp(updated),
            }
        }
    return record


def snapshot(count: int, seed: int = SEED) -> dict[str, Any]:
    """A `Distributions` body with `count` distributions, the same for the same seed."""
    rng = random.Random(seed)
    return {"iterable": [distribution(rng) for _ in range(count)]}


def snapshot_bytes(count: int, seed: int = SEED) -> bytes:
    return json.dumps(snapshot(count, seed), separators=(",", ":")).encode()


def write_snapshot(path: Path, count: int, seed: int = SEED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(snapshot_bytes(count, seed))
    return path


def seed(rng: random.Random) -> dict[str, Any]:
    """One create request body (SeededDistribution): mail to recipients, a gist, or nothing."""
    kind = rng.random()
    if kind < 0.55:
        return {"mailgun": {"recipients": {"iterable": [_person(rng) for _ in range(2)]}}}
    if kind < 0.8:
        return {"github": {"gist": {"name": rng.choice(_FILES), "public": rng.random() < 0.5}}}
    return {}


def seeds(count: int, seed_value: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed_value)
    return [seed(rng) for _ in range(count)]
