"""The store's audit log: who, when and what for sign-ins, sign-outs and outputs; no content."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from desktop.domain.audit import Audited
from desktop.domain.errors import NotPermitted
from desktop.domain.model import Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from tests.support.sample import PASSPHRASE, add_child, reopen


def test_sign_in_out_and_outputs_are_recorded_with_who_and_when_only(
    created, store_dir, clock, device
):
    admin = created.store
    admin.accounts.add(
        name="Sam Carer", role=Role.STAFF, passphrase="sams own passphrase", kdf=TEST_ONLY_PARAMS
    )
    child = add_child(admin)
    admin.close()
    clock.moment += timedelta(minutes=5)
    with reopen(
        store_dir, clock, device, name="Sam Carer", passphrase="sams own passphrase"
    ) as sam:
        signed_in_at = clock.now()
        sam.audit.record(Audited.PRINT, child_id=child.id)
        sam.audit.record(Audited.EMAIL_DRAFT, child_id=child.id)
        with pytest.raises(NotPermitted, match="Only a manager or administrator can run reports"):
            sam.audit.entries()
        sam_id = sam.staff.id
    with reopen(store_dir, clock, device) as again:
        entries = again.audit.entries()
        with again.db.engine.connect() as conn:
            columns = list(conn.execute(text("SELECT * FROM audit_entry")).keys())
            stored = " ".join(
                str(v) for row in conn.execute(text("SELECT * FROM audit_entry")) for v in row
            )
    sams = [(e.what, e.child_id) for e in entries if e.staff_id == sam_id]
    assert sams == [
        (Audited.SIGN_IN, None),
        (Audited.PRINT, child.id),
        (Audited.EMAIL_DRAFT, child.id),
        (Audited.SIGN_OUT, None),
    ]
    assert all(e.at == signed_in_at for e in entries if e.staff_id == sam_id)
    assert columns == ["id", "at", "staff_id", "what", "child_id"]
    for content in (child.first_name, child.last_name, "Sam Carer", PASSPHRASE):
        assert content not in stored


def test_the_recovery_key_sign_in_is_recorded_as_no_one(created, store_dir, clock, device):
    from desktop.store.store import Store

    created.store.close()
    with Store.open_with_recovery_key(
        store_dir, recovery_key=created.recovery_key, clock=clock, device=device
    ):
        pass
    with reopen(store_dir, clock, device) as admin:
        assert (None, Audited.SIGN_IN) in [(e.staff_id, e.what) for e in admin.audit.entries()]
