from __future__ import annotations

import os

import pytest

from desktop.domain.errors import BadInput
from desktop.domain.model import Home, Role, Staff
from desktop.store.errors import (
    NotEnrolled,
    StorageError,
    WrongCredentials,
)
from desktop.store.keys import keyfile
from desktop.store.keys.device import KeyringSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import KEY_FILE_NAME
from desktop.store.store import Store
from tests.support.crash import KILLED, run_and_kill
from tests.support.keyrings import MemoryKeyring
from tests.support.sample import ADMIN, PASSPHRASE, reopen

SECRET_NAME = "Zephyrine Quillfeather"


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


# --- an account is its row and its key slot together, whatever fails -----------------------

NEW = "Nadia Newstarter"
NEW_PASSPHRASE = "nadia's own passphrase"


def _add_new(store: Store) -> Staff:
    return store.accounts.add(
        name=NEW, role=Role.STAFF, passphrase=NEW_PASSPHRASE, kdf=TEST_ONLY_PARAMS
    )


def _slots_for(store_dir) -> int:
    return sum(1 for s in keyfile.read(store_dir).slots if s.kind == "passphrase")


def _names(store: Store) -> list[str]:
    return [s.name for s in store.accounts.members()]


def test_a_failed_key_file_write_leaves_no_account(store, store_dir, monkeypatch):
    from desktop.store import fsutil

    before = (store_dir / KEY_FILE_NAME).read_bytes()

    def full(path, data, **options):
        raise StorageError("The disk is full. Free some space, then try again; nothing was lost.")

    monkeypatch.setattr(fsutil, "atomic_write", full)
    with pytest.raises(StorageError, match="disk is full"):
        _add_new(store)
    monkeypatch.undo()
    assert NEW not in _names(store)
    assert (store_dir / KEY_FILE_NAME).read_bytes() == before
    _add_new(store)  # the retry makes exactly one account
    assert _names(store).count(NEW) == 1


def test_a_failed_commit_takes_the_new_slot_back(store, store_dir, clock, device):
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    slots_before = _slots_for(store_dir)

    def refuse(session):
        raise OperationalError("COMMIT", {}, Exception("database or disk is full"))

    event.listen(Session, "before_commit", refuse)
    try:
        with pytest.raises(StorageError, match="disk is full"):
            _add_new(store)
    finally:
        event.remove(Session, "before_commit", refuse)
    assert NEW not in _names(store)
    assert _slots_for(store_dir) == slots_before
    store.close()
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, device, name=NEW, passphrase=NEW_PASSPHRASE)


@pytest.fixture
def unbound(tmp_path, clock, no_keyring):
    """A store another process can open: no keyring, so nothing lives only in this process."""
    folder = tmp_path / "unbound"
    Store.create(
        folder,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=clock,
        device=no_keyring,
        kdf=TEST_ONLY_PARAMS,
    ).store.close()
    return folder


ADD_IN_ANOTHER_PROCESS = """
from desktop.domain.model import Home, Role, Staff
from desktop.store.keys import store_keys
from desktop.store.store import Store
from desktop.store import accounts

store = Store.open(Path({folder!r}), name={admin!r}, passphrase={passphrase!r}, clock=clock,
                   device=device)
{inject}
store.accounts.add(name={new!r}, role=Role.STAFF, passphrase={new_passphrase!r},
                   kdf=TEST_ONLY_PARAMS)
"""


@pytest.mark.parametrize(
    "inject",
    [
        pytest.param("die_before(store_keys.keyfile, 'swap')", id="before-the-key-file"),
        pytest.param("die_after(store_keys.keyfile, 'swap')", id="after-the-key-file"),
        pytest.param("die_after(store_keys.StoreKeys, 'change_slots')", id="before-the-commit"),
    ],
)
def test_a_kill_while_adding_staff_leaves_both_or_neither(unbound, clock, no_keyring, inject):
    result = run_and_kill(
        ADD_IN_ANOTHER_PROCESS.format(
            folder=str(unbound),
            admin=ADMIN,
            passphrase=PASSPHRASE,
            new=NEW,
            new_passphrase=NEW_PASSPHRASE,
            inject=inject,
        )
    )
    assert result.returncode == KILLED, result.stderr
    with reopen(unbound, clock, no_keyring) as store:  # opening repairs what the kill left
        assert NEW not in _names(store)
        assert _slots_for(unbound) == 1  # the administrator's
        _add_new(store)
        assert _names(store).count(NEW) == 1
    with reopen(unbound, clock, no_keyring, name=NEW, passphrase=NEW_PASSPHRASE) as store:
        assert store.staff is not None and store.staff.name == NEW


def test_an_account_with_no_passphrase_is_kept_named_and_given_one_by_a_reset(
    unbound, clock, no_keyring
):
    from sqlalchemy import text

    with reopen(unbound, clock, no_keyring) as store, store.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO staff (id, name, role, created_at, active) VALUES "
                "('ghost', :name, 'staff', '2026-03-01T15:00:00.000000+00:00', 1)"
            ),
            {"name": NEW},
        )
    with reopen(unbound, clock, no_keyring) as store:
        assert [s.name for s in store.accounts.without_passphrase()] == [NEW]
        assert any("no passphrase" in w for w in store.verify().warnings)
        with pytest.raises(BadInput, match="Reset their passphrase instead"):
            _add_new(store)
        store.accounts.reset_passphrase(name=NEW, passphrase=NEW_PASSPHRASE, kdf=TEST_ONLY_PARAMS)
        assert store.accounts.without_passphrase() == []
    with reopen(unbound, clock, no_keyring, name=NEW, passphrase=NEW_PASSPHRASE) as store:
        assert store.staff is not None and store.staff.id == "ghost"


def test_a_stray_temporary_key_file_is_removed_on_opening(unbound, clock, no_keyring):
    stray = unbound / ".tmp-abc123"
    stray.write_bytes(b"half a key file")
    old = clock.now().timestamp() - 3600
    os.utime(stray, (old, old))
    fresh = unbound / ".tmp-being-written"
    fresh.write_bytes(b"another session is writing this now")
    os.utime(fresh, (clock.now().timestamp(), clock.now().timestamp()))
    reopen(unbound, clock, no_keyring).close()
    assert not stray.exists()
    assert fresh.exists()  # young enough to belong to a live write


def test_two_sessions_adding_staff_keep_both_accounts(created, store_dir, clock, device):
    created.store.close()
    with reopen(store_dir, clock, device) as first, reopen(store_dir, clock, device) as second:
        first.accounts.add(
            name="First Person",
            role=Role.STAFF,
            passphrase="first passphrase",
            kdf=TEST_ONLY_PARAMS,
        )
        second.accounts.add(
            name="Second Person",
            role=Role.STAFF,
            passphrase="second passphrase",
            kdf=TEST_ONLY_PARAMS,
        )
    for name, passphrase in (
        ("First Person", "first passphrase"),
        ("Second Person", "second passphrase"),
    ):
        with reopen(store_dir, clock, device, name=name, passphrase=passphrase) as store:
            assert store.staff is not None and store.staff.name == name


def test_opening_says_what_it_put_right(unbound, clock, no_keyring):
    result = run_and_kill(
        ADD_IN_ANOTHER_PROCESS.format(
            folder=str(unbound),
            admin=ADMIN,
            passphrase=PASSPHRASE,
            new=NEW,
            new_passphrase=NEW_PASSPHRASE,
            inject="die_after(store_keys.StoreKeys, 'change_slots')",
        )
    )
    assert result.returncode == KILLED, result.stderr
    with reopen(unbound, clock, no_keyring) as store:
        assert store.repairs == ["Removed 1 sign-in left unfinished by an interruption."]
    with reopen(unbound, clock, no_keyring) as store:
        assert store.repairs == []
