"""The engine's newer facts: a return notified late, an interview raising the risk, meetings by
stage, planned placements, and answers that name the prompt they answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from desktop import paths
from desktop.domain.timeline import ChildFacts, Event, EventKind, HomeSettings, Situation
from desktop.protocol.engine import Prompt, evaluate
from desktop.protocol.rules import RuleSetError, load_rule_sets, parse_rule_set

LONDON = ZoneInfo("Europe/London")
SETS = load_rule_sets(paths.protocols_dir())


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def _prompts(
    set_id: str, *events: Event, now: str, child: ChildFacts | None = None
) -> list[Prompt]:
    situation = Situation(home=HomeSettings(), child=child or ChildFacts(), events=events)
    return evaluate([SETS[set_id]], situation, at(now))


def _one(prompts: list[Prompt], rule: str) -> Prompt:
    [prompt] = [p for p in prompts if p.rule == rule]
    return prompt


AWARE = Event(at=at("2026-06-01T12:00"), kind=EventKind.AWARE, whereabouts_known=False)
REPORTED = Event(at=at("2026-06-01T13:00"), kind=EventKind.REPORTED_TO_POLICE)
RETURNED = Event(at=at("2026-06-02T09:00"), kind=EventKind.RETURNED)


def test_an_answer_naming_its_rule_settles_that_prompt_not_the_earliest():
    events = (
        AWARE,
        Event(
            at=at("2026-06-01T12:01"),
            kind=EventKind.INITIAL_CHECKS_DEADLINE,
            due=at("2026-06-01T13:00"),
        ),
        Event(at=at("2026-06-01T12:02"), kind=EventKind.POLICE_REVIEW, due=at("2026-06-01T18:00")),
        Event(
            at=at("2026-06-01T12:30"),
            kind=EventKind.ANSWERED,
            action="review_absence",
            outcome="done",
            rule="review.police_agreed",
        ),
    )
    prompts = _prompts("kent-and-medway", *events, now="2026-06-01T12:40")
    assert _one(prompts, "review.police_agreed").status == "answered"
    assert _one(prompts, "checks.deadline").status == "upcoming"


def test_a_notice_of_the_return_logged_before_the_return_counts_from_the_return():
    early = Event(at=at("2026-06-02T08:00"), kind=EventKind.RETURN_NOTIFIED)
    prompts = _prompts("warwickshire", AWARE, REPORTED, early, RETURNED, now="2026-06-02T10:00")
    assert _one(prompts, "return.conversation").due_at == at("2026-06-05T09:00")


def test_only_rules_that_say_so_count_from_the_notice():
    notice = Event(at=at("2026-06-02T15:00"), kind=EventKind.RETURN_NOTIFIED)
    prompts = _prompts("warwickshire", AWARE, REPORTED, RETURNED, notice, now="2026-06-02T16:00")
    assert _one(prompts, "return.conversation").due_at == at("2026-06-05T15:00")
    assert _one(prompts, "return.prevention_interview").due_at == at("2026-06-03T09:00")


def test_a_return_interview_that_raised_the_risk_answers_the_interview():
    raised = Event(at=at("2026-06-03T10:00"), kind=EventKind.RETURN_INTERVIEW_RAISED_RISK)
    prompts = _prompts("portsmouth", AWARE, REPORTED, RETURNED, raised, now="2026-06-03T11:00")
    assert _one(prompts, "return.interview_72h").status == "answered"
    meeting = _one(prompts, "strategy.high_risk_after_interview")
    assert meeting.due_at == at("2026-06-10T10:00") and meeting.status == "upcoming"


@pytest.mark.parametrize(
    ("planned", "due"),
    [(True, "2026-09-07T00:00"), (False, "2026-09-12T00:00"), (None, "2026-09-12T00:00")],
)
def test_forms_for_a_planned_placement_are_due_before_it_starts(planned, due):
    child = ChildFacts(placement_start=date(2026, 9, 7), placement_planned=planned)
    prompts = _prompts("warwickshire", now="2026-09-01T09:00", child=child)
    assert _one(prompts, "forms.philomena_placement").due_at == at(due)
    assert _one(prompts, "forms.missing_trigger_plan").due_at == at("2026-09-12T00:00")


def test_a_staged_prompt_carries_its_stage():
    raised = Event(at=at("2026-06-03T10:00"), kind=EventKind.RETURN_INTERVIEW_RAISED_RISK)
    prompts = _prompts("warwickshire", AWARE, REPORTED, RETURNED, raised, now="2026-06-03T11:00")
    assert _one(prompts, "repeat.stage_1_high_risk").stage == 1
    assert _one(prompts, "return.conversation").stage == 0


RULE: dict[str, Any] = {
    "id": "r1",
    "duty": "d",
    "action": "repeat_episode_review",
    "severity": "normal",
    "trigger": "count",
    "episodes": 6,
    "window_days": 90,
    "who": "Manager",
    "text": "Meet.",
    "cite": [{"seed": "s", "section": "1", "quote": "a b c d"}],
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stage": 4}, "'stage' must be one of 1, 2, 3"),
        ({"stage": True}, "'stage' must be one of 1, 2, 3"),
        ({"trigger": "after_return", "hours": 0, "stage": 1}, "only a count or interview_raised"),
        ({"stage": 1, "since_meeting_working_days": 5}, "needs a count rule of stage 2 on"),
        ({"stage": 2, "since_meeting_working_days": "5"}, "must be a whole number"),
        ({"planned_hours": 0}, "only a placement_forms rule takes planned_hours"),
        ({"from": "return_notice"}, "only a rule after the return can count from its notice"),
        ({"from": "later"}, 'must be "report", "missing" or "return_notice"'),
    ],
)
def test_malformed_new_keys_are_refused_naming_the_rule(change, message):
    data = {"id": "x", "name": "X", "seed": "s", "summary": "S", "rule": [{**RULE, **change}]}
    with pytest.raises(RuleSetError, match="rule 'r1'") as caught:
        parse_rule_set(data, "x.toml")
    assert message in str(caught.value)
