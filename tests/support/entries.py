"""A sample of every kind of log entry, for tests that read the whole log back."""

from __future__ import annotations

from typing import Any

from desktop.domain.episode import ENTRY_KINDS
from desktop.domain.model import LogEntry
from desktop.store.store import Store

SAMPLE_BODIES: dict[str, dict[str, Any]] = {
    "searched_premises": {"where": "Garden and sheds", "found": "Nothing", "note": "Twice"},
    "phoned_child": {"outcome": "No answer"},
    "texted_child": {"outcome": "Read, no reply"},
    "checked_social_media": {"what": "Snapchat map", "found": "Last active at noon"},
    "contacted_person": {
        "who": "Kayleigh",
        "relationship": "Friend",
        "outcome": "Not seen her",
        "how": "Phone",
    },
    "visited_location": {"where": "Park", "outcome": "Not there"},
    "sighting": {
        "where": "Shops",
        "seen_at": "15:30",
        "by_whom": "Bus driver",
        "with_whom": "An older man",
        "clothing": "Grey hoodie",
    },
    "whereabouts_known": {"where": "Aunt's house", "with_whom": "Her aunt"},
    "whereabouts_unknown": {},
    "notified": {"whom": "social worker", "how": "Phone", "name": "Jo Smith"},
    "police_report": {"reference": "HUM-4242", "call_handler": "PC Jones", "risk_grading": "high"},
    "police_update": {
        "note": "Officer visiting the park",
        "reference": "HUM-4242",
        "risk_grading": "Low",
    },
    "risk_flag": {"flag": "self_harm", "note": "Said she would hurt herself"},
    "risk_reassessment": {"assessment": "Higher after her text"},
    "initial_checks_deadline": {"due": "2026-03-01T17:00:00+00:00"},
    "police_review": {"due": "2026-03-02T09:00:00+00:00"},
    "decision": {
        "action": "notify_parents",
        "outcome": "not_done",
        "reason": "The care plan says not to",
        "rule": "notify.parents",
    },
    "child_contact": {"how": "Text", "said": "I am fine"},
    "harm_suspected": {"why": "Bruise on her arm"},
    "returned": {"where": "Home", "returned_by": "Police", "condition": "Tired"},
    "safe_and_well_done": {"by": "PC Jones", "in_person": "yes", "concerns": "None"},
    "return_interview_offered": {"offered_by": "Missing officer", "independent": "yes"},
    "return_interview_done": {"by": "Independent worker", "where": "At school"},
    "return_interview_declined": {"note": "Did not want to talk"},
    "return_interview_raised_risk": {"assessment": "Groomed by an older man", "by": "Jo Smith"},
    "return_notified": {"by_whom": "Police", "how": "Phone"},
    "intervention_meeting": {"stage": "2", "note": "Plan agreed"},
    "grading_disagreement": {"view": "High: she is with an older man"},
    "police_accepted": {"reference": "MP-26-118", "accepted_by": "Sgt Lee"},
    "call_answer": {
        "question": "Why are you worried about them?",
        "answer": "She said she would meet an older man",
        "supplied_by": "Kim on the late shift",
        "form_field": "part_b.why_worried",
    },
    "note": {"note": "Her phone is off"},
    "sensitive_disclosure": {"disclosure": "Told us who she was with", "disclosed_to": "Jo"},
    "follow_ups_waived": {"reason": "Moved out of the area", "agreed_by": "Jo Smith"},
}
"""A body for each kind an open episode can take after it starts (not ``aware``, ``closed``
or ``correction``, which are made by starting, closing and correcting)."""

assert set(SAMPLE_BODIES) == set(ENTRY_KINDS) - {"aware", "closed", "correction"}


def log_every_kind(store: Store, episode_id: str) -> list[LogEntry]:
    """Append one entry of each kind, in an order the store accepts (the return near the end)."""
    return [
        store.episodes.append(episode_id, kind, dict(body)) for kind, body in SAMPLE_BODIES.items()
    ]
