"""The home's review interval for the forms: set by an administrator alone, within bounds."""

from __future__ import annotations

import pytest

from desktop.domain.errors import BadInput, NotPermitted
from desktop.domain.model import Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from tests.support.sample import reopen


def test_an_administrator_sets_the_form_review_interval_within_bounds(store):
    assert store.children.set_form_review(1).form_review_months == 1
    assert store.children.set_form_review(12).form_review_months == 12
    for wrong in (0, -3, 13, 60):
        with pytest.raises(BadInput, match="from 1 to 12"):
            store.children.set_form_review(wrong)
    assert store.home().form_review_months == 12  # a refused value changes nothing
    home = store.home()
    assert (home.idle_lock_minutes, home.backup_every_hours) == (5, 24)  # only its own setting


@pytest.mark.parametrize("role", [Role.STAFF, Role.MANAGER])
def test_staff_and_managers_are_refused_and_nothing_changes(store, store_dir, clock, device, role):
    store.accounts.add(name="Sam Carer", role=role, passphrase="Sam's own passphrase",
                       kdf=TEST_ONLY_PARAMS)  # fmt: skip
    with reopen(
        store_dir, clock, device, name="Sam Carer", passphrase="Sam's own passphrase"
    ) as sam:
        with pytest.raises(NotPermitted, match="Only an administrator can change the home's"):
            sam.children.set_form_review(3)
        assert sam.home().form_review_months == 6
