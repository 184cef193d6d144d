"""What a store folder holds, importable without loading the database machinery.

Kept apart so the app can decide between setup and sign-in before SQLAlchemy, Alembic and the
cryptography libraries are loaded: that keeps the first window quick to appear. Every file name
in a store folder is defined here and nowhere else.
"""

from __future__ import annotations

from pathlib import Path

KEY_FILE_NAME = "keys.json"
DATABASE_NAME = "store.db"
ATTEMPTS_FILE_NAME = "attempts.json"
SETUP_FOLDER = ".setup-incomplete"
"""Setup builds the store in here and moves it into place only when it is whole."""
TEMPORARY_PREFIX = ".tmp-"
"""Atomic writes go through a temporary file with this prefix beside the real one."""


def is_store(folder: Path) -> bool:
    """True when the folder looks like a store (has a key file)."""
    return (folder / KEY_FILE_NAME).is_file()
