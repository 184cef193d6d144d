"""The log entries of an episode's follow-ups: the interviews after a return, and the waiver.

Interviews after a return are usually held by someone independent of the home (a police officer,
a return-interview worker), so the home records what it was told: who held the interview,
when, where, and how it went. A sensitive disclosure is recorded apart: its entry is only ever
shown as a reference, never its content (see :mod:`desktop.domain.entry_text`).
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from desktop.domain.entry_kind import EntryKind
from desktop.domain.errors import BadInput
from desktop.domain.model import LogEntry

YES_NO = ("yes", "no")
"""The answers of a yes-or-no field of a follow-up entry."""
YES_NO_FIELDS = ("in_person", "independent", "advocate", "interpreter")
"""Fields answered yes or no."""
LATE_REASON = "late_reason"
"""The field that says why an interview falls outside 72 hours of the return."""
_HELD = ("where", "independent", "advocate", "interpreter", LATE_REASON, "told_by", "note")
_LABELS = {
    "by": "Held by",
    "where": "Where it was held",
    "in_person": "In person",
    "not_in_person_why": "Why not in person",
    "concerns": "Concerns raised",
    "told_by": "Who told us",
    "independent": "Held by someone independent of the home",
    "advocate": "An advocate was present",
    "interpreter": "An interpreter was present",
    LATE_REASON: "Why outside 72 hours of the return",
    "offered_by": "Offered by",
    "declined_by": "Declined by",
    "why": "Why declined",
}

FOLLOW_UP_KINDS = (
    EntryKind(
        "safe_and_well_done",
        "Safe-and-well (prevention) interview done",
        (),
        ("by", "in_person", "not_in_person_why", "concerns", "told_by", "note"),
        _LABELS,
    ),
    EntryKind(
        "return_interview_offered",
        "Return interview offered",
        ("offered_by",),
        ("independent", LATE_REASON, "note"),
        _LABELS,
    ),
    EntryKind("return_interview_done", "Return interview done", (), ("by", *_HELD), _LABELS),
    EntryKind(
        "return_interview_declined",
        "Return interview declined",
        (),
        ("declined_by", "why", LATE_REASON, "note"),
        _LABELS,
    ),
    EntryKind(
        "return_interview_raised_risk",
        "Return interview done: the risk to the child is higher",
        ("assessment",),
        ("by", *_HELD),
        {**_LABELS, "assessment": "What the interview found"},
    ),
    EntryKind(
        "sensitive_disclosure",
        "Sensitive disclosure",
        ("disclosure",),
        ("disclosed_to",),
        {"disclosure": "What was disclosed", "disclosed_to": "Disclosed to"},
    ),
    EntryKind(
        "follow_ups_waived",
        "Follow-ups waived",
        ("reason",),
        ("agreed_by",),
        {
            "reason": "Why they are not needed",
            "agreed_by": "Who agreed (in a foster home, the supervising social worker)",
        },
    ),
)
"""The follow-up kinds, in the order the log's list of other entries offers them."""

SENSITIVE_KINDS = frozenset({"sensitive_disclosure"})
"""Entries whose content is never shown in the record nor printed unless someone chooses to."""


def shown_body(entry: LogEntry, hidden: Set[int]) -> dict[str, Any]:
    """An entry's body where raw entries are shown: a sensitive disclosure's content withheld.

    ``hidden`` holds the ids of the episode's sensitive entries, so that a correction of one
    shows its reason but not the corrected content.
    """
    if entry.kind in SENSITIVE_KINDS:
        return {"withheld": "a sensitive disclosure, kept apart"}
    if entry.corrects_id in hidden:
        return {k: v for k, v in entry.body.items() if k != "replacement"}
    return dict(entry.body)


def check_follow_up(kind: str, body: dict[str, Any]) -> None:
    """Refuse a follow-up entry whose answers do not fit, in words staff can act on."""
    for name in YES_NO_FIELDS:
        if body.get(name) not in (None, "", *YES_NO):
            raise BadInput(f"Answer '{_LABELS[name]}' with yes or no.")
    if (
        kind == "safe_and_well_done"
        and body.get("in_person") == "no"
        and not str(body.get("not_in_person_why") or "").strip()
    ):
        raise BadInput("Say why the interview was not held in person.")
