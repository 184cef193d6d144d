"""Review: two sessions changing the key file must not undo each other.

``StoreKeys.change_slots`` reads the key file, changes the slots and writes it back. Adding an
account (and repair) do that under the database's write lock, but resetting a passphrase (and
taking back a slot after a failed commit) do it with no lock at all. A colleague's change that
lands between their read and their write is silently overwritten.

Each test makes the unlucky interleaving happen deterministically: the second window has just
read the key file when the first window's change lands.
"""

from __future__ import annotations

import pytest

from desktop.domain.model import Role
from desktop.store.errors import WrongCredentials
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from tests.support.sample import ADMIN, reopen

NEW = "Nadia Newstarter"
NEW_PASSPHRASE = "nadia's own passphrase"


def _meanwhile(store, colleague_does):
    """Make ``store``'s next key-file read be followed at once by a colleague's change."""
    keys = store.accounts._keys
    read = keys.on_disk

    def read_then_colleague_acts():
        current = read()
        keys.on_disk = read  # only once
        colleague_does()
        return current

    keys.on_disk = read_then_colleague_acts


def test_review_resetting_a_passphrase_while_a_colleague_adds_staff_keeps_the_new_account(
    created, store_dir, clock, device
):
    created.store.close()
    with reopen(store_dir, clock, device) as first, reopen(store_dir, clock, device) as second:
        _meanwhile(
            second,
            lambda: first.accounts.add(
                name=NEW, role=Role.STAFF, passphrase=NEW_PASSPHRASE, kdf=TEST_ONLY_PARAMS
            ),
        )
        second.accounts.reset_passphrase(
            name=ADMIN, passphrase="the administrator's new one", kdf=TEST_ONLY_PARAMS
        )
    # Both changes were reported as done; the new starter must be able to sign in.
    with reopen(store_dir, clock, device, name=NEW, passphrase=NEW_PASSPHRASE) as nadia:
        assert nadia.staff is not None and nadia.staff.name == NEW


def test_review_two_passphrase_resets_at_once_both_take_effect(created, store_dir, clock, device):
    created.store.close()
    with reopen(store_dir, clock, device) as admin:
        admin.accounts.add(
            name=NEW, role=Role.STAFF, passphrase=NEW_PASSPHRASE, kdf=TEST_ONLY_PARAMS
        )
    with reopen(store_dir, clock, device) as first, reopen(store_dir, clock, device) as second:
        _meanwhile(
            second,
            lambda: first.accounts.reset_passphrase(
                name=NEW, passphrase="nadia's replacement", kdf=TEST_ONLY_PARAMS
            ),
        )
        second.accounts.reset_passphrase(
            name=ADMIN, passphrase="the administrator's new one", kdf=TEST_ONLY_PARAMS
        )
    # Nadia's passphrase was reset (say, because it was seen): the old one must not work again.
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, device, name=NEW, passphrase=NEW_PASSPHRASE)
    reopen(store_dir, clock, device, name=NEW, passphrase="nadia's replacement").close()


def test_review_a_full_disk_at_commit_does_not_leave_the_name_taken(store, monkeypatch):
    """A full disk is what makes a commit fail, and it makes taking the slot back fail too
    (that failure is swallowed). The message said nothing was lost; after freeing space the
    administrator tries again and is told the name is taken ("use a fuller name") until the
    store is next opened."""
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from desktop.store import fsutil
    from desktop.store.errors import StorageError

    real_write = fsutil.atomic_write
    writes = {"n": 0}

    def full_after_the_first_write(path, data):
        writes["n"] += 1
        if writes["n"] > 1:
            raise StorageError("The disk is full. Free some space, then try again.")
        real_write(path, data)

    def refuse(session):
        raise OperationalError("COMMIT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(fsutil, "atomic_write", full_after_the_first_write)
    event.listen(Session, "before_commit", refuse)
    try:
        with pytest.raises(StorageError, match="disk is full"):
            store.accounts.add(
                name=NEW, role=Role.STAFF, passphrase=NEW_PASSPHRASE, kdf=TEST_ONLY_PARAMS
            )
    finally:
        event.remove(Session, "before_commit", refuse)
        monkeypatch.undo()
    # Space freed; the same administrator tries again in the same window.
    staff = store.accounts.add(
        name=NEW, role=Role.STAFF, passphrase=NEW_PASSPHRASE, kdf=TEST_ONLY_PARAMS
    )
    assert staff.name == NEW
