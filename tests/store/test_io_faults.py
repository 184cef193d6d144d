"""A full disk, a read-only store and failing writes: each named plainly, the store left as it was.

Faults are injected where the store writes through Python (``os.write``, ``os.fsync``,
``os.replace``: the key file, backups, the head record) and, for the database, through SQLite
itself (``PRAGMA max_page_count`` for a full disk, ``query_only`` for a read-only one).
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import event

from desktop.domain.errors import ExitCode
from desktop.domain.model import Role
from desktop.store import opening
from desktop.store.backups import BackupFailed
from desktop.store.errors import StorageError, WrongCredentials
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import DATABASE_NAME, HEAD_RECORD_NAME
from desktop.store.store import Store
from tests.fixtures import make_fixture_stores as fx
from tests.support.sample import ADMIN, PASSPHRASE, advance, reopen

SITES = ["write", "fsync", "replace"]
NEW_PASSPHRASE = "a brand new passphrase"


def _fail_at(monkeypatch, site: str, code: int = errno.EIO) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, site, fail)


def _files(folder: Path) -> dict[str, bytes]:
    """Every file in the store folder but the database (which SQLite checkpoints at will)."""
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(DATABASE_NAME) and not p.name.endswith(".lock")
    }


def _limit_pages(store: Store) -> None:
    """From now on the database may not grow: a full disk, as SQLite meets it."""

    def limit(conn: object, _: object) -> None:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]  # type: ignore[attr-defined]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # type: ignore[attr-defined]

    store.db.engine.dispose()
    event.listen(store.db.engine, "connect", limit)


def _read_only(store: Store) -> None:
    """From now on the database refuses every write, as on a read-only disk."""

    def refuse(conn: object, _: object) -> None:
        conn.execute("PRAGMA query_only = ON")  # type: ignore[attr-defined]

    store.db.engine.dispose()
    event.listen(store.db.engine, "connect", refuse)


# --- appending ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_it", "message"), [(_limit_pages, "disk is full"), (_read_only, "read-only")]
)
def test_an_append_on_a_full_or_read_only_disk_fails_plainly_and_changes_nothing(
    store, episode, store_dir, clock, device, make_it, message
):
    store.episodes.append(episode.id, "note", {"note": "checked the park"})
    make_it(store)
    saved = []
    with pytest.raises(StorageError, match=message):
        for i in range(400):  # until the free pages run out
            advance(store.clock, 1)
            saved.append(store.episodes.append(episode.id, "note", {"note": f"note {i} " * 40}))
    notes = [e.body.get("note") for e in saved]
    files = _files(store_dir)
    store.close()
    assert _files(store_dir).keys() == files.keys()
    with reopen(store_dir, clock, device) as again:
        log = again.episodes.log(episode.id)
        assert [e.body.get("note") for e in log[2:]] == notes  # exactly what was acknowledged
        assert not again.losses
        assert not again.verify().problems


@pytest.mark.parametrize("site", SITES)
def test_a_write_error_after_an_append_keeps_the_entry_and_the_head_record_behind(
    store, episode, store_dir, clock, device, monkeypatch, site
):
    """The entry is durable once the database commits: failing it then would have staff
    record it twice. The head record, written after, is left as it was (behind: harmless)."""
    store.episodes.append(episode.id, "note", {"note": "first"})
    head_before = (store_dir / HEAD_RECORD_NAME).read_bytes()
    _fail_at(monkeypatch, site)
    entry = store.episodes.append(episode.id, "note", {"note": "second"})
    monkeypatch.undo()
    if site == "write":  # the only one of the three an in-place update of the record makes
        assert (store_dir / HEAD_RECORD_NAME).read_bytes() == head_before
    assert not [p for p in store_dir.iterdir() if p.name.startswith(".tmp-")]
    store.close()
    with reopen(store_dir, clock, device) as again:
        assert again.episodes.entry(entry.id).body["note"] == "second"
        assert not again.losses
        assert not again.verify().problems


# --- key-slot changes --------------------------------------------------------------------------


@pytest.mark.parametrize("code", [errno.EIO, errno.ENOSPC, errno.EROFS])
@pytest.mark.parametrize("site", SITES)
def test_a_failed_write_during_a_key_slot_change_is_named_and_changes_nothing(
    store, store_dir, clock, device, monkeypatch, site, code
):
    store.accounts.add(
        name="Sam Carer", role=Role.STAFF, passphrase="Sam's first one", kdf=TEST_ONLY_PARAMS
    )
    before = _files(store_dir)
    _fail_at(monkeypatch, site, code)
    with pytest.raises(StorageError) as raised:
        store.accounts.reset_passphrase(
            name="Sam Carer", passphrase=NEW_PASSPHRASE, kdf=TEST_ONLY_PARAMS
        )
    monkeypatch.undo()
    expected = {
        errno.EIO: "could not be read or written",
        errno.ENOSPC: "disk is full",
        errno.EROFS: "read-only disk",
    }[code]
    assert expected in raised.value.message
    assert raised.value.exit_code == ExitCode.STORAGE
    store.close()
    assert _files(store_dir) == before
    reopen(store_dir, clock, device, name="Sam Carer", passphrase="Sam's first one").close()
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, device, name="Sam Carer", passphrase=NEW_PASSPHRASE)
    advance(clock, 10)
    reopen(store_dir, clock, device, name=ADMIN, passphrase=PASSPHRASE).close()


def test_adding_staff_on_a_full_database_is_named_and_changes_nothing(
    store, store_dir, clock, device
):
    _limit_pages(store)
    with pytest.raises(StorageError, match="disk is full"):
        for i in range(200):
            store.accounts.add(
                name=f"Person {i} " + "x" * 200,
                role=Role.STAFF,
                passphrase="a long enough one",
                kdf=TEST_ONLY_PARAMS,
            )
    added = {s.name for s in store.accounts.members()}
    store.close()
    with reopen(store_dir, clock, device) as again:
        assert {s.name for s in again.accounts.members()} == added
        assert not again.accounts.without_passphrase()  # no slot without its account row
        assert not again.verify().problems


# --- migration ---------------------------------------------------------------------------------


def _during_the_upgrade_backup(monkeypatch, site: str) -> None:
    original = opening.back_up_before_upgrade

    def failing(*args: object, **kwargs: object) -> bool:
        with pytest.MonkeyPatch.context() as inner:
            _fail_at(inner, site)
            return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(opening, "back_up_before_upgrade", failing)


def _schema(folder: Path) -> str:
    from desktop.store.database import connect

    conn = connect(folder / DATABASE_NAME, fx.DATA_KEY)
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("site", ["write", "fsync"])
def test_a_failed_write_before_an_upgrade_is_named_and_the_store_stays_as_it_was(
    tmp_path, clock, no_keyring, monkeypatch, site
):
    folder = tmp_path / "store"
    shutil.copytree(fx.STORES / "0003", folder)
    database = (folder / DATABASE_NAME).read_bytes()
    _during_the_upgrade_backup(monkeypatch, site)
    with pytest.raises(BackupFailed, match="The store was not upgraded") as raised:
        Store.open(
            folder, name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE, clock=clock, device=no_keyring
        )
    assert "input/output error" in raised.value.message or "could not" in raised.value.message
    monkeypatch.undo()
    assert (folder / DATABASE_NAME).read_bytes() == database
    assert _schema(folder) == "0003"
    with Store.open(
        folder, name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE, clock=clock, device=no_keyring
    ) as store:
        assert not store.verify().problems  # upgraded now, nothing lost


def test_a_failed_rename_of_the_newest_backup_note_lets_the_upgrade_finish_whole(
    tmp_path, clock, no_keyring, monkeypatch
):
    """``os.replace`` writes only the note of the newest backup, which is not needed."""
    folder = tmp_path / "store"
    shutil.copytree(fx.STORES / "0003", folder)
    _during_the_upgrade_backup(monkeypatch, "replace")
    with Store.open(
        folder, name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE, clock=clock, device=no_keyring
    ) as store:
        assert not store.verify().problems
