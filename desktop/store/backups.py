"""Encrypted backups: SQLite's online backup API into a new SQLCipher file, made atomically.

A backup is a folder holding a copy of the database (encrypted page by page under the same
data key: SQLCipher refuses to copy into a file without a key, so no plaintext copy is ever
written), a copy of the key file (so the recovery key opens it on any computer) and a manifest.
Photographs live inside the database, so they travel with it. The folder is built under a
temporary name and renamed into place when whole: a backup appears complete or not at all, and
a crash mid-backup leaves only a temporary folder the next backup clears away.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import json
import os
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlcipher3

from desktop.domain.clock import LONDON, Clock
from desktop.domain.errors import PhilomenaError
from desktop.domain.ukdates import uk_datetime
from desktop.store import database, fsutil
from desktop.store.errors import StorageError
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.layout import (
    BACKUP_MANIFEST_NAME,
    BACKUP_PREFIX,
    DATABASE_NAME,
    KEY_FILE_NAME,
    NEWEST_BACKUP_NAME,
    TEMPORARY_PREFIX,
)
from desktop.store.signing import witness
from desktop.store.signing.crypto import Signer
from desktop.store.signing.ledger import Head
from desktop.store.signing.witness import Witness

MANIFEST_FORMAT = "philomena-desk-backup"
MANIFEST_VERSION = 1
PLAINTEXT_HEADER = b"SQLite format 3\0"
STRAY_AFTER = timedelta(minutes=30)
"""A temporary backup folder older than this was left by a backup that was stopped."""
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12

_REASONS = {
    errno.ENOSPC: "the disk it was going to is full",
    errno.EDQUOT: "the disk quota it was going to is used up",
    errno.EROFS: "the folder it was going to is on a read-only disk",
    errno.EACCES: "Philomena Desk is not allowed to write to that folder",
    errno.EPERM: "Philomena Desk is not allowed to write to that folder",
    errno.ENOENT: "that folder is not there (is the drive plugged in?)",
    errno.ENOTDIR: "that is not a folder",
}


class BackupFailed(StorageError):
    """A backup could not be made; nothing was changed."""


def failed(reason: str) -> BackupFailed:
    """The one plain sentence every failed backup ends with."""
    return BackupFailed(
        f"The backup was not made: {reason}. Nothing was changed, and earlier backups are "
        "untouched."
    )


def os_failure(exc: OSError) -> BackupFailed:
    """A failed backup, named by its OS cause."""
    return failed(_REASONS.get(exc.errno or 0, exc.strerror or "the disk could not be written"))


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The newest log entry's number (the count of entries) and its chain link."""

    count: int
    link: str | None


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup folder, as its manifest describes it."""

    folder: Path
    made_at: datetime
    reason: str
    store_id: str
    schema: str | None
    head: ChainHead
    database_sha256: str


def _chain_head(conn: Any) -> ChainHead:
    """The log's head in a copy (older schemas without a head row count the entries)."""
    with contextlib.suppress(sqlcipher3.Error):
        row = conn.execute("SELECT last_id, last_chain FROM log_head WHERE id = 1").fetchone()
        return ChainHead(0, None) if row is None else ChainHead(int(row[0]), str(row[1]))
    with contextlib.suppress(sqlcipher3.Error):
        return ChainHead(int(conn.execute("SELECT count(*) FROM log_entry").fetchone()[0]), None)
    return ChainHead(0, None)


def _schema(conn: Any) -> str | None:
    with contextlib.suppress(sqlcipher3.Error):
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write(path: Path, data: bytes) -> None:
    """Write a new owner-only file and sync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _ledger_head(conn: Any) -> Head | None:
    """The signed records' head in a copy (None: an older schema, or nothing signed yet)."""
    with contextlib.suppress(sqlcipher3.Error):
        row = conn.execute("SELECT count, hash FROM ledger_head WHERE id = 1").fetchone()
        return None if row is None else Head(int(row[0]), str(row[1]))
    return None


def _copy_database(
    source: Any, target: Path, data_key: bytes
) -> tuple[str | None, ChainHead, Head | None]:
    """Copy the live database page by page into a new file keyed with the same data key."""
    copy = database.connect(target, data_key)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        if copy.execute("PRAGMA cipher_integrity_check").fetchall():
            raise failed("the copy did not read back correctly")
        if [r[0] for r in copy.execute("PRAGMA quick_check").fetchall()] != ["ok"]:
            raise failed("the copy did not read back correctly")
        schema, head, signed = _schema(copy), _chain_head(copy), _ledger_head(copy)
    finally:
        copy.close()
    with target.open("rb") as file:
        if file.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER:
            raise failed("the copy was not encrypted")  # never expected: SQLCipher refuses
    target.chmod(0o600)
    _sync(target)
    return schema, head, signed


def manifest_mac(chain_key: bytes, body: dict[str, Any]) -> str:
    """Authenticates a manifest with the log's key, so an edited chain head is caught."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(chain_key, b"backup manifest:" + text, hashlib.sha256).hexdigest()


def _manifest(keys: StoreKeys, info: BackupInfo, seen: Witness | None) -> bytes:
    body: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "version": MANIFEST_VERSION,
        "made_at": info.made_at.astimezone(UTC).isoformat(),
        "reason": info.reason,
        "store_id": info.store_id,
        "schema": info.schema,
        "chain_head": {"count": info.head.count, "link": info.head.link},
        "database_sha256": info.database_sha256,
        "witness": None if seen is None else witness.to_json(seen),
    }
    body["mac"] = manifest_mac(keys.chain_key, body)
    return json.dumps(body, indent=2).encode()


def manifest_witness(folder: Path) -> Witness | None:
    """The signed head a backup's manifest carries (None: none, or not a backup)."""
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        raw = read_manifest(folder)[1]
        if raw.get("witness"):
            return witness.from_json(raw["witness"], "a backup")
    return None


def read_manifest(folder: Path) -> tuple[BackupInfo, dict[str, Any]]:
    """A backup's manifest, parsed (ValueError or OSError when it is not one)."""
    raw = json.loads((folder / BACKUP_MANIFEST_NAME).read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or raw.get("format") != MANIFEST_FORMAT:
        raise ValueError("not a backup manifest")
    head = raw["chain_head"]
    info = BackupInfo(
        folder=folder,
        made_at=datetime.fromisoformat(raw["made_at"]),
        reason=str(raw["reason"]),
        store_id=str(raw["store_id"]),
        schema=raw["schema"],
        head=ChainHead(int(head["count"]), head["link"]),
        database_sha256=str(raw["database_sha256"]),
    )
    return info, raw


def _unique_name(target: Path, made_at: datetime) -> str:
    stamp = made_at.astimezone(UTC).isoformat(timespec="seconds")[:19].replace(":", "")
    stamp = stamp.replace("T", "-")  # a file name every system accepts: 2026-03-01-150000
    name, n = f"{BACKUP_PREFIX}{stamp}", 1
    while (target / name).exists():
        n += 1
        name = f"{BACKUP_PREFIX}{stamp}-{n}"
    return name


def clear_strays(target: Path, now: datetime) -> None:
    """Remove what stopped backups left in ``target`` (only their own temporary folders)."""
    for stray in target.glob(f"{TEMPORARY_PREFIX}{BACKUP_PREFIX}*"):
        with contextlib.suppress(OSError):
            modified = datetime.fromtimestamp(stray.stat().st_mtime, tz=UTC)
            if stray.is_dir() and now - modified > STRAY_AFTER:
                shutil.rmtree(stray)


def make_backup(
    db: database.Database,
    keys: StoreKeys,
    target: Path,
    *,
    clock: Clock,
    reason: str,
    signer: Signer | None = None,
) -> BackupInfo:
    """Back the store up into a new folder inside ``target``; record it as the newest."""
    now = clock.now()
    try:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        clear_strays(target, now)
        key_bytes = fsutil.read_bytes(keys.folder / KEY_FILE_NAME)
        name = _unique_name(target, now)
        staging = target / f"{TEMPORARY_PREFIX}{name}.{secrets.token_hex(4)}"
        staging.mkdir(mode=0o700)
    except OSError as exc:
        raise os_failure(exc) from None
    try:
        raw = db.engine.raw_connection()
        try:
            schema, head, signed = _copy_database(
                raw.driver_connection, staging / DATABASE_NAME, keys.data_key
            )
        finally:
            raw.close()
        info = BackupInfo(
            folder=target / name,
            made_at=now,
            reason=reason,
            store_id=keys.store_id,
            schema=schema,
            head=head,
            database_sha256=_sha256(staging / DATABASE_NAME),
        )
        _write(staging / KEY_FILE_NAME, key_bytes)
        seen = None
        if signed is not None and signer is not None:  # the copy's own head, signed
            seen = witness.make(signed, signer, keys.store_id, now, "a backup")
        _write(staging / BACKUP_MANIFEST_NAME, _manifest(keys, info, seen))
        fsutil.fsync_dir(staging)
        os.rename(staging, target / name)  # the backup now exists, whole
        fsutil.fsync_dir(target)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise os_failure(exc) from None
        if isinstance(exc, sqlcipher3.Error):
            full = "full" in str(exc).lower()
            raise failed(
                "the disk it was going to is full" if full else "the copy failed"
            ) from None
        raise
    with contextlib.suppress(PhilomenaError):  # a read-only store still backs up
        record_newest(keys.folder, info)
    return info


# --- the newest backup the store knows of --------------------------------------------------


def record_newest(store: Path, info: BackupInfo) -> None:
    """Remember the newest backup in the store folder (an older one never replaces it)."""
    known = newest_known(store)
    if known is not None and known.head.count > info.head.count:
        return
    body = {
        "made_at": info.made_at.astimezone(UTC).isoformat(),
        "folder": str(info.folder.resolve()),
        "chain_head": {"count": info.head.count, "link": info.head.link},
    }
    fsutil.atomic_write(store / NEWEST_BACKUP_NAME, json.dumps(body, indent=2).encode())


@dataclass(frozen=True, slots=True)
class KnownBackup:
    """The newest backup a store folder knows of."""

    made_at: datetime
    folder: Path
    head: ChainHead


def newest_known(store: Path) -> KnownBackup | None:
    """The store folder's record of its newest backup (None: none was made, or it is unreadable)."""
    try:
        raw = json.loads((store / NEWEST_BACKUP_NAME).read_text(encoding="utf-8"))
        head = raw["chain_head"]
        return KnownBackup(
            made_at=datetime.fromisoformat(raw["made_at"]),
            folder=Path(raw["folder"]),
            head=ChainHead(int(head["count"]), head["link"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --- listing and rotation ------------------------------------------------------------------


def list_backups(target: Path) -> list[BackupInfo]:
    """The whole backups in ``target``, oldest first (anything else there is left alone)."""
    found = []
    with contextlib.suppress(OSError):
        for folder in target.iterdir():
            if folder.name.startswith(BACKUP_PREFIX) and folder.is_dir():
                with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                    found.append(read_manifest(folder)[0])
    return sorted(found, key=lambda b: b.made_at)


def to_keep(backups: Iterable[BackupInfo]) -> set[Path]:
    """The newest backup of each of the last 7 days, 4 weeks and 12 months that have one."""
    newest_first = sorted(backups, key=lambda b: b.made_at, reverse=True)
    keep: set[Path] = set()
    periods = (
        (KEEP_DAILY, lambda d: d.date()),
        (KEEP_WEEKLY, lambda d: d.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda d: (d.year, d.month)),
    )
    for count, period in periods:
        seen: list[object] = []
        for backup in newest_first:
            when = period(backup.made_at.astimezone(UTC))
            if when not in seen:
                seen.append(when)
                if len(seen) > count:
                    break
                keep.add(backup.folder)
    return keep


def rotate(target: Path) -> list[Path]:
    """Remove the backups in ``target`` the rotation no longer keeps; return them.

    Only for the scheduled backups' folder: a backup made to a chosen folder is never removed.
    Each goes by a rename first, so none is ever left half-deleted under its own name.
    """
    backups = list_backups(target)
    keep = to_keep(backups)
    removed = []
    for backup in backups:
        if backup.folder in keep:
            continue
        doomed = target / f"{TEMPORARY_PREFIX}{backup.folder.name}.removing"
        with contextlib.suppress(OSError):
            os.rename(backup.folder, doomed)
            shutil.rmtree(doomed, ignore_errors=True)
            removed.append(backup.folder)
    return removed


# --- the schedule --------------------------------------------------------------------------

GRACE = timedelta(hours=1)
"""How long past its time a backup may be before the app warns (time to make the next one)."""


@dataclass(frozen=True, slots=True)
class BackupStatus:
    """What the app shows about backups: the words, and whether they are a warning."""

    words: str
    overdue: bool


def is_due(last: KnownBackup | None, every_hours: int, now: datetime) -> bool:
    """True when the schedule calls for a backup now (never when it is off)."""
    if every_hours <= 0:
        return False
    return last is None or now - last.made_at >= timedelta(hours=every_hours)


def status(last: KnownBackup | None, every_hours: int, now: datetime) -> BackupStatus:
    """The last good backup in plain words, and a warning when it is older than allowed."""
    if last is None:
        return BackupStatus("No backup has been made yet.", every_hours > 0)
    when = uk_datetime(last.made_at, LONDON)
    if every_hours > 0 and now - last.made_at > timedelta(hours=every_hours) + GRACE:
        gap = {1: "hour", 24: "day"}.get(every_hours, f"{every_hours} hours")
        return BackupStatus(
            f"Backup overdue: the last good backup was made {when}, and one is due every {gap}.",
            True,
        )
    return BackupStatus(f"Last good backup: {when}.", False)
