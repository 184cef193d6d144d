"""From a child's plain records to what the engine reads, and the prompts for that child now.

The store hands over everything in one read (:class:`ChildRecords`); this module decides what
it means for the protocol — the risk flags the forms record, which episode is current, what
the past episodes count for — so the store never runs the engine and the engine never reads
the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from desktop.domain.episode import EpisodeState, effective_log, episode_state, is_away, timeline
from desktop.domain.missing_risk import RiskEntry, RiskEntryKind
from desktop.domain.model import Child, Episode, FormVersion, Home, LogEntry, PhotoInfo
from desktop.domain.timeline import ChildFacts, HomeSettings, PastEpisode, Situation
from desktop.formspec import FormSpec, risk_flags
from desktop.formspec.prefill import with_prefill
from desktop.protocol.engine import Prompt, evaluate
from desktop.protocol.interviews import OUTCOMES as INTERVIEW_OUTCOMES
from desktop.protocol.rules import RuleSet, RuleSetError

T = TypeVar("T")

PROFILE_FORMS = ("part_a", "locations")
"""Both saved means the child's profile is complete (the placement duty is answered)."""


@dataclass(frozen=True, slots=True)
class EpisodeRecord:
    """One episode with its whole log as written."""

    episode: Episode
    log: tuple[LogEntry, ...]


@dataclass(frozen=True, slots=True)
class ChildRecords:
    """Everything about one child that the protocol reads, taken in one consistent read."""

    home: Home
    child: Child
    forms: Mapping[str, FormVersion] = field(default_factory=dict)
    """The newest saved version of each of the child's own forms, by form id."""
    photos: tuple[PhotoInfo, ...] = ()
    """Newest first."""
    episodes: tuple[EpisodeRecord, ...] = ()
    """Newest first."""
    missing_risk: tuple[RiskEntry, ...] = ()
    """The child's standing gradings of risk of going missing and review meetings, oldest first."""
    """Newest first. Where ``history`` is given, only the current episode (if any)."""
    history: tuple[PastEpisode, ...] | None = None
    """Every episode but the current one, as the engine reads it, summarised by the store so
    that a child's years of past logs are not read to learn a few facts from each (None: work
    it out from ``episodes``)."""

    @property
    def current(self) -> EpisodeRecord | None:
        """The episode in which the child is away; else the newest, unless it is closed.

        Awareness can be entered earlier than it was logged, so an episode logged in error and
        closed can be newer than the real absence: the absence still comes first.
        """
        return current_episode(self.episodes, lambda record: list(record.log))


def current_episode(newest_first: Sequence[T], log_of: Callable[[T], list[LogEntry]]) -> T | None:
    """Of episodes (newest first), the one still away, else the newest unless it is closed."""
    pairs = [(e, episode_state(log_of(e))) for e in newest_first]
    chosen = pick_current(
        pairs, away=lambda p: is_away(p[1]), closed=lambda p: p[1] is EpisodeState.CLOSED
    )
    return None if chosen is None else chosen[0]


def pick_current(
    newest_first: Sequence[T], *, away: Callable[[T], bool], closed: Callable[[T], bool]
) -> T | None:
    """The child's current episode: the one still away, else the newest unless it is closed.

    One rule, whether the episodes are read from whole logs or from their digests.
    """
    still_away = next((e for e in newest_first if away(e)), None)
    if still_away is not None or not newest_first:
        return still_away
    return None if closed(newest_first[0]) else newest_first[0]


def part_a_answers(records: ChildRecords, part_a: FormSpec) -> dict[str, Any]:
    """The child's newest Part A answers, with the child's record filling what was never given."""
    saved = records.forms.get(part_a.id)
    return with_prefill(part_a, records.child, saved.values if saved else {})


_INTERVIEWS = INTERVIEW_OUTCOMES  # the one reading of interview entries (interviews.py)


def past_episode(record: EpisodeRecord) -> PastEpisode:
    """What an episode counts for once it is over (repeat counts, interviews, meetings)."""
    entries = effective_log(list(record.log))
    returned = next((e.event_at for e in entries if e.kind == "returned"), None)
    interview = next(
        (_INTERVIEWS[e.kind] for e in reversed(entries) if e.kind in _INTERVIEWS), None
    )
    return PastEpisode(
        start=record.episode.aware_at,
        returned=returned,
        reported_to_police=any(e.kind == "police_report" for e in entries),
        return_interview=interview,
        intervention_meetings=tuple(
            (e.event_at, int(e.body["stage"])) for e in entries if e.kind == "intervention_meeting"
        ),
    )


def build_situation(records: ChildRecords, forms: Mapping[str, FormSpec]) -> Situation:
    """What the escalation engine needs for a child, as of the records."""
    home, child = records.home, records.child
    part_a = forms["part_a"]
    answers = part_a_answers(records, part_a)
    newest = next(iter(records.photos), None)
    profile = [records.forms.get(f) for f in PROFILE_FORMS]
    facts = ChildFacts(
        forms_completed_at=(max(v.saved_at for v in profile if v) if all(profile) else None),
        date_of_birth=child.date_of_birth,
        risk_flags=risk_flags(part_a, answers, child=child),
        plan_report_after_hours=answers.get("report_after_hours"),
        plan_report_immediately=answers.get("report_immediately") is True,
        placement_start=child.placement_start,
        placement_planned=child.placement_planned,
        newest_photo=(newest.taken_on or newest.added_at.date()) if newest else None,
        missing_risk=tuple(
            (e.at, e.level.value)
            for e in records.missing_risk
            if e.kind is RiskEntryKind.LEVEL and e.level
        ),
        risk_reviews=tuple(e.at for e in records.missing_risk if e.kind is RiskEntryKind.REVIEW),
    )
    settings = HomeSettings(
        overnight_from=home.overnight_start,
        overnight_until=home.overnight_end,
        away_review_every=timedelta(minutes=home.review_interval_minutes),
        photo_max_age_days=home.photo_max_age_days,
        timezone=home.timezone,
    )
    current = records.current
    history = (
        list(records.history)
        if records.history is not None
        else [past_episode(r) for r in records.episodes if r is not current]
    )
    return Situation(
        home=settings,
        child=facts,
        events=timeline(list(current.log)) if current else (),
        history=tuple(sorted(history, key=lambda p: p.start)),
    )


def applicable(rule_sets: Mapping[str, RuleSet], home: Home, child: Child) -> list[RuleSet]:
    """The home's protocol, and the responsible authority's too when it differs.

    The responsible authority's comes first, so its citations come first.
    """
    ids = [home.protocol_id]
    if child.responsible_protocol_id and child.responsible_protocol_id != home.protocol_id:
        ids.insert(0, child.responsible_protocol_id)
    unknown = [i for i in ids if i not in rule_sets]
    if unknown:
        raise RuleSetError(
            f"This child's records name a protocol ({', '.join(unknown)}) that this version of "
            "Philomena Desk does not have. Choose the protocol again in the child's details."
        )
    return [rule_sets[i] for i in ids]


def child_prompts(
    records: ChildRecords,
    *,
    rule_sets: Mapping[str, RuleSet],
    forms: Mapping[str, FormSpec],
    now: datetime,
) -> list[Prompt]:
    """The prompts for a child at ``now``."""
    return evaluate(
        applicable(rule_sets, records.home, records.child),
        build_situation(records, forms),
        now,
    )
