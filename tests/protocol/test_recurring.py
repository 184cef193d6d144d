"""Recurring duties over long absences: calendar months, fixed schedules and "at least every"."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.domain.timeline import (
    ChildFacts,
    Event,
    EventKind,
    HomeSettings,
    PastEpisode,
    Situation,
)
from desktop.protocol.clock_maths import add_months
from desktop.protocol.engine import Prompt, evaluate
from desktop.protocol.rules import RuleSet, RuleSetError, parse_rule_set

LONDON = ZoneInfo("Europe/London")
CITE = [{"seed": "s", "section": "1", "quote": "a b c d"}]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2026-01-31T10:00", 1, "2026-02-28T10:00:00+00:00"),  # a day February lacks: its last
        ("2028-01-31T10:00", 1, "2028-02-29T10:00:00+00:00"),  # a leap year's 29 February
        ("2027-11-29T10:00", 3, "2028-02-29T10:00:00+00:00"),
        ("2027-11-30T10:00", 3, "2028-02-29T10:00:00+00:00"),
        ("2026-11-30T10:00", 3, "2027-02-28T10:00:00+00:00"),
        ("2028-02-29T14:00", 1, "2028-03-29T14:00:00+01:00"),  # same wall time across the change
        ("2026-12-15T09:00", 2, "2027-02-15T09:00:00+00:00"),  # over the year's end
        ("2026-03-31T09:00", -1, "2026-02-28T09:00:00+00:00"),  # back, for a window
    ],
)
def test_calendar_months_end_at_the_month_end_and_keep_the_wall_clock(start, months, expected):
    assert add_months(at(start), months, LONDON).isoformat() == expected


def test_a_month_onto_the_skipped_hour_is_the_real_moment_it_names():
    spring = add_months(at("2026-01-29T01:30"), 2, LONDON)
    # 01:30 on 29 March 2026 does not exist in London: it names 02:30 BST, 01:30 UTC.
    assert spring.astimezone(ZoneInfo("UTC")).isoformat() == "2026-03-29T01:30:00+00:00"


def _rules(**series: object) -> RuleSet:
    rule = {
        "id": "meet",
        "duty": "strategy_meeting.series",
        "action": "strategy_meeting",
        "severity": "normal",
        "trigger": "every_after_report",
        "who": "Social worker",
        "text": "Check the next meeting is booked.",
        "cite": CITE,
        **series,
    }
    rule_set, _ = parse_rule_set(
        {"id": "x", "name": "X", "seed": "s", "summary": "S", "rule": [rule]}, "x.toml"
    )
    return rule_set


MISSING = at("2026-03-01T09:00")
REPORTED = at("2026-03-01T10:00")


def _situation(*extra: Event, flags: frozenset[str] = frozenset()) -> Situation:
    events = (
        Event(at=MISSING, kind=EventKind.AWARE, whereabouts_known=False),
        Event(at=REPORTED, kind=EventKind.REPORTED_TO_POLICE),
        *extra,
    )
    return Situation(home=HomeSettings(), child=ChildFacts(risk_flags=flags), events=events)


def _held(when: str) -> Event:
    return Event(at=at(when), kind=EventKind.ANSWERED, action="strategy_meeting", outcome="done")


def _shown(rules: RuleSet, situation: Situation, now: str) -> list[tuple[str, str]]:
    prompts: list[Prompt] = evaluate([rules], situation, at(now))
    return [(p.due_at.astimezone(LONDON).isoformat(), p.status) for p in prompts]


FORTNIGHTLY_THEN_TWO_MONTHS = {
    "from": "missing",
    "start_days": 24,
    "days": 14,
    "times": 4,
    "then_months": 2,
}


def test_a_fixed_schedule_shows_its_next_occurrence_only_and_changes_interval():
    rules = _rules(**FORTNIGHTLY_THEN_TWO_MONTHS)
    held = [
        _held(t)
        for t in ("2026-03-24T15:00", "2026-04-08T10:00", "2026-04-22T09:00", "2026-05-06T10:00")
    ]
    # Days 24, 38, 52 and 66 from the start of the missing episode (elapsed days: an hour later
    # by the clock once the clocks have gone forward), then every two calendar months.
    assert _shown(rules, _situation(), "2026-03-02T09:00") == [
        ("2026-03-25T09:00:00+00:00", "upcoming")
    ]
    assert _shown(rules, _situation(*held[:1]), "2026-03-26T09:00") == [
        ("2026-04-08T10:00:00+01:00", "upcoming")
    ]
    assert _shown(rules, _situation(*held), "2026-05-07T09:00") == [
        ("2026-07-06T10:00:00+01:00", "upcoming")
    ]
    later = _situation(*held, _held("2026-07-06T11:00"), _held("2026-09-01T10:00"))
    assert _shown(rules, later, "2026-09-02T09:00") == [("2026-11-06T10:00:00+00:00", "upcoming")]


def test_a_missed_occurrence_of_a_fixed_schedule_stays_overdue_until_answered():
    rules = _rules(**FORTNIGHTLY_THEN_TWO_MONTHS)
    assert _shown(rules, _situation(), "2026-04-20T09:00") == [
        ("2026-03-25T09:00:00+00:00", "overdue")
    ]
    not_held = Event(
        at=at("2026-04-20T09:30"),
        kind=EventKind.ANSWERED,
        action="strategy_meeting",
        outcome="not_done",
        reason="The chair was ill",
    )
    assert _shown(rules, _situation(not_held), "2026-04-20T10:00") == [
        ("2026-04-08T10:00:00+01:00", "overdue")
    ]


def test_a_meeting_counts_for_one_occurrence_only():
    rules = _rules(**FORTNIGHTLY_THEN_TWO_MONTHS)
    two_early = _situation(_held("2026-03-20T09:00"), _held("2026-03-21T09:00"))
    # The second meeting falls before the first occurrence is even due: it is not the next one.
    assert _shown(rules, two_early, "2026-03-26T09:00") == [
        ("2026-04-08T10:00:00+01:00", "upcoming")
    ]


def test_at_least_every_counts_from_the_last_one_held():
    rules = _rules(from_last_held=True, months=1, start_months=1)
    assert _shown(rules, _situation(), "2026-03-02T09:00") == [
        ("2026-04-01T10:00:00+01:00", "upcoming")  # a month after the report, same wall time
    ]
    held = _situation(_held("2026-03-31T14:00"))
    assert _shown(rules, held, "2026-04-01T09:00") == [("2026-04-30T14:00:00+01:00", "upcoming")]


def test_occurrences_after_the_return_fall_away_and_a_missed_one_stays():
    rules = _rules(**FORTNIGHTLY_THEN_TWO_MONTHS)
    back_early = _situation(Event(at=at("2026-03-20T12:00"), kind=EventKind.RETURNED))
    assert _shown(rules, back_early, "2026-04-30T09:00") == []
    back_late = _situation(Event(at=at("2026-03-27T12:00"), kind=EventKind.RETURNED))
    assert _shown(rules, back_late, "2026-04-30T09:00") == [
        ("2026-03-25T09:00:00+00:00", "overdue")
    ]
    every = _rules(from_last_held=True, days=5)
    back = _situation(Event(at=at("2026-03-03T12:00"), kind=EventKind.RETURNED))
    assert _shown(every, back, "2026-03-10T09:00") == []


def test_a_high_risk_series_starts_at_its_own_offset():
    rules = _rules(**{"from": "missing", "start_hours": 24, "high_risk_hours": 0, "days": 1})
    assert _shown(rules, _situation(), "2026-03-01T11:00") == [
        ("2026-03-02T09:00:00+00:00", "upcoming")
    ]
    assert _shown(rules, _situation(flags=frozenset({"cse"})), "2026-03-01T11:00") == [
        ("2026-03-01T09:00:00+00:00", "overdue")
    ]


def test_a_long_absence_is_worked_out_quickly():
    rules = _rules(**{"from": "missing", "days": 1})
    now = MISSING + timedelta(days=900)
    prompts = evaluate([rules], _situation(), now)
    assert [p.status for p in prompts] == ["overdue"]


@pytest.mark.parametrize(
    ("series", "message"),
    [
        ({"working_days": 5}, "needs an interval in hours, days or months"),
        ({"days": 14, "times": 4}, "'times' and then_days or then_months go together"),
        ({"days": 14, "start_days": 3, "start_hours": 4}, "give the start_timing once"),
        ({"days": 1.5, "months": 1}, "exactly one of hours, days, working_days or months"),
        ({"months": 1.5}, "'months' must be a whole number"),
    ],
)
def test_a_malformed_series_is_refused_naming_the_rule(series, message):
    with pytest.raises(RuleSetError, match="rule 'meet'") as caught:
        _rules(**series)
    assert message in str(caught.value)


def test_a_series_key_on_another_trigger_is_refused():
    with pytest.raises(RuleSetError, match="only an every_after_report rule"):
        _rules(trigger="after_report", days=3, start_days=1)


def test_the_longer_of_two_windows_counts():
    """Of "a 90 day or 3 month period" the longer counts: three months from 31 May reach back to
    28 February, 92 days; ninety days only to 2 March."""
    rule = {
        "id": "stage1",
        "duty": "repeat_episode_review.3_in_90",
        "action": "repeat_episode_review",
        "severity": "normal",
        "trigger": "count",
        "episodes": 3,
        "window_days": 90,
        "who": "Social worker",
        "text": "Hold the meeting.",
        "cite": CITE,
    }
    history = (PastEpisode(start=at("2026-03-01T12:00")), PastEpisode(start=at("2026-04-10T12:00")))
    situation = Situation(
        home=HomeSettings(),
        child=ChildFacts(),
        events=(Event(at=at("2026-05-31T12:00"), kind=EventKind.AWARE, whereabouts_known=False),),
        history=history,
    )
    for months, fires in ((0, False), (3, True)):
        rule_set, _ = parse_rule_set(
            {
                "id": "x",
                "name": "X",
                "seed": "s",
                "summary": "S",
                "rule": [{**rule, "window_months": months}],
            },
            "x.toml",
        )
        prompts = evaluate([rule_set], situation, at("2026-05-31T12:01"))
        assert bool(prompts) is fires, months
