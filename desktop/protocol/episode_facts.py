"""What an episode's timeline says as of now: the facts the engine's rules are read against."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from desktop.domain.timeline import Event, EventKind, Situation

HIGH_GRADING = "high"
"""The police grading that makes an episode high risk (grading.POLICE_GRADINGS)."""

ANSWERING_EVENTS = {
    EventKind.REPORTED_TO_POLICE: ("report_to_police", "done", ""),
    EventKind.SAFE_AND_WELL_DONE: ("safe_and_well_check", "done", ""),
    EventKind.RETURN_INTERVIEW_DONE: ("return_interview", "done", ""),
    EventKind.RETURN_INTERVIEW_DECLINED: ("return_interview", "not_done", "declined by the child"),
    EventKind.RETURN_INTERVIEW_RAISED_RISK: ("return_interview", "done", ""),
    EventKind.INTERVENTION_MEETING: ("repeat_episode_review", "done", ""),
}
INTERVIEWS = {
    EventKind.RETURN_INTERVIEW_DONE: "done",
    EventKind.RETURN_INTERVIEW_RAISED_RISK: "done",
    EventKind.RETURN_INTERVIEW_DECLINED: "declined",
}


@dataclass
class Answer:
    """A duty answered in the log: when, which action, done or not, and why."""

    at: datetime
    action: str
    outcome: str
    reason: str
    rule: str = ""  # the rule whose prompt it answers, where the log says
    stage: int | None = None  # an intervention meeting's stage


@dataclass
class EpisodeFacts:
    """What the log says, as of now."""

    aware_at: datetime | None = None
    spells: list[tuple[datetime, datetime | None]] = field(default_factory=list)
    known_since: datetime | None = None
    reported_at: datetime | None = None
    accepted_at: datetime | None = None  # when the police confirmed they accepted the report
    returned_at: datetime | None = None
    flags: dict[str, datetime] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)
    checks_deadlines: list[datetime] = field(default_factory=list)
    police_reviews: list[datetime] = field(default_factory=list)
    interview: str | None = None
    harm_suspected: bool = False
    return_notified_at: datetime | None = None  # when the home was told of the return
    risk_raised_at: datetime | None = None  # when a return interview raised the risk
    disagreed_at: datetime | None = None  # when the home first disagreed with the police grading
    meetings: list[tuple[datetime, int]] = field(default_factory=list)  # intervention meetings
    graded_high_at: datetime | None = None  # when the police first graded the episode high

    @property
    def first_unknown(self) -> datetime | None:
        """When whereabouts first became unknown."""
        return self.spells[0][0] if self.spells else None

    @property
    def currently_unknown(self) -> bool:
        """True while whereabouts are unknown now."""
        return bool(self.spells) and self.spells[-1][1] is None and self.returned_at is None

    @property
    def away_known(self) -> bool:
        """True while away with whereabouts known."""
        return self.known_since is not None and self.returned_at is None

    @property
    def high_risk(self) -> bool:
        """True once any risk flag is raised, or once the police grade the episode high.

        "Assessed as high risk" (Warwickshire, Northamptonshire) is either: the police's
        grading, or the vulnerabilities the risk assessment flags "not graded as high risk by
        the Police but considered especially vulnerable". A later downgrading does not undo it:
        a duty the grading brought forward stays where it was.
        """
        return bool(self.flags) or self.graded_high_at is not None


def utc_event(event: Event) -> Event:
    """The event with its times in UTC: local times repeat when the clocks go back."""
    return replace(
        event, at=event.at.astimezone(UTC), due=event.due.astimezone(UTC) if event.due else None
    )


def read_episode(situation: Situation, now: datetime) -> EpisodeFacts:
    """Walk the timeline up to ``now`` and say what it shows."""
    ep = EpisodeFacts()
    unknown = False
    events = [utc_event(e) for e in situation.events]
    for event in sorted((e for e in events if e.at <= now), key=lambda e: e.at):
        kind = event.kind
        if kind is EventKind.AWARE and ep.aware_at is None:
            ep.aware_at = event.at
            for flag in situation.child.risk_flags:
                ep.flags.setdefault(flag, event.at)
            if event.whereabouts_known:
                ep.known_since = event.at
            else:
                ep.spells.append((event.at, None))
                unknown = True
        elif kind is EventKind.WHEREABOUTS_UNKNOWN and not unknown and ep.returned_at is None:
            ep.spells.append((event.at, None))
            ep.known_since = None
            unknown = True
        elif kind is EventKind.WHEREABOUTS_KNOWN and ep.returned_at is None:
            if unknown:
                ep.spells[-1] = (ep.spells[-1][0], event.at)
                unknown = False
            ep.known_since = ep.known_since or event.at
        elif kind is EventKind.RISK_FLAG and event.flag:
            ep.flags.setdefault(event.flag, event.at)
        elif kind is EventKind.RETURNED and ep.returned_at is None:
            ep.returned_at = event.at
            if unknown:
                ep.spells[-1] = (ep.spells[-1][0], event.at)
                unknown = False
            ep.known_since = None
        elif kind is EventKind.INITIAL_CHECKS_DEADLINE and event.due:
            ep.checks_deadlines.append(event.due)
        elif kind is EventKind.POLICE_REVIEW and event.due:
            ep.police_reviews.append(event.due)
        elif kind is EventKind.HARM_SUSPECTED:
            ep.harm_suspected = True
        elif kind is EventKind.RETURN_NOTIFIED and ep.return_notified_at is None:
            ep.return_notified_at = event.at
        elif kind is EventKind.RETURN_INTERVIEW_RAISED_RISK and ep.risk_raised_at is None:
            ep.risk_raised_at = event.at
        elif kind is EventKind.GRADING_DISAGREED and ep.disagreed_at is None:
            ep.disagreed_at = event.at
        elif kind is EventKind.POLICE_GRADED and event.grading == HIGH_GRADING:
            ep.graded_high_at = ep.graded_high_at or event.at
        elif kind is EventKind.INTERVENTION_MEETING and event.stage:
            ep.meetings.append((event.at, event.stage))
        if kind is EventKind.POLICE_ACCEPTED and ep.accepted_at is None:
            ep.accepted_at = event.at
        if kind is EventKind.REPORTED_TO_POLICE and ep.reported_at is None:
            ep.reported_at = event.at
        if kind in INTERVIEWS:
            ep.interview = INTERVIEWS[kind]
        if kind in ANSWERING_EVENTS:
            action, outcome, reason = ANSWERING_EVENTS[kind]
            ep.answers.append(Answer(event.at, action, outcome, reason, stage=event.stage))
        elif kind is EventKind.ANSWERED and event.action:
            outcome = event.outcome or "done"
            ep.answers.append(Answer(event.at, event.action, outcome, event.reason, event.rule))
    return ep
