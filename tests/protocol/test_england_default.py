"""england-default at its strictest: for every duty it shares with an area, never a later deadline.

Presence alone is checked by ``test_rule_sets``; here each area's rule set and england-default
are evaluated on the same timelines — reported at once or late, back in hours or missing for
months, away with whereabouts known, harmed, at high risk, fostered, going missing again, over
weekends, bank holidays and clock changes — and wherever an area prompts a duty, england-default
prompts it too, by then or earlier, and does not let it fall away while the area's stands.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
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
from desktop.protocol.engine import VOID, Prompt, evaluate
from desktop.protocol.rules import DEFAULT_RULE_SET, load_rule_sets

LONDON = ZoneInfo("Europe/London")
RULE_SETS = load_rule_sets(paths.protocols_dir())
AREAS = sorted(set(RULE_SETS) - {DEFAULT_RULE_SET})
STARTS = {
    "Wednesday afternoon": datetime(2026, 6, 10, 14, 0, tzinfo=LONDON),
    "Christmas Eve": datetime(2026, 12, 24, 18, 0, tzinfo=LONDON),  # bank holidays, a weekend
}
LOOK_HOURS = (0.02, 5, 26, 80, 24 * 8, 24 * 30, 24 * 100, 24 * 200)
CHILDREN = {
    "no flags": ChildFacts(),
    "at risk of exploitation": ChildFacts(risk_flags=frozenset({"cse"})),
}
RARER_CHILDREN = {
    "fostered": ChildFacts(foster=True),
    "plan: report after 2 hours": ChildFacts(plan_report_after_hours=2),
    "placed as planned": ChildFacts(placement_planned=True),
    "graded at high risk of going missing, a review held": ChildFacts(
        missing_risk=((datetime(2026, 5, 1, 10, 0, tzinfo=LONDON), "high"),),
        risk_reviews=(datetime(2026, 6, 2, 11, 0, tzinfo=LONDON),),
    ),
}
"""Tried on a few timelines only: they change who acts, not when most duties fall due."""


@dataclass(frozen=True)
class Timeline:
    """Events so many hours after the start; earlier episodes so many days before it."""

    events: tuple[tuple[float, EventKind, dict[str, Any]], ...]
    history: tuple[tuple[float, dict[str, Any]], ...] = field(default=())


AWARE = (0.0, EventKind.AWARE, {"whereabouts_known": False})
REPORT = (1.0, EventKind.REPORTED_TO_POLICE, {})
BACK = (3.0, EventKind.RETURNED, {})
TIMELINES: dict[str, Timeline] = {
    "never reported": Timeline((AWARE,)),
    "reported, still missing": Timeline((AWARE, REPORT)),
    "reported late": Timeline((AWARE, (9.0, EventKind.REPORTED_TO_POLICE, {}))),
    "away two days, then missing": Timeline(
        (
            (0.0, EventKind.AWARE, {"whereabouts_known": True}),
            (48.0, EventKind.WHEREABOUTS_UNKNOWN, {}),
            (72.0, EventKind.REPORTED_TO_POLICE, {}),
        )
    ),
    "back in hours": Timeline((AWARE, REPORT, BACK)),
    "back unreported": Timeline((AWARE, (2.0, EventKind.RETURNED, {}))),
    "back after ten days, harmed": Timeline(
        (AWARE, REPORT, (240.0, EventKind.RETURNED, {}), (240.0, EventKind.HARM_SUSPECTED, {}))
    ),
    "harm suspected while missing": Timeline((AWARE, (0.5, EventKind.HARM_SUSPECTED, {}), REPORT)),
    "checks with a deadline and a police review": Timeline(
        (
            AWARE,
            (0.1, EventKind.INITIAL_CHECKS_DEADLINE, {"due": 2.0}),
            (3.0, EventKind.REPORTED_TO_POLICE, {}),
            (3.1, EventKind.POLICE_REVIEW, {"due": 8.0}),
        )
    ),
    "third in 28 days": Timeline((AWARE, REPORT, BACK), ((5, {}), (20, {}))),
    "third in 90 days, from 3 months back": Timeline((AWARE, REPORT, BACK), ((91.5, {}), (40, {}))),
    "sixth in 90 days": Timeline(
        (AWARE, REPORT, BACK), tuple((d, {}) for d in (80, 60, 40, 20, 5))
    ),
    "ninth in 90 days": Timeline((AWARE, BACK), tuple((d, {}) for d in range(85, 4, -10))),
    "second ever, years apart": Timeline((AWARE, REPORT, BACK), ((1500, {}),)),
    "told of the return hours later": Timeline(
        (AWARE, REPORT, BACK, (11.0, EventKind.RETURN_NOTIFIED, {}))
    ),
    "the home disagrees with the police's grading": Timeline(
        (AWARE, REPORT, (2.0, EventKind.GRADING_DISAGREED, {}))
    ),
    "return interview raised the risk": Timeline(
        (AWARE, REPORT, BACK, (20.0, EventKind.RETURN_INTERVIEW_RAISED_RISK, {}))
    ),
    "sixth in 90 days, a Stage 1 meeting held": Timeline(
        (AWARE, REPORT, BACK),
        ((80, {"meetings": ((30, 1),)}), *((d, {}) for d in (60, 40, 20, 5))),
    ),
    "sixth in 90 days, two days after a Stage 1 meeting": Timeline(
        (AWARE, REPORT, BACK),
        ((80, {"meetings": ((2, 1),)}), *((d, {}) for d in (60, 40, 20, 5))),
    ),
    "ninth in 90 days, Stages 1 and 2 held": Timeline(
        (AWARE, BACK),
        ((85, {"meetings": ((60, 1), (30, 2))}), *((d, {}) for d in range(75, 4, -10))),
    ),
    "third interview declined": Timeline(
        (AWARE, REPORT, BACK, (30.0, EventKind.RETURN_INTERVIEW_DECLINED, {})),
        ((60, {"return_interview": "declined"}), (30, {"return_interview": "declined"})),
    ),
}


def _situation(start: datetime, child: ChildFacts, timeline: Timeline) -> Situation:
    def when(hours: float) -> datetime:
        return start + timedelta(hours=hours)

    events = tuple(
        Event(
            at=when(hours),
            kind=kind,
            **{k: when(v) if k == "due" else v for k, v in extra.items()},
        )
        for hours, kind, extra in timeline.events
    )
    history = tuple(
        PastEpisode(
            start=start - timedelta(days=days),
            returned=when(-24 * days + 3),
            return_interview=extra.get("return_interview"),
            intervention_meetings=tuple(
                (start - timedelta(days=before), stage)
                for before, stage in extra.get("meetings", ())
            ),
        )
        for days, extra in sorted(timeline.history, key=lambda h: -h[0])
    )
    profile = replace(
        child, placement_start=start.date() - timedelta(days=2), newest_photo=date(2025, 12, 1)
    )
    return Situation(home=HomeSettings(), child=profile, events=events, history=history)


def _cases() -> Iterator[tuple[str, Situation, datetime]]:
    rarer = ("reported, still missing", "back in hours", "never reported")
    for start_name, start in STARTS.items():
        for name, timeline in TIMELINES.items():
            children = {**CHILDREN, **(RARER_CHILDREN if name in rarer else {})}
            for child_name, child in children.items():
                situation = _situation(start, child, timeline)
                for hours in LOOK_HOURS:
                    now = start + timedelta(hours=hours)
                    yield f"{name}; {child_name}; {start_name}; +{hours:g} h", situation, now


CASES = list(_cases())


def _by_duty(prompts: list[Prompt]) -> dict[str, list[Prompt]]:
    out: dict[str, list[Prompt]] = {}
    for p in prompts:
        out.setdefault(p.duty, []).append(p)
    return out


@pytest.fixture(scope="module")
def strictest() -> list[dict[str, list[Prompt]]]:
    """england-default's prompts in each case, by duty."""
    default = RULE_SETS[DEFAULT_RULE_SET]
    return [_by_duty(evaluate([default], situation, now)) for _, situation, now in CASES]


@pytest.mark.parametrize("area", AREAS)
def test_england_default_is_never_later_than_an_area(area, strictest):
    later: dict[tuple[str, str], str] = {}
    tried: set[str] = set()
    for (name, situation, now), default in zip(CASES, strictest, strict=True):
        for prompt in evaluate([RULE_SETS[area]], situation, now):
            if prompt.status == VOID:
                continue
            tried.add(prompt.duty)
            mine = [p.due_at for p in default.get(prompt.duty, []) if p.status != VOID]
            if mine and min(mine) <= prompt.due_at:
                continue
            shown = f"{min(mine).astimezone(LONDON):%d/%m %H:%M}" if mine else "nothing"
            later.setdefault(
                (prompt.duty, prompt.rule),
                f"{prompt.duty} ({area} {prompt.rule}): due "
                f"{prompt.due_at.astimezone(LONDON):%d/%m %H:%M}, england-default {shown} — {name}",
            )
    assert not later, "\n".join(sorted(later.values()))
    untried = sorted({r.duty for r in RULE_SETS[area].rules} - tried)
    assert not untried, f"no timeline here prompts {untried}: add one that does"
