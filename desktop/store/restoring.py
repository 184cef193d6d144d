"""Checking a backup without restoring it, and restoring one into a new folder.

Both open a backup with the recovery key (the slot every backup carries). Checking reads the
backup read-only and changes nothing in it; restoring copies it into a folder that does not
exist yet (never over a store) and renames it into place when whole.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from desktop.domain.clock import LONDON
from desktop.domain.errors import PhilomenaError
from desktop.domain.ukdates import uk_datetime
from desktop.store import chain, fsutil
from desktop.store.backups import (
    BackupInfo,
    KnownBackup,
    list_backups,
    manifest_mac,
    manifest_witness,
    newest_known,
    read_manifest,
)
from desktop.store.database import Database
from desktop.store.errors import (
    DatabaseDamaged,
    KeyFileDamaged,
    NewerVersion,
    NotAStore,
    StoreExists,
    WrongCredentials,
    classify,
)
from desktop.store.keys import keyfile
from desktop.store.layout import DATABASE_NAME, KEY_FILE_NAME, TEMPORARY_PREFIX
from desktop.store.migrating import head_revision, known_revisions
from desktop.store.signing.verdict import judge
from desktop.store.verifying import VerifyReport, reading


@dataclass(frozen=True, slots=True)
class OpenedBackup:
    """A backup's manifest and the keys its recovery slot unwrapped."""

    info: BackupInfo
    data_key: bytes
    chain_key: bytes


def open_backup(folder: Path, recovery_key: str) -> OpenedBackup:
    """Read a backup's manifest and unwrap its keys with the recovery key."""
    try:
        info, raw = read_manifest(folder)
    except (OSError, ValueError, KeyError, TypeError):
        raise NotAStore(
            f"{folder} is not a Philomena Desk backup: it has no readable manifest."
        ) from None
    if not (folder / DATABASE_NAME).is_file():
        raise DatabaseDamaged(f"The backup in {folder} has no database (store.db).")
    try:
        key_file = keyfile.read(folder)
    except FileNotFoundError:
        raise KeyFileDamaged(f"The backup in {folder} has no key file (keys.json).") from None
    secret = keyfile.parse_recovery_key(recovery_key)
    slots = (s for s in key_file.slots if s.kind == "recovery")
    payload = next(
        (p for p in (keyfile.open_slot(key_file, s, secret, None) for s in slots) if p), None
    )
    if payload is None:
        raise WrongCredentials("That recovery key does not open this backup.")
    if len(payload) == 32:  # the first release kept one key for both
        data_key, chain_key = payload, keyfile.first_release_chain_key(payload)
    else:
        data_key, chain_key = payload[:32], payload[32:64]
    keyfile.check_mac(key_file, data_key)
    body = {k: v for k, v in raw.items() if k != "mac"}
    if not hmac.compare_digest(manifest_mac(chain_key, body), str(raw.get("mac", ""))):
        raise DatabaseDamaged(f"The backup's manifest in {folder} has been altered.")
    return OpenedBackup(info=info, data_key=data_key, chain_key=chain_key)


def _read_only(path: Path, data_key: bytes) -> Any:
    conn = sqlcipher3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
    return conn


def newer_than(info: BackupInfo, store: Path | None) -> KnownBackup | BackupInfo | None:
    """The newest backup known (beside this one, or to the store) if it holds more of the log."""
    known: list[KnownBackup | BackupInfo] = list(list_backups(info.folder.parent))
    if store is not None and (record := newest_known(store)) is not None:
        known.append(record)
    newer = [k for k in known if k.head.count > info.head.count]
    return max(newer, key=lambda k: k.head.count, default=None)


def older_note(info: BackupInfo, store: Path | None) -> str | None:
    """Plain words when a newer backup holds log entries this one does not."""
    newer = newer_than(info, store)
    if newer is None:
        return None
    return (
        f"This backup, made {uk_datetime(info.made_at, LONDON)}, is older than the newest backup "
        f"known (made {uk_datetime(newer.made_at, LONDON)}): it lacks "
        f"{newer.head.count - info.head.count} log entries recorded since."
    )


def verify_backup(folder: Path, recovery_key: str, *, store: Path | None = None) -> VerifyReport:
    """Check a backup in place, read-only: keys, manifest, every page, schema and the log."""
    report = VerifyReport()
    opened = open_backup(folder, recovery_key)
    info = opened.info
    report.checks.append("Key file: intact and authenticated; the recovery key opens it.")
    if fsutil_digest(folder / DATABASE_NAME) != info.database_sha256:
        report.problems.append(
            DatabaseDamaged("The backup's database is not the one its manifest describes.")
        )
    else:
        report.checks.append("Backup: its database is exactly the one it was made with.")
    engine = create_engine(
        "sqlite://",
        creator=lambda: _read_only(folder / DATABASE_NAME, opened.data_key),
        module=sqlcipher3,
        poolclass=NullPool,
    )
    db = Database(engine)
    try:
        with engine.connect() as conn:
            if conn.exec_driver_sql("PRAGMA cipher_integrity_check").all():
                report.problems.append(DatabaseDamaged("The backup's database has been altered."))
            elif [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()] != ["ok"]:
                report.problems.append(DatabaseDamaged("The backup's database is damaged."))
            else:
                report.checks.append("Database: every page authenticated, structure intact.")
        if info.schema == head_revision():
            report.checks.append(f"Schema: version {info.schema}, current.")
            with db.session() as session:
                broken = list(chain.problems(session, opened.chain_key))
            report.problems.extend(DatabaseDamaged(f"The timed log: {p}") for p in broken)
            if not broken:
                report.checks.append("Timed log: every entry authenticated and in order.")
            _check_signatures(db, opened, folder, report)
        elif info.schema in known_revisions():
            report.warnings.append(
                f"Schema: version {info.schema}, older; it is brought up to date when restored "
                "(the log is checked then)."
            )
        else:
            report.problems.append(
                NewerVersion("This backup was made by a newer version of Philomena Desk.")
            )
    except (DBAPIError, sqlcipher3.DatabaseError) as exc:
        report.problems.append(classify(exc))
    except PhilomenaError as exc:
        report.problems.append(exc)
    finally:
        engine.dispose()
    report.checks.append(
        f"Backup made {uk_datetime(info.made_at, LONDON)}, holding {info.head.count} log entries."
    )
    note = older_note(info, store)
    if note:
        report.warnings.append(note)
    return report


def _check_signatures(
    db: Database, opened: OpenedBackup, folder: Path, report: VerifyReport
) -> None:
    """The backup's signed records, compared with the witness its own manifest carries."""
    own = manifest_witness(folder)
    with reading(db) as cursor:
        verdict = judge(cursor, opened.info.store_id, opened.chain_key, [own] if own else [], None)
    report.checks.extend(verdict.checks)
    report.problems.extend(
        DatabaseDamaged(f"The backup: {p}") for p in (*verdict.problems, *verdict.older)
    )
    report.warnings.extend(w for w in verdict.warnings if "No witness" not in w)


def fsutil_digest(path: Path) -> str:
    """The SHA-256 of a file, with OS failures in plain words."""
    from desktop.store.layout import database_digest

    try:
        return database_digest(path)
    except OSError as exc:
        raise fsutil.storage_error(exc) from None


def restore(folder: Path, into: Path, recovery_key: str) -> BackupInfo:
    """Copy a backup into a new store folder ``into``, whole or not at all.

    ``into`` must not exist yet (or be an empty folder): a restore never replaces a store.
    The restored store is opened afterwards with the recovery key like any other.
    """
    report_problems = verify_backup(folder, recovery_key).problems
    if report_problems:
        raise report_problems[0]
    info = read_manifest(folder)[0]
    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise StoreExists(
            f"{into} is not empty. Restore into a new folder: a restore never replaces a store."
        )
    staging = into.parent / f"{TEMPORARY_PREFIX}restore-{into.name}.{secrets.token_hex(4)}"
    try:
        into.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir(mode=0o700)
        for name in (DATABASE_NAME, KEY_FILE_NAME):
            shutil.copyfile(folder / name, staging / name)
            (staging / name).chmod(0o600)
            with open(staging / name, "rb") as file:
                os.fsync(file.fileno())
        fsutil.fsync_dir(staging)
        if into.exists():
            into.rmdir()
        os.rename(staging, into)
        fsutil.fsync_dir(into.parent)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise fsutil.storage_error(exc) from None
    with contextlib.suppress(OSError):
        into.chmod(0o700)
    return info
