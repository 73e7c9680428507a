"""A full disk and a read-only database: create and delete answer 507 with the cause in one
line, snapshots are still served, nothing acknowledged is lost, writes resume once space returns;
a database that cannot be written stops the server at start-up with one line.

The full disk is real: a small tmpfs mounted by the test, which needs root (as in CI); elsewhere
the test is skipped and says why.
"""

from __future__ import annotations

import errno
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reference_server import cli
from reference_server.launcher import live_server
from reference_server.storage import Storage
from tests.support.http import assert_one_line_text

CREATE = "/distributions/create"
SNAPSHOT = "/distributions"
# Room for the database, its WAL and a few dozen creates; small, so that it fills in a moment.
DISK_SIZE = "512k"
# Bounds on the loops below (they stop long before, unless the server misbehaves).
MAX_WRITES_WHILE_FULL = 40
RECOVERY_TIMEOUT_SECONDS = 5.0


def _mount(where: Path, options: str) -> None:
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("a real full disk needs a tmpfs, and mounting one needs root")
    where = tmp_path / "disk"
    where.mkdir()
    _mount(where, f"size={DISK_SIZE}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(path: Path) -> None:
    """Write path until the file system has no byte left."""
    with path.open("wb", buffering=0) as filler:
        for size in (65536, 4096, 512, 1):
            while True:
                try:
                    filler.write(b"\0" * size)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break


def _ids(client: httpx.Client) -> list[str]:
    response = client.get(SNAPSHOT)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["iterable"]]


def test_full_disk_answers_507_keeps_acknowledged_writes_and_recovers(small_disk: Path) -> None:
    db_path = small_disk / "distributions.sqlite3"
    created: list[str] = []
    with live_server(db_path) as server, httpx.Client(base_url=server.base_url) as client:
        for _ in range(5):
            created.append(client.post(CREATE, json={}).json()["id"])
        _fill(small_disk / "filler")

        # While full: every write is acknowledged or refused with 507, never a 500; the WAL's
        # last page may still have room for a write or two before the refusals start.
        statuses: list[int] = []
        for _ in range(MAX_WRITES_WHILE_FULL):
            response = client.post(CREATE, json={"mailgun": {"recipients": {"iterable": []}}})
            statuses.append(response.status_code)
            if response.status_code == 200:
                created.append(response.json()["id"])
            else:
                assert response.status_code == 507, response.text
                assert_one_line_text(response)
                assert "disk holding the database is full" in response.text
        assert statuses[-5:] == [507] * 5, statuses
        deleting = client.post(f"/distributions/{created[0]}/delete")
        assert deleting.status_code in {204, 507}, deleting.text
        if deleting.status_code == 204:
            created.pop(0)
        # Snapshots are still served, with exactly what was acknowledged.
        assert _ids(client) == created

        (small_disk / "filler").unlink()
        freed = time.monotonic()
        while True:
            response = client.post(CREATE, json={})
            if response.status_code == 200:
                break
            assert response.status_code == 507, response.text
            assert time.monotonic() - freed < RECOVERY_TIMEOUT_SECONDS, "writes did not resume"
            time.sleep(0.01)
        recovered = time.monotonic() - freed
        created.append(response.json()["id"])
        assert client.post(f"/distributions/{created[0]}/delete").status_code == 204
        created.pop(0)
        assert _ids(client) == created
        assert server.process.poll() is None  # still up
        print(
            f"disk full: {statuses.count(200)} writes acknowledged and {statuses.count(507)}"
            f" refused with 507 while full; writes resumed {recovered * 1000:.0f} ms after"
            f" space was freed; {len(created)} acknowledged distributions kept"
        )
    # And they are all still there for the next server on the same file.
    with live_server(db_path) as server, httpx.Client(base_url=server.base_url) as client:
        assert _ids(client) == created


def _start_up_error(db_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(["--db", str(db_path), "--port", "0"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a database, then made read-only: a read-only mount when root (root may
    write to any file whatever its mode), the file and folder modes otherwise."""
    where = tmp_path / "ro"
    where.mkdir()
    root = os.geteuid() == 0
    if root:
        _mount(where, "size=1m")
    Storage(str(where / "distributions.sqlite3")).close()
    try:
        if root:
            subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        else:
            (where / "distributions.sqlite3").chmod(0o444)
            where.chmod(0o555)
        yield where
    finally:
        if root:
            subprocess.run(["umount", "-l", str(where)], check=False)
        else:
            where.chmod(0o755)


def test_read_only_database_stops_start_up_with_one_line(
    read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _start_up_error(read_only_folder / "distributions.sqlite3", capsys)
    assert line.endswith("the file is read-only"), line


def test_unwritable_folder_stops_start_up_with_one_line(
    read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A new database, or the -wal and -shm files of an existing one, cannot be created there.
    line = _start_up_error(read_only_folder / "new.sqlite3", capsys)
    assert "is not writable" in line, line
