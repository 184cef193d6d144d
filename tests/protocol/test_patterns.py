"""Repeat thresholds at their windows' edges, and the interview figures, from a real store."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop.domain.model import Child
from desktop.protocol.counts import episodes_in_window
from desktop.protocol.interviews import interview_deadline
from desktop.protocol.patterns import declined_in_a_row, interview_figures, thresholds
from desktop.protocol.rules import Rule, shipped_rule_sets
from desktop.store.store import Store
from tests.support.sample import add_child

RULES = shipped_rule_sets()
DEADLINE = interview_deadline(RULES)


def _rule(rule_id: str) -> Rule:
    return next(r for r in RULES["england-default"].rules if r.id == rule_id)


def _away(store: Store, child: Child, start: datetime, *, back_after: float = 2.0) -> str:
    """An episode that started at ``start`` and ended ``back_after`` hours later."""
    episode = store.episodes.start(
        child.id, whereabouts="unknown", aware_at=start, reason_for_time="Logged afterwards"
    )
    store.episodes.append(
        episode.id,
        "returned",
        {"where": "Bus station", "returned_by": "Police"},
        event_at=start + timedelta(hours=back_after),
    )
    return episode.id


def _interview(store: Store, episode_id: str, kind: str, at: datetime) -> None:
    """An interview entry; the store asks why of one more than 72 hours after the return."""
    store.episodes.append(episode_id, kind, {"late_reason": "Away with family"}, event_at=at)


def test_the_window_counts_an_episode_exactly_at_its_edge_and_not_a_second_before(clock):
    rule = _rule("repeat.3_in_28")
    now = clock.now()
    edge = now - timedelta(days=28)
    zone = now.tzinfo
    inside = [edge, now - timedelta(days=3), now]
    assert episodes_in_window(rule, inside, now, zone) == 3
    outside = [edge - timedelta(seconds=1), now - timedelta(days=3), now]
    assert episodes_in_window(rule, outside, now, zone) == 2


def test_a_child_reaches_three_in_28_days_only_with_the_third_inside_the_window(store, clock):
    now = clock.now()
    child = add_child(store)
    for days in (28, 10, 2):
        _away(store, child, now - timedelta(days=days) + timedelta(minutes=1))
    found = thresholds(store.every_child_records(), RULES, now)
    reached = {t.rule.id for t in found if t.reached}
    assert "repeat.3_in_28" in reached
    later = now + timedelta(minutes=2)  # the first episode has left the 28-day window
    counted = {t.rule.id: t.counted for t in thresholds(store.every_child_records(), RULES, later)}
    assert counted["repeat.3_in_28"] == 2


def test_interviews_are_on_time_within_the_protocols_72_hours_and_late_after(store, clock):
    now = clock.now()
    child = add_child(store)
    first = _away(store, child, now - timedelta(days=20))
    back = now - timedelta(days=20) + timedelta(hours=2)
    _interview(store, first, "return_interview_done", back + DEADLINE)
    second = _away(store, child, now - timedelta(days=10))
    back = now - timedelta(days=10) + timedelta(hours=2)
    _interview(store, second, "return_interview_done", back + DEADLINE + timedelta(minutes=1))
    third = _away(store, child, now - timedelta(days=6))
    _interview(store, third, "return_interview_declined", now - timedelta(days=5))
    _away(store, child, now - timedelta(days=1))
    rows = store.absence_log()
    figures = interview_figures(rows, now, DEADLINE)
    assert timedelta(hours=72) == DEADLINE
    assert (figures.returned, figures.on_time, figures.late, figures.declined) == (4, 1, 1, 1)
    assert figures.outstanding == 1
    assert figures.rate == 0.25
    # An episode with no interview yet neither breaks nor lengthens a run, as in the engine.
    assert declined_in_a_row(rows) == {child.id: 1}
    assert {r.follow_up(now, DEADLINE) for r in rows} >= {"Interview due", "Interview declined"}


def test_declines_in_a_row_count_back_from_the_newest_interview(store, clock):
    now = clock.now()
    child = add_child(store)
    for days, kind in ((30, "return_interview_done"), (20, "return_interview_declined")):
        episode = _away(store, child, now - timedelta(days=days))
        _interview(store, episode, kind, now - timedelta(days=days - 1))
    episode = _away(store, child, now - timedelta(days=10))
    _interview(store, episode, "return_interview_declined", now - timedelta(days=9))
    assert declined_in_a_row(store.absence_log()) == {child.id: 2}


def test_the_absence_log_keeps_the_reference_the_police_gave_when_they_accepted(store, clock):
    child = add_child(store)
    episode_id = _away(store, child, clock.now() - timedelta(hours=5))
    store.episodes.append(
        episode_id, "police_report", {"reference": "Call 0412", "risk_grading": "medium"},
        event_at=clock.now() - timedelta(hours=4),
    )  # fmt: skip
    assert store.absence_log()[0].police_reference == "Call 0412"
    store.episodes.append(
        episode_id, "police_accepted", {"reference": "NOR-2211"},
        event_at=clock.now() - timedelta(hours=3),
    )  # fmt: skip
    assert store.absence_log()[0].police_reference == "NOR-2211"


def _row(start: datetime, lasted: timedelta | None, name: str = "Amy", interview=None):
    from desktop.domain.episode import EpisodeState
    from desktop.protocol.absences import AbsenceRow

    return AbsenceRow(
        episode_id=f"{name}{start.isoformat()}",
        child_id=name,
        child_name=name,
        start=start,
        returned=None if lasted is None else start + lasted,
        state=EpisodeState.RETURNED if lasted is not None else EpisodeState.WHEREABOUTS_UNKNOWN,
        category="unknown",
        police_reference="",
        grading="",
        returned_by="",
        found_where="",
        with_whom="",
        interview=interview,
    )


def test_a_duration_on_a_bands_bound_falls_in_the_band_above_it(clock):
    from desktop.protocol.patterns import duration_bands

    start = clock.now()
    lasted = [
        timedelta(minutes=59, seconds=59),  # under an hour
        timedelta(hours=1),
        timedelta(hours=5, minutes=59),
        timedelta(hours=6),  # the protocols' six hours: no longer "1 to 6 hours"
        timedelta(hours=23, minutes=59),
        timedelta(hours=24),
        timedelta(days=3) - timedelta(seconds=1),
        timedelta(days=3),
        timedelta(days=40),
    ]
    rows = [_row(start, d) for d in lasted] + [_row(start, None)]  # still away: not counted
    assert duration_bands(rows) == [
        ("Under 1 hour", 1),
        ("1 to 6 hours", 2),
        ("6 to 24 hours", 2),
        ("1 to 3 days", 2),
        ("3 days or more", 2),
    ]


def test_months_run_on_across_the_new_year_and_episodes_count_in_home_time():
    from datetime import date
    from zoneinfo import ZoneInfo

    from desktop.protocol.interviews import Interview
    from desktop.protocol.patterns import figures_by_month, months_between, per_child_month

    assert months_between(date.min, date(2026, 2, 14), most=4) == [
        (2025, 11), (2025, 12), (2026, 1), (2026, 2)
    ]  # fmt: skip
    assert months_between(date(2025, 12, 31), date(2026, 2, 1)) == [
        (2025, 12),
        (2026, 1),
        (2026, 2),
    ]
    london = ZoneInfo("Europe/London")
    utc = ZoneInfo("UTC")
    # 31 May 23:30 UTC is 1 June 00:30 in London (summer time): a June episode at home.
    june = datetime(2026, 5, 31, 23, 30, tzinfo=utc)
    may = datetime(2026, 5, 31, 22, 59, tzinfo=utc)
    rows = [
        _row(june, timedelta(hours=2), "Amy", Interview("done", june + timedelta(hours=50))),
        _row(may, timedelta(minutes=30), "Amy", Interview("done", may + timedelta(hours=90))),
        _row(may, timedelta(hours=3), "Ben"),
    ]
    assert per_child_month(rows, london) == {
        "Amy": {(2026, 6): 1, (2026, 5): 1},
        "Ben": {(2026, 5): 1},
    }
    by_month = figures_by_month(rows, june + timedelta(days=10), timedelta(hours=72), london)
    assert sorted(by_month) == [(2026, 6)]  # every return was on 1 June, home time
    june_figures = by_month[(2026, 6)]
    assert (june_figures.returned, june_figures.on_time, june_figures.late) == (3, 1, 1)
    assert june_figures.outstanding == 1  # Ben's: overdue ten days on


@pytest.mark.parametrize(
    ("words", "the_home"),
    [
        ("Came back to the home", True),
        ("came back home.", True),
        ("Walked in by herself", False),  # no place named, but not "home" either: kept
        ("Back at the home", True),
        ("At home", False),  # for a child in care, most often the family's home
        ("home", False),
        ("Their own home", False),
        ("Her mum's home", False),
        ("The home of a man she met online", False),
        ("Home Bargains car park", False),
    ],
)
def test_a_return_to_the_home_is_not_counted_as_a_place_found(words, the_home):
    from desktop.protocol.patterns import names_the_home

    assert names_the_home(words) is the_home
