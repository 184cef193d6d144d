"""The one reading of return interviews a manager's figures are made from.

The log says an interview was held or declined (the kinds the episode's follow-ups are settled
by, :mod:`desktop.domain.follow_ups`), so the episode page, the absence log, the patterns and
the summary read every interview the same way; the answer latest in time is the last word.
Whether one was on time is measured against the protocol's own deadline for it (the
``after_return`` rule asking for a return interview), never against a number kept here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.domain.follow_up_kinds import LATE_REASON
from desktop.domain.follow_ups import ANSWERED_KINDS, HELD_KINDS
from desktop.domain.model import LogEntry
from desktop.protocol.rules import RuleSet

OUTCOMES: dict[str, str] = {
    **{kind: "done" for kind in HELD_KINDS},
    **{kind: "declined" for kind in ANSWERED_KINDS if kind not in HELD_KINDS},
}
"""Each interview entry kind and what it says of the interview: held ("done") or declined."""
OFFERED = "return_interview_offered"
KINDS = (*OUTCOMES, OFFERED)
"""Every kind of entry the reading looks at."""
RETURN_INTERVIEW = "return_interview"


@dataclass(frozen=True, slots=True)
class Interview:
    """The last word on an episode's return interview."""

    outcome: str  # "done" or "declined"
    at: datetime
    offered_at: datetime | None = None
    """When it was first offered, if the offer was recorded."""
    late_reason: str = ""
    """Why the answer came outside the 72 hours, as the log says."""


def last_interview(effective: Iterable[LogEntry]) -> Interview | None:
    """The newest interview entry of a (corrected) log, or None when none is recorded."""
    found: Interview | None = None
    offered: datetime | None = None
    for e in effective:
        if e.kind == OFFERED and offered is None:
            offered = e.event_at
        elif e.kind in OUTCOMES:
            reason = str(e.body.get(LATE_REASON) or "").strip()
            found = Interview(OUTCOMES[e.kind], e.event_at, offered, reason)
    return found


def interview_deadline(rule_sets: Mapping[str, RuleSet]) -> timedelta:
    """How soon after a return the protocols ask for the interview: the strictest of them."""
    spans = [
        r.delay.elapsed
        for rs in rule_sets.values()
        for r in rs.rules
        if r.action == RETURN_INTERVIEW and r.trigger == "after_return" and r.delay.elapsed
    ]
    if not spans:
        raise ValueError("No protocol asks for a return interview after a return.")
    return min(spans)


def on_time(returned: datetime | None, interview: Interview | None, deadline: timedelta) -> bool:
    """Whether an interview was held within ``deadline`` of the return."""
    return (
        returned is not None
        and interview is not None
        and interview.outcome == "done"
        and interview.at - returned <= deadline
    )
