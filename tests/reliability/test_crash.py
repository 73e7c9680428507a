"""Crash: kill -9 during a write load, restart on the same file, nothing answered is lost."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from reference_server.launcher import live_server
from tests.reliability.support import Record
from tests.support.constants import CREATE, SNAPSHOT, delete_path

KILLS = 5
WRITERS = 4
# Each round is killed once this many writes have been acknowledged (a different number each
# round), while every writer is still sending.
KILL_AFTER_ACKS = (80, 300)
ROUND_SECONDS = 30  # hard ceiling for the load of one round; it takes well under a second


@dataclass
class Writer:
    """One client's writes in one round. It deletes only ids it was handed, so the outcome of
    each request is known exactly, unless the request was on its way when the server died."""

    deletable: list[str]
    created: dict[str, object] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    in_doubt_create: bool = False  # a create was sent but never answered
    in_doubt_delete: str | None = None  # a delete was sent but never answered
    unexpected: list[str] = field(default_factory=list)


def _write_until_killed(
    base_url: str, writer: Writer, rng: random.Random, acks: threading.Semaphore, stop: float
) -> None:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        while time.monotonic() < stop:
            delete = bool(writer.deletable) and rng.random() < 0.35
            target = writer.deletable.pop(rng.randrange(len(writer.deletable))) if delete else None
            try:
                if target is None:
                    response = client.post(CREATE)
                else:
                    response = client.post(delete_path(target))
            except httpx.TransportError:
                # The server died with this request on its way: it may or may not have happened.
                writer.in_doubt_create = target is None
                writer.in_doubt_delete = target
                return
            if target is None and response.status_code == 200:
                document = response.json()
                writer.created[document["id"]] = document
                writer.deletable.append(document["id"])
            elif target is not None and response.status_code == 204:
                writer.deleted.add(target)
            else:
                writer.unexpected.append(f"{response.status_code} {response.text[:200]}")
                return
            acks.release()


def _integrity(db_path: Path) -> str:
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    connection.close()
    return ", ".join(str(row[0]) for row in rows)


def test_kill_9_under_write_load_loses_no_acknowledged_write(
    tmp_path: Path, figures: Record
) -> None:
    db_path = tmp_path / "crash.sqlite3"
    rng = random.Random(20261127)
    alive: dict[str, object] = {}  # acknowledged creates not (acknowledged) deleted
    gone: set[str] = set()  # deletes known to have happened
    in_doubt_deletes: set[str] = set()
    unanswered_creates = 0
    acknowledged = in_flight_at_kills = recovered_unanswered = 0

    for round_number in range(KILLS + 1):
        with live_server(db_path) as server:
            with httpx.Client(base_url=server.base_url, timeout=10) as client:
                listed = {d["id"]: d for d in client.get(SNAPSHOT).json()["iterable"]}
            # Every acknowledged create is back, exactly as answered; no deleted one returns.
            missing = alive.keys() - in_doubt_deletes - listed.keys()
            assert not missing, f"round {round_number}: {len(missing)} acknowledged creates lost"
            assert not listed.keys() & gone, f"round {round_number}: deleted ones came back"
            for distribution_id, document in alive.items():
                if distribution_id in listed:
                    assert listed[distribution_id] == document
            # Only creates that never got an answer may appear without being known.
            extra = listed.keys() - alive.keys()
            assert len(extra) <= unanswered_creates, (extra, unanswered_creates)
            recovered_unanswered += len(extra)
            gone |= in_doubt_deletes - listed.keys()
            alive, in_doubt_deletes, unanswered_creates = listed, set(), 0
            if round_number == KILLS:
                break

            ids = list(alive)
            writers = [Writer(deletable=ids[number::WRITERS]) for number in range(WRITERS)]
            acks = threading.Semaphore(0)
            stop = time.monotonic() + ROUND_SECONDS
            with ThreadPoolExecutor(WRITERS) as executor:
                runs = [
                    executor.submit(
                        _write_until_killed,
                        server.base_url,
                        writer,
                        random.Random(rng.random()),
                        acks,
                        stop,
                    )
                    for writer in writers
                ]
                for _ in range(rng.randint(*KILL_AFTER_ACKS)):
                    assert acks.acquire(timeout=ROUND_SECONDS), "writers stalled"
                server.kill()
                for run in runs:
                    run.result(timeout=ROUND_SECONDS)

        for writer in writers:
            assert not writer.unexpected, writer.unexpected
            alive.update(writer.created)
            for distribution_id in writer.deleted:
                del alive[distribution_id]
            gone |= writer.deleted
            acknowledged += len(writer.created) + len(writer.deleted)
            unanswered_creates += writer.in_doubt_create
            if writer.in_doubt_delete is not None:
                in_doubt_deletes.add(writer.in_doubt_delete)
            in_flight_at_kills += writer.in_doubt_create or writer.in_doubt_delete is not None
        # Straight after the kill, before any server opens it again.
        assert _integrity(db_path) == "ok"

    assert _integrity(db_path) == "ok"
    figures(
        f"crash: {KILLS} kill -9 under load by {WRITERS} writers, each followed by a restart on "
        f"the same file; {acknowledged} acknowledged writes all kept ({len(gone)} deletes stayed "
        f"deleted), {in_flight_at_kills} requests in flight at the kills "
        f"({recovered_unanswered} unanswered creates turned out committed); "
        "integrity_check ok after every kill"
    )
