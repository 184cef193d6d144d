"""The head record: the log's newest entry, kept in a small file beside the database.

In WAL mode a commit lands first in ``store.db-wal``; SQLite copies it into ``store.db`` later
(at a checkpoint, or when the last session closes). If that file is lost after a crash, or
damaged, or the database is copied without it, SQLite opens what is left without a word and
the newest entries are simply gone. So after every commit that adds log entries the store
writes the committed head (count, link, time) here, atomically and MAC'd with the log's key;
opening and ``verify`` compare it with the database and name what is missing.

The file is written only after the database commit, under its own lock, from what the
database holds at that moment: a crash between the two leaves the record behind the database
(harmless), never ahead of it. A record ahead of the database therefore means entries were
lost. When the store closes cleanly the WAL is checkpointed into ``store.db`` first and the
record says so (``whole``): then a database behind the record is an older copy of
``store.db``, not a lost ``-wal``. An older copy of the whole folder (database and record
together) looks whole here; only a witness kept outside the store can name that.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import filelock
import sqlcipher3
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from desktop.domain.clock import LONDON
from desktop.domain.errors import PhilomenaError
from desktop.domain.ukdates import uk_datetime_with_zone
from desktop.store import fsutil
from desktop.store.layout import DATABASE_NAME, HEAD_LOCK_FILE_NAME, HEAD_RECORD_NAME

FORMAT = "philomena-desk-head"
LOCK_WAIT_SECONDS = 10.0
"""A holder keeps the lock for one small write; a session that cannot get it leaves the record
behind the database (safe) rather than keep someone waiting on their entry."""
WAL_NAME = f"{DATABASE_NAME}-wal"
SLOT_SIZE = 4096
SLOTS = 2
_sync_data = getattr(os, "fdatasync", os.fsync)
"""Only the data: the file's size never changes after it is made (macOS and Windows: fsync)."""
QUIET = (PhilomenaError, OSError, filelock.Timeout, sqlcipher3.Error, SQLAlchemyError)
"""What a head-record write may meet and leave the record behind for (never ahead)."""


@dataclass(frozen=True, slots=True)
class Head:
    """The log's newest entry: its number (the count of entries), link and recorded time."""

    count: int
    link: str | None
    recorded_at: str | None


@dataclass(frozen=True, slots=True)
class Loss:
    """Entries the record held that the database did not, when that was noticed, and why."""

    first: int
    last: int
    after: str | None
    """When the newest surviving entry was recorded (UTC text), if any survived."""
    until: str | None
    """When the newest lost entry was recorded (UTC text)."""
    how: str
    """``lost`` or ``damaged`` (the ``-wal`` file), ``older`` or ``replaced`` (``store.db``)."""
    noticed: str


@dataclass(frozen=True, slots=True)
class Record:
    """What the file holds."""

    head: Head
    whole: bool
    """Written at a clean close, after the WAL was checkpointed into the database file."""
    losses: tuple[Loss, ...] = ()


class Damaged(ValueError):
    """The record is unreadable or failed its MAC."""


def database_head(cursor: Any) -> Head:
    """The committed head of the log, as the database holds it."""
    row = cursor.execute(
        "SELECT h.last_id, h.last_chain, e.recorded_at FROM log_head h"
        " LEFT JOIN log_entry e ON e.id = h.last_id WHERE h.id = 1"
    ).fetchone()
    if row is None:
        return Head(0, None, None)
    return Head(int(row[0]), str(row[1]), None if row[2] is None else str(row[2]))


def _link_at(cursor: Any, entry_id: int) -> str | None:
    row = cursor.execute("SELECT chain FROM log_entry WHERE id = ?", (entry_id,)).fetchone()
    return None if row is None else str(row[0])


def _mac(key: bytes, body: dict[str, Any]) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, b"head record:" + text, hashlib.sha256).hexdigest()


def serialise(record: Record, key: bytes, seq: int) -> bytes:
    """One slot's bytes: the record as JSON with its write number and MAC, padded to size."""
    body: dict[str, Any] = {
        "format": FORMAT,
        "version": 1,
        "seq": seq,
        **asdict(record.head),
        "whole": record.whole,
        "losses": [asdict(loss) for loss in record.losses],
    }
    body["mac"] = _mac(key, body)
    data = json.dumps(body, sort_keys=True).encode()
    if len(data) > SLOT_SIZE:
        raise ValueError("too many losses noted to fit the head record")
    return data.ljust(SLOT_SIZE, b" ")


def parse(data: bytes, key: bytes) -> tuple[int, Record]:
    """A slot's write number and record (:class:`Damaged` when unreadable or altered)."""
    try:
        body = json.loads(data)
        mac = body.pop("mac")
        if body.get("format") != FORMAT or not hmac.compare_digest(_mac(key, body), str(mac)):
            raise Damaged("altered")
        head = Head(int(body["count"]), body["link"], body["recorded_at"])
        losses = tuple(Loss(**loss) for loss in body["losses"])
        return int(body["seq"]), Record(head, bool(body["whole"]), losses)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise Damaged(str(exc)) from None


def _newest(folder: Path, key: bytes) -> tuple[int, Record] | None:
    try:
        data = (folder / HEAD_RECORD_NAME).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Damaged(str(exc)) from None
    found = []
    for start in range(0, SLOTS * SLOT_SIZE, SLOT_SIZE):
        with contextlib.suppress(Damaged):
            found.append(parse(data[start : start + SLOT_SIZE], key))
    if len(data) != SLOTS * SLOT_SIZE or not found:
        raise Damaged("no whole slot")
    return max(found, key=lambda pair: pair[0])


def read(folder: Path, key: bytes) -> Record | None:
    """The folder's newest record (None: there is none yet); :class:`Damaged` when it is bad.

    A slot torn by a crash mid-write fails its MAC, and the other (older, so behind the
    database, which is safe) is read instead.
    """
    newest = _newest(folder, key)
    return None if newest is None else newest[1]


def write(folder: Path, record: Record, key: bytes, *, sync: bool = True) -> None:
    """Write ``record`` (call with the head lock held).

    The file is made once, whole, by an atomic rename (synced, with its folder); after that
    each write overwrites the older of its two fixed slots in place, so a slot torn by a crash
    mid-write leaves the other one to read. A new file per append made the filesystem commit
    its journal every time (several milliseconds on a busy disk).

    ``sync=False`` (after an append) leaves the write to the operating system: it survives the
    app being killed, and a power cut can only take it back to an older head, one behind the
    database — never ahead, because the database commit was synced before this began. That
    saves a second disk sync on the path staff wait on, for the price of not naming a lost
    ``-wal`` in the seconds before a power cut.
    """
    path = folder / HEAD_RECORD_NAME
    try:
        newest = _newest(folder, key)
    except Damaged:
        newest = None
    if newest is None:
        fsutil.atomic_write(path, serialise(record, key, 1) * SLOTS)
        return
    seq = newest[0] + 1
    try:
        fd = os.open(path, os.O_WRONLY)
        try:
            os.lseek(fd, (seq % SLOTS) * SLOT_SIZE, os.SEEK_SET)
            view = memoryview(serialise(record, key, seq))
            while view:
                view = view[os.write(fd, view) :]
            if sync:
                _sync_data(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise fsutil.storage_error(exc) from None


def wal_size(folder: Path) -> int:
    """The size of the database's ``-wal`` file (0: none); read before the database opens."""
    try:
        return (folder / WAL_NAME).stat().st_size
    except OSError:
        return 0


def _when(text: str | None) -> str:
    if text is None:
        return "an unknown time"
    return uk_datetime_with_zone(datetime.fromisoformat(text), LONDON)


def describe(loss: Loss) -> str:
    """One plain sentence naming what is missing and why."""
    count = loss.last - loss.first + 1
    entries = "log entry" if count == 1 else f"{count} log entries"
    are = "is" if count == 1 else "are"
    after = f", recorded after {_when(loss.after)}" if loss.after else ""
    numbers = f"number {loss.first}" if count == 1 else f"numbers {loss.first} to {loss.last}"
    span = f"The last {entries} ({numbers}{after}, up to "
    span += f"{_when(loss.until)})"
    noticed = f" Noticed on {_when(loss.noticed)}."
    if loss.how == "older":
        return (
            f"The database (store.db) is an older copy than this store's own: {span[0].lower()}"
            f"{span[1:]} {are} not in it. Put the newer copy back, or restore a backup.{noticed}"
        )
    if loss.how == "replaced":
        return (
            f"The database (store.db) is not the one this store last wrote: its log entry "
            f"{loss.first} differs from the one recorded then, so entries recorded up to "
            f"{_when(loss.until)} may be missing. It was replaced by another copy.{noticed}"
        )
    why = (
        "was damaged, so they could not be read back"
        if loss.how == "damaged"
        else "was lost after a crash, or the database was copied without it"
    )
    return (
        f"{span} {are} missing: the file that held them ({WAL_NAME}) {why}. Restore them from "
        f"a backup if one holds them.{noticed}"
    )


DAMAGED = (
    f"The head record ({HEAD_RECORD_NAME}) is unreadable or was altered outside Philomena Desk, "
    "so a loss of the newest log entries could not be checked for."
)


class HeadRecord:
    """Keeps the folder's head record level with the database an open store writes."""

    def __init__(self, folder: Path, engine: Engine, key: bytes) -> None:
        self.folder = folder
        self._engine = engine
        self._key = key

    @contextlib.contextmanager
    def _cursor(self) -> Any:
        raw = self._engine.raw_connection()
        try:
            yield raw.cursor()
        finally:
            raw.close()

    def _write(self, *, checkpoint: bool = False, loss: Loss | None = None) -> None:
        """Under the lock, write the head the database holds now (carrying earlier losses).

        Synced except after an append (see :func:`write`).
        """
        path = self.folder / HEAD_RECORD_NAME
        if not path.exists() and loss is None:
            with self._cursor() as cursor:
                if database_head(cursor).count == 0:
                    return  # nothing logged yet: no record, and no lock file, to make
        with filelock.FileLock(self.folder / HEAD_LOCK_FILE_NAME, timeout=LOCK_WAIT_SECONDS):
            whole = False
            with self._cursor() as cursor:
                if checkpoint:
                    busy, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                    whole = busy == 0
                head = database_head(cursor)
            try:
                existing = read(self.folder, self._key)
            except Damaged:
                existing = None
            if not checkpoint and existing is not None and existing.head == head:
                whole = existing.whole  # nothing logged since: the database file still has it
            losses = existing.losses if existing is not None else ()
            if loss is not None:
                losses = (*losses, loss)
            record = Record(head, whole, losses)
            if record == existing or (existing is None and head.count == 0):
                return
            write(self.folder, record, self._key, sync=checkpoint or loss is not None)

    def update(self) -> None:
        """After a commit that added entries; a failure leaves the record behind (safe).

        The entry is already durable in the database, so a failure here is not reported as a
        failure to save it (that would have staff record it twice).
        """
        with contextlib.suppress(*QUIET):
            self._write()

    def close(self) -> None:
        """At sign-out: checkpoint the WAL into ``store.db`` and mark the record whole."""
        with contextlib.suppress(*QUIET):
            self._write(checkpoint=True)

    def check_on_open(self, *, wal_before: int, now: datetime, upgraded: bool = False) -> list[str]:
        """Compare the record with the database just opened; note and name any loss.

        ``wal_before`` is the size of the ``-wal`` file before the database was opened: one
        there but not read back was damaged; none at all was lost. After a schema upgrade only
        the count is compared (an upgrade may seal older entries afresh).
        """
        try:
            record = read(self.folder, self._key)
        except Damaged:
            self.update()
            return [DAMAGED + " It has been written again from the database."]
        loss = self._compare(record, now, links=not upgraded)
        if loss is not None and loss.how == "lost" and wal_before > 0:
            loss = replace(loss, how="damaged")
        if loss is None:
            self.update()
            return []
        with contextlib.suppress(*QUIET):
            self._write(loss=loss)
        return [describe(loss)]

    def _compare(self, record: Record | None, now: datetime, *, links: bool = True) -> Loss | None:
        """What the database lacks of what the record says was committed (None: nothing)."""
        if record is None:
            return None
        with self._cursor() as cursor:
            head = database_head(cursor)
            link = _link_at(cursor, record.head.count) if record.head.count else None
        noticed = now.isoformat()
        if record.head.count > head.count:
            how = "older" if record.whole else "lost"
            return Loss(
                head.count + 1,
                record.head.count,
                head.recorded_at,
                record.head.recorded_at,
                how,
                noticed,
            )
        if links and record.head.count and link != record.head.link:
            return Loss(
                record.head.count,
                record.head.count,
                None,
                record.head.recorded_at,
                "replaced",
                noticed,
            )
        return None

    def problems(self, now: datetime) -> tuple[list[str], list[str]]:
        """For ``verify``: (problems, checks) — every loss noted so far, and any new one."""
        try:
            record = read(self.folder, self._key)
        except Damaged:
            return [DAMAGED], []
        found = [describe(loss) for loss in record.losses] if record is not None else []
        loss = self._compare(record, now)
        if loss is not None:
            found.append(describe(loss))
        if found:
            return found, []
        if record is None:
            return [], ["Head record: none yet (the log is empty or was never written here)."]
        return [], ["Head record: the database holds every entry it names."]
