"""What the escalation engine reads: an episode as a timeline of facts, plus the child and home.

These are plain values built from the log (or from a scenario file), so the engine stays a pure
function that tests can drive with any clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

RISK_FLAG_NAMES: dict[str, str] = {
    "medication": "Needs essential medication",
    "abduction": "Could have been taken, or a crime against them may be happening",
    "cse": "At risk of sexual exploitation",
    "cce": "At risk of criminal exploitation or county lines",
    "self_harm": "At risk of self-harm or suicide",
    "learning_disability": "Does not understand the dangers (e.g. learning disability)",
    "young_age": "Under 12 years old",
    "trafficking": "At risk of trafficking, forced marriage or FGM",
    "uasc": "Unaccompanied asylum-seeking child",
    "absconder": "On bail, curfew, tag or another court order",
    "remand": "Remanded to local authority accommodation",
    "legal_order": "On a care order, emergency protection order or in police protection",
    "weather": "Weather could put their health at risk",
}
"""Each risk flag by the plain name people read it by (the risk assessment's own words)."""
RISK_FLAGS: tuple[str, ...] = tuple(RISK_FLAG_NAMES)
"""Flags that make an absence high risk (the closed list the protocols' triggers use)."""
INTERVENTION_STAGES: dict[int, str] = {1: "Stage 1", 2: "Stage 2", 3: "Escalation"}
"""The stages of missing intervention meetings for repeated episodes, in order, by the names
Warwickshire's protocol gives them (a Stage 1, a Stage 2 and an Escalation meeting)."""


class EventKind(StrEnum):
    """Facts about an episode that the rules react to."""

    AWARE = "aware"
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown"
    WHEREABOUTS_KNOWN = "whereabouts_known"
    RISK_FLAG = "risk_flag"
    REPORTED_TO_POLICE = "reported_to_police"
    POLICE_ACCEPTED = "police_accepted"
    RETURNED = "returned"
    SAFE_AND_WELL_DONE = "safe_and_well_done"
    RETURN_INTERVIEW_DONE = "return_interview_done"
    RETURN_INTERVIEW_DECLINED = "return_interview_declined"
    ANSWERED = "answered"
    INITIAL_CHECKS_DEADLINE = "initial_checks_deadline"
    POLICE_REVIEW = "police_review"
    HARM_SUSPECTED = "harm_suspected"
    RETURN_NOTIFIED = "return_notified"
    RETURN_INTERVIEW_RAISED_RISK = "return_interview_raised_risk"
    INTERVENTION_MEETING = "intervention_meeting"
    GRADING_DISAGREED = "grading_disagreed"
    POLICE_GRADED = "police_graded"


@dataclass(frozen=True, slots=True)
class Event:
    """One fact with the moment it happened (event time, not typing time)."""

    at: datetime
    kind: EventKind
    whereabouts_known: bool | None = None  # on AWARE
    flag: str | None = None  # on RISK_FLAG
    action: str | None = None  # on ANSWERED
    outcome: str | None = None  # "done" or "not_done", on ANSWERED
    reason: str = ""
    due: datetime | None = None  # on INITIAL_CHECKS_DEADLINE and POLICE_REVIEW
    rule: str = ""  # on ANSWERED: the rule whose prompt was answered, where it is known
    stage: int | None = None  # on INTERVENTION_MEETING: a key of INTERVENTION_STAGES
    grading: str = ""  # on POLICE_GRADED: the police's category (grading.GRADING_VALUES)


@dataclass(frozen=True, slots=True)
class PastEpisode:
    """An earlier episode, for repeat-episode counts."""

    start: datetime
    returned: datetime | None = None
    reported_to_police: bool = False
    return_interview: str | None = None  # "done", "declined" or None
    intervention_meetings: tuple[tuple[datetime, int], ...] = ()  # (held at, stage)


@dataclass(frozen=True, slots=True)
class ChildFacts:
    """What the rules need to know about the child and their placement plan."""

    date_of_birth: date | None = None
    risk_flags: frozenset[str] = frozenset()
    plan_report_after_hours: float | None = None
    plan_report_immediately: bool = False
    plan_overnight_from: time | None = None
    placement_start: date | None = None
    newest_photo: date | None = None
    foster: bool = False
    forms_completed_at: datetime | None = None  # when Part A and Locations were both saved
    placement_planned: bool | None = None  # None: the child's record does not say
    missing_risk: tuple[tuple[datetime, str], ...] = ()
    """The child's standing gradings of risk of going missing: (decided at, low|medium|high)."""
    risk_reviews: tuple[datetime, ...] = ()
    """When review meetings for a child at high risk of going missing were held."""


@dataclass(frozen=True, slots=True)
class HomeSettings:
    """The home's own settings that rules use."""

    overnight_from: time = time(22, 0)
    overnight_until: time = time(7, 0)
    away_review_every: timedelta = timedelta(hours=1)
    photo_max_age_days: int = 183
    timezone: str = "Europe/London"


@dataclass(frozen=True, slots=True)
class Situation:
    """Everything the engine is asked about."""

    home: HomeSettings
    child: ChildFacts
    events: tuple[Event, ...] = ()
    history: tuple[PastEpisode, ...] = field(default_factory=tuple)
