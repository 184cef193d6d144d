from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.domain.errors import BadInput
from desktop.store.errors import (
    DatabaseDamaged,
    KeyFileDamaged,
    LockedOut,
    NewerVersion,
    NotAStore,
    NotEnrolled,
    WrongCredentials,
)
from desktop.store.keys import keyfile
from desktop.store.keys.device import KeyringSecrets
from desktop.store.layout import DATABASE_NAME, KEY_FILE_NAME
from desktop.store.store import Store
from tests.support.keyrings import MemoryKeyring
from tests.support.sample import ADMIN, add_child, flip_byte, reopen

SECRET_NAME = "Zephyrine Quillfeather"


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


def test_a_folder_that_is_not_a_store_is_named(tmp_path, clock, device):
    (tmp_path / "holiday photos").mkdir()
    with pytest.raises(NotAStore, match="no key file"):
        reopen(tmp_path / "holiday photos", clock, device)
    with pytest.raises(NotAStore, match="does not exist"):
        reopen(tmp_path / "missing", clock, device)


# --- nothing personal in plaintext ------------------------------------------------------------


def test_a_flipped_byte_in_the_first_database_page_is_named_on_opening(
    created, store_dir, clock, device
):
    created.store.close()
    flip_byte(store_dir / DATABASE_NAME, 2000)
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
    path.write_text(path.read_text().replace('"version": 2', '"version": 7'))
    with pytest.raises(NewerVersion):
        reopen(store_dir, clock, device)
