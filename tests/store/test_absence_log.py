"""The absence log across the home: one row per episode, read as the episode itself reads."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.domain.episode import EpisodeState
from desktop.domain.errors import NotPermitted
from desktop.domain.model import Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from tests.support.sample import add_child, reopen


def test_a_row_says_what_the_corrected_log_says(store, clock):
    child = add_child(store)
    start = clock.now() - timedelta(hours=6)
    episode = store.episodes.start(
        child.id, whereabouts="unknown", aware_at=start, reason_for_time="Logged afterwards",
        details={"with_whom": "Jay"},
    )  # fmt: skip
    report = store.episodes.append(
        episode.id, "police_report", {"reference": "PR-1", "risk_grading": "medium"}
    )
    store.episodes.correct(report.id, reason="Misheard", replacement={"reference": "PR-7"})
    store.episodes.append(
        episode.id, "returned", {"where": "Skate park", "returned_by": "Police"},
        event_at=clock.now() - timedelta(hours=1),
    )  # fmt: skip
    (row,) = store.absence_log()
    assert row.child_name == f"{child.first_name} {child.last_name}"
    assert (row.police_reference, row.grading) == ("PR-7", "Medium risk")
    assert (row.returned_by, row.found_where, row.with_whom) == ("Police", "Skate park", "Jay")
    assert row.state is EpisodeState.RETURNED and row.category == "unknown"
    assert row.duration(clock.now()) == timedelta(hours=5)


def test_the_range_takes_episodes_that_started_from_its_first_moment_up_to_its_end(store, clock):
    child = add_child(store)
    now = clock.now()
    starts = [now - timedelta(days=d) for d in (10, 5)]
    for start in starts:
        episode = store.episodes.start(
            child.id, whereabouts="known", aware_at=start, reason_for_time="Logged afterwards"
        )
        store.episodes.append(episode.id, "returned", {"where": "Home"}, event_at=start)
    assert [r.start for r in store.absence_log(since=starts[0], until=starts[1])] == [starts[0]]
    assert [r.start for r in store.absence_log(since=starts[1])] == [starts[1]]


def test_staff_are_refused_the_log_and_told_who_may(created, store, store_dir, clock, device):
    store.accounts.add(
        name="Sam Carer", role=Role.STAFF, passphrase="Sam's own long passphrase",
        kdf=TEST_ONLY_PARAMS,
    )  # fmt: skip
    sam = reopen(store_dir, clock, device, name="Sam Carer", passphrase="Sam's own long passphrase")
    with sam, pytest.raises(NotPermitted, match="Only a manager or administrator can run reports"):
        sam.absence_log()
