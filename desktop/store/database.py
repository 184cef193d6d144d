"""SQLCipher 4 through SQLAlchemy 2, with durable settings on every connection.

The raw 256-bit data key is given as ``x'<hex>'`` so SQLCipher skips its own PBKDF2 on each
connection (the slow, memory-hard work already happened once, in Argon2id, when a slot opened).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from desktop.store.errors import StorageError, classify

_PRAGMAS = (
    "PRAGMA cipher_memory_security = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA fullfsync = ON",
    "PRAGMA checkpoint_fullfsync = ON",
    "PRAGMA foreign_keys = ON",
    "PRAGMA temp_store = MEMORY",
    "PRAGMA secure_delete = ON",
    "PRAGMA busy_timeout = 5000",
)
"""WAL with full sync: a commit that returned survives a crash or power cut.

In WAL mode ``synchronous = NORMAL`` syncs only at checkpoints, so a power cut can take the last
few commits back out of ``store.db-wal``; a safeguarding log cannot lose an entry someone was
told is saved, so every commit syncs the WAL (``FULL``). ``fullfsync`` asks macOS to flush the
drive's own cache too (its plain fsync does not); elsewhere it changes nothing. Temporary tables
stay in memory so nothing personal reaches a temporary file."""


def connect(path: Path, data_key: bytes) -> Any:
    """Open one keyed SQLCipher connection with the store's pragmas."""
    if len(data_key) != 32:
        raise ValueError("the data key must be 32 bytes")
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    for pragma in _PRAGMAS:
        conn.execute(pragma)
    return conn


def make_engine(path: Path, data_key: bytes) -> Engine:
    """An engine whose every pooled connection is keyed and tuned."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect(path, data_key),
        module=sqlcipher3,
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
        hide_parameters=True,
    )

    # pysqlite-style drivers start transactions lazily; take control so BEGIN is explicit.
    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Database:
    """The open database: one engine, and the two kinds of transaction the store uses.

    Database errors leave here as plain-English errors with no data in them (SQL parameters
    are hidden from exception text too).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, path: Path, data_key: bytes) -> Database:
        """An engine on ``path`` keyed with ``data_key`` (nothing is read yet)."""
        return cls(make_engine(path, data_key))

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One ORM transaction, committed when the block ends without an error."""
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except (DBAPIError, sqlcipher3.DatabaseError) as exc:
            raise classify(exc) from None
        except SQLAlchemyError:
            raise StorageError("The database refused the change. Nothing was saved.") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """A driver-level transaction (a DB-API cursor), for the hot path of the log.

        Appending is what staff wait on, so it skips the ORM and Core layers; the connection
        still comes from the same pool, with the same keyed, durable settings.
        """
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
            except BaseException:
                raw.rollback()
                raise
            raw.commit()
        except (DBAPIError, sqlcipher3.DatabaseError) as exc:
            raise classify(exc) from None
        finally:
            raw.close()

    def checkpoint(self) -> bool:
        """Copy every commit from the ``-wal`` file into the database file and empty it.

        True when that was done; False when another session's reader held it back (its own
        close checkpoints in turn), or the store is read-only.
        """
        # SQLCipher may report a damaged page as out of memory: closing must still close.
        with contextlib.suppress(DBAPIError, sqlcipher3.Error, MemoryError):
            raw = self.engine.raw_connection()
            try:
                busy = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                return bool(busy == 0)
            finally:
                raw.close()
        return False

    def dispose(self) -> None:
        """Checkpoint, then close every connection: a closed store is one database file."""
        self.checkpoint()
        self.engine.dispose()
