"""Load: concurrent creates and deletes lose nothing and duplicate nothing, with 1 or 2 workers."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from reference_server.launcher import live_server
from tests.reliability.support import Record
from tests.support.constants import CREATE, SNAPSHOT, delete_path

CLIENTS = 8
REQUESTS_PER_CLIENT = 150
SNAPSHOT_EVERY = 25  # every 25th request of a client reads the snapshot
DELETE_SHARE = 0.4
RUN_SECONDS = 90  # hard ceiling for one run; it takes a few seconds

SEEDS: list[dict[str, Any] | None] = [
    None,
    {},
    {"mailgun": {"recipients": {"iterable": [{"email": "ada@example.com", "name": "Ada"}]}}},
    {"github": {"gist": {"name": "load.py", "description": "under load", "public": False}}},
]


@dataclass
class Pool:
    """Ids any client may delete. Ids stay in it until a delete is acknowledged, so two clients
    can race to delete the same one: exactly one of them must get the 204."""

    ids: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, distribution_id: str) -> None:
        with self.lock:
            self.ids.append(distribution_id)

    def pick(self, rng: random.Random) -> str | None:
        with self.lock:
            return rng.choice(self.ids) if self.ids else None

    def discard(self, distribution_id: str) -> None:
        with self.lock:
            if distribution_id in self.ids:
                self.ids.remove(distribution_id)


@dataclass
class Tally:
    created: dict[str, Any] = field(default_factory=dict)  # id -> the 200 body, parsed
    deleted: list[str] = field(default_factory=list)  # acknowledged with 204
    lost_races: list[str] = field(default_factory=list)  # 404: another client deleted it
    snapshots: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    complaints: list[str] = field(default_factory=list)  # 5xx or "locked" answers

    def note(self, response: httpx.Response) -> None:
        self.statuses[response.status_code] += 1
        if response.status_code >= 500 or "locked" in response.text:
            self.complaints.append(f"{response.status_code} {response.text[:200]}")


def _client(base_url: str, number: int, pool: Pool, deadline: float) -> Tally:
    rng = random.Random(number)
    tally = Tally()
    # Half the clients keep their connection, half open one per request: with several
    # workers, kept connections all stay with whichever worker accepted them first, while new
    # connections are spread over the workers by the kernel as they accept.
    limits = httpx.Limits(max_keepalive_connections=0 if number % 2 else None)
    with httpx.Client(base_url=base_url, timeout=10, limits=limits) as client:
        for step in range(REQUESTS_PER_CLIENT):
            assert time.monotonic() < deadline, "load run over its time limit"
            target = pool.pick(rng) if rng.random() < DELETE_SHARE else None
            if step % SNAPSHOT_EVERY == SNAPSHOT_EVERY - 1:
                tally.note(client.get(SNAPSHOT))
                tally.snapshots += 1
            elif target is not None:
                response = client.post(delete_path(target))
                tally.note(response)
                if response.status_code == 204:
                    tally.deleted.append(target)
                    pool.discard(target)
                elif response.status_code == 404:
                    tally.lost_races.append(target)
            else:
                seed = rng.choice(SEEDS)
                response = (
                    client.post(CREATE, json=seed) if seed is not None else client.post(CREATE)
                )
                tally.note(response)
                if response.status_code == 200:
                    document = response.json()
                    tally.created[document["id"]] = document
                    pool.add(document["id"])
    return tally


@pytest.mark.parametrize("workers", [1, 2])
def test_concurrent_creates_and_deletes_lose_and_duplicate_nothing(
    tmp_path: Path, workers: int, figures: Record
) -> None:
    pool = Pool()
    with live_server(tmp_path / "load.sqlite3", extra_args=["--workers", str(workers)]) as server:
        started = time.monotonic()
        with ThreadPoolExecutor(CLIENTS) as executor:
            runs = [
                executor.submit(_client, server.base_url, number, pool, started + RUN_SECONDS)
                for number in range(CLIENTS)
            ]
            tallies = [run.result(timeout=RUN_SECONDS + 10) for run in runs]
        elapsed = time.monotonic() - started
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            snapshot = client.get(SNAPSHOT)
        assert server.stop() == 0
        log = server.stderr_text()

    created: dict[str, Any] = {}
    for tally in tallies:
        assert not tally.complaints, tally.complaints
        assert not created.keys() & tally.created.keys(), "one id handed out twice"
        created.update(tally.created)
    deleted = [distribution_id for tally in tallies for distribution_id in tally.deleted]
    lost_races = [distribution_id for tally in tallies for distribution_id in tally.lost_races]
    statuses = sum((tally.statuses for tally in tallies), Counter[int]())
    assert set(statuses) <= {200, 204, 404}, statuses
    assert len(deleted) == len(set(deleted)), "one id deleted twice"
    assert set(deleted) <= created.keys()
    # A 404 is only right for an id that another client's delete did remove.
    assert set(lost_races) <= set(deleted)

    assert snapshot.status_code == 200
    listed = snapshot.json()["iterable"]
    listed_ids = [document["id"] for document in listed]
    assert len(listed_ids) == len(set(listed_ids)), "a distribution listed twice"
    assert set(listed_ids) == created.keys() - set(deleted)
    for document in listed:
        assert document == created[document["id"]]
    assert "Traceback" not in log
    assert "locked" not in log

    total = statuses.total()
    assert total == CLIENTS * REQUESTS_PER_CLIENT
    figures(
        f"load ({workers} worker{'s' if workers > 1 else ''}): {CLIENTS} clients, {total} requests "
        f"({len(created)} creates, {len(deleted)} deletes, {len(lost_races)} lost delete races "
        f"answered 404, {sum(tally.snapshots for tally in tallies)} snapshots) in {elapsed:.1f} s "
        f"({total / elapsed:.0f} req/s); snapshot holds exactly creates - deletes = "
        f"{len(listed_ids)}; 0 5xx, 0 'database is locked'"
    )
