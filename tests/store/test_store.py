from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest

from desktop.domain.model import ChildDetails, Role
from desktop.store.errors import (
    StorageError,
)
from desktop.store.layout import DATABASE_NAME, KEY_FILE_NAME
from desktop.store.store import CreatedStore
from tests.support.images import jpeg_bytes
from tests.support.sample import add_child, reopen

SECRET_NAME = "Zephyrine Quillfeather"


def test_records_survive_closing_and_reopening(created: CreatedStore, store_dir, clock, device):
    child = add_child(created.store)
    created.store.close()
    with reopen(store_dir, clock, device) as store:
        assert [c.id for c in store.children.all()] == [child.id]
        assert store.staff is not None and store.staff.role is Role.ADMINISTRATOR
        assert store.home().name == "Oak House"


def _all_bytes_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_no_name_or_photo_bytes_in_plaintext_anywhere(created, store_dir, clock, device, tmp_path):
    tempdir = tmp_path / "tmp"
    tempdir.mkdir()
    tempfile.tempdir = str(tempdir)
    try:
        store = created.store
        child = add_child(store)
        photo = store.photos.add(child.id, jpeg_bytes(size=(640, 480)), description="at the park")
        stored_jpeg = store.photos.image(photo.id)
        # Look while the store is open (WAL in use) and after it is closed.
        for _ in range(2):
            blob = _all_bytes_under(store_dir) + _all_bytes_under(tempdir)
            for needle in (SECRET_NAME.split()[0], SECRET_NAME.split()[1], "at the park"):
                assert needle.encode() not in blob
                assert needle.encode("utf-16-le") not in blob
            assert stored_jpeg[200:264] not in blob
            store.close()
    finally:
        tempfile.tempdir = None
    assert (store_dir / DATABASE_NAME).stat().st_mode & 0o077 == 0
    assert (store_dir / KEY_FILE_NAME).stat().st_mode & 0o077 == 0


def test_the_database_is_not_readable_as_plain_sqlite(created, store_dir):
    created.store.close()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(store_dir / DATABASE_NAME).execute("SELECT * FROM sqlite_master").all()


# --- damage and tampering ---------------------------------------------------------------------


def test_a_full_database_disk_is_a_clear_error_and_keeps_earlier_records(store, monkeypatch):
    from sqlalchemy import event

    first = add_child(store)

    # SQLite reports SQLITE_FULL exactly as for a full disk once max_page_count is reached.
    @event.listens_for(store.db.engine, "connect")
    def _tiny(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA max_page_count = 1")

    store.db.engine.dispose()
    with pytest.raises(StorageError, match="disk is full"):
        store.children.add(
            ChildDetails(  # many names, each of a length a name may have: more than a page
                first_name="A",
                last_name="B",
                aliases=tuple(f"{n:03} " + "C" * 50 for n in range(200)),
                date_of_birth=date(2012, 1, 1),
            )
        )
    event.remove(store.db.engine, "connect", _tiny)
    store.db.engine.dispose()
    assert [c.id for c in store.children.all()] == [first.id]
