"""Recurring duties: when each occurrence of a series falls due, and which one is next.

A series is anchored at the police report or the start of the missing episode; its first
occurrence falls ``start`` after that (one interval if the rule gives none). Each occurrence then
keeps its place in the schedule (``times`` at the interval, then every ``then``), so one missed
stays overdue until it is answered; or, where the seed says "at least every", the next is due an
interval after the last one held. Occurrences due after the return fall away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from desktop.protocol.episode_facts import Answer
from desktop.protocol.rules import Delay, Rule

Step = Callable[[datetime, Delay, int], datetime]
"""``times`` delays after a moment, in the home's time zone (months and working days need it)."""
MOST_OCCURRENCES = 2000
"""A series' occurrences worked out at most (daily for over five years)."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence: its duty key, when it is due, and after when an answer can settle it."""

    duty: str
    due: datetime
    opens: datetime


def occurrences(
    rule: Rule,
    anchor: datetime,
    start: Delay,
    *,
    answers: Sequence[Answer],
    now: datetime,
    returned: datetime | None,
    step: Step,
) -> list[Occurrence]:
    """The occurrences that can be shown or answered by ``now``, the next one among them."""
    base, offset = step(anchor, start, 1), 0
    months, every = start.months, rule.delay.months
    if months is not None and every is not None and months % every == 0:
        # Whole months from the anchor: 30 November, 28 February, 30 May (not 28 May).
        base, offset = anchor, months // every
    opens = max(anchor, step(base, rule.delay, offset - 1))
    if rule.from_last_held:
        held = [a.at for a in answers if a.action == rule.action and a.at >= opens]
        last = max(held, default=None)
        due = step(base, rule.delay, offset) if last is None else step(last, rule.delay, 1)
        found = [Occurrence(rule.duty, due, last or opens)]
    else:
        end = min(now, returned or now)
        found = [
            Occurrence(f"{rule.duty}#{i}", due, previous)
            for i, (previous, due) in enumerate(_schedule(rule, opens, base, offset, end, step))
        ]
    return [o for o in found if returned is None or o.due <= returned]


def _schedule(
    rule: Rule, opens: datetime, base: datetime, offset: int, end: datetime, step: Step
) -> list[tuple[datetime, datetime]]:
    """Each occurrence with the one before it, up to the first that nothing yet can answer.

    Occurrence ``k`` of a phase is ``offset + k`` intervals after its ``base``, so months do not
    drift (31 January, then 28 February, then 31 March). An answer settles an occurrence only
    after the one before it fell due, so the first occurrence whose predecessor is still to come
    (after ``end``: now, or the return) is the last that can be shown.
    """
    out: list[tuple[datetime, datetime]] = []
    previous, interval, index, later = opens, rule.delay, offset, False
    while len(out) < MOST_OCCURRENCES:
        due = step(base, interval, index)
        out.append((previous, due))
        if previous > end:
            break
        previous, index = due, index + 1
        if rule.times and not later and len(out) == rule.times:  # "… and then bi-monthly"
            base, interval, index, later = due, rule.then, 1, True
    return out
