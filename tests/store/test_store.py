from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.domain.clock import FixedClock
from desktop.domain.errors import BadInput
from desktop.domain.model import ChildDetails, Home, Role
from desktop.store.errors import (
    DatabaseDamaged,
    KeyFileDamaged,
    LockedOut,
    NewerVersion,
    NotAStore,
    NotEnrolled,
    StorageError,
    StoreExists,
    WrongCredentials,
)
from desktop.store.keys import keyfile
from desktop.store.keys.device import KeyringSecrets, NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import DATABASE_NAME, KEY_FILE_NAME
from desktop.store.store import CreatedStore, Store
from tests.support.images import jpeg_bytes
from tests.support.keyrings import MemoryKeyring
from tests.support.sample import ADMIN, PASSPHRASE, add_child

SECRET_NAME = "Zephyrine Quillfeather"


def reopen(
    store_dir: Path, clock: FixedClock, device, *, name: str = ADMIN, passphrase: str = PASSPHRASE
) -> Store:
    return Store.open(store_dir, name=name, passphrase=passphrase, clock=clock, device=device)


def test_records_survive_closing_and_reopening(created: CreatedStore, store_dir, clock, device):
    child = add_child(created.store)
    created.store.close()
    with reopen(store_dir, clock, device) as store:
        assert [c.id for c in store.children.all()] == [child.id]
        assert store.staff is not None and store.staff.role is Role.ADMINISTRATOR
        assert store.home().name == "Oak House"


def test_sign_in_ignores_case_and_spacing_of_the_name(created, store_dir, clock, device):
    created.store.close()
    with reopen(store_dir, clock, device, name="  ann   ADMINISTRATOR ") as store:
        assert store.staff is not None and store.staff.name == ADMIN


def test_wrong_passphrase_is_refused_and_the_right_one_still_opens(
    created, store_dir, clock, device
):
    add_child(created.store)
    created.store.close()
    before = (store_dir / DATABASE_NAME).read_bytes()
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, device, passphrase="not the passphrase")
    assert (store_dir / DATABASE_NAME).read_bytes() == before
    with reopen(store_dir, clock, device) as store:
        assert len(store.children.all()) == 1


def test_repeated_wrong_passphrases_make_a_growing_wait(created, store_dir, clock, device):
    created.store.close()
    waits = []
    for _ in range(4):
        with pytest.raises(WrongCredentials) as caught:
            reopen(store_dir, clock, device, passphrase="guess number one")
        waits.append(caught.value.wait_seconds)
        clock.moment += timedelta(seconds=caught.value.wait_seconds)
    assert waits == [0, 2, 4, 8]
    assert "Wait 8 seconds" in str(caught.value)
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, device, passphrase="guess number five")
    with pytest.raises(LockedOut) as locked:
        reopen(store_dir, clock, device)  # even the right passphrase must wait
    assert locked.value.wait_seconds > 0
    clock.moment += timedelta(seconds=locked.value.wait_seconds)
    with reopen(store_dir, clock, device) as store:
        assert store.staff is not None
    # success forgets the failures
    with pytest.raises(WrongCredentials) as caught:
        reopen(store_dir, clock, device, passphrase="guess after success")
    assert caught.value.wait_seconds == 0


def test_unknown_name_gets_the_same_answer_as_a_wrong_passphrase(created, store_dir, clock, device):
    created.store.close()
    with pytest.raises(WrongCredentials) as unknown:
        reopen(store_dir, clock, device, name="Nobody Here")
    clock.moment += timedelta(minutes=10)
    with pytest.raises(WrongCredentials) as wrong:
        reopen(store_dir, clock, device, passphrase="wrong passphrase")
    assert unknown.value.message.split(".")[0] == wrong.value.message.split(".")[0]


def test_recovery_key_opens_the_store(created, store_dir, clock, device):
    child = add_child(created.store)
    created.store.close()
    typed = created.recovery_key.lower().replace("-", " ")
    with Store.open_with_recovery_key(
        store_dir, recovery_key=typed, clock=clock, device=device
    ) as store:
        assert store.staff is None
        assert [c.id for c in store.children.all()] == [child.id]
        with pytest.raises(BadInput, match="sign in with your own name"):
            add_child(store, "Other", "Child")


def test_recovery_key_with_a_typo_is_named_as_a_typo(created, store_dir, clock, device):
    created.store.close()
    key = created.recovery_key
    typo = ("X" if key[0] != "X" else "Y") + key[1:]
    with pytest.raises(WrongCredentials, match="typing mistake"):
        Store.open_with_recovery_key(store_dir, recovery_key=typo, clock=clock, device=device)


def test_a_copy_on_a_new_pc_needs_the_recovery_key(created, store_dir, clock, tmp_path):
    assert created.device_bound
    add_child(created.store)
    created.store.close()
    import shutil

    copy = tmp_path / "copied-to-new-pc"
    shutil.copytree(store_dir, copy)
    new_pc = KeyringSecrets(MemoryKeyring())
    with pytest.raises(NotEnrolled, match="recovery key"):
        reopen(copy, clock, new_pc)
    with Store.open_with_recovery_key(
        copy, recovery_key=created.recovery_key, clock=clock, device=new_pc
    ) as store:
        assert len(store.children.all()) == 1
        assert store.accounts.enrol_this_account()
    with reopen(copy, clock, new_pc) as store:  # enrolled: the passphrase works now
        assert len(store.children.all()) == 1


def test_passphrase_alone_cannot_open_a_bound_copy_even_if_the_keyring_is_faked(
    created, store_dir, clock
):
    created.store.close()
    forged = MemoryKeyring()
    forged.set_password("philomena-desk", keyfile.read(store_dir).store_id, "AAAA" * 11)
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, KeyringSecrets(forged))


def test_no_keyring_store_works_unbound(store_dir, clock, no_keyring):
    created = Store.create(
        store_dir,
        home=Home(name="Ash House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=clock,
        device=no_keyring,
        kdf=TEST_ONLY_PARAMS,
    )
    assert not created.device_bound
    created.store.close()
    with reopen(store_dir, clock, no_keyring) as store:
        report = store.verify()
        assert any("not bound" in w for w in report.warnings)
        assert not report.problems


def test_second_os_account_is_enrolled_with_the_recovery_key(created, store_dir, clock):
    created.store.close()
    other_account = KeyringSecrets(MemoryKeyring())
    with pytest.raises(NotEnrolled):
        reopen(store_dir, clock, other_account)
    with Store.open_with_recovery_key(
        store_dir, recovery_key=created.recovery_key, clock=clock, device=other_account
    ) as store:
        store.accounts.enrol_this_account()
    reopen(store_dir, clock, other_account).close()


def test_staff_get_their_own_slots_and_roles(store, store_dir, clock, device):
    store.accounts.add(
        name="Sam Carer", role=Role.STAFF, passphrase="sams own passphrase", kdf=TEST_ONLY_PARAMS
    )
    store.close()
    with reopen(
        store_dir, clock, device, name="Sam Carer", passphrase="sams own passphrase"
    ) as sam:
        assert sam.staff is not None and sam.staff.role is Role.STAFF
        with pytest.raises(BadInput, match="administrator"):
            sam.accounts.add(
                name="Someone Else", role=Role.STAFF, passphrase="x" * 12, kdf=TEST_ONLY_PARAMS
            )
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, device, name="Sam Carer")  # admin's passphrase is not Sam's


def test_short_passphrases_are_refused(tmp_path, clock, device):
    with pytest.raises(BadInput, match="at least 10"):
        Store.create(
            tmp_path / "s",
            home=Home(name="H"),
            admin_name="A",
            passphrase="short",
            clock=clock,
            device=device,
            kdf=TEST_ONLY_PARAMS,
        )
    assert not (tmp_path / "s").exists()


def test_forgotten_passphrase_is_reset_with_the_recovery_key(created, store_dir, clock, device):
    created.store.close()
    with Store.open_with_recovery_key(
        store_dir, recovery_key=created.recovery_key, clock=clock, device=device
    ) as store:
        store.accounts.reset_passphrase(
            name=ADMIN, passphrase="a brand new passphrase", kdf=TEST_ONLY_PARAMS
        )
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, device)
    reopen(store_dir, clock, device, passphrase="a brand new passphrase").close()


def test_creating_over_an_existing_store_is_refused(created, store_dir, clock, device):
    with pytest.raises(StoreExists):
        Store.create(
            store_dir,
            home=Home(name="Again"),
            admin_name=ADMIN,
            passphrase=PASSPHRASE,
            clock=clock,
            device=device,
            kdf=TEST_ONLY_PARAMS,
        )


def test_a_folder_that_is_not_a_store_is_named(tmp_path, clock, device):
    (tmp_path / "holiday photos").mkdir()
    with pytest.raises(NotAStore, match="no key file"):
        reopen(tmp_path / "holiday photos", clock, device)
    with pytest.raises(NotAStore, match="does not exist"):
        reopen(tmp_path / "missing", clock, device)


# --- nothing personal in plaintext ------------------------------------------------------------


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


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_flipped_byte_in_the_database_is_named_by_verify(created, store_dir, clock, device):
    for i in range(30):
        add_child(created.store, f"Child{i}", "Surname" * 50)
    created.store.close()
    db = store_dir / DATABASE_NAME
    size = db.stat().st_size
    assert size > 4096 * 4
    _flip(db, size - 4096 + 100)  # a data page that opening and listing never need to read
    with reopen(store_dir, clock, device) as store:
        report = store.verify()
    assert report.problems
    assert all(isinstance(p, DatabaseDamaged) for p in report.problems)
    assert "store.db" in report.problems[0].message


def test_a_flipped_byte_in_the_first_database_page_is_named_on_opening(
    created, store_dir, clock, device
):
    created.store.close()
    _flip(store_dir / DATABASE_NAME, 2000)
    with pytest.raises(DatabaseDamaged, match=r"store\.db"):
        reopen(store_dir, clock, device)


def test_a_flipped_byte_in_the_key_file_is_named(created, store_dir, clock, device):
    created.store.close()
    path = store_dir / KEY_FILE_NAME
    text = path.read_text()
    index = text.index('"wrapped": "') + len('"wrapped": "') + 5
    path.write_text(text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1 :])
    with pytest.raises(KeyFileDamaged, match=r"keys\.json"):
        reopen(store_dir, clock, device)


def test_a_key_file_altered_with_its_checksum_recomputed_is_caught_by_its_mac(
    created, store_dir, clock, device
):
    created.store.close()
    path = store_dir / KEY_FILE_NAME
    import hashlib
    import json

    raw = json.loads(path.read_text())
    raw["slots"] = [s for s in raw["slots"] if s["kind"] == "passphrase"]  # drop recovery slot
    raw.pop("checksum")
    canonical = json.dumps(raw, sort_keys=True, separators=(",", ":")).encode()
    raw["checksum"] = hashlib.sha256(canonical).hexdigest()
    path.write_text(json.dumps(raw))
    with pytest.raises(KeyFileDamaged, match="altered"):
        reopen(store_dir, clock, device)


def test_an_unreadable_key_file_is_named(created, store_dir, clock, device):
    created.store.close()
    (store_dir / KEY_FILE_NAME).write_bytes(b"\x00\xff not json")
    with pytest.raises(KeyFileDamaged, match="cannot be read"):
        reopen(store_dir, clock, device)


def test_a_store_from_a_newer_schema_is_refused_unchanged(created, store_dir, clock, device):
    from sqlalchemy import text

    with created.store.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    created.store.close()
    before = (store_dir / DATABASE_NAME).read_bytes()
    with pytest.raises(NewerVersion, match="newer version"):
        reopen(store_dir, clock, device)
    assert (store_dir / DATABASE_NAME).read_bytes() == before


def test_a_key_file_from_a_newer_format_is_refused(created, store_dir, clock, device):
    created.store.close()
    path = store_dir / KEY_FILE_NAME
    path.write_text(path.read_text().replace('"version": 1', '"version": 7'))
    with pytest.raises(NewerVersion):
        reopen(store_dir, clock, device)


def test_a_full_disk_while_adding_staff_loses_nothing(store, store_dir, clock, device, monkeypatch):
    import errno

    before = (store_dir / KEY_FILE_NAME).read_bytes()

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(StorageError, match="disk is full"):
        store.accounts.add(
            name="New Person", role=Role.STAFF, passphrase="x" * 12, kdf=TEST_ONLY_PARAMS
        )
    monkeypatch.undo()
    assert (store_dir / KEY_FILE_NAME).read_bytes() == before
    assert not [p for p in store_dir.iterdir() if p.name.startswith(".tmp-")]
    store.close()
    reopen(store_dir, clock, device).close()


def test_log_entries_cannot_be_changed_or_deleted(store):
    from sqlalchemy import text

    child = add_child(store)
    now = store.clock.now().isoformat()
    staff = store.staff.id
    with store.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO episode (id, child_id, aware_at, recorded_at, started_by) "
                "VALUES ('e1', :c, :t, :t, :s)"
            ),
            {"c": child.id, "t": now, "s": staff},
        )
        conn.execute(
            text(
                "INSERT INTO log_entry (episode_id, event_at, recorded_at, author_id, kind, body,"
                " chain) VALUES ('e1', :t, :t, :s, 'note', '{}', '')"
            ),
            {"t": now, "s": staff},
        )
    for sql in ("UPDATE log_entry SET kind = 'edited'", "DELETE FROM log_entry"):
        with pytest.raises(Exception, match="append-only"), store.db.engine.begin() as conn:
            conn.execute(text(sql))


def test_no_unexpected_files_in_the_store_folder(created, store_dir):
    created.store.close()
    names = {p.name for p in store_dir.iterdir()}
    assert names <= {"keys.json", "store.db", "store.db-wal", "store.db-shm", "attempts.json"}


def test_photo_age_warning_follows_the_homes_limit(store, clock):
    child = add_child(store)
    assert store.photos.out_of_date(child.id)  # no photo at all
    store.photos.add(child.id, jpeg_bytes(), taken_on=clock.now().date() - timedelta(days=100))
    assert not store.photos.out_of_date(child.id)
    clock.moment += timedelta(days=100)
    assert store.photos.out_of_date(child.id)


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
            ChildDetails(
                first_name="A" * 5000, last_name="B" * 5000, date_of_birth=date(2012, 1, 1)
            )
        )
    event.remove(store.db.engine, "connect", _tiny)
    store.db.engine.dispose()
    assert [c.id for c in store.children.all()] == [first.id]


def test_untrustworthy_keyring_backends_are_not_used():
    from keyring.backends import fail

    class PlaintextFile(MemoryKeyring):
        pass

    PlaintextFile.__module__ = "keyrings.alt.file"
    assert not KeyringSecrets(fail.Keyring()).available()
    assert not KeyringSecrets(PlaintextFile()).available()
    assert KeyringSecrets(MemoryKeyring()).available()


def test_a_store_made_with_an_untrustworthy_keyring_is_unbound(store_dir, clock):
    from keyring.backends import fail

    created = Store.create(
        store_dir,
        home=Home(name="H"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=clock,
        device=KeyringSecrets(fail.Keyring()),
        kdf=TEST_ONLY_PARAMS,
    )
    created.store.close()
    assert not created.device_bound
    reopen(store_dir, clock, NoSecrets()).close()
