"""Duties of the child's standing grading, not of an episode: a review while at high risk.

Portsmouth's Appendix 4 asks, for a child at high risk of going missing, that "A review meeting
should be convened every 6 weeks." The series is anchored when High was decided and rescheduled
from the last review meeting held (recorded on the child's standing-risk record, or as a duty
answered in an episode's log); it stops when a lower level is decided, and starts afresh if High
is decided again later. Only the next meeting is ever shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from desktop.domain.missing_risk import high_spells
from desktop.domain.timeline import ChildFacts
from desktop.protocol.episode_facts import Answer
from desktop.protocol.rules import Delay, Rule

Step = Callable[[datetime, Delay, int], datetime]
STANDING_TRIGGERS = frozenset({"while_high_risk"})
"""Triggers of duties that last while the child's standing grading does, episode or none."""


def high_since(child: ChildFacts, now: datetime) -> datetime | None:
    """When the child's current spell at high risk began, or None if not at high risk now."""
    levels = sorted((at.astimezone(UTC), level) for at, level in child.missing_risk if at <= now)
    spells = high_spells(levels)
    if not spells or spells[-1][1] is not None:
        return None
    return spells[-1][0]


def next_review(
    rule: Rule, child: ChildFacts, answers: Sequence[Answer], now: datetime, step: Step
) -> list[tuple[datetime, datetime]]:
    """(``now``, next due) for the rule, or nothing while not at high risk.

    A meeting held reschedules the next one, so no answer settles it: the first item, after
    which an answer could settle it, is ``now``. Marked not done, it stays due: only a meeting
    held, or a lower grading, takes it away.
    """
    since = high_since(child, now)
    if since is None:
        return []
    held = [t.astimezone(UTC) for t in child.risk_reviews]
    held += [a.at for a in answers if a.action == rule.action and a.outcome == "done"]
    last = max((t for t in held if since <= t <= now), default=since)
    return [(now, step(last, rule.delay, 1))]
