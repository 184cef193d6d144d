"""What a police pack prints, as plain data.

Gathered from the store by :mod:`desktop.export.gather` and laid out by :mod:`desktop.export.pack`,
so the PDF code never touches the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from desktop.domain.model import Child, FormVersion, Home
from desktop.formspec import FormSpec


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
    """One form as printed: its definition, the answers, and the version they came from."""

    spec: FormSpec
    values: dict[str, Any]
    version: FormVersion | None


@dataclass(frozen=True, slots=True)
class PackLogLine:
    """One entry of the episode's timed log, as printed."""

    happened: datetime
    recorded: datetime
    author: str
    entry: str
    details: str


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


def home_zone(data: PackInput) -> tzinfo:
    """The home's time zone: every time in the pack is as the home's clock read it."""
    return ZoneInfo(data.home.timezone)
