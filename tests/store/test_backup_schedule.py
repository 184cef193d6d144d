"""The schedule an administrator sets, and what the app says about the last good backup."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.domain.errors import BadInput
from desktop.domain.model import Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from tests.support.sample import reopen


def test_backups_are_daily_until_an_administrator_changes_it(store, clock):
    assert store.home().backup_every_hours == 24
    assert store.back_up_if_due() is not None  # none made yet
    assert store.back_up_if_due() is None
    clock.moment += timedelta(hours=23)
    assert store.back_up_if_due() is None
    clock.moment += timedelta(hours=1)
    assert store.back_up_if_due() is not None
    store.children.set_backup_schedule(0)
    clock.moment += timedelta(days=30)
    assert store.back_up_if_due() is None


def test_only_an_administrator_sets_the_schedule(store, store_dir, clock, device):
    store.accounts.add(
        name="Sam Carer", role=Role.STAFF, passphrase="Sam's own passphrase", kdf=TEST_ONLY_PARAMS
    )
    with (
        reopen(
            store_dir, clock, device, name="Sam Carer", passphrase="Sam's own passphrase"
        ) as sam,
        pytest.raises(BadInput, match="Only an administrator"),
    ):
        sam.children.set_backup_schedule(1)
    with (
        reopen(
            store_dir, clock, device, name="Sam Carer", passphrase="Sam's own passphrase"
        ) as sam,
        pytest.raises(BadInput, match="Only an administrator"),
    ):
        sam.back_up(store_dir.parent / "usb")
    assert not (store_dir.parent / "usb").exists()
    with pytest.raises(BadInput, match="Back up every 1 to 168 hours"):
        store.children.set_backup_schedule(169)
    assert store.children.set_backup_schedule(6).backup_every_hours == 6


def test_the_status_says_when_the_last_good_backup_was_and_warns_when_it_is_late(store, clock):
    first = store.backup_status()
    assert (first.words, first.overdue) == ("No backup has been made yet.", True)
    store.back_up()
    assert store.backup_status().words == "Last good backup: 01/03/2026 15:00."
    clock.moment += timedelta(hours=24, minutes=59)
    assert not store.backup_status().overdue
    clock.moment += timedelta(minutes=2)
    late = store.backup_status()
    assert late.overdue
    assert late.words == (
        "Backup overdue: the last good backup was made 01/03/2026 15:00, and one is due every day."
    )
