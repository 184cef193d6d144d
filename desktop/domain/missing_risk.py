"""A child's standing risk of going missing: Low, Medium or High, and the review meetings held.

Portsmouth's toolkit (Appendix 4, "Thresholds and appropriate interventions") grades a child as at
low, medium or high risk of going missing, listed on the child's file ("Ensure that this child or
young person is listed on file as 'At low risk of Missing'"), and asks for a review meeting every
six weeks while the child is at high risk. This grading belongs to the child, not to an episode,
and is not the police's grading of one absence (:mod:`desktop.domain.grading`).

Each grading is an entry with when it was decided, who decided it and who recorded it; a new
grading is a new entry, so an earlier one is never lost. A review meeting held is an entry too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from desktop.domain.ukdates import uk_datetime


class MissingRisk(StrEnum):
    """The three thresholds of Portsmouth's Appendix 4."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


MISSING_RISK_NAMES: dict[MissingRisk, str] = {
    MissingRisk.LOW: "Low risk of going missing",
    MissingRisk.MEDIUM: "Medium risk of going missing",
    MissingRisk.HIGH: "High risk of going missing",
}
"""Each level as a carer reads it."""


class RiskEntryKind(StrEnum):
    """What a standing-risk entry records."""

    LEVEL = "level"  # a grading decided
    REVIEW = "review"  # a review meeting held while at high risk


@dataclass(frozen=True, slots=True)
class RiskEntry:
    """One entry of a child's standing-risk record; never changed, only followed by another."""

    id: int
    child_id: str
    kind: RiskEntryKind
    at: datetime  # when the grading was decided, or the meeting held
    recorded_at: datetime
    recorded_by: str  # staff id
    level: MissingRisk | None = None  # on LEVEL
    decided_by: str = ""  # on LEVEL: who decided it, in the recorder's words
    recorded_by_name: str = ""


DECIDED_BY_MAX_LENGTH = 200
"""The most characters "who decided it" may have."""


def ordered(entries: Iterable[RiskEntry]) -> list[RiskEntry]:
    """Entries by when they happened, then in the order they were written."""
    return sorted(entries, key=lambda e: (e.at, e.id))


def current_level(entries: Iterable[RiskEntry], now: datetime | None = None) -> RiskEntry | None:
    """The newest grading decided by ``now`` (any time if None), or None if there is none."""
    levels = [e for e in ordered(entries) if e.kind is RiskEntryKind.LEVEL]
    levels = [e for e in levels if now is None or e.at <= now]
    return levels[-1] if levels else None


def high_spells(levels: Sequence[tuple[datetime, str]]) -> list[tuple[datetime, datetime | None]]:
    """When the child was at high risk: (from, until) for each spell, the last open if it lasts.

    ``levels`` are (decided at, level) in time order. A spell starts when High is decided after
    another level (or none) and ends when a lower level is decided; High decided again while
    already high does not restart it.
    """
    spells: list[tuple[datetime, datetime | None]] = []
    for at, level in levels:
        high = level == MissingRisk.HIGH
        is_open = bool(spells) and spells[-1][1] is None
        if high and not is_open:
            spells.append((at, None))
        elif not high and is_open:
            spells[-1] = (spells[-1][0], at)
    return spells


def entry_words(entry: RiskEntry, zone: tzinfo | None) -> str:
    """One entry in plain words, for the child's page and the command line."""
    when = uk_datetime(entry.at, zone)
    who = f", recorded by {entry.recorded_by_name}" if entry.recorded_by_name else ""
    if entry.kind is RiskEntryKind.REVIEW:
        return f"Review meeting held {when}{who}"
    level = MISSING_RISK_NAMES[entry.level] if entry.level else "A grading"
    return f"{level}: {_decided(entry, zone)}{who}"


def _decided(entry: RiskEntry, zone: tzinfo | None) -> str:
    by = f" by {entry.decided_by}" if entry.decided_by else ""
    return f"decided {uk_datetime(entry.at, zone)}{by}"


def standing_words(entries: Iterable[RiskEntry], zone: tzinfo | None) -> str:
    """The child's grading now, in one line ("Not recorded" when no one has graded them)."""
    latest = current_level(entries)
    if latest is None:
        return "Risk of going missing: not recorded"
    level = latest.level.value.capitalize() if latest.level else "not recorded"
    return f"Risk of going missing: {level} ({_decided(latest, zone)})"
