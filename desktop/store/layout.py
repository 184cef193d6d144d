"""What a store folder holds, importable without loading the database machinery.

Kept apart so the app can decide between setup and sign-in before SQLAlchemy, Alembic and the
cryptography libraries are loaded: that keeps the first window quick to appear. Every file name
in a store folder is defined here and nowhere else.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

KEY_FILE_NAME = "keys.json"
DATABASE_NAME = "store.db"
ATTEMPTS_FILE_NAME = "attempts.json"
KEY_LOCK_FILE_NAME = "keys.lock"
"""Held, across processes, by whoever changes the key file or counts a sign-in attempt."""
SETUP_FOLDER = ".setup-incomplete"
"""Setup builds the store in here and moves it into place only when it is whole."""
SETUP_DATABASE_DIGEST = "store.db.sha256"
"""Written in the setup folder before its database moves out: proof that a ``store.db`` with no
key file beside it is that setup's own, and so holds nothing yet."""
BACKUP_PREFIX = "backup-"
"""Each backup is a folder named ``backup-<UTC time>`` holding ``store.db`` and ``keys.json``."""
BACKUP_MANIFEST_NAME = "backup.json"
"""What a backup holds: when it was made, its schema and the log's chain head."""
NEWEST_BACKUP_NAME = "newest-backup.json"
"""In the store folder: when the newest good backup was made and the chain head it held."""
HEAD_RECORD_NAME = "store.head"
"""Beside the database: the log's newest entry (count, link, time) as last committed, MAC'd with
the log's key, so a database whose ``-wal`` file was lost or damaged after a crash is named."""
HEAD_LOCK_FILE_NAME = "store.head.lock"
"""Held while the head record is written, so two sessions' writes never go backwards."""
TEMPORARY_PREFIX = ".tmp-"
"""Atomic writes go through a temporary file with this prefix beside the real one."""


def temporary_prefix(name: str) -> str:
    """The prefix of the temporary files an atomic write of ``name`` goes through.

    Naming the file they stand in for lets whoever holds that file's lock delete what a killed
    writer left at once: nobody else can be writing one.
    """
    return f"{TEMPORARY_PREFIX}{name}."


def default_backups_folder(store: Path) -> Path:
    """Where scheduled backups go: a folder beside the store's, named after it."""
    return store.parent / f"{store.name}-backups"


def is_store(folder: Path) -> bool:
    """True when the folder looks like a store (has a key file)."""
    return (folder / KEY_FILE_NAME).is_file()


def database_digest(path: Path) -> str:
    """The SHA-256 of a database file, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def setup_left(folder: Path) -> bool:
    """True when ``store.db`` beside no key file is an interrupted setup's own, untouched.

    Only then may setup remove it: any other database may hold records (its key file lost or
    moved), and only a restored key file can open it.
    """
    database, staging = folder / DATABASE_NAME, folder / SETUP_FOLDER
    if is_store(folder) or not staging.is_dir():
        return False
    if not database.exists():
        return True
    try:
        recorded = (staging / SETUP_DATABASE_DIGEST).read_text(encoding="ascii").strip()
        return recorded == database_digest(database)
    except OSError:
        return False
