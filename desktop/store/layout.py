"""What a store folder holds, importable without loading the database machinery.

Kept apart so the app can decide between setup and sign-in before SQLAlchemy, Alembic and the
cryptography libraries are loaded: that keeps the first window quick to appear.
"""

from __future__ import annotations

from pathlib import Path

KEY_FILE_NAME = "keys.json"
DATABASE_NAME = "store.db"


def is_store(folder: Path) -> bool:
    """True when the folder looks like a store (has a key file)."""
    return (folder / KEY_FILE_NAME).is_file()
