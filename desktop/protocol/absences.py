"""One row of the home's absence log, worked out from an episode's log by the domain's rules.

The state, the police grading and the interview are read by the same functions the child's
page and the pack use (:func:`episode_state`, :func:`current_grading`, :mod:`interviews`), so
the manager's view never says something different from the episode itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.domain.episode import EpisodeState, current_grading, effective_log, episode_state
from desktop.domain.model import LogEntry
from desktop.protocol.interviews import Interview, last_interview, on_time
from desktop.protocol.summary import police_reference

WHEREABOUTS_WORDS = {
    "known": "Away (whereabouts known)",
    "unknown": "Missing (whereabouts unknown)",
}
"""The whereabouts category an episode started in, as a manager reads it."""
INTERVIEW_OVERDUE = "Interview overdue"
"""What :meth:`AbsenceRow.follow_up` says of a return interview past its deadline."""


@dataclass(frozen=True, slots=True)
class AbsenceRow:
    """One episode as the absence log lists it."""

    episode_id: str
    child_id: str
    child_name: str
    start: datetime
    returned: datetime | None
    state: EpisodeState
    category: str  # "known" or "unknown": the whereabouts when the home became aware
    police_reference: str
    grading: str  # the grading as people read it, "" when none was given
    returned_by: str
    found_where: str
    with_whom: str
    interview: Interview | None
    unknown_later: bool = False
    """Whether the whereabouts became unknown after the home became aware (an away episode that
    turned into a missing one)."""

    @property
    def went_unknown(self) -> bool:
        """Whether the child's whereabouts were unknown at any time: from the start, or later."""
        return self.category == "unknown" or self.unknown_later

    def duration(self, now: datetime) -> timedelta:
        """How long the child was (or has so far been) away."""
        return (self.returned or now) - self.start

    @property
    def missing(self) -> bool:
        """Whether the child was missing (whereabouts unknown) rather than away, at any time."""
        return self.went_unknown or bool(self.police_reference)

    def follow_up(self, now: datetime, deadline: timedelta) -> str:
        """Where the return interview stands: done, on time or late, declined, due or overdue."""
        if self.returned is None:
            return ""
        if self.interview is not None:
            if self.interview.outcome == "declined":
                return "Interview declined"
            return (
                "Interview on time"
                if on_time(self.returned, self.interview, deadline)
                else "Interview late"
            )
        return INTERVIEW_OVERDUE if now - self.returned > deadline else "Interview due"

    def overdue(self, now: datetime, deadline: timedelta) -> bool:
        """Whether a follow-up of this episode is overdue now."""
        return self.follow_up(now, deadline) == INTERVIEW_OVERDUE


def absence_row(
    episode_id: str, child_id: str, child_name: str, start: datetime, log: Sequence[LogEntry]
) -> AbsenceRow:
    """The absence log's row for an episode, from its log (whole, or the kinds it reads)."""
    entries = effective_log(log)
    aware = next((e for e in entries if e.kind == "aware"), None)
    back = next((e for e in reversed(entries) if e.kind == "returned"), None)
    grading = current_grading(entries)
    category = str(aware.body.get("whereabouts", "")) if aware else ""
    return AbsenceRow(
        episode_id=episode_id,
        child_id=child_id,
        child_name=child_name,
        start=start,
        returned=None if back is None else back.event_at,
        state=episode_state(entries),
        category=category,
        police_reference=police_reference(entries),
        grading="" if grading is None else grading.label,
        returned_by="" if back is None else str(back.body.get("returned_by") or ""),
        found_where="" if back is None else str(back.body.get("where") or ""),
        with_whom=_with_whom(entries),
        interview=last_interview(entries),
        unknown_later=any(e.kind == "whereabouts_unknown" for e in entries),
    )


def _with_whom(entries: Sequence[LogEntry]) -> str:
    """Who the child was with: as found, else as known while away, else as they left."""
    for kind, key in (("returned", "where_and_with_whom"), ("whereabouts_known", "with_whom")):
        said = [str(e.body.get(key) or "") for e in entries if e.kind == kind]
        if any(said):
            return [s for s in said if s][-1]
    aware = next((e for e in entries if e.kind == "aware"), None)
    return "" if aware is None else str(aware.body.get("with_whom") or "")
