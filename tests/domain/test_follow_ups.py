"""The follow-ups read from an episode's log: what is needed, what settles it, and lateness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from desktop.domain.episode import check_entry
from desktop.domain.errors import BadInput
from desktop.domain.follow_ups import check_timing, refuse_close, still_to_do
from desktop.domain.model import LogEntry

BACK = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def entry(n: int, kind: str, at: datetime, corrects: int | None = None, **body: Any) -> LogEntry:
    return LogEntry(n, "e", at, at, "s", kind, dict(body), corrects)


def _log(*more: LogEntry, reported: bool = False) -> list[LogEntry]:
    start = [entry(1, "aware", BACK - timedelta(hours=5), whereabouts="unknown")]
    if reported:
        start.append(entry(2, "police_report", BACK - timedelta(hours=4), reference="H-1"))
    return [*start, entry(3, "returned", BACK, where="Home"), *more]


def test_the_return_interview_is_always_needed_and_safe_and_well_only_when_reported():
    assert [f.id for f in still_to_do(_log())] == ["return_interview"]
    assert [f.id for f in still_to_do(_log(reported=True))] == [
        "return_interview",
        "safe_and_well",
    ]


@pytest.mark.parametrize(
    "settles",
    [
        entry(9, "return_interview_declined", BACK, declined_by="The child"),
        entry(9, "return_interview_done", BACK, by="Missing officer"),
        entry(9, "return_interview_raised_risk", BACK, assessment="Groomed"),
        entry(9, "decision", BACK, action="return_interview", outcome="not_done", reason="x"),
    ],
    ids=["declined", "held", "raised the risk", "answered on its prompt"],
)
def test_a_held_declined_or_answered_interview_settles_it(settles):
    assert still_to_do(_log(settles)) == []
    refuse_close(_log(settles))


def test_an_offer_alone_does_not_settle_it_and_a_withdrawn_interview_counts_for_nothing():
    offered = entry(9, "return_interview_offered", BACK, offered_by="Missing officer")
    held = entry(10, "return_interview_done", BACK, by="Missing officer")
    withdrawn = entry(11, "correction", BACK, corrects=10, reason="Wrong child", retract=True)
    with pytest.raises(BadInput, match="Still to do: Record the return interview"):
        refuse_close(_log(offered))
    assert [f.id for f in still_to_do(_log(offered, held, withdrawn))] == ["return_interview"]


def test_a_waiver_settles_every_follow_up():
    waiver = entry(9, "follow_ups_waived", BACK, reason="Moved away")
    assert still_to_do(_log(waiver, reported=True)) == []


def test_the_72_hours_run_from_the_return_to_the_minute():
    on_time = BACK + timedelta(hours=72)
    check_timing(_log(), "return_interview_done", {}, on_time)
    with pytest.raises(BadInput, match="more than 72 hours"):
        check_timing(_log(), "return_interview_done", {}, on_time + timedelta(minutes=1))
    check_timing(_log(), "return_interview_done", {"late_reason": "Ill"}, on_time + timedelta(1))
    check_timing(_log(), "note", {}, on_time + timedelta(days=9))  # not an interview
    moved = entry(9, "correction", BACK, corrects=3, reason="Later", replacement={
        "event_at": (BACK + timedelta(days=1)).isoformat()
    })  # fmt: skip
    check_timing(_log(moved), "return_interview_done", {}, on_time + timedelta(hours=2))


def test_yes_or_no_answers_and_not_in_person_need_their_reason():
    check_entry("return_interview_done", {"advocate": "yes", "interpreter": "no"})
    with pytest.raises(BadInput, match="yes or no"):
        check_entry("return_interview_done", {"advocate": "Y"})
    with pytest.raises(BadInput, match="not held in person"):
        check_entry("safe_and_well_done", {"in_person": "no"})
    with pytest.raises(BadInput, match="needs: offered_by"):
        check_entry("return_interview_offered", {})
