"""Setting up a new store: a crash at any moment leaves a whole store or a clean restart.

Everything is built inside ``.setup-incomplete`` in the store folder; the database is moved into
place, then the key file — and the key file's arrival is the moment the store exists. Until
then nothing personal has been recorded (only the home's and the administrator's names, which
nobody can read without the lost key), so an interrupted setup is removed and begun afresh.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import keyring.errors
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop.domain.clock import Clock
from desktop.domain.errors import BadInput
from desktop.domain.model import Home, Role, Staff
from desktop.store import fsutil, mapping
from desktop.store.database import Database
from desktop.store.errors import StoreExists, classify
from desktop.store.keys import keyfile
from desktop.store.keys.device import DeviceSecrets
from desktop.store.keys.kdf import KdfParams, calibrate
from desktop.store.keys.resume import ResumeKey
from desktop.store.keys.store_keys import StoreKeys, validate_passphrase
from desktop.store.layout import (
    DATABASE_NAME,
    KEY_FILE_NAME,
    SETUP_DATABASE_DIGEST,
    SETUP_FOLDER,
    database_digest,
    is_store,
    setup_left,
)
from desktop.store.localdisk import refuse_network_folder
from desktop.store.migrating import upgrade
from desktop.store.signing import crypto


@dataclass(frozen=True, slots=True)
class Created:
    """A new store's open database and keys, and what to tell the person setting it up."""

    db: Database
    keys: StoreKeys
    admin: Staff
    recovery_key: str
    device_bound: bool
    restarted: bool
    """True when an earlier, interrupted setup in this folder was cleared away first."""


def _clear_interrupted_setup(folder: Path) -> bool:
    """Remove what an interrupted setup left; True if there was any.

    A database beside no key file is removed only when the setup folder proves it is that
    setup's own (its digest, written before it moved); otherwise it may hold records, and
    setup refuses rather than touch it.
    """
    staging = folder / SETUP_FOLDER
    if not staging.exists():
        return False
    if is_store(folder):  # the key file arrived: that setup finished, only tidying was left
        shutil.rmtree(staging, ignore_errors=True)
        return False
    if (folder / DATABASE_NAME).exists() and not setup_left(folder):
        return False  # not provably this setup's: _refuse_if_taken names it
    for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
    try:
        shutil.rmtree(staging)
    except OSError as exc:
        raise fsutil.storage_error(exc) from None
    return True


def _refuse_if_taken(folder: Path) -> None:
    if is_store(folder):
        raise StoreExists(f"A store already exists in {folder}. Open it instead.")
    if (folder / DATABASE_NAME).exists():
        raise StoreExists(
            f"{folder} already holds a database (store.db) whose key file is missing. Restore "
            "keys.json from a backup, or choose another folder for a new store."
        )


def _device_pepper(key_file: keyfile.KeyFile, device: DeviceSecrets) -> bytes | None:
    """A device secret in this OS account's keyring, or None where there is no keyring."""
    if not device.available():
        return None
    pepper = secrets.token_bytes(32)
    try:
        device.put(key_file.store_id, pepper)
    except keyring.errors.KeyringError:
        return None
    return pepper


def _build_database(path: Path, data_key: bytes, home: Home, admin: Staff) -> None:
    db = Database.open(path, data_key)
    try:
        with db.engine.connect() as conn:
            upgrade(conn)
            conn.commit()
        with Session(db.engine) as session, session.begin():
            session.add(mapping.home_row(home))
            session.add(mapping.staff_row(admin))
    except DBAPIError as exc:
        raise classify(exc) from None
    finally:
        db.dispose()  # checkpoints the WAL, so the database is one file to move


def _move_into_place(staging: Path, folder: Path) -> None:
    try:
        fsutil.atomic_write(
            staging / SETUP_DATABASE_DIGEST, database_digest(staging / DATABASE_NAME).encode()
        )
        os.replace(staging / DATABASE_NAME, folder / DATABASE_NAME)
        fsutil.fsync_dir(folder)
        os.replace(staging / KEY_FILE_NAME, folder / KEY_FILE_NAME)  # the store now exists
        fsutil.fsync_dir(folder)
        shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise fsutil.storage_error(exc) from None


def create(
    folder: Path,
    *,
    home: Home,
    admin_name: str,
    passphrase: str,
    clock: Clock,
    device: DeviceSecrets,
    kdf: KdfParams | None = None,
) -> Created:
    """Set up a new store with its first administrator and a recovery key."""
    refuse_network_folder(folder)
    if not setup_left(folder):
        _refuse_if_taken(folder)  # before the slow work, so the answer comes at once
    if not admin_name.strip():
        raise BadInput("Enter the administrator's name.")
    validate_passphrase(passphrase)
    params = kdf or calibrate()
    fsutil.make_private_dir(folder)
    restarted = _clear_interrupted_setup(folder)
    _refuse_if_taken(folder)
    staging = folder / SETUP_FOLDER
    fsutil.make_private_dir(staging)

    data_key = keyfile.secure_random_key()
    chain_key = keyfile.secure_random_key()  # kept apart from the database key
    key_file = keyfile.new_key_file()
    pepper = _device_pepper(key_file, device)
    if pepper is not None:
        key_file = keyfile.wrap_device_secret(key_file, data_key, pepper)
    admin = Staff(
        id=str(uuid.uuid4()),
        name=admin_name.strip(),
        role=Role.ADMINISTRATOR,
        created_at=clock.now(),
    )
    recovery_key = keyfile.generate_recovery_key()
    payload = data_key + chain_key
    admin_seed = crypto.new_seed()
    admin_slot, admin_kek = keyfile.make_slot_with_kek(
        key_file,
        kind="passphrase",
        secret=passphrase.encode(),
        payload=payload + admin_seed,  # with the administrator's own signing key
        params=params,
        pepper=pepper,
        staff_id=admin.id,
        tag=keyfile.name_tag(key_file.name_salt, admin.name),
    )
    slots = (
        admin_slot,
        keyfile.make_slot(
            key_file,
            kind="recovery",
            secret=keyfile.parse_recovery_key(recovery_key),
            payload=payload,
            params=params,
        ),
    )
    key_file = replace(key_file, slots=slots)
    _build_database(staging / DATABASE_NAME, data_key, home, admin)
    with contextlib.suppress(OSError):
        (staging / DATABASE_NAME).chmod(0o600)
    keyfile.write(staging, key_file, data_key)
    _move_into_place(staging, folder)
    keys = StoreKeys(folder, keyfile.read(folder), payload + admin_seed, device)
    keys.own_slot = (admin_slot, admin_kek)
    keys.recovery_seed = crypto.recovery_seed(
        keyfile.parse_recovery_key(recovery_key), key_file.store_id
    )
    keys.resume = ResumeKey(admin_kek, store_id=key_file.store_id, staff_id=admin.id)
    return Created(
        db=Database.open(folder / DATABASE_NAME, data_key),
        keys=keys,
        admin=admin,
        recovery_key=recovery_key,
        device_bound=pepper is not None,
        restarted=restarted,
    )
