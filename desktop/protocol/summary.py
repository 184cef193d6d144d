"""Where an episode stands now, as the first lines of a police pack say it.

A call-handler needs four facts before anything else: is the child missing (whereabouts
unknown), away with whereabouts known, back, or not away at all; since when; what police have
been told; and what has been seen of the child since. All of it follows from the corrected log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desktop.domain.episode import effective_log
from desktop.domain.model import LogEntry


class Standing(StrEnum):
    """The situation a pack's banner states."""

    MISSING = "missing"
    AWAY = "away"
    RETURNED = "returned"
    NOT_MISSING = "not missing"


@dataclass(frozen=True, slots=True)
class Sighting:
    """A sighting of the child after they went, as logged."""

    at: datetime
    """When the entry says it happened."""
    seen_at: str
    """The time of the sighting as told (free text, such as "about 16:00")."""
    where: str
    by_whom: str
    with_whom: str = ""
    clothing: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Summary:
    """An episode's state now, from its log."""

    standing: Standing
    since: datetime | None
    """When the present standing began: whereabouts became unknown or known, or the return."""
    last_seen_at: datetime | None = None
    """When someone last saw the child, as the first entry gave it."""
    reported_at: datetime | None = None
    reference: str = ""
    reported_by: str = ""
    """The author id of the police report entry."""
    accepted_at: datetime | None = None
    """When the police confirmed they accepted the report: until then the home is responsible."""
    sightings: tuple[Sighting, ...] = ()
    """Oldest first."""

    @property
    def reported(self) -> bool:
        """True once the police have been told."""
        return self.reported_at is not None


NOT_MISSING = Summary(Standing.NOT_MISSING, None)


def _moment(text: object) -> datetime | None:
    """A stored time, or None when there is none or it carries no time zone."""
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def police_reference(entries: Sequence[LogEntry]) -> str:
    """The police's reference for an episode: as reported, as accepted, or as last updated."""
    reference = ""
    reported = False
    for e in effective_log(entries):
        said = str(e.body.get("reference", "")).strip()
        if e.kind == "police_report" and not reported:
            reported, reference = True, said
        elif e.kind in ("police_accepted", "police_update") and said:
            reference = said
    return reference


def summarise(entries: Sequence[LogEntry]) -> Summary:
    """What the (corrected) log of an episode says now; a closed episode is not missing."""
    standing = Standing.NOT_MISSING
    since: datetime | None = None
    last_seen_at: datetime | None = None
    """When someone last saw the child, as the first entry gave it."""
    reported_at: datetime | None = None
    reported_by = ""
    accepted_at: datetime | None = None
    sightings: list[Sighting] = []
    for e in effective_log(entries):
        away = standing in (Standing.MISSING, Standing.AWAY)
        if e.kind == "aware":
            last_seen_at = _moment(e.body.get("last_seen_at"))
            standing = Standing.AWAY if e.body.get("whereabouts") == "known" else Standing.MISSING
            since = e.event_at
        elif e.kind == "whereabouts_known" and standing is Standing.MISSING:
            standing, since = Standing.AWAY, e.event_at
        elif e.kind == "whereabouts_unknown" and standing is Standing.AWAY:
            standing, since = Standing.MISSING, e.event_at
        elif e.kind == "returned" and away:
            standing, since = Standing.RETURNED, e.event_at
        elif e.kind == "closed":
            standing, since = Standing.NOT_MISSING, None
        elif e.kind == "police_report" and reported_at is None:
            reported_at, reported_by = e.event_at, e.author_id
        elif e.kind == "police_accepted" and accepted_at is None:
            accepted_at = e.event_at
        elif e.kind == "sighting":
            sightings.append(
                Sighting(
                    at=e.event_at,
                    seen_at=str(e.body.get("seen_at", "")),
                    where=str(e.body.get("where", "")),
                    by_whom=str(e.body.get("by_whom", "")),
                    with_whom=str(e.body.get("with_whom", "")),
                    clothing=str(e.body.get("clothing", "")),
                    note=str(e.body.get("note", "")),
                )
            )
    if standing is Standing.NOT_MISSING:
        return NOT_MISSING
    return Summary(
        standing=standing,
        since=since,
        last_seen_at=last_seen_at,
        reported_at=reported_at,
        reference=police_reference(entries),
        reported_by=reported_by,
        accepted_at=accepted_at,
        sightings=tuple(sorted(sightings, key=lambda s: s.at)),
    )
