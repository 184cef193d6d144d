"""The files on disk: a closed store is one database file, and newest entries lost with a lost or
damaged ``-wal`` file (or an older ``store.db`` put back) are named on opening and by verify."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.store import head_record, opening
from desktop.store.errors import DatabaseDamaged
from desktop.store.layout import DATABASE_NAME, HEAD_RECORD_NAME, KEY_FILE_NAME
from tests.support.sample import ADMIN, PASSPHRASE, advance, flip_byte, reopen

WAL = f"{DATABASE_NAME}-wal"


def _copy(folder: Path, into: Path, *, wal: bool) -> Path:
    """Copy a store's files as a careless copy (or a crash) would: with or without the WAL."""
    into.mkdir()
    names = [DATABASE_NAME, KEY_FILE_NAME, HEAD_RECORD_NAME] + ([WAL] if wal else [])
    for name in names:
        shutil.copyfile(folder / name, into / name)
    return into


def _chain_key(folder: Path, clock, device) -> bytes:
    """The log's key, unwrapped from the admin's slot as signing in does."""
    unlocked = opening.with_passphrase(
        folder, name=ADMIN, passphrase=PASSPHRASE, clock=clock, device=device
    )
    unlocked.db.dispose()
    return unlocked.keys.chain_key


def _notes(store, episode_id, count, clock):
    for i in range(count):
        advance(clock, 1)
        store.episodes.append(episode_id, "note", {"note": f"checked place {i}"})


def _entries(store, episode_id):
    return [e.body.get("note") for e in store.episodes.log(episode_id)]


def _problems(store):
    return [p.message for p in store.verify().problems]


def test_a_closed_store_is_one_database_file_and_its_head_record(
    store, episode, store_dir, clock, device
):
    _notes(store, episode.id, 3, clock)
    assert (store_dir / WAL).exists()  # while open, commits live in the WAL
    store.close()
    names = {p.name for p in store_dir.iterdir()}
    assert WAL not in names and f"{DATABASE_NAME}-shm" not in names
    record = head_record.read(store_dir, _chain_key(store_dir, clock, device))
    assert record is not None and record.whole
    assert record.head.count == 4  # the 'aware' entry and three notes


def test_entries_that_lived_only_in_a_lost_wal_are_named(
    store, episode, store_dir, tmp_path, clock, device
):
    store.close()  # everything so far is in the database file
    with reopen(store_dir, clock, device) as writer:
        _notes(writer, episode.id, 3, clock)
        copy = _copy(store_dir, tmp_path / "copied-without-wal", wal=False)
    with reopen(copy, clock, device) as opened:
        assert _entries(opened, episode.id) == [None]  # only the 'aware' entry survived
        assert "The last 3 log entries (numbers 2 to 4" in opened.repairs[0]
        assert "store.db-wal) was lost" in opened.repairs[0]
        problems = _problems(opened)
    assert any("3 log entries" in p and "was lost" in p for p in problems)


@pytest.mark.parametrize("where", ["first frame", "last frame"])
def test_entries_in_a_damaged_wal_are_named(
    store, episode, store_dir, tmp_path, clock, device, where
):
    store.close()
    with reopen(store_dir, clock, device) as writer:
        _notes(writer, episode.id, 3, clock)
        copy = _copy(store_dir, tmp_path / "damaged-wal", wal=True)
    wal = copy / WAL
    offset = 32 + 9 if where == "first frame" else wal.stat().st_size - 200
    flip_byte(wal, offset)
    with reopen(copy, clock, device) as opened:
        assert "store.db-wal) was damaged" in opened.repairs[0]
        assert opened.verify().problems
        assert all(isinstance(p, DatabaseDamaged) for p in opened.verify().problems)


def test_an_older_store_db_put_back_is_named_as_an_older_copy_not_a_lost_wal(
    store, episode, store_dir, tmp_path, clock, device
):
    store.close()
    older = tmp_path / "older.db"
    shutil.copyfile(store_dir / DATABASE_NAME, older)
    with reopen(store_dir, clock, device) as writer:
        _notes(writer, episode.id, 2, clock)
    shutil.copyfile(older, store_dir / DATABASE_NAME)
    with reopen(store_dir, clock, device) as opened:
        assert opened.repairs[0].startswith("The database (store.db) is an older copy")
        assert "2 log entries" in opened.repairs[0]
        assert "wal" not in opened.repairs[0]


def test_a_crash_between_the_commit_and_the_head_record_loses_nothing_and_is_no_alarm(
    store, episode, store_dir, tmp_path, clock, device, monkeypatch
):
    monkeypatch.setattr(head_record.HeadRecord, "update", lambda self: None)
    _notes(store, episode.id, 2, clock)  # committed, the record left behind
    copy = _copy(store_dir, tmp_path / "crashed", wal=True)
    monkeypatch.undo()
    with reopen(copy, clock, device) as opened:
        assert len(_entries(opened, episode.id)) == 3
        assert not opened.losses
        assert _problems(opened) == []
    record = head_record.read(copy, _chain_key(copy, clock, device))
    assert record is not None and record.head.count == 3  # brought level on opening


def test_a_loss_once_noticed_stays_named_by_verify_and_the_log_goes_on(
    store, episode, store_dir, tmp_path, clock, device
):
    store.close()
    with reopen(store_dir, clock, device) as writer:
        _notes(writer, episode.id, 2, clock)
        copy = _copy(store_dir, tmp_path / "copy", wal=False)
    with reopen(copy, clock, device) as opened:
        _notes(opened, episode.id, 4, clock)  # more than were lost: numbers are reused
    with reopen(copy, clock, device) as again:
        assert not again.losses  # told once, on noticing
        problems = _problems(again)
        assert len(_entries(again, episode.id)) == 5
    assert len(problems) == 1 and "The last 2 log entries (numbers 2 to 3" in problems[0]
    assert "Noticed on" in problems[0]


def test_an_altered_head_record_is_named(store, episode, store_dir, clock, device):
    _notes(store, episode.id, 1, clock)
    for slot in range(head_record.SLOTS):
        flip_byte(store_dir / HEAD_RECORD_NAME, slot * head_record.SLOT_SIZE + 40)
    assert any(HEAD_RECORD_NAME in p and "altered" in p for p in _problems(store))


def test_a_head_record_ahead_of_the_log_is_caught_by_verify_in_an_open_session(
    store, episode, store_dir, clock, device
):
    _notes(store, episode.id, 1, clock)
    key = _chain_key(store_dir, clock, device)
    record = head_record.read(store_dir, key)
    assert record is not None
    ahead = head_record.Record(
        head_record.Head(record.head.count + 5, "0" * 64, record.head.recorded_at), False
    )
    head_record.write(store_dir, ahead, key)
    assert any("The last 5 log entries" in p for p in _problems(store))


def test_a_store_that_never_logged_keeps_no_head_record(created, store_dir):
    created.store.close()
    assert not (store_dir / HEAD_RECORD_NAME).exists()


def test_a_store_db_from_a_copy_that_went_its_own_way_is_named_as_replaced(
    store, episode, store_dir, tmp_path, clock, device
):
    store.close()
    other = tmp_path / "other"
    shutil.copytree(store_dir, other)
    with reopen(store_dir, clock, device) as here:
        _notes(here, episode.id, 2, clock)
    with reopen(other, clock, device) as there:
        _notes(there, episode.id, 3, clock)  # more entries, but not the same ones
    shutil.copyfile(other / DATABASE_NAME, store_dir / DATABASE_NAME)
    with reopen(store_dir, clock, device) as opened:
        assert "is not the one this store last wrote: its log entry 3 differs" in opened.repairs[0]
        assert any("replaced by another copy" in p for p in _problems(opened))
