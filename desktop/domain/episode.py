"""Episodes and their timed log: what each entry kind holds, and what the log adds up to.

An episode's state is never stored: it follows from the log, so a correction (a new entry that
points at the one it corrects) changes the state without anything being overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from desktop.domain.entry_kind import EntryKind as EntryKind  # kinds are named here too
from desktop.domain.errors import BadInput
from desktop.domain.follow_up_kinds import (
    FOLLOW_UP_KINDS,
    YES_NO,
    YES_NO_FIELDS,
    check_follow_up,
)
from desktop.domain.grading import grading_label, parse_grading, police_grading
from desktop.domain.model import LogEntry
from desktop.domain.timeline import INTERVENTION_STAGES, RISK_FLAGS, Event, EventKind


class EpisodeState(StrEnum):
    """Where an episode stands, in words staff use."""

    NOT_WHERE_EXPECTED = "not where expected"
    AWAY_KNOWN = "away without authorisation (whereabouts known)"
    WHEREABOUTS_UNKNOWN = "whereabouts unknown"
    REPORTED_MISSING = "reported missing to police"
    RETURNED = "returned or found"
    CLOSED = "closed"


NOTIFIED_ROLE_NAMES: dict[str, str] = {
    "social worker": "the child's social worker",
    "emergency duty team": "the emergency duty team (EDT)",
    "parents": "the child's parents",
    "iro": "the independent reviewing officer (IRO)",
    "responsible authority": "the responsible authority",
    "host authority": "the host authority",
    "manager on call": "the manager on call",
    "supervising social worker": "the supervising social worker",
}
"""Whom a ``notified`` entry can name, with how a sentence names them."""
NOTIFIED_ROLES = tuple(NOTIFIED_ROLE_NAMES)

MEDICATION_ANSWERS = ("with them", "left behind", "not sure", "takes none")
"""What the ``aware`` entry can say of the child's medication, in the words the log reads."""


FIELD_VALUES: dict[tuple[str, str], tuple[str, ...]] = {
    ("aware", "whereabouts"): ("known", "unknown"),
    ("aware", "medication"): MEDICATION_ANSWERS,
    ("notified", "whom"): NOTIFIED_ROLES,
    ("risk_flag", "flag"): RISK_FLAGS,
    ("decision", "outcome"): ("done", "not_done"),
    **{(k.id, f): YES_NO for k in FOLLOW_UP_KINDS for f in YES_NO_FIELDS if f in k.fields},
}
"""(Entry kind, field) pairs that take one of a closed list of values, so that a form definition
naming such a value can be checked when it is loaded."""


_KINDS = (
    EntryKind(
        "aware",
        "Became aware the child is not where expected",
        ("whereabouts",),
        (
            "reason_for_time",
            "last_seen_at",
            "last_seen_where",
            "last_seen_by",
            "clothing",
            "with_whom",
            "belongings",
            "medication",
            "note",
        ),
        {"with_whom": "Who they went with"},
    ),
    EntryKind(
        "searched_premises",
        "Searched the premises",
        (),
        ("where", "found", "note"),
        {"where": "Where searched"},
    ),
    EntryKind("phoned_child", "Phoned the child", (), ("outcome", "note")),
    EntryKind("texted_child", "Texted or messaged the child", (), ("outcome", "note")),
    EntryKind("checked_social_media", "Checked social media", (), ("what", "found", "note")),
    EntryKind(
        "contacted_person",
        "Contacted a person",
        ("who", "relationship", "outcome"),
        ("how", "note"),
        {"how": "How contacted"},
    ),
    EntryKind(
        "visited_location",
        "Visited a location",
        ("where",),
        ("outcome", "note"),
        {"where": "Place visited"},
    ),
    EntryKind(
        "sighting",
        "Sighting",
        ("where", "seen_at", "by_whom"),
        ("with_whom", "clothing", "note"),
        {"where": "Seen where"},
    ),
    EntryKind(
        "whereabouts_known",
        "Whereabouts now known",
        ("where",),
        ("with_whom", "note"),
        {"where": "Where they are"},
    ),
    EntryKind("whereabouts_unknown", "Whereabouts now unknown", (), ("note",)),
    EntryKind(
        "notified", "Notified someone", ("whom", "how"), ("name", "note"), {"how": "How told"}
    ),
    EntryKind(
        "police_report",
        "Reported missing to the police",
        ("reference",),
        ("call_handler", "risk_grading", "note"),
        {"event_at": "Time of the call"},
    ),
    EntryKind(
        "police_accepted",
        "Police accepted the report",
        ("reference",),
        ("accepted_by", "note"),
        {"reference": "Missing person reference"},
    ),
    EntryKind(
        "call_answer",
        "Answer given during the police call",
        ("question", "answer"),
        ("supplied_by", "form_field"),
    ),
    EntryKind(
        "police_update",
        "Update from or to the police",
        (),
        ("note", "risk_grading", "reference"),
    ),
    EntryKind("risk_flag", "Risk identified", ("flag",), ("note",)),
    EntryKind("risk_reassessment", "Risk re-assessed", ("assessment",), ("note",)),
    EntryKind(
        "initial_checks_deadline",
        "Deadline set for initial checks",
        ("due",),
        ("note",),
        {"due": "Checks due by"},
    ),
    EntryKind(
        "police_review",
        "Review time agreed with the police",
        ("due",),
        ("note",),
        {"due": "Review due at"},
    ),
    EntryKind(
        "decision",
        "Decision on a prompt",
        ("action", "outcome"),
        ("reason", "rule"),
        {"reason": "Why not done"},
    ),
    EntryKind(
        "child_contact",
        "The child made contact",
        ("how",),
        ("said", "note"),
        {"how": "How they made contact"},
    ),
    EntryKind(
        "returned",
        "Returned or found",
        ("where",),
        ("returned_by", "condition", "injuries", "where_and_with_whom", "note"),
        {"where": "Where found or returned to"},
    ),
    EntryKind("harm_suspected", "Harm to the child suspected", ("why",), ("note",)),
    *FOLLOW_UP_KINDS,
    EntryKind(
        "return_notified",
        "Told the child is back or found",
        ("by_whom",),
        ("how", "note"),
        {"by_whom": "Who told us", "how": "How we were told"},
    ),
    EntryKind("intervention_meeting", "Missing intervention meeting held", ("stage",), ("note",)),
    EntryKind(
        "grading_disagreement",
        "We disagree with the police's risk grading",
        ("view",),
        ("note",),
        {"view": "What we think the risk is, and why"},
    ),
    EntryKind("note", "Note", ("note",), ()),
    EntryKind("closed", "Episode closed", ("reason",), (), {"reason": "Why closed"}),
    EntryKind(
        "correction",
        "Correction",
        ("reason",),
        ("retract", "replacement"),
        {"reason": "Why corrected"},
    ),
)
ENTRY_KINDS: dict[str, EntryKind] = {k.id: k for k in _KINDS}
ANSWER_FIELD = "form_field"
"""A ``call_answer`` entry's field naming the Part B field its answer fills (never shown)."""
GRADED_KINDS = ("police_report", "police_update")
"""Entries that may carry the police's risk grading (a later update keeps a regrading)."""


def stored_body(kind: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """The body as it is kept: a police grading in its one spelling, whatever case was typed.

    Refuses a grading that is not one of the categories, in words staff can act on. A
    correction's replacement grading is kept in the same spelling.
    """
    kept = dict(body)
    if kind in GRADED_KINDS and str(kept.get("risk_grading") or "").strip():
        kept["risk_grading"] = parse_grading(str(kept["risk_grading"]))
    replacement = kept.get("replacement")
    if kind == "correction" and isinstance(replacement, Mapping):
        grading = str(replacement.get("risk_grading") or "").strip()
        if grading:
            kept["replacement"] = {**replacement, "risk_grading": parse_grading(grading)}
    return kept


def check_entry(kind: str, body: dict[str, Any]) -> None:
    """Refuse an entry that lacks what its kind needs, in words staff can act on."""
    spec = ENTRY_KINDS.get(kind)
    if spec is None:
        raise BadInput(
            f"'{kind}' is not a kind of log entry. Use one of: " + ", ".join(ENTRY_KINDS) + "."
        )
    missing = [f for f in spec.required if body.get(f) in (None, "")]
    if missing:
        raise BadInput(f"A '{spec.label}' entry needs: " + ", ".join(missing) + ".")
    unknown = sorted(set(body) - set(spec.required) - set(spec.optional))
    if unknown:
        raise BadInput(f"A '{spec.label}' entry does not take: " + ", ".join(unknown) + ".")
    check_follow_up(kind, body)
    if kind == "police_update" and not any(str(body.get(f) or "").strip() for f in spec.fields):
        raise BadInput("Say what the update is: a note, a new risk grading or the reference.")
    if kind in GRADED_KINDS and body.get("risk_grading") not in (None, ""):
        parse_grading(str(body["risk_grading"]))  # refuses anything but a category, naming them
    if kind == "aware" and body["whereabouts"] not in ("known", "unknown"):
        raise BadInput("Say whether the child's whereabouts are known or unknown.")
    if kind == "aware" and body.get("medication", MEDICATION_ANSWERS[0]) not in MEDICATION_ANSWERS:
        raise BadInput(
            "Say whether they have their medication: one of " + ", ".join(MEDICATION_ANSWERS) + "."
        )
    if kind == "notified" and body["whom"] not in NOTIFIED_ROLES:
        raise BadInput("Say who was told: one of " + ", ".join(NOTIFIED_ROLES) + ".")
    if kind == "risk_flag" and body["flag"] not in RISK_FLAGS:
        raise BadInput("Unknown risk: use one of " + ", ".join(RISK_FLAGS) + ".")
    if kind == "intervention_meeting" and str(body["stage"]) not in {
        str(s) for s in INTERVENTION_STAGES
    }:
        raise BadInput(
            "Say which meeting was held: "
            + ", ".join(f"{s} for {name}" for s, name in INTERVENTION_STAGES.items())
            + "."
        )
    if kind == "decision" and body["outcome"] not in ("done", "not_done"):
        raise BadInput("A decision is 'done' or 'not_done'.")
    if kind == "decision" and body["outcome"] == "not_done" and not body.get("reason"):
        raise BadInput("Say why it was not done: the reason is part of the record.")
    if kind in ("initial_checks_deadline", "police_review"):
        try:
            moment = datetime.fromisoformat(str(body["due"]))
        except ValueError:
            raise BadInput("The time must be a date and time.") from None
        if moment.tzinfo is None:
            raise BadInput("The time must carry its time zone.")


def effective_log(entries: Sequence[LogEntry]) -> list[LogEntry]:
    """The log as it now reads: corrections replace or withdraw what they correct.

    The originals stay in the store untouched; this is only the reading of them.
    """
    current: dict[int, LogEntry | None] = {e.id: e for e in entries if e.kind != "correction"}
    for e in entries:
        if e.kind != "correction" or e.corrects_id not in current:
            continue
        original = current[e.corrects_id]
        if e.body.get("retract") or original is None:
            current[e.corrects_id] = None
            continue
        replacement = dict(e.body.get("replacement") or {})
        event_at = replacement.pop("event_at", None)
        current[e.corrects_id] = replace(
            original,
            event_at=datetime.fromisoformat(event_at) if event_at else original.event_at,
            body={**original.body, **replacement},
            corrects_id=None,
        )
    return sorted((e for e in current.values() if e is not None), key=lambda e: (e.event_at, e.id))


_TO_EVENT = {
    "whereabouts_unknown": EventKind.WHEREABOUTS_UNKNOWN,
    "whereabouts_known": EventKind.WHEREABOUTS_KNOWN,
    "police_report": EventKind.REPORTED_TO_POLICE,
    "police_accepted": EventKind.POLICE_ACCEPTED,
    "returned": EventKind.RETURNED,
    "safe_and_well_done": EventKind.SAFE_AND_WELL_DONE,
    "return_interview_done": EventKind.RETURN_INTERVIEW_DONE,
    "return_interview_declined": EventKind.RETURN_INTERVIEW_DECLINED,
    "harm_suspected": EventKind.HARM_SUSPECTED,
    "return_notified": EventKind.RETURN_NOTIFIED,
    "return_interview_raised_risk": EventKind.RETURN_INTERVIEW_RAISED_RISK,
    "grading_disagreement": EventKind.GRADING_DISAGREED,
}


def timeline(entries: Sequence[LogEntry]) -> tuple[Event, ...]:
    """The facts the escalation engine reads, from the (corrected) log."""
    events: list[Event] = []
    for e in effective_log(entries):
        if e.kind == "aware":
            events.append(
                Event(
                    at=e.event_at,
                    kind=EventKind.AWARE,
                    whereabouts_known=e.body.get("whereabouts") == "known",
                )
            )
        elif e.kind in _TO_EVENT:
            events.append(Event(at=e.event_at, kind=_TO_EVENT[e.kind]))
            if e.kind == "returned" and str(e.body.get("injuries", "")).strip():
                # Injuries on return mean harm is suspected: evidence duties follow.
                events.append(Event(at=e.event_at, kind=EventKind.HARM_SUSPECTED))
        elif e.kind == "risk_flag":
            events.append(Event(at=e.event_at, kind=EventKind.RISK_FLAG, flag=e.body["flag"]))
        elif e.kind == "decision":
            events.append(
                Event(
                    at=e.event_at,
                    kind=EventKind.ANSWERED,
                    action=e.body["action"],
                    outcome=e.body["outcome"],
                    reason=e.body.get("reason", ""),
                    rule=str(e.body.get("rule", "")),
                )
            )
        elif e.kind == "intervention_meeting":
            stage = int(e.body["stage"])
            events.append(Event(at=e.event_at, kind=EventKind.INTERVENTION_MEETING, stage=stage))
        elif e.kind == "initial_checks_deadline":
            events.append(
                Event(
                    at=e.event_at,
                    kind=EventKind.INITIAL_CHECKS_DEADLINE,
                    due=datetime.fromisoformat(e.body["due"]),
                )
            )
        elif e.kind == "police_review":
            events.append(
                Event(
                    at=e.event_at,
                    kind=EventKind.POLICE_REVIEW,
                    due=datetime.fromisoformat(e.body["due"]),
                )
            )
        graded = police_grading(e.body.get("risk_grading")) if e.kind in GRADED_KINDS else None
        if graded is not None:  # the police's grading: the engine acts on its value
            events.append(Event(at=e.event_at, kind=EventKind.POLICE_GRADED, grading=graded.value))
    return tuple(events)


def episode_state(entries: Sequence[LogEntry]) -> EpisodeState:
    """The state the log adds up to."""
    state = EpisodeState.NOT_WHERE_EXPECTED
    reported = False
    for e in effective_log(entries):
        if e.kind == "aware":
            state = (
                EpisodeState.AWAY_KNOWN
                if e.body.get("whereabouts") == "known"
                else EpisodeState.WHEREABOUTS_UNKNOWN
            )
        elif e.kind == "whereabouts_known" and state not in (
            EpisodeState.RETURNED,
            EpisodeState.CLOSED,
        ):
            state = EpisodeState.REPORTED_MISSING if reported else EpisodeState.AWAY_KNOWN
        elif e.kind == "whereabouts_unknown" and state not in (
            EpisodeState.RETURNED,
            EpisodeState.CLOSED,
        ):
            state = EpisodeState.REPORTED_MISSING if reported else EpisodeState.WHEREABOUTS_UNKNOWN
        elif e.kind == "police_report":
            reported = True
            if state not in (EpisodeState.RETURNED, EpisodeState.CLOSED):
                state = EpisodeState.REPORTED_MISSING
        elif e.kind == "returned":
            state = EpisodeState.RETURNED
        elif e.kind == "closed":
            state = EpisodeState.CLOSED
    return state


def is_away(state: EpisodeState) -> bool:
    """True while the child has not come back."""
    return state not in (EpisodeState.RETURNED, EpisodeState.CLOSED)


@dataclass(frozen=True, slots=True)
class CurrentGrading:
    """The police's newest grading of an episode, and when they gave it."""

    text: str
    """As stored: one of the categories' values, or what was typed before the list existed."""
    graded_at: datetime
    entry_id: int

    @property
    def label(self) -> str:
        """The grading as people read it (``Medium risk``)."""
        return grading_label(self.text)

    @property
    def known(self) -> bool:
        """True when the grading is one of the categories (not free text from an old entry)."""
        return police_grading(self.text) is not None


def current_grading(entries: Sequence[LogEntry]) -> CurrentGrading | None:
    """The newest grading the (corrected) log holds, from the report or a later update.

    "Newest" is by when it happened; None when police have given no grading yet.
    """
    for e in reversed(effective_log(entries)):
        text = str(e.body.get("risk_grading") or "").strip() if e.kind in GRADED_KINDS else ""
        if text:
            return CurrentGrading(text=text, graded_at=e.event_at, entry_id=e.id)
    return None
