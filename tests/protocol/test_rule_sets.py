"""Every rule of every shipped rule set: cited from its seed, loadable, and firing as written."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop import paths
from desktop.domain.timeline import (
    ChildFacts,
    Event,
    EventKind,
    HomeSettings,
    PastEpisode,
    Situation,
)
from desktop.protocol.clock_maths import add_months, add_working_days, after
from desktop.protocol.engine import evaluate
from desktop.protocol.rules import RuleSet, RuleSetError, load_rule_sets, parse_rule_set
from tests.support.seeds import normalise, seed_text

LONDON = ZoneInfo("Europe/London")
RULE_SETS = load_rule_sets(paths.protocols_dir())
ALL_RULES = [(rs.id, r) for rs in RULE_SETS.values() for r in rs.rules]
T0 = datetime(2026, 6, 10, 14, 0, tzinfo=LONDON)  # a Wednesday afternoon in BST


def test_the_six_rule_sets_are_shipped():
    assert set(RULE_SETS) == {
        "north-east-lincolnshire",
        "portsmouth",
        "northamptonshire",
        "kent-and-medway",
        "warwickshire",
        "england-default",
    }


@pytest.mark.parametrize(
    ("set_id", "rule_id", "index"),
    [(s, r.id, i) for s, r in ALL_RULES for i in range(len(r.cite))],
)
def test_every_citation_is_verbatim_in_its_seed(set_id, rule_id, index):
    rule = next(r for r in RULE_SETS[set_id].rules if r.id == rule_id)
    cite = rule.cite[index]
    assert normalise(cite.quote) in seed_text(cite.seed), f"{set_id} {rule_id}: {cite.quote!r}"


@pytest.mark.parametrize("set_id", sorted(set(RULE_SETS) - {"england-default"}))
def test_england_default_has_every_duty_of_every_area(set_id):
    """The strictest rules cover every area's duties, so a new duty is added there too."""
    default = {r.duty for r in RULE_SETS["england-default"].rules}
    missing = sorted({r.id for r in RULE_SETS[set_id].rules if r.duty not in default})
    assert not missing, missing


@pytest.mark.parametrize("set_id", sorted(set(RULE_SETS) - {"england-default"}))
def test_every_area_has_the_six_hours_and_never_overnight(set_id):
    rules = {r.id: r for r in RULE_SETS[set_id].rules}
    triggers = {r.trigger for r in rules.values() if r.duty == "report_to_police"}
    assert {"unknown_for", "overnight"} <= triggers
    six = [
        r
        for r in rules.values()
        if r.trigger == "unknown_for" and r.delay.elapsed == timedelta(hours=6)
    ]
    assert six and all(c.seed.startswith("000_") for c in six[0].cite)  # only seed 000 says it


def _situation(rule) -> tuple[Situation, datetime, datetime]:
    """A situation that puts the episode on the rule's path; returns it, the expected due
    time and a moment to look at."""
    home = HomeSettings(
        overnight_from=time(22), overnight_until=time(7), away_review_every=timedelta(minutes=90)
    )
    child = ChildFacts(risk_flags=frozenset(rule.flags), foster=rule.foster_only)
    events: list[Event] = []
    history: list[PastEpisode] = []
    reported = T0 + timedelta(hours=1)
    returned = T0 + timedelta(hours=3)
    unknown = rule.applies != "unreported" or rule.trigger != "after_aware"
    aware = Event(
        at=T0, kind=EventKind.AWARE, whereabouts_known=rule.trigger == "away_review" or not unknown
    )
    events.append(aware)

    def delay(anchor, by=rule.delay):
        if by.working_days is not None:
            return add_working_days(anchor, by.working_days, LONDON)
        if by.months is not None:
            return add_months(anchor, by.months, LONDON)
        return after(anchor, by.elapsed or timedelta(0), LONDON)

    trigger = rule.trigger
    look = T0 + timedelta(minutes=1)
    if trigger == "unknown_for":
        due = delay(T0)
    elif trigger == "overnight":
        due = T0.replace(hour=22)
    elif trigger == "risk_flag":
        due = T0
    elif trigger == "plan":
        child = ChildFacts(plan_report_after_hours=2.5)
        due = T0 + timedelta(hours=2.5)
    elif trigger in ("initial_checks", "police_review"):
        due = T0 + timedelta(hours=2)
        kind = (
            EventKind.INITIAL_CHECKS_DEADLINE
            if trigger == "initial_checks"
            else EventKind.POLICE_REVIEW
        )
        events.append(Event(at=T0 + timedelta(minutes=5), kind=kind, due=due))
        look = T0 + timedelta(minutes=10)
    elif trigger == "checks_failed":
        due = T0 + timedelta(hours=2)
        set_at = T0 + timedelta(minutes=5)
        events.append(Event(at=set_at, kind=EventKind.INITIAL_CHECKS_DEADLINE, due=due))
        look = T0 + timedelta(minutes=10)
    elif trigger == "away_review":
        due = T0 + timedelta(minutes=90)
    elif trigger == "after_aware":
        due = delay(T0)
        if rule.harm_only:
            events.append(Event(at=T0 + timedelta(minutes=1), kind=EventKind.HARM_SUSPECTED))
            look = T0 + timedelta(minutes=2)
        if rule.applies == "reported":
            events.append(Event(at=reported, kind=EventKind.REPORTED_TO_POLICE))
            look = reported
    elif trigger in ("after_report", "every_after_report", "until_accepted"):
        events.append(Event(at=reported, kind=EventKind.REPORTED_TO_POLICE))
        due = delay(T0 if rule.from_missing else reported, rule.start or rule.delay)
        look = reported
    elif trigger in ("after_return", "return_interview_missed"):
        events.append(Event(at=reported, kind=EventKind.REPORTED_TO_POLICE))
        events.append(Event(at=returned, kind=EventKind.RETURNED))
        if rule.harm_only:
            events.append(Event(at=returned, kind=EventKind.HARM_SUSPECTED))
        due = delay(returned)
        look = returned
    elif trigger == "count":
        history = [
            PastEpisode(start=T0 - timedelta(days=rule.window_days * (i + 1) / rule.episodes))
            for i in range(rule.episodes - 1)
        ]
        if rule.stage > 1:  # the stage before it held: long before, or soon before if it asks
            days = 2 if rule.since_meeting_working_days else 20
            meeting = (T0 - timedelta(days=days), rule.stage - 1)
            history[0] = replace(history[0], intervention_meetings=(meeting,))
        due = delay(T0)
    elif trigger == "interview_raised_risk":
        events.append(Event(at=reported, kind=EventKind.REPORTED_TO_POLICE))
        events.append(Event(at=returned, kind=EventKind.RETURNED))
        raised = returned + timedelta(hours=2)
        events.append(Event(at=raised, kind=EventKind.RETURN_INTERVIEW_RAISED_RISK))
        due = delay(raised)
        look = raised
    elif trigger == "after_disagreement":
        events.append(Event(at=reported, kind=EventKind.REPORTED_TO_POLICE))
        disagreed = reported + timedelta(minutes=30)
        events.append(Event(at=disagreed, kind=EventKind.GRADING_DISAGREED))
        due = delay(disagreed)
        look = disagreed
    elif trigger == "declined_in_a_row":
        history = [
            PastEpisode(start=T0 - timedelta(days=10 * (i + 1)), return_interview="declined")
            for i in range(rule.count - 1)
        ]
        events.append(Event(at=returned, kind=EventKind.RETURNED))
        events.append(
            Event(at=returned + timedelta(hours=2), kind=EventKind.RETURN_INTERVIEW_DECLINED)
        )
        due = returned + timedelta(hours=2)
        look = due
    elif trigger == "placement_forms":
        child = ChildFacts(placement_start=date(2026, 6, 1))
        due = delay(datetime(2026, 6, 1, tzinfo=LONDON))
    elif trigger == "while_high_risk":
        child = ChildFacts(missing_risk=((T0, "high"),))
        due = delay(T0)
    elif trigger == "photo_age":
        child = ChildFacts(newest_photo=date(2026, 1, 1))
        due = after(
            datetime(2026, 1, 1, tzinfo=LONDON), timedelta(days=home.photo_max_age_days), LONDON
        )
    else:  # pragma: no cover - a new trigger needs a case here
        raise AssertionError(trigger)
    return (
        Situation(home=home, child=child, events=tuple(events), history=tuple(history)),
        due,
        look,
    )


@pytest.mark.parametrize(("set_id", "rule_id"), [(s, r.id) for s, r in ALL_RULES])
def test_every_rule_fires_with_the_deadline_it_states(set_id, rule_id):
    rule = next(r for r in RULE_SETS[set_id].rules if r.id == rule_id)
    alone = RuleSet(id=set_id, name="", seed="", summary="", rules=(rule,))
    situation, due, look = _situation(rule)
    prompts = evaluate([alone], situation, look)
    mine = [p for p in prompts if p.duty == rule.duty]
    assert mine, f"{set_id} {rule_id} did not fire"
    first = mine[0]
    assert first.action == rule.action and first.citations == rule.cite
    assert first.due_at == due, (first.due_at, due)
    assert first.status in ("upcoming", "overdue")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"trigger": "sometimes"}, "trigger 'sometimes' is not known"),
        ({"action": "panic"}, "action 'panic'"),
        ({"hours": None}, "exactly one of hours"),
        ({"cite": []}, "at least one seed citation"),
        ({"flavour": "x"}, "unknown key(s) 'flavour'"),
        ({"severity": "urgent"}, "severity 'urgent' is not one of critical, high, normal, routine"),
        ({"severity": None}, "'severity' must be non-empty text"),
    ],
)
def test_broken_rule_sets_are_refused_with_the_rule_named(change, message):
    rule = {
        "id": "r1",
        "duty": "d",
        "action": "report_to_police",
        "severity": "critical",
        "trigger": "unknown_for",
        "hours": 6,
        "who": "Staff",
        "text": "Report.",
        "cite": [{"seed": "s", "section": "1", "quote": "a b c d"}],
    }
    rule.update(change)
    rule = {k: v for k, v in rule.items() if v is not None}
    data = {"id": "x", "name": "X", "seed": "s", "summary": "S", "rule": [rule]}
    with pytest.raises(RuleSetError) as caught:
        parse_rule_set(data, "x.toml")
    assert "rule 'r1'" in str(caught.value) and message in str(caught.value)
    assert "x.toml" in str(caught.value)


@pytest.mark.parametrize("set_id", sorted(RULE_SETS))
def test_every_police_report_is_critical_and_only_immediate_danger_joins_it(set_id):
    for rule in RULE_SETS[set_id].rules:
        if rule.action in ("report_to_police", "chase_acceptance"):  # not made until accepted
            assert rule.severity == "critical", rule.id
        elif rule.severity == "critical":
            assert rule.action == "notify_police", rule.id  # police to attend: harm suspected
        if rule.trigger in ("placement_forms", "photo_age"):
            assert rule.severity == "routine", rule.id


def test_borrowing_an_unknown_rule_is_refused(tmp_path):
    for name, borrow in (("england-default", ""), ("area", 'borrow = ["nope"]\n')):
        (tmp_path / f"{name}.toml").write_text(
            f'id = "{name}"\nname = "N"\nseed = "s"\nsummary = "S"\n{borrow}'
        )
    with pytest.raises(RuleSetError, match="borrows 'nope'"):
        load_rule_sets(tmp_path)


@pytest.mark.parametrize("set_id", sorted(RULE_SETS))
def test_every_high_risk_flag_means_an_immediate_report_in_every_area(set_id):
    from desktop.domain.timeline import RISK_FLAGS

    covered = {f for r in RULE_SETS[set_id].rules if r.trigger == "risk_flag" for f in r.flags}
    assert covered == set(RISK_FLAGS)


def test_each_rule_set_names_itself_for_the_people_choosing_it():
    from desktop.protocol.rules import protocol_names

    assert protocol_names(RULE_SETS) == {
        "kent-and-medway": "Kent and Medway",
        "north-east-lincolnshire": "North East Lincolnshire (Humberside Police)",
        "northamptonshire": "Northamptonshire",
        "portsmouth": "Portsmouth (Hampshire)",
        "warwickshire": "Warwickshire",
        "england-default": "Another area: use the strictest rules found in any protocol",
    }
    assert list(protocol_names(RULE_SETS))[-1] == "england-default"
    for rule_set in RULE_SETS.values():
        assert rule_set.title and rule_set.title != rule_set.name, rule_set.id


def test_a_rule_set_without_a_name_is_refused():
    with pytest.raises(RuleSetError, match="'name' must be non-empty text"):
        parse_rule_set({"id": "x", "seed": "s", "summary": "S"}, "x.toml")


_TIMING_OR_CLAIM = (
    r"\bnow\b|immediately|at once|straight away|without delay|as soon as"
    r"|hasn't happened|has not happened|has not been done|out of date|has been missing"
)


@pytest.mark.parametrize(("set_id", "rule"), ALL_RULES, ids=lambda v: getattr(v, "id", v))
def test_rule_texts_read_right_whatever_the_status(set_id, rule):
    """When is the screen's to say; a rule's text says what to do, claiming nothing the log
    may contradict (an upcoming report is not due "now"; a catch-up may yet happen)."""
    assert not re.search(_TIMING_OR_CLAIM, rule.text, re.IGNORECASE), (set_id, rule.id)
    assert "{" not in rule.text and "}" not in rule.text, (set_id, rule.id)
