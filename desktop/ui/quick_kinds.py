"""The episode page's checks: which entries have a button and shortcut, and states in words.

Kept apart from the page itself so the page's layout and behaviour stay readable.
"""

from __future__ import annotations

from desktop.domain.episode import ENTRY_KINDS, EpisodeState

QUICK_KINDS = (
    ("searched_premises", "Searched the premises", "Ctrl+1"),
    ("phoned_child", "Phoned the child", "Ctrl+2"),
    ("texted_child", "Texted the child", "Ctrl+3"),
    ("checked_social_media", "Social media…", "Ctrl+4"),
    ("contacted_person", "Contacted a person…", "Ctrl+5"),
    ("visited_location", "Visited a place…", "Ctrl+6"),
    ("sighting", "Sighting…", "Ctrl+7"),
    ("whereabouts_known", "Whereabouts known…", "Ctrl+8"),
    ("whereabouts_unknown", "Whereabouts unknown", "Ctrl+9"),
    ("notified", "Notified someone…", "Ctrl+0"),
    ("police_report", "Report to police…", "Ctrl+R"),
    ("police_update", "Police update…", "Ctrl+U"),
    ("child_contact", "Child made contact…", "Ctrl+K"),
    ("returned", "Returned or found…", "Ctrl+T"),
    ("note", "Note…", "Ctrl+J"),
    ("harm_suspected", "Harm suspected…", "Ctrl+H"),
)
"""Each check a carer makes, one shortcut away (Ctrl+1 … Ctrl+0 and a few letters)."""
START_SHORTCUT = "Ctrl+N"
"""Start an episode for the chosen child, from anywhere in the window."""
OTHER_SHORTCUT = "Ctrl+E"
"""Log an entry of a kind with no button of its own, from anywhere in the window."""
OTHER_KINDS = tuple(
    kind
    for kind in ENTRY_KINDS
    if kind not in {k for k, _, _ in QUICK_KINDS} | {"aware", "decision", "correction", "closed"}
)
"""Kinds logged from the Timed log tab's list: the police review time, a return interview and
its outcome, being told the child is back, an intervention meeting …"""
INSTANT_KINDS = frozenset({"whereabouts_unknown"})
"""Entries with nothing to add: logged at once, no dialog."""
RECENT_ENTRIES = 1
QUICK_COLUMNS = 3

STATE_WORDS = {
    EpisodeState.AWAY_KNOWN: "Away without permission — whereabouts known",
    EpisodeState.WHEREABOUTS_UNKNOWN: "Missing — whereabouts unknown",
    EpisodeState.REPORTED_MISSING: "Reported missing to the police",
    EpisodeState.RETURNED: "Back — follow-ups to do",
    EpisodeState.CLOSED: "Closed",
}


def state_words(state: EpisodeState) -> str:
    """An episode's state as staff say it."""
    return STATE_WORDS.get(state, state.value.capitalize())
