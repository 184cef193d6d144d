"""The child's standing grading of risk of going missing, as the engine and scenarios read it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop import paths
from desktop.domain.timeline import ChildFacts, Event, EventKind, HomeSettings, Situation
from desktop.protocol.engine import evaluate
from desktop.protocol.rules import load_rule_sets
from desktop.protocol.scenario import ScenarioError, parse_scenario

LONDON = ZoneInfo("Europe/London")
RULE_SETS = load_rule_sets(paths.protocols_dir())
HIGH = datetime(2026, 5, 4, 14, 0, tzinfo=LONDON)


def _reviews(child: ChildFacts, now: datetime, events: tuple[Event, ...] = ()):
    situation = Situation(home=HomeSettings(), child=child, events=events)
    prompts = evaluate([RULE_SETS["portsmouth"]], situation, now)
    return [p for p in prompts if p.action == "high_risk_review"]


def test_the_review_is_a_duty_of_the_child_shown_with_no_episode():
    [review] = _reviews(ChildFacts(missing_risk=((HIGH, "high"),)), HIGH + timedelta(days=1))
    assert review.standing and review.profile  # not an episode's duty: kept off Part B
    assert review.due_at == HIGH + timedelta(days=42)
    assert review.who == "Child's social worker"


def test_a_review_not_done_does_not_count_as_held():
    aware = Event(at=HIGH + timedelta(days=3), kind=EventKind.AWARE, whereabouts_known=False)
    not_done = Event(
        at=HIGH + timedelta(days=4),
        kind=EventKind.ANSWERED,
        action="high_risk_review",
        outcome="not_done",
        reason="Social worker on leave",
    )
    child = ChildFacts(missing_risk=((HIGH, "high"),))
    [review] = _reviews(child, HIGH + timedelta(days=5), (aware, not_done))
    assert review.status == "upcoming" and review.due_at == HIGH + timedelta(days=42)


def test_a_grading_decided_after_now_is_not_read_yet():
    child = ChildFacts(missing_risk=((HIGH, "high"),))
    assert _reviews(child, HIGH - timedelta(minutes=1)) == []


@pytest.mark.parametrize(
    ("child", "message"),
    [
        ('missing_risk = [{ at = "2026-05-04T14:00", level = "severe" }]', "must be one of"),
        ('missing_risk = [{ at = "2026-05-04T14:00" }]', "exactly 'at' and 'level'"),
        (
            'missing_risk = [{ at = "2026-05-04T14:00", level = "high" },'
            ' { at = "2026-05-01T14:00", level = "low" }]',
            "in time order",
        ),
        ('risk_reviews_held = "2026-05-04T14:00"', "must be a list of times"),
    ],
)
def test_a_malformed_grading_in_a_scenario_is_refused_with_its_line(child, message):
    text = f'protocol = "portsmouth"\n[child]\n{child}\n'
    with pytest.raises(ScenarioError, match=message) as caught:
        parse_scenario(text, set(RULE_SETS))
    assert "(line 3)" in caught.value.message
