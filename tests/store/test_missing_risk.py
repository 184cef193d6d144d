"""A child's standing risk of going missing: recorded with who and when, never overwritten."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from desktop.domain.errors import BadInput, NotPermitted
from desktop.domain.missing_risk import MissingRisk, RiskEntryKind
from desktop.domain.model import Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from tests.support.protocol import prompts_for
from tests.support.sample import add_child, advance, reopen

SAM, SAMS_PASSPHRASE = "Sam Carer", "sams own passphrase"


def _reviews(store, child_id, now=None):
    return [p for p in prompts_for(store, child_id, now=now) if p.action == "high_risk_review"]


def test_high_brings_the_review_meeting_and_a_meeting_held_reschedules_it(store, clock):
    child = add_child(store)
    assert _reviews(store, child.id) == []
    decided = clock.now() - timedelta(hours=2)
    high = store.missing_risk.record_level(
        child.id, "high", decided_by="J. Patel, social worker", decided_at=decided
    )
    assert (high.level, high.at, high.recorded_by_name) == (
        MissingRisk.HIGH,
        decided,
        store.staff.name,
    )
    [review] = _reviews(store, child.id)
    assert review.due_at == decided.astimezone(UTC) + timedelta(days=42)
    assert review.status == "upcoming"
    advance(clock, 60 * 24 * 20)
    store.missing_risk.record_review(child.id)
    [review] = _reviews(store, child.id)
    assert review.due_at == clock.now().astimezone(UTC) + timedelta(days=42)


def test_a_new_grading_keeps_every_earlier_one(store, clock):
    child = add_child(store)
    store.missing_risk.record_level(child.id, "medium", decided_by="The MASH")
    advance(clock, 60)
    store.missing_risk.record_level(child.id, "high", decided_by="J. Patel")
    advance(clock, 60)
    store.missing_risk.record_level(child.id, "low", decided_by="Strategy meeting")
    kept = [(e.kind, e.level, e.decided_by) for e in store.missing_risk.entries(child.id)]
    assert kept == [
        (RiskEntryKind.LEVEL, MissingRisk.MEDIUM, "The MASH"),
        (RiskEntryKind.LEVEL, MissingRisk.HIGH, "J. Patel"),
        (RiskEntryKind.LEVEL, MissingRisk.LOW, "Strategy meeting"),
    ]
    assert _reviews(store, child.id) == []  # lowered: the meetings stop
    assert list(store.records(child.id).missing_risk) == store.missing_risk.entries(child.id)


def test_staff_record_what_was_decided_but_only_a_manager_lowers_it(
    store, store_dir, clock, device
):
    child = add_child(store)
    store.accounts.add(name=SAM, role=Role.STAFF, passphrase=SAMS_PASSPHRASE, kdf=TEST_ONLY_PARAMS)
    store.close()
    with reopen(store_dir, clock, device, name=SAM, passphrase=SAMS_PASSPHRASE) as sam:
        sam.missing_risk.record_level(child.id, "high", decided_by="J. Patel, social worker")
        advance(clock, 30)
        sam.missing_risk.record_review(child.id)
        with pytest.raises(NotPermitted, match="Only a manager or administrator can lower"):
            sam.missing_risk.record_level(child.id, "medium", decided_by="J. Patel")
        assert [e.level for e in sam.missing_risk.entries(child.id)] == [MissingRisk.HIGH, None]
    with reopen(store_dir, clock, device) as admin:
        admin.missing_risk.record_level(child.id, "medium", decided_by="J. Patel")
        assert admin.missing_risk.entries(child.id)[-1].level is MissingRisk.MEDIUM


@pytest.mark.parametrize(
    ("level", "decided_by", "later", "message"),
    [
        ("severe", "J. Patel", 0, "one of low, medium, high"),
        ("high", "   ", 0, "Say who decided"),
        ("high", "x" * 201, 0, "201 characters long"),
        ("high", "J. Patel", 5, "in the future"),
    ],
)
def test_a_grading_that_cannot_be_right_is_refused(store, clock, level, decided_by, later, message):
    child = add_child(store)
    with pytest.raises(BadInput, match=message):
        store.missing_risk.record_level(
            child.id,
            level,
            decided_by=decided_by,
            decided_at=clock.now() + timedelta(minutes=later),
        )
    assert store.missing_risk.entries(child.id) == []


def test_a_review_meeting_is_only_for_a_child_at_high_risk(store, clock):
    child = add_child(store)
    with pytest.raises(BadInput, match="not at high risk then"):
        store.missing_risk.record_review(child.id)
    store.missing_risk.record_level(child.id, "medium", decided_by="The MASH")
    with pytest.raises(BadInput, match="Record the grading first"):
        store.missing_risk.record_review(child.id)
    assert [e.kind for e in store.missing_risk.entries(child.id)] == [RiskEntryKind.LEVEL]
