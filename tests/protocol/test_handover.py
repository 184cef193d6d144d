"""The handover's rows: who appears, in what order, in what words."""

from __future__ import annotations

import re
from datetime import date, timedelta

from desktop.domain.model import ChildDetails
from desktop.protocol.handover import (
    DUE_WORDS,
    LATER_WORDS,
    NOTHING_WORDS,
    OVERDUE_WORDS,
    cross_child_rows,
    duration_words,
    handover,
)
from tests.support.protocol import (
    settle_all_but_the_police_report,
    shipped_forms,
    shipped_rule_sets,
)
from tests.support.sample import advance


def _child(store, first, last):
    return store.children.add(
        ChildDetails(first_name=first, last_name=last, date_of_birth=date(2011, 4, 2))
    )


def _handover(store, **kwargs):
    children = store.children.all()
    names = {s.id: s.name for s in store.accounts.members()}
    return handover(
        (store.records(c.id) for c in children),
        rule_sets=shipped_rule_sets(),
        forms=shipped_forms(),
        now=store.clock.now(),
        names=names,
        **kwargs,
    )


def test_durations_read_as_people_say_them():
    assert duration_words(timedelta(minutes=45, seconds=30)) == "45 min"
    assert duration_words(timedelta(hours=2, minutes=5)) == "2 h 05 min"
    assert duration_words(timedelta(days=1, hours=3)) == "1 day 3 h"
    assert duration_words(timedelta(days=3, hours=4)) == "3 days 4 h"
    assert duration_words(-timedelta(minutes=5)) == "0 min"


def test_overdue_police_report_comes_first_and_quiet_children_are_left_out(store, clock):
    quiet = _child(store, "Quentin", "Quiet")
    away = _child(store, "Aisha", "Khan")
    later = _child(store, "Boris", "Petrov")
    episode = store.episodes.start(
        away.id, whereabouts="unknown", details={"last_seen_where": "Park"}
    )
    settle_all_but_the_police_report(store, away.id, episode.id)
    advance(clock, 7 * 60 + 30)  # past every police-report deadline for Aisha
    store.episodes.start(later.id, whereabouts="known")  # Boris's duties fall due later
    advance(clock, 30)

    made = _handover(store)
    rows = made.rows
    assert {r.child for r in rows} == {"Aisha Khan", "Boris Petrov"}
    assert quiet.id not in {r.child_id for r in rows}
    first = rows[0]
    assert first.child == "Aisha Khan" and first.status == OVERDUE_WORDS
    assert "police" in first.what.lower() and first.overdue
    assert first.timing.endswith("overdue") and first.episode == "Whereabouts unknown"
    statuses = [r.status for r in rows]
    overdue = [i for i, s in enumerate(statuses) if s == OVERDUE_WORDS]
    assert overdue == list(range(len(overdue)))  # every overdue row before any other
    waiting = [r for r in rows if r.status in (DUE_WORDS, LATER_WORDS)]
    assert [r.due_at for r in waiting] == sorted(r.due_at for r in waiting)
    for r in waiting:
        assert r.timing.startswith("in ")
    assert [e.child for e in made.episodes] == ["Aisha Khan", "Boris Petrov"]
    aisha = made.episodes[0]
    assert aisha.state == "Whereabouts unknown" and aisha.entries
    assert aisha.entries[0].entry and aisha.entries[0].author == store.staff.name
    for r in rows:
        for text in (r.child, r.episode, r.what, r.due, r.status, r.timing, r.who):
            assert r.child_id not in text and "_" not in text, text
            assert not re.search(r"\d{4}-\d\d-\d\d", text), text
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", r.due), r.due
    for e in made.episodes:
        for line in e.entries:
            for text in (line.happened, line.entry, line.details):
                assert "_" not in text and "{" not in text, text


def test_records_upkeep_shows_only_when_due_within_the_shift(store, clock):
    child = _child(store, "Chen", "Wei")
    from tests.support.images import jpeg_bytes

    today = clock.now().date()
    store.photos.add(child.id, jpeg_bytes(), taken_on=today - timedelta(days=10))
    rows = cross_child_rows(
        [store.records(child.id)],
        rule_sets=shipped_rule_sets(),
        forms=shipped_forms(),
        now=clock.now(),
    )
    assert all(not r.records_upkeep or r.status != LATER_WORDS for r in rows)
    assert not any("photo" in r.what.lower() for r in rows)  # due in months, not this shift
    old = _child(store, "Olga", "Old")
    store.photos.add(old.id, jpeg_bytes(), taken_on=today - timedelta(days=400))
    rows = cross_child_rows(
        [store.records(old.id)],
        rule_sets=shipped_rule_sets(),
        forms=shipped_forms(),
        now=clock.now(),
    )
    photo = [r for r in rows if r.records_upkeep and r.status == OVERDUE_WORDS]
    assert photo and all(r.child == "Olga Old" for r in photo)


def test_an_open_episode_with_nothing_waiting_still_appears(store, clock):
    child = _child(store, "Dara", "Doyle")
    episode = store.episodes.start(child.id, whereabouts="unknown")
    store.episodes.append(episode.id, "returned", {"where": "Came home"})
    made = _handover(store, last=1)
    mine = [r for r in made.rows if r.child_id == child.id and not r.records_upkeep]
    assert mine
    if all(r.status == NOTHING_WORDS for r in mine):
        assert mine[0].due == "" and mine[0].timing == ""
    [episode_words] = made.episodes
    assert len(episode_words.entries) == 1 and episode_words.earlier == 1
    assert episode_words.state == "Returned or found"


def test_a_review_meeting_for_a_child_at_high_risk_shows_when_overdue_episode_or_none(store, clock):
    graded = _child(store, "Hana", "Mori")
    store.missing_risk.record_level(graded.id, "high", decided_by="J. Patel, social worker")
    assert graded.id not in {r.child_id for r in _handover(store).rows}  # six weeks away
    advance(clock, 43 * 24 * 60)
    [row] = [r for r in _handover(store).rows if r.child_id == graded.id]
    # 43 days on the wall clock, over the clocks going forward: 23 elapsed hours overdue
    assert row.status == OVERDUE_WORDS and row.timing == "23 h 00 min overdue"
    assert "review meeting" in row.what.lower() and row.who == "Child's social worker"
    store.missing_risk.record_review(graded.id)
    assert graded.id not in {r.child_id for r in _handover(store).rows}
