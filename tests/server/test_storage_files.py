"""The database and the files SQLite keeps next to it are the owner's alone: they hold
recipients' addresses. In process: the app creates them as it opens its storage."""

from __future__ import annotations

import os
import stat
from http import HTTPStatus
from pathlib import Path

from tests.support.asgi import InProcess, in_process
from tests.support.constants import CREATE


def _modes(db_path: Path) -> dict[str, int]:
    return {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in db_path.parent.glob(db_path.name + "*")
    }


def test_new_database_and_its_wal_and_shm_are_owner_only(app: InProcess) -> None:
    # Written to, so that the -wal and -shm files exist; SQLite removes them at close.
    assert app.client.post(CREATE, json={"tag": "x"}).status_code == HTTPStatus.OK
    name = app.db_path.name
    assert _modes(app.db_path) == {name: 0o600, f"{name}-wal": 0o600, f"{name}-shm": 0o600}


def test_existing_database_keeps_its_mode(tmp_path: Path) -> None:
    # A file the owner made readable to a group on purpose is not changed behind their back.
    db_path = tmp_path / "shared.sqlite3"
    db_path.touch()
    os.chmod(db_path, 0o640)
    with in_process(db_path) as running:
        assert running.client.post(CREATE).status_code == HTTPStatus.OK
        assert set(_modes(db_path).values()) == {0o640}
