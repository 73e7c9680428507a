"""Distributions kept in SQLite, each as the exact JSON bytes the create call answered with."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from pathlib import Path

from .settings import MEMORY_DB

# How long a write waits for another process (another uvicorn worker) to release SQLite's
# write lock; sqlite3.connect(timeout=...) sets SQLite's busy timeout to it.
BUSY_TIMEOUT_SECONDS = 10.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS distributions (
    seq INTEGER PRIMARY KEY,   -- insertion order: snapshots list oldest first
    id TEXT NOT NULL UNIQUE,
    document BLOB NOT NULL     -- the Distribution as UTF-8 JSON, exactly as first returned
)
"""


class StorageError(RuntimeError):
    """The database cannot be opened or prepared."""


class WriteRefused(RuntimeError):
    """A write failed because the database cannot take it now (disk full, read-only, I/O);
    str() is a one-line reason naming the cause. Nothing was written: each write is one
    transaction, which SQLite rolls back when it fails."""


# SQLite's primary result codes for failures of the storage under the database, not of the
# request (https://sqlite.org/rescode.html); extended codes carry the primary in their low byte.
_STORAGE_FAILURES = {
    13: "the disk holding the database is full",  # SQLITE_FULL
    8: "the database is read-only",  # SQLITE_READONLY
    10: "the database could not be written (I/O error)",  # SQLITE_IOERR
}


def _refusal(error: sqlite3.Error) -> WriteRefused | None:
    cause = _STORAGE_FAILURES.get(getattr(error, "sqlite_errorcode", 0) & 0xFF)
    return WriteRefused(f"insufficient storage: {cause}; try again later") if cause else None


def _create_private(path: str) -> None:
    """Create the database file readable and writable by its owner only, unless it exists.

    It holds recipients' addresses. SQLite creates a new database with the umask's mode
    (usually world-readable), and gives the -wal and -shm files it makes next to it the mode of
    the database file: so creating the file first, empty (an empty file is an empty database to
    SQLite), makes all three private. An existing file keeps the mode its owner gave it.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as error:
        raise StorageError(f"cannot create database {path}: {error.strerror}") from None
    os.close(descriptor)


class Storage:
    """One SQLite connection per process, shared by that process's requests.

    The request handlers are `async def`, so every call here runs on the process's one event
    loop thread, one at a time, and needs no lock of its own. That thread need not be the one
    that opened the connection (Starlette's TestClient, for one, runs the app in a thread of its
    own), hence check_same_thread=False. A handler that moved storage calls to a thread pool
    would need a lock here again.

    Several worker processes may open the same file: WAL lets readers and the single writer
    proceed side by side, and the busy timeout makes a writer wait its turn instead of failing.
    A delete is one statement in autocommit mode, so one transaction; creates that arrive
    together are committed in one transaction (see add).

    Durability: in WAL mode with synchronous=NORMAL a commit has been written to the WAL file
    (handed to the operating system) before it returns; it survives the process being killed,
    even with SIGKILL. Only an operating-system crash or power loss can drop the last commits,
    which is acceptable for this server.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        # Creates waiting for the next group commit (see add), each with its future.
        self._pending: list[tuple[str, bytes, asyncio.Future[None]]] = []
        if path != MEMORY_DB:
            parent = Path(path).parent
            if not parent.is_dir():
                raise StorageError(f"cannot open database {path}: no directory {parent}")
            # Checked before SQLite tries, whose own word for both is "unable to open".
            if Path(path).exists() and not os.access(path, os.W_OK):
                raise StorageError(f"cannot open database {path}: the file is read-only")
            if not os.access(parent, os.W_OK):
                raise StorageError(
                    f"cannot open database {path}: directory {parent} is not writable"
                    " (SQLite keeps its -wal and -shm files next to the database)"
                )
            _create_private(path)
        try:
            self._connection = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as error:
            raise StorageError(f"cannot open database {path}: {error}") from None
        try:
            self._prepare()
        except sqlite3.Error as error:
            self._connection.close()
            raise StorageError(f"cannot open database {path}: {error}") from None
        except BaseException:
            self._connection.close()
            raise

    def _prepare(self) -> None:
        connection = self._connection
        if self.path != MEMORY_DB:
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StorageError(f"cannot switch {self.path} to WAL mode (got {mode})")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute(SCHEMA)
        # A write that changes nothing: a database SQLite could only open read-only fails here,
        # at start-up, rather than on the first create.
        connection.execute("DELETE FROM distributions WHERE 0")

    async def add(self, distribution_id: str, document: bytes) -> None:
        """Store a new distribution; returns once it is committed. WriteRefused when the storage
        cannot take it.

        Creates that arrive together share one transaction (group commit): the first schedules a
        flush for the event loop's next turn, and every create that reaches this point before
        then joins it. A commit costs about a dozen system calls (locks, WAL frames) whatever
        it holds, which made it a third of a create's time; under load a batch holds several.
        Each create is still answered only after its row is committed, and a batch that fails
        is retried row by row, so that each create gets its own verdict.
        """
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._pending.append((distribution_id, document, done))
        if len(self._pending) == 1:
            loop.call_soon(self._flush)
        await done

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        if len(batch) > 1:
            try:
                self._insert_many([(row_id, document) for row_id, document, _ in batch])
            except sqlite3.Error:
                pass  # each row below, on its own, finds out which of them fail and why
            else:
                for _, _, done in batch:
                    if not done.done():
                        done.set_result(None)
                return
        for distribution_id, document, done in batch:
            try:
                self._insert(distribution_id, document)
            except Exception as error:  # handed to the waiting request, which answers for it
                if not done.done():
                    done.set_exception(error)
            else:
                if not done.done():
                    done.set_result(None)

    def _insert(self, distribution_id: str, document: bytes) -> None:
        try:
            self._connection.execute(
                "INSERT INTO distributions (id, document) VALUES (?, ?)",
                (distribution_id, document),
            )
        except sqlite3.OperationalError as error:
            raise _refusal(error) or error from None

    def _insert_many(self, rows: list[tuple[str, bytes]]) -> None:
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany("INSERT INTO distributions (id, document) VALUES (?, ?)", rows)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise

    def delete(self, distribution_id: str) -> bool:
        """True when a distribution with this id existed and is now gone; WriteRefused when the
        storage cannot take the write."""
        try:
            cursor = self._connection.execute(
                "DELETE FROM distributions WHERE id = ?", (distribution_id,)
            )
        except sqlite3.OperationalError as error:
            raise _refusal(error) or error from None
        return cursor.rowcount > 0

    def clear(self) -> None:
        """Delete every distribution at once (pieces_testing's reset between two tests)."""
        self._connection.execute("DELETE FROM distributions")

    def snapshot(self) -> bytes:
        """A Distributions document of every stored distribution, oldest first.

        The stored documents are spliced together as bytes: nothing is parsed or re-encoded, so
        a snapshot costs little more than reading the rows.
        """
        rows = self._connection.execute(
            "SELECT document FROM distributions ORDER BY seq"
        ).fetchall()
        return b'{"iterable":[' + b",".join(row[0] for row in rows) + b"]}"

    def close(self) -> None:
        self._connection.close()
