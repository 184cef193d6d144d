"""The one reading of return interviews a manager's figures are made from.

The log says an interview was held (``return_interview_done``, or done and found a higher risk)
or declined; further kinds of interview entry are added here alone, so the absence log, the
patterns and the summary read every interview the same way. Whether one was on time is
measured against the protocol's own deadline for it (the ``after_return`` rule asking for a
return interview), never against a number kept here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.domain.model import LogEntry
from desktop.protocol.rules import RuleSet

OUTCOMES: dict[str, str] = {
    "return_interview_done": "done",
    "return_interview_raised_risk": "done",
    "return_interview_declined": "declined",
}
"""Each interview entry kind and what it says of the interview: held ("done") or declined."""
KINDS = tuple(OUTCOMES)
RETURN_INTERVIEW = "return_interview"


@dataclass(frozen=True, slots=True)
class Interview:
    """The last word on an episode's return interview."""

    outcome: str  # "done" or "declined"
    at: datetime


def last_interview(effective: Iterable[LogEntry]) -> Interview | None:
    """The newest interview entry of a (corrected) log, or None when none is recorded."""
    found = None
    for e in effective:
        if e.kind in OUTCOMES:
            found = Interview(OUTCOMES[e.kind], e.event_at)
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
