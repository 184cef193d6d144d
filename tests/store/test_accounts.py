from __future__ import annotations

import os

import pytest

from desktop.domain.errors import BadInput
from desktop.domain.model import Role
from desktop.store.errors import (
    NotEnrolled,
    StorageError,
    WrongCredentials,
)
from desktop.store.keys.device import KeyringSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import KEY_FILE_NAME
from desktop.store.store import Store
from tests.support.keyrings import MemoryKeyring
from tests.support.sample import ADMIN, reopen

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
