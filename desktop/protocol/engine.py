"""The escalation engine: a pure function of (rule sets, situation, now) → prompts.

No Qt, no SQL, no clock: the caller says what "now" is. Each rule proposes a prompt from the
episode's timeline; prompts for the same duty are merged (the earliest deadline wins, and across
the responsible and host authorities' rule sets both citations are kept); then answers from the
log are matched to prompts, earliest deadline first, and every prompt gets its status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from desktop.domain.citation import Citation
from desktop.domain.timeline import Situation
from desktop.protocol.candidates import Candidate as _Candidate
from desktop.protocol.candidates import assign_answers as _assign_answers
from desktop.protocol.candidates import merge_across as _merge_across
from desktop.protocol.candidates import merge_within as _merge_within
from desktop.protocol.clock_maths import (
    add_months,
    add_working_days,
    after,
    local,
    next_overnight_start,
)
from desktop.protocol.counts import count_window_start, episodes_in_window
from desktop.protocol.episode_facts import EpisodeFacts as _Episode
from desktop.protocol.episode_facts import read_episode as _read_episode
from desktop.protocol.rules import Delay, Rule, RuleSet
from desktop.protocol.series import occurrences
from desktop.protocol.stages import stage_due
from desktop.protocol.standing import STANDING_TRIGGERS, next_review

UPCOMING, OVERDUE, ANSWERED, VOID = "upcoming", "overdue", "answered", "void"


@dataclass(frozen=True, slots=True)
class Prompt:
    """Something staff must do, by when, who, why (the citations) and where it stands."""

    action: str
    rule: str
    duty: str
    due_at: datetime
    status: str
    who: str
    text: str
    citations: tuple[Citation, ...]
    answered_at: datetime | None = None
    outcome: str | None = None
    reason: str = ""
    profile: bool = False  # about the child's standing records, not the current episode
    severity: str = "normal"  # the rule's: how much the duty matters (rules.SEVERITIES)
    stage: int = 0  # the intervention-meeting stage it asks for (INTERVENTION_STAGES), if any
    standing: bool = False  # lasts while the child's standing grading does, episode or none


PROFILE_TRIGGERS = frozenset({"placement_forms", "photo_age"}) | STANDING_TRIGGERS


class _Evaluator:
    """Turns one rule set's rules into candidate prompts for one situation."""

    def __init__(self, situation: Situation, ep: _Episode, now: datetime) -> None:
        self.s = situation
        self.ep = ep
        self.now = now
        self.zone = ZoneInfo(situation.home.timezone)

    def due(self, anchor: datetime, delay: Delay, times: int = 1) -> datetime:
        """``times`` delays after ``anchor`` (back, if negative)."""
        if delay.working_days is not None:
            days = delay.working_days * times
            return add_working_days(anchor, days, self.zone).astimezone(UTC)
        if delay.months is not None:
            return add_months(anchor, delay.months * times, self.zone).astimezone(UTC)
        return after(anchor, (delay.elapsed or timedelta(0)) * times, UTC)

    def midnight(self, day: date) -> datetime:
        return local(day, time(0, 0), self.zone).astimezone(UTC)

    def applies(self, rule: Rule) -> bool:
        ep = self.ep
        if rule.foster_only and not self.s.child.foster:
            return False
        if rule.harm_only and not ep.harm_suspected:
            return False
        return {
            "all": True,
            "reported": ep.reported_at is not None,
            "unknown": ep.first_unknown is not None,
            "unreported": True,
        }[rule.applies]

    def voided(self, rule: Rule, due: datetime) -> bool:
        ep = self.ep
        if rule.applies == "unreported" and ep.reported_at is not None:
            return True
        return rule.void_on_return and ep.returned_at is not None and ep.returned_at < due

    def police_report(self, rule: Rule, due: datetime) -> _Candidate:
        """A report that fell away only if the child was back, or found, before it was due.

        A deadline missed stays overdue, so the record shows it; staff settle it with a
        decision and its reason.
        """
        ep = self.ep
        void = False
        if ep.reported_at is None and not ep.currently_unknown and ep.spells:
            ended = ep.spells[-1][1]
            void = ended is not None and ended < due
        return _Candidate(rule, rule.duty, due, void=void)

    # --- triggers ----------------------------------------------------------------------------

    def candidates(self, rule: Rule) -> list[_Candidate]:
        handler = getattr(self, f"_{rule.trigger}")
        if not self.applies(rule):
            return []
        return list(handler(rule))

    def _unknown_for(self, rule: Rule) -> list[_Candidate]:
        first = self.ep.first_unknown
        return [] if first is None else [self.police_report(rule, self.due(first, rule.delay))]

    def _overnight(self, rule: Rule) -> list[_Candidate]:
        home, child = self.s.home, self.s.child
        start = child.plan_overnight_from or home.overnight_from
        best: datetime | None = None
        for begin, end in self.ep.spells:
            moment = next_overnight_start(begin, start, home.overnight_until, self.zone)
            moment = moment.astimezone(UTC)
            if end is None or moment < end:
                best = moment if best is None else min(best, moment)
        if best is None:
            if not self.ep.spells:
                return []
            # Every unknown spell ended before overnight: the duty fell away.
            first = self.ep.spells[0][0]
            best = next_overnight_start(first, start, home.overnight_until, self.zone)
            best = best.astimezone(UTC)
        return [self.police_report(rule, best)]

    def _risk_flag(self, rule: Rule) -> list[_Candidate]:
        first = self.ep.first_unknown
        times = [t for f, t in self.ep.flags.items() if f in rule.flags]
        if first is None or not times:
            return []
        return [self.police_report(rule, max(first, min(times)))]

    def _plan(self, rule: Rule) -> list[_Candidate]:
        first, child = self.ep.first_unknown, self.s.child
        if first is None:
            return []
        if child.plan_report_immediately:
            return [self.police_report(rule, first)]
        if child.plan_report_after_hours is not None:
            due = after(first, timedelta(hours=child.plan_report_after_hours), UTC)
            return [self.police_report(rule, due)]
        return []

    def _timed_list(self, rule: Rule, dues: list[datetime], label: str) -> list[_Candidate]:
        return [
            _Candidate(
                rule,
                f"{rule.duty}#{i}",
                due,
                void=self.ep.returned_at is not None and self.ep.returned_at < due,
                text=f"{rule.text} ({label})",
            )
            for i, due in enumerate(sorted(dues))
        ]

    def _initial_checks(self, rule: Rule) -> list[_Candidate]:
        return self._timed_list(rule, self.ep.checks_deadlines, "deadline set at the outset")

    def _checks_failed(self, rule: Rule) -> list[_Candidate]:
        """Due when the first deadline set at the outset of the initial checks passes.

        It falls away if the child was found before it (and was not reported).
        """
        deadlines = self.ep.checks_deadlines
        return [self.police_report(rule, min(deadlines))] if deadlines else []

    def _police_review(self, rule: Rule) -> list[_Candidate]:
        return self._timed_list(rule, self.ep.police_reviews, "time agreed with the police")

    def _next_after_answers(
        self, rule: Rule, anchor: datetime, every: timedelta, note: str
    ) -> list[_Candidate]:
        """A recurring duty: the next occurrence, an interval after the last time it was done."""
        last = max(
            (a.at for a in self.ep.answers if a.action == rule.action and a.at >= anchor),
            default=anchor,
        )
        text = f"{rule.text} {note}".strip()
        candidate = _Candidate(rule, rule.duty, after(last, every, UTC), text=text, recurring=True)
        candidate.opens_at = last if last > anchor else None
        return [candidate]

    def _away_review(self, rule: Rule) -> list[_Candidate]:
        ep = self.ep
        if not ep.away_known or ep.known_since is None:
            return []
        every = self.s.home.away_review_every
        minutes = int(every.total_seconds() // 60)
        note = (
            f"(every {minutes} minutes: the home's own setting, as the protocols give no interval)"
        )
        out = self._next_after_answers(rule, ep.known_since, every, note)
        for c in out:
            c.rule_id = "home.away_review_interval"
        return out

    def _after_aware(self, rule: Rule) -> list[_Candidate]:
        if self.ep.aware_at is None:
            return []
        due = self.due(self.ep.aware_at, rule.delay)
        return [_Candidate(rule, rule.duty, due, void=self.voided(rule, due))]

    def _after_report(self, rule: Rule) -> list[_Candidate]:
        reported = self.ep.reported_at
        if reported is None:
            return []
        if rule.from_missing:  # "72 hours from the start of the missing episode"
            reported = min(reported, self.ep.first_unknown or reported)
        if rule.high_risk is not None and self.ep.high_risk:
            due = after(reported, rule.high_risk, UTC)
        else:
            due = self.due(reported, rule.delay)
        return [_Candidate(rule, rule.duty, due, void=self.voided(rule, due))]

    def _every_after_report(self, rule: Rule) -> list[_Candidate]:
        """A recurring duty while the child is away after the report (see :mod:`series`)."""
        ep = self.ep
        if ep.reported_at is None:
            return []
        anchor = ep.reported_at
        if rule.from_missing:
            anchor = min(anchor, ep.first_unknown or anchor)
        start = rule.start or rule.delay
        if rule.high_risk is not None and ep.high_risk:
            start = Delay(elapsed=rule.high_risk)
        found = occurrences(
            rule,
            anchor,
            start,
            answers=ep.answers,
            now=self.now,
            returned=ep.returned_at,
            step=self.due,
        )
        candidates = []
        for o in found:
            candidate = _Candidate(rule, o.duty, o.due, recurring=True)
            candidate.opens_at = o.opens
            candidates.append(candidate)
        return candidates

    def _until_accepted(self, rule: Rule) -> list[_Candidate]:
        """After a report: asked an interval after each chase until the police accept it."""
        ep = self.ep
        if ep.reported_at is None:
            return []
        every = rule.delay.elapsed or timedelta(hours=1)
        candidate = self._next_after_answers(rule, ep.reported_at, every, "")[0]
        if ep.accepted_at is not None:
            candidate.answered_at, candidate.outcome = ep.accepted_at, "done"
        # Back before accepting: telling the police the child is back is a duty of its own.
        candidate.void = ep.accepted_at is None and ep.returned_at is not None
        return [candidate]

    def returned(self, rule: Rule) -> datetime | None:
        """When the child came back, or, for a rule that counts from it, when the home heard.

        ("within 72 hours of receiving notification that a child has returned"); a notice
        logged before the return itself is taken as given at the return.
        """
        returned, notice = self.ep.returned_at, self.ep.return_notified_at
        if returned is not None and notice is not None and rule.from_return_notice:
            return max(returned, notice)
        return returned

    def _after_return(self, rule: Rule) -> list[_Candidate]:
        returned = self.returned(rule)
        if returned is None:
            return []
        return [_Candidate(rule, rule.duty, self.due(returned, rule.delay))]

    def _interview_raised_risk(self, rule: Rule) -> list[_Candidate]:
        """After a return interview whose outcome raised the risk to the child."""
        raised = self.ep.risk_raised_at
        if raised is None or not self.stage_due(rule, None):
            return []
        return [_Candidate(rule, rule.duty, self.due(raised, rule.delay))]

    def _after_disagreement(self, rule: Rule) -> list[_Candidate]:
        """After the home first logs that it disagrees with the police's grading of the risk."""
        disagreed = self.ep.disagreed_at
        if disagreed is None:
            return []
        return [_Candidate(rule, rule.duty, self.due(disagreed, rule.delay))]

    def _return_interview_missed(self, rule: Rule) -> list[_Candidate]:
        returned = self.returned(rule)
        if returned is None:
            return []
        due = self.due(returned, rule.delay)
        # A declined interview still needs the manager's attention; only one done stops it.
        done = any(
            a.action == "return_interview" and a.outcome == "done" and a.at <= due
            for a in self.ep.answers
        )
        return [_Candidate(rule, rule.duty, due, void=done)]

    def _count(self, rule: Rule) -> list[_Candidate]:
        start = self.ep.aware_at
        if start is None:
            return []
        since = count_window_start(rule, start, self.zone)
        starts = [p.start for p in self.s.history] + [start]
        if episodes_in_window(rule, starts, start, self.zone) < rule.episodes:
            return []
        if not self.stage_due(rule, since):
            return []
        return [_Candidate(rule, rule.duty, self.due(start, rule.delay))]

    def stage_due(self, rule: Rule, since: datetime | None) -> bool:
        """Whether this episode calls for the rule's intervention-meeting stage (stages.py)."""
        start = self.ep.aware_at
        if start is None:
            return not rule.stage
        meetings = [m for p in self.s.history for m in p.intervention_meetings]
        meetings += self.ep.meetings
        return stage_due(rule, start=start, meetings=meetings, since=since, zone=self.zone)

    def _declined_in_a_row(self, rule: Rule) -> list[_Candidate]:
        declines: list[tuple[datetime, str | None]] = [
            ((p.returned or p.start).astimezone(UTC), p.return_interview) for p in self.s.history
        ]
        last_decline = next(
            (
                a.at
                for a in reversed(self.ep.answers)
                if a.action == "return_interview" and a.outcome == "not_done"
            ),
            None,
        )
        if self.ep.interview is not None and self.ep.aware_at is not None:
            declines.append((last_decline or self.ep.aware_at, self.ep.interview))
        outcomes = [o for _, o in sorted(declines, key=lambda d: d[0]) if o is not None]
        if len(outcomes) < rule.count or any(o != "declined" for o in outcomes[-rule.count :]):
            return []
        when = max(t for t, o in declines if o == "declined")
        return [_Candidate(rule, rule.duty, when)]

    def _placement_forms(self, rule: Rule) -> list[_Candidate]:
        start = self.s.child.placement_start
        if start is None:
            return []
        # "completed prior to a planned placement"; "within 5 days" of an unplanned one.
        planned = self.s.child.placement_planned and rule.planned
        delay = rule.planned if planned else rule.delay
        candidate = _Candidate(rule, rule.duty, self.due(self.midnight(start), delay))
        done = self.s.child.forms_completed_at
        if done is not None and done <= self.now:
            candidate.answered_at, candidate.outcome = done, "done"
        return [candidate]

    def _while_high_risk(self, rule: Rule) -> list[_Candidate]:
        """The next review meeting while the child is at high risk of going missing."""
        found = next_review(rule, self.s.child, self.ep.answers, self.now, self.due)
        return [_Candidate(rule, rule.duty, d, recurring=True, opens_at=o) for o, d in found]

    def _photo_age(self, rule: Rule) -> list[_Candidate]:
        newest = self.s.child.newest_photo
        if newest is None:
            return []
        due = after(self.midnight(newest), timedelta(days=self.s.home.photo_max_age_days), UTC)
        return [_Candidate(rule, rule.duty, due)]


def evaluate(rule_sets: Sequence[RuleSet], situation: Situation, now: datetime) -> list[Prompt]:
    """The prompts for a situation at ``now``, sorted by deadline.

    ``rule_sets`` lists the responsible authority's rule set first and the host's second (or
    just one); both apply, and where both give the same duty the earlier deadline wins.
    """
    now = now.astimezone(UTC)  # compare in UTC: local times repeat when the clocks go back
    ep = _read_episode(situation, now)
    evaluator = _Evaluator(situation, ep, now)
    per_set = [
        _merge_within([c for rule in rs.rules for c in evaluator.candidates(rule)])
        for rs in rule_sets
    ]
    candidates = _merge_across(per_set)
    _assign_answers(candidates, ep.answers)
    prompts = []
    next_recurring: set[str] = set()
    for c in sorted(candidates, key=lambda c: (c.due_at, c.rule.action, c.rule_id)):
        if c.answered_at is not None:
            status = ANSWERED
        elif c.void:
            status = VOID
        else:
            status = OVERDUE if c.due_at <= now else UPCOMING
        if c.recurring:
            # A recurring duty shows its next unanswered occurrence only.
            base = c.duty.partition("#")[0]
            if status == ANSWERED or base in next_recurring:
                continue
            next_recurring.add(base)
        prompts.append(
            Prompt(
                action=c.rule.action,
                rule=c.rule_id,
                duty=c.duty.partition("#")[0],
                due_at=c.due_at,
                status=status,
                who=c.rule.who,
                text=c.text,
                citations=c.citations,
                answered_at=c.answered_at,
                outcome=c.outcome,
                reason=c.reason,
                profile=c.rule.trigger in PROFILE_TRIGGERS,
                severity=c.rule.severity,
                stage=c.rule.stage,
                standing=c.rule.trigger in STANDING_TRIGGERS,
            )
        )
    return prompts
