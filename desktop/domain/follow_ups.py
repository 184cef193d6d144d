"""An episode's follow-ups after the child's return, read from its log.

The return interview is to be offered within 72 hours of the return (seed 000: "within 72
hours of their return"); whenever it is offered, held or declined later than that, the log
says why. An episode closes only when its follow-ups are done — a declined interview counts as
done, since the offer was made and the answer recorded — or a manager waived them with a reason.
These are pure readings of the log, so the episode screen, the command line and the manager's
view all say the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from desktop.domain.episode import effective_log
from desktop.domain.errors import BadInput
from desktop.domain.follow_up_kinds import LATE_REASON
from desktop.domain.model import LogEntry

RETURN_INTERVIEW_WITHIN = timedelta(hours=72)
"""How soon after the return the interview is due."""
HELD_KINDS = ("return_interview_done", "return_interview_raised_risk")
"""Entries that say the return interview was held."""
ANSWERED_KINDS = (*HELD_KINDS, "return_interview_declined")
"""Entries that settle the return interview: held, or declined."""
TIMED_KINDS = (*ANSWERED_KINDS, "return_interview_offered")
"""Entries that need a reason when they fall outside 72 hours of the return."""
WAIVER = "follow_ups_waived"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One follow-up an episode needs after the return, and whether it is settled."""

    id: str
    """``return_interview`` or ``safe_and_well`` (the duties the protocol prompts for)."""
    label: str
    done: bool


def returned_at(entries: Sequence[LogEntry]) -> datetime | None:
    """When the child came back, by the newest return in the (corrected) log."""
    back = [e.event_at for e in effective_log(entries) if e.kind == "returned"]
    return back[-1] if back else None


def check_timing(
    entries: Sequence[LogEntry], kind: str, body: dict[str, Any], event_at: datetime
) -> None:
    """Refuse an interview entry outside 72 hours of the return that does not say why."""
    back = returned_at(entries)
    if kind not in TIMED_KINDS or back is None or event_at <= back + RETURN_INTERVIEW_WITHIN:
        return
    if not str(body.get(LATE_REASON) or "").strip():
        raise BadInput(
            "This is more than 72 hours after the child's return: say why "
            "(the reason is part of the record)."
        )


def _decided(log: Sequence[LogEntry], action: str) -> bool:
    """A prompt for this duty was answered (done; or not done, which only a manager may)."""
    return any(e.kind == "decision" and e.body.get("action") == action for e in log)


def follow_ups(entries: Sequence[LogEntry]) -> list[FollowUp]:
    """The follow-ups this episode needs, each with whether the log settles it.

    The return interview is always needed; the police safe-and-well (prevention) interview
    when the child was reported to the police.
    """
    log = effective_log(entries)
    kinds = {e.kind for e in log}
    needed = [
        FollowUp(
            "return_interview",
            "Record the return interview: held, or declined",
            bool(kinds & set(ANSWERED_KINDS)) or _decided(log, "return_interview"),
        )
    ]
    if "police_report" in kinds:
        needed.append(
            FollowUp(
                "safe_and_well",
                "Record the police safe-and-well (prevention) interview",
                "safe_and_well_done" in kinds or _decided(log, "safe_and_well_check"),
            )
        )
    return needed


def waived(entries: Sequence[LogEntry]) -> bool:
    """True when a manager waived the episode's follow-ups."""
    return any(e.kind == WAIVER for e in effective_log(entries))


def still_to_do(entries: Sequence[LogEntry]) -> list[FollowUp]:
    """What must be recorded before the episode can close (nothing once they are waived)."""
    if waived(entries):
        return []
    return [f for f in follow_ups(entries) if not f.done]


def refuse_close(entries: Sequence[LogEntry]) -> None:
    """Refuse to close an episode whose follow-ups are not done, listing what is left."""
    left = still_to_do(entries)
    if left:
        raise BadInput(
            "The episode cannot close yet. Still to do: "
            + "; ".join(f.label for f in left)
            + ". Or a manager can waive the follow-ups, saying why."
        )
