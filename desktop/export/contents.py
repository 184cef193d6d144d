"""What a police pack prints, as plain data.

Gathered from the store by :mod:`desktop.export.gather` and laid out by :mod:`desktop.export.pack`,
so the PDF code never touches the database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from desktop.domain.model import Child, FormVersion, Home
from desktop.formspec import FormSpec, Provenance
from desktop.protocol.summary import NOT_MISSING, Summary


@dataclass(frozen=True, slots=True)
class PackPhoto:
    """A photograph as printed: clean JPEG bytes and what is known about it."""

    jpeg: bytes
    width: int
    height: int
    taken_on: date | None
    description: str = ""


@dataclass(frozen=True, slots=True)
class PackForm:
    """One form as printed: its definition, the answers, and the version they came from.

    ``provenance`` says, for each answer taken from the log (or another form, or the
    protocol), where it came from and when it was stated, to print under it.
    """

    spec: FormSpec
    values: dict[str, Any]
    version: FormVersion | None
    provenance: Mapping[str, Provenance] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PackLogLine:
    """One entry of the episode's timed log, as printed, numbered from 1 within the episode.

    A correction names the number of the entry it corrects; the corrected entry lists the
    numbers of its corrections, so a reader sees both where they look.
    """

    number: int
    happened: datetime
    recorded: datetime
    author: str
    entry: str
    details: str
    corrects: int | None = None
    corrected_by: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PackDuty:
    """A duty the protocol set in the episode, and what became of it."""

    text: str
    who: str
    due_at: datetime
    answered_at: datetime | None = None
    outcome: str | None = None
    reason: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class PackEpisode:
    """Where the episode stands: what the banner and the cover's first lines say."""

    summary: Summary = NOT_MISSING
    reported_by: str = ""
    """The name of the staff member who reported the child missing to the police."""
    grading: str = ""
    """The police's newest grading of the risk, in words ("" until they give one)."""
    graded_at: datetime | None = None
    report_by: datetime | None = None
    """When the protocol says the police must be told, while they have not been."""
    duties: tuple[PackDuty, ...] = ()
    """Every duty the protocol set in this episode, answered or not, by when it was due."""


@dataclass(frozen=True, slots=True)
class PackInput:
    """Everything the pack prints; gathered from the store by :mod:`desktop.export.gather`."""

    home: Home
    child: Child
    forms: Sequence[PackForm]
    photos: Sequence[PackPhoto]
    """The cover's photo first (the newest marked for the cover), then the rest, newest first."""
    generated_by: str
    generated_at: datetime
    police_reference: str = ""
    log: Sequence[PackLogLine] = field(default_factory=tuple)
    episode: PackEpisode = field(default_factory=PackEpisode)
    output: str = "police"
    """``police`` (the pack for a report) or ``episode`` (the record for the social worker)."""
    disclosures: Sequence[PackLogLine] = field(default_factory=tuple)
    """Sensitive disclosures, printed only when the person making the pack chose to include
    them (the log itself only ever refers to them)."""


def home_zone(data: PackInput) -> tzinfo:
    """The home's time zone: every time in the pack is as the home's clock read it."""
    return ZoneInfo(data.home.timezone)
