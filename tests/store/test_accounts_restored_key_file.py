"""Accounts missing from a key file restored from a backup can be rescued, never destroyed.

Every account added since the backup has a row and no slot. Resetting its passphrase (by an
administrator or with the recovery key) gives it a slot again, so opening must keep it.
"""

from __future__ import annotations

import shutil

from desktop.domain.model import Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.support.sample import add_child, reopen

NEW = "Nadia Newstarter"
NEW_PASSPHRASE = "nadia's own passphrase"


def _restore_an_older_key_file(created, store_dir, clock, device, tmp_path, *, writes: bool):
    backup = tmp_path / "keys.json.backup"
    shutil.copy2(store_dir / "keys.json", backup)  # last night's backup
    created.store.close()
    with reopen(store_dir, clock, device) as admin:
        admin.accounts.add(
            name=NEW, role=Role.STAFF, passphrase=NEW_PASSPHRASE, kdf=TEST_ONLY_PARAMS
        )
    if writes:
        with reopen(store_dir, clock, device, name=NEW, passphrase=NEW_PASSPHRASE) as nadia:
            add_child(nadia)  # Nadia's name is now on records
    shutil.copy2(backup, store_dir / "keys.json")  # the key file is restored from the backup


def _rescue_with_the_recovery_key(created, store_dir, clock, device):
    with Store.open_with_recovery_key(
        store_dir, recovery_key=created.recovery_key, clock=clock, device=device
    ) as store:
        store.accounts.reset_passphrase(
            name=NEW, passphrase="nadia's new passphrase", kdf=TEST_ONLY_PARAMS
        )


def test_an_author_missing_from_a_restored_key_file_can_be_given_a_new_passphrase(
    created, store_dir, clock, device, tmp_path
):
    _restore_an_older_key_file(created, store_dir, clock, device, tmp_path, writes=True)
    _rescue_with_the_recovery_key(created, store_dir, clock, device)
    with reopen(store_dir, clock, device, name=NEW, passphrase="nadia's new passphrase") as nadia:
        assert nadia.staff is not None and nadia.staff.name == NEW


def test_an_account_missing_from_a_restored_key_file_is_not_deleted(
    created, store_dir, clock, device, tmp_path
):
    _restore_an_older_key_file(created, store_dir, clock, device, tmp_path, writes=False)
    _rescue_with_the_recovery_key(created, store_dir, clock, device)
    with reopen(store_dir, clock, device, name=NEW, passphrase="nadia's new passphrase") as nadia:
        assert nadia.staff is not None and nadia.staff.name == NEW
