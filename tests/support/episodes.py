"""A realistic missing episode, logged as staff would log it, for pack and record tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from desktop.domain.model import Child, Episode
from desktop.domain.ukdates import uk_time
from desktop.store.store import Store

FRONT_DOOR_CLOTHING = "Black puffer jacket, grey joggers, white trainers, small black bag"
CCTV_CLOTHING = "Dark hooded top"


def missing_episode(store: Store, child: Child, *, hours_ago: float = 3.0) -> Episode:
    """A child gone from the front door ``hours_ago`` hours before the store's clock.

    Staff searched, phoned, saw CCTV of a partial description, and reported to the police.
    """
    now = store.clock.now()
    seen = now - timedelta(hours=hours_ago)

    def at(minutes: int) -> datetime:
        return seen + timedelta(minutes=minutes)

    episode = store.episodes.start(
        child.id,
        whereabouts="unknown",
        aware_at=at(20),
        reason_for_time="Found the bedroom empty at the check, logging afterwards",
        details={
            "last_seen_at": seen.isoformat(timespec="minutes"),
            "last_seen_where": "Front door of the home, walking towards the high street",
            "clothing": FRONT_DOOR_CLOTHING,
        },
    )
    store.episodes.append(
        episode.id, "searched_premises", {"where": "Bedroom, garden, shed"}, event_at=at(30)
    )
    store.episodes.append(
        episode.id, "phoned_child", {"outcome": "Straight to voicemail"}, event_at=at(35)
    )
    store.episodes.append(
        episode.id,
        "sighting",
        {
            "where": "Bus station CCTV, Victoria Street",
            "seen_at": f"about {uk_time(at(60), store.clock.now().tzinfo)}",
            "by_whom": "Bus station security",
            "with_whom": "Two older males",
            "clothing": CCTV_CLOTHING,
        },
        event_at=at(70),
    )
    store.episodes.append(
        episode.id,
        "police_report",
        {"reference": "HUM-4471-26", "call_handler": "PC Example", "risk_grading": "Medium"},
        event_at=at(90),
    )
    return episode
