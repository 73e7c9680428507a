"""Creates that arrive together are committed in one transaction, and each is answered only for
its own row: a failing batch is retried row by row."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from reference_server.storage import Storage


def _ids(storage: Storage) -> list[str]:
    return [item["id"] for item in json.loads(storage.snapshot())["iterable"]]


def test_creates_arriving_together_share_one_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = Storage(str(tmp_path / "d.sqlite3"))
    batches: list[int] = []
    insert_many = storage._insert_many  # the spy must see the batches

    def spy(rows: list[tuple[str, bytes]]) -> None:
        batches.append(len(rows))
        insert_many(rows)

    monkeypatch.setattr(storage, "_insert_many", spy)
    ids = [f"id-{number}" for number in range(10)]

    async def create_all() -> None:
        await asyncio.gather(*(storage.add(i, json.dumps({"id": i}).encode()) for i in ids))

    asyncio.run(create_all())
    assert batches == [10]
    assert _ids(storage) == ids  # in the order they arrived
    storage.close()


def test_failed_group_commit_gives_each_create_its_own_verdict(tmp_path: Path) -> None:
    # The same id twice makes the batch fail as a whole; retried row by row, only the second
    # copy fails, and the rows around it are stored.
    storage = Storage(str(tmp_path / "d.sqlite3"))

    async def create_all() -> tuple[BaseException | None, ...]:
        return await asyncio.gather(
            storage.add("a", b'{"id":"a"}'),
            storage.add("a", b'{"id":"a"}'),
            storage.add("b", b'{"id":"b"}'),
            return_exceptions=True,
        )

    first, second, third = asyncio.run(create_all())
    assert first is None
    assert isinstance(second, sqlite3.IntegrityError)
    assert third is None
    assert _ids(storage) == ["a", "b"]
    storage.close()
