"""Opening a store: find its key slot, unwrap its keys, open and migrate its database."""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlcipher3
from sqlalchemy.exc import DBAPIError

from desktop.domain.clock import Clock
from desktop.domain.errors import PhilomenaError
from desktop.domain.model import Staff
from desktop.store import backups, mapping
from desktop.store.database import Database
from desktop.store.errors import (
    DatabaseDamaged,
    NotAStore,
    NotEnrolled,
    WrongCredentials,
    classify,
)
from desktop.store.head_record import HeadRecord, wal_size
from desktop.store.keys import keyfile
from desktop.store.keys.device import DeviceSecrets
from desktop.store.keys.lockout import Lockout
from desktop.store.keys.resume import ResumeKey
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.layout import (
    DATABASE_NAME,
    KEY_FILE_NAME,
    SETUP_FOLDER,
    TEMPORARY_PREFIX,
    default_backups_folder,
    setup_left,
)
from desktop.store.localdisk import refuse_network_folder
from desktop.store.migrating import current_revision, head_revision, known_revisions, migrate
from desktop.store.signing.crypto import recovery_seed
from desktop.store.tables import StaffRow

STRAY_AFTER = timedelta(minutes=10)
"""A temporary file older than this was left by a crash mid-write (a write takes milliseconds)."""


@dataclass(frozen=True, slots=True)
class Unlocked:
    """An open database with its keys, and who opened it (None: the recovery key)."""

    db: Database
    keys: StoreKeys
    staff: Staff | None
    findings: tuple[str, ...] = ()
    """Newest log entries found missing on opening (a lost or damaged ``-wal``, say)."""


def read_key_file(folder: Path) -> keyfile.KeyFile:
    """The folder's key file, or an error that says what the folder is instead."""
    key_path, db_path = folder / KEY_FILE_NAME, folder / DATABASE_NAME
    if not folder.is_dir():
        raise NotAStore(f"There is no store at {folder}: the folder does not exist.")
    refuse_network_folder(folder)
    if not key_path.exists():
        if db_path.exists() and not setup_left(folder):
            raise NotAStore(
                f"{folder} holds a database (store.db) but its key file (keys.json) is "
                "missing, so nobody can open it. Restore keys.json from a backup of this "
                "folder."
            )
        if (folder / SETUP_FOLDER).exists():
            raise NotAStore(
                f"Setting up a store in {folder} was interrupted before it finished, so "
                "nothing was kept. Set it up again: setup starts afresh."
            )
        raise NotAStore(f"{folder} is not a Philomena Desk store: it has no key file (keys.json).")
    try:
        key_file = keyfile.read(folder)
    except FileNotFoundError:
        raise NotAStore(f"{folder} is not a Philomena Desk store.") from None
    if not db_path.exists():
        raise DatabaseDamaged(
            "The database (store.db) is missing from the store folder. Restore it from a backup."
        )
    return key_file


def tidy(folder: Path, now: datetime) -> None:
    """Delete what a crash left beside a whole store.

    That is half-written temporary files, and the folder a setup was built in (the key file
    arrived, so that setup had finished).
    """
    for stray in folder.glob(f"{TEMPORARY_PREFIX}*"):
        with contextlib.suppress(OSError):
            modified = datetime.fromtimestamp(stray.stat().st_mtime, tz=now.tzinfo)
            if now - modified > STRAY_AFTER:
                stray.unlink()
    if (folder / KEY_FILE_NAME).is_file() and (folder / SETUP_FOLDER).is_dir():
        shutil.rmtree(folder / SETUP_FOLDER, ignore_errors=True)


def refused(lockout: Lockout, message: str) -> WrongCredentials:
    """Count a wrong try and say how long to wait before the next."""
    wait = lockout.failed()
    if wait:
        message += f" Wait {wait} seconds before trying again."
    return WrongCredentials(message, wait_seconds=wait)


def with_passphrase(
    folder: Path, *, name: str, passphrase: str, clock: Clock, device: DeviceSecrets
) -> Unlocked:
    """Sign in as a staff member; one try at a time (see :meth:`Lockout.turn`)."""
    read_key_file(folder)  # a folder that is no store is named before its lock is made
    lockout = Lockout(folder, clock)
    with lockout.turn():
        key_file = read_key_file(folder)  # as it is now, with no change half-made
        tag = keyfile.name_tag(key_file.name_salt, name)
        candidates = [s for s in key_file.slots if s.kind == "passphrase" and s.name_tag == tag]
        pepper = device.get(key_file.store_id)
        if candidates and all(s.device_bound for s in candidates) and pepper is None:
            reason = (
                "this computer has no keyring"
                if not device.available()
                else "this computer account has not been enrolled"
            )
            raise NotEnrolled(
                "This store is bound to the computer it was set up on, and "
                f"{reason}. Open it once with the recovery key to enrol this computer account."
            )
        for slot in candidates:
            opened = keyfile.open_slot_with_kek(key_file, slot, passphrase.encode(), pepper)
            if opened is not None:
                lockout.succeeded()
                break
        else:
            raise refused(
                lockout, "That name and passphrase do not match an account in this store."
            )
    payload, kek = opened
    keys = StoreKeys(folder, key_file, payload, device)
    keys.own_slot = (slot, kek)
    if slot.staff_id is not None:  # only this passphrase's slot yields this key
        keys.resume = ResumeKey(kek, store_id=key_file.store_id, staff_id=slot.staff_id)
    return unlock(keys, slot.staff_id, clock)


def with_recovery_key(
    folder: Path, *, recovery_key: str, clock: Clock, device: DeviceSecrets
) -> Unlocked:
    """Open with the recovery key: for a new PC, a new OS account or a forgotten passphrase."""
    read_key_file(folder)
    lockout = Lockout(folder, clock)
    with lockout.turn():
        key_file = read_key_file(folder)
        secret = keyfile.parse_recovery_key(recovery_key)
        recovery = (s for s in key_file.slots if s.kind == "recovery")
        opened = (keyfile.open_slot(key_file, s, secret, None) for s in recovery)
        payload = next((p for p in opened if p is not None), None)
        if payload is None:
            raise refused(lockout, "That recovery key does not open this store.")
        lockout.succeeded()
    keys = StoreKeys(folder, key_file, payload, device)
    keys.recovery_seed = recovery_seed(secret, key_file.store_id)
    return unlock(keys, None, clock)


def back_up_before_upgrade(db: Database, keys: StoreKeys, clock: Clock) -> bool:
    """Before a migration changes the schema, keep a backup of the store as it was.

    True when there is an upgrade to make (and so the backup was made).
    """
    with db.engine.connect() as conn:
        revision = current_revision(conn)
    if revision is None or revision == head_revision() or revision not in known_revisions():
        return False
    try:
        backups.make_backup(
            db, keys, default_backups_folder(keys.folder), clock=clock, reason="before upgrade"
        )
    except backups.BackupFailed as exc:
        raise backups.BackupFailed(
            "This version of Philomena Desk backs the store up before upgrading it, and "
            f"could not. {exc.message} The store was not upgraded; make room beside the store "
            "folder, then open it again."
        ) from None
    return True


def unlock(keys: StoreKeys, staff_id: str | None, clock: Clock) -> Unlocked:
    """Open the database with the unwrapped key, bring it up to date, and find the account."""
    keyfile.check_mac(keys.key_file, keys.data_key)
    wal_before = wal_size(keys.folder)  # before SQLite opens (and makes) one
    db = Database.open(keys.folder / DATABASE_NAME, keys.data_key)
    try:
        upgraded = back_up_before_upgrade(db, keys, clock)
        migrate(db.engine, keys.chain_key)
        staff: Staff | None = None
        if staff_id is not None:
            with db.session() as session:
                row = session.get(StaffRow, staff_id)
                if row is None or not row.active:
                    raise WrongCredentials("That account has been closed. Ask an administrator.")
                staff = mapping.staff(row)
        head = HeadRecord(keys.folder, db.engine, keys.chain_key)
        findings = head.check_on_open(wal_before=wal_before, now=clock.now(), upgraded=upgraded)
    except PhilomenaError:
        db.dispose()
        raise
    except (DBAPIError, sqlcipher3.DatabaseError) as exc:
        db.dispose()
        raise classify(exc) from None
    return Unlocked(db=db, keys=keys, staff=staff, findings=tuple(findings))
