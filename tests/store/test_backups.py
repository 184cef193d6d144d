"""Backups: encrypted end to end, whole or absent, restored into a new folder with every record."""

from __future__ import annotations

import errno
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.store import backups
from desktop.store.backups import PLAINTEXT_HEADER, BackupFailed, BackupInfo, ChainHead
from desktop.store.demo import DEMO_NAME, DEMO_PASSPHRASE, build_demo_store, demo_recovery_key
from desktop.store.errors import StoreExists, WrongCredentials
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import default_backups_folder
from desktop.store.restoring import restore, verify_backup
from desktop.store.store import Store
from tests.support.episodes import missing_episode
from tests.support.sample import flip_byte

TABLES = ("home", "staff", "child", "form_record", "photo", "episode", "log_entry", "log_head")


@pytest.fixture
def demo(tmp_path, clock, no_keyring) -> tuple[Path, str]:
    """The demo store (children, form versions, photos) with a missing episode logged too."""
    from desktop.cli.common import bundled_forms

    folder = tmp_path / "demo"
    build_demo_store(
        folder, clock=clock, device=no_keyring, kdf=TEST_ONLY_PARAMS, forms=bundled_forms()
    )
    with _open(folder, clock, no_keyring) as store:
        missing_episode(store, store.children.all()[0])
    key = demo_recovery_key(folder)
    assert key is not None
    return folder, key


def _open(folder: Path, clock, device) -> Store:
    return Store.open(
        folder, name=DEMO_NAME, passphrase=DEMO_PASSPHRASE, clock=clock, device=device
    )


def _dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    with store.db.engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY rowid"))]
            for t in TABLES
        }


def _files_but_the_database(folder: Path) -> dict[str, bytes]:
    """Every file but the database, whose pages SQLite itself may move in from its WAL at any
    checkpoint (signing in writes an audit entry there), and the head record, which follows
    the database (and says, after signing out, that the checkpoint emptied the WAL); both are
    checked by ``verify`` and by the records instead."""
    return {k: v for k, v in _snapshot(folder).items() if k not in {"store.db", "store.head"}}


def _records(store: Store) -> list[object]:
    """What the store holds, read through it: every child and each one's whole record."""
    return [store.records(child.id) for child in store.children.all()]


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes (SQLite's own shared-memory and WAL files come and go with readers)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


def test_a_backup_restores_into_a_new_folder_with_every_record_and_verifies(
    demo, tmp_path, clock, no_keyring
):
    folder, key = demo
    with _open(folder, clock, no_keyring) as store:
        made = store.back_up(tmp_path / "usb")
        before = _dump(store)
    assert all(before[t] for t in ("child", "form_record", "photo", "log_entry"))
    assert made.head == ChainHead(len(before["log_entry"]), before["log_head"][0][2])

    assert not verify_backup(made.folder, key).problems
    restore(made.folder, tmp_path / "restored", key)
    with Store.open_with_recovery_key(
        tmp_path / "restored", recovery_key=key, clock=clock, device=no_keyring
    ) as restored:
        assert _dump(restored) == before
        assert not restored.verify().problems
    with _open(tmp_path / "restored", clock, no_keyring) as again:  # the slots it was made with
        assert again.staff is not None


def test_the_backup_is_encrypted_and_only_the_recovery_key_opens_it(
    demo, tmp_path, clock, no_keyring
):
    folder, _ = demo
    with _open(folder, clock, no_keyring) as store:
        made = store.back_up(tmp_path / "usb")
    data = (made.folder / "store.db").read_bytes()
    assert not data.startswith(PLAINTEXT_HEADER)
    assert b"Generated demo portrait" not in data and b"Front door" not in data
    assert {p.name for p in made.folder.iterdir()} == {"store.db", "keys.json", "backup.json"}
    with pytest.raises(WrongCredentials):
        verify_backup(made.folder, "0000-0000-0000-0000-0000-0000-0000-0000-0000")


def test_verify_names_a_changed_backup_and_changes_nothing(demo, tmp_path, clock, no_keyring):
    folder, key = demo
    with _open(folder, clock, no_keyring) as store:
        made = store.back_up(tmp_path / "usb")
    flip_byte(made.folder / "store.db", 5000)
    before = _snapshot(made.folder)
    report = verify_backup(made.folder, key)
    assert report.problems
    assert _snapshot(made.folder) == before


def test_a_restore_never_replaces_a_store(demo, tmp_path, clock, no_keyring):
    folder, key = demo
    with _open(folder, clock, no_keyring) as store:
        made = store.back_up(tmp_path / "usb")
    before = _snapshot(folder)
    with pytest.raises(StoreExists, match="new folder"):
        restore(made.folder, folder, key)
    assert _snapshot(folder) == before


@pytest.mark.parametrize("step", ["_write", "_copy_database"])
def test_a_full_disk_fails_plainly_and_changes_nothing(
    demo, tmp_path, clock, no_keyring, monkeypatch, step
):
    folder, _ = demo
    target = tmp_path / "usb"
    with _open(folder, clock, no_keyring) as store:
        earlier = store.back_up(target)
        clock.moment += timedelta(hours=1)
        store_before, target_before = _files_but_the_database(folder), _snapshot(target)
        records_before = _records(store)

        def full(*args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(backups, step, full)
        with pytest.raises(
            BackupFailed, match=r"disk it was going to is full\. Nothing was changed"
        ):
            store.back_up(target)
        monkeypatch.undo()
        assert _records(store) == records_before
        assert store.verify().problems == []
    assert _files_but_the_database(folder) == store_before
    assert _snapshot(target) == target_before
    assert [b.folder for b in backups.list_backups(target)] == [earlier.folder]


def test_a_folder_we_may_not_write_to_fails_plainly_and_changes_nothing(
    demo, tmp_path, clock, no_keyring, monkeypatch
):
    """A folder the account may not write to (refused as the system refuses it, so that the
    test means the same when run by an administrator, whom permissions do not stop)."""
    folder, _ = demo
    target = tmp_path / "not-ours"
    target.mkdir()

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    with _open(folder, clock, no_keyring) as store:
        monkeypatch.setattr(Path, "mkdir", refused)
        with pytest.raises(BackupFailed, match="not allowed"):
            store.back_up(target)
        monkeypatch.undo()
    assert list(target.iterdir()) == []


def test_a_read_only_disk_fails_plainly_and_changes_nothing(
    demo, tmp_path, clock, no_keyring, monkeypatch
):
    folder, _ = demo
    target = tmp_path / "usb"

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    with _open(folder, clock, no_keyring) as store:
        before = _files_but_the_database(folder)
        records_before = _records(store)
        monkeypatch.setattr(Path, "mkdir", read_only)
        with pytest.raises(BackupFailed, match=r"read-only disk\. Nothing was changed"):
            store.back_up(target)
        monkeypatch.undo()
        assert _records(store) == records_before
        assert store.verify().problems == []
    assert _files_but_the_database(folder) == before
    assert not target.exists()


def test_a_restored_older_backup_says_it_is_older(demo, tmp_path, clock, no_keyring):
    folder, key = demo
    with _open(folder, clock, no_keyring) as store:
        older = store.back_up(tmp_path / "usb")
        clock.moment += timedelta(days=1)
        missing_episode(store, store.children.all()[1])
        store.back_up()  # the newest, into the backups folder; the store folder remembers it
    report = verify_backup(older.folder, key, store=folder)
    assert any("older than the newest backup known" in w for w in report.warnings)
    assert any("lacks 5 log entries" in w for w in report.warnings)
    newest = backups.list_backups(default_backups_folder(folder))[-1]
    assert not verify_backup(newest.folder, key, store=folder).warnings


def _backup_at(folder: Path, when: datetime) -> BackupInfo:
    return BackupInfo(
        folder / when.isoformat(), when, "scheduled", "s", "0003", ChainHead(0, None), ""
    )


def test_rotation_keeps_seven_days_four_weeks_and_twelve_months():
    start = datetime(2025, 1, 1, 3, 0, tzinfo=UTC)
    made = [_backup_at(Path("b"), start + timedelta(hours=12 * n)) for n in range(2 * 400)]
    kept = sorted(b.made_at for b in made if b.folder in backups.to_keep(made))
    newest = made[-1].made_at
    days = {d.date() for d in kept}
    assert kept[-1] == newest
    assert [d for d in kept if newest - d < timedelta(days=7)] == [
        newest - timedelta(days=n) for n in range(6, -1, -1)
    ]
    assert len({d.isocalendar()[:2] for d in kept}) >= 4
    assert len({(d.year, d.month) for d in kept}) == 12
    assert len(kept) <= 7 + 4 + 12 and len(days) == len(kept)


def test_rotation_removes_only_what_it_does_not_keep(demo, tmp_path, clock, no_keyring):
    folder, _ = demo
    target = default_backups_folder(folder)
    with _open(folder, clock, no_keyring) as store:
        for _ in range(10):
            store.back_up()
            clock.moment += timedelta(days=1)
        chosen = store.back_up(tmp_path / "usb")
    left = backups.list_backups(target)
    assert len(left) == 7 + 1  # a week of dailies, and the last of the week before
    assert chosen.folder.is_dir()  # a backup to a chosen folder is never rotated away
    assert not [p for p in target.iterdir() if p.name.startswith(".tmp-")]
