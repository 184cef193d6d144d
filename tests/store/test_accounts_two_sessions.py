"""Two sessions changing the key file take turns and never undo each other.

Each test makes the unlucky interleaving happen: a colleague acts just after the second window
has read the key file for its own change, and must wait for the lock rather than be overwritten.
"""

from __future__ import annotations

import threading

import pytest

from desktop.domain.model import Role
from desktop.store.errors import WrongCredentials
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from tests.support.sample import ADMIN, reopen

NEW = "Nadia Newstarter"
NEW_PASSPHRASE = "nadia's own passphrase"


def _meanwhile(store, colleague_does):
    """Make a colleague (another thread, another connection) act just after ``store`` has read
    the key file for its change and before it writes it back. Returns a way to wait for them."""
    keys = store.accounts._keys
    read = keys.on_disk
    errors: list[BaseException] = []

    def run_colleague() -> None:
        try:
            colleague_does()
        except BaseException as exc:
            errors.append(exc)

    colleague = threading.Thread(target=run_colleague)

    def read_then_colleague_acts():
        current = read()
        keys.on_disk = read  # only once
        colleague.start()
        colleague.join(timeout=0.5)  # they get as far as the lock allows
        return current

    keys.on_disk = read_then_colleague_acts

    def finish() -> None:
        colleague.join(timeout=10)
        assert not colleague.is_alive()
        assert not errors, errors

    return finish


def test_resetting_a_passphrase_while_a_colleague_adds_staff_keeps_the_new_account(
    created, store_dir, clock, device
):
    created.store.close()
    with reopen(store_dir, clock, device) as first, reopen(store_dir, clock, device) as second:
        finish = _meanwhile(
            second,
            lambda: first.accounts.add(
                name=NEW, role=Role.STAFF, passphrase=NEW_PASSPHRASE, kdf=TEST_ONLY_PARAMS
            ),
        )
        second.accounts.reset_passphrase(
            name=ADMIN, passphrase="the administrator's new one", kdf=TEST_ONLY_PARAMS
        )
        finish()
    # Both changes were reported as done; the new starter must be able to sign in.
    with reopen(store_dir, clock, device, name=NEW, passphrase=NEW_PASSPHRASE) as nadia:
        assert nadia.staff is not None and nadia.staff.name == NEW


def test_two_passphrase_resets_at_once_both_take_effect(created, store_dir, clock, device):
    created.store.close()
    with reopen(store_dir, clock, device) as admin:
        admin.accounts.add(
            name=NEW, role=Role.STAFF, passphrase=NEW_PASSPHRASE, kdf=TEST_ONLY_PARAMS
        )
    with reopen(store_dir, clock, device) as first, reopen(store_dir, clock, device) as second:
        finish = _meanwhile(
            second,
            lambda: first.accounts.reset_passphrase(
                name=NEW, passphrase="nadia's replacement", kdf=TEST_ONLY_PARAMS
            ),
        )
        second.accounts.reset_passphrase(
            name=ADMIN, passphrase="the administrator's new one", kdf=TEST_ONLY_PARAMS
        )
        finish()
    # Nadia's passphrase was reset (say, because it was seen): the old one must not work again.
    with pytest.raises(WrongCredentials):
        reopen(store_dir, clock, device, name=NEW, passphrase=NEW_PASSPHRASE)
    reopen(store_dir, clock, device, name=NEW, passphrase="nadia's replacement").close()


def test_a_full_disk_at_commit_does_not_leave_the_name_taken(store, monkeypatch):
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

    def full_after_the_first_write(path, data, **options):
        writes["n"] += 1
        if writes["n"] > 1:
            raise StorageError("The disk is full. Free some space, then try again.")
        return real_write(path, data, **options)

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
