"""Plain records the rest of the app passes around; the store maps them to tables."""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """What a staff member may do; administrators manage accounts and keys."""

    STAFF = "staff"
    MANAGER = "manager"
    ADMINISTRATOR = "administrator"


class LegalStatus(StrEnum):
    """Why the child is looked after; police ask for it and some statuses change the response."""

    SECTION_20 = "Accommodated under section 20 (voluntary)"
    CARE_ORDER = "Care order (section 31)"
    INTERIM_CARE_ORDER = "Interim care order (section 38)"
    PLACEMENT_ORDER = "Placement order"
    REMAND = "Remanded to local authority accommodation"
    SECURE = "Secure accommodation order (section 25)"
    POLICE_PROTECTION = "Police protection"
    EMERGENCY_PROTECTION = "Emergency protection order"
    OTHER = "Other (see notes)"


@dataclass(frozen=True, slots=True)
class Home:
    """The children's home or fostering household that owns a store."""

    name: str
    protocol_id: str = "england-default"
    overnight_start: time = time(22, 0)
    overnight_end: time = time(7, 0)
    photo_max_age_days: int = 183
    review_interval_minutes: int = 60
    timezone: str = "Europe/London"
    backup_every_hours: int = 24
    """How often the app backs the store up while it runs (0: no scheduled backups)."""
    idle_lock_minutes: int = 5
    """How long the app may sit untouched before it locks (see ``desktop.domain.idle``)."""
    form_review_months: int = 6
    """How often each child's Philomena forms are reviewed (see ``desktop.domain.form_review``)."""


@dataclass(frozen=True, slots=True)
class Staff:
    """A person who signs in; every log entry and form version names one."""

    id: str
    name: str
    role: Role
    created_at: datetime


NAME_MAX_LENGTH = 60
"""The most characters a first, last, preferred or other name may have."""
DETAIL_MAX_LENGTH = 200
"""The most characters the other typed details of a child may have."""
MAX_LENGTHS: dict[str, tuple[str, int]] = {
    "first_name": ("first name", NAME_MAX_LENGTH),
    "last_name": ("last name", NAME_MAX_LENGTH),
    "preferred_name": ("preferred name", NAME_MAX_LENGTH),
    "english_name": ("name in English letters", NAME_MAX_LENGTH),
    "responsible_authority": ("responsible local authority", DETAIL_MAX_LENGTH),
    "host_authority": ("host local authority", DETAIL_MAX_LENGTH),
    "social_worker": ("social worker's details", DETAIL_MAX_LENGTH),
    "edt_contact": ("out-of-hours contact", DETAIL_MAX_LENGTH),
}
"""Each typed detail of a child: how a message names it, and its most characters."""
AUTHORITY_ID_MAX_LENGTH = 20
"""The most characters the authority's id for a child may have: room for any authority's own
numbering, short enough that a mistyped paste is caught."""
AUTHORITY_ID_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-/")
"""What an authority's id for a child is written with: it goes into a CSV file unquoted."""
NAME_MARKS = frozenset(" -'\u2010\u2019")
"""What a name in English letters may have besides letters: spaces, hyphens and apostrophes."""


def not_english_letters(name: str) -> list[str]:
    """The characters of a name that are not English (Latin) letters, in the order they come.

    Accented letters are Latin letters too (é, ñ, ł, ß), whether typed as one character or as a
    letter followed by its accent; spaces, hyphens and apostrophes are allowed between them.
    """
    odd: list[str] = []
    after_letter = False
    for ch in unicodedata.normalize("NFC", name):
        accent = unicodedata.category(ch) == "Mn" and 0x300 <= ord(ch) <= 0x36F
        latin = ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN ")
        if not (latin or ch in NAME_MARKS or (accent and after_letter)):
            odd.append(ch)
        after_letter = latin or (accent and after_letter)
    return odd


def _shown(ch: str) -> str:
    """A character named in a message: itself in quotes, or its code when it cannot be seen."""
    return f"“{ch}”" if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"


@dataclass(frozen=True, slots=True)
class ChildDetails:
    """What a carer types to add a child; the store adds the id and audit fields."""

    first_name: str
    last_name: str
    date_of_birth: date
    preferred_name: str = ""
    english_name: str = ""
    """The name in English (Latin) letters, for a name written in another script; typed by
    staff as on official papers, never worked out by the app."""
    aliases: tuple[str, ...] = ()
    placement_start: date | None = None
    placement_end: date | None = None
    placement_planned: bool | None = None
    """Planned ahead (the Philomena forms are due before it starts), or not; None: not said."""
    legal_status: str = ""
    responsible_authority: str = ""
    authority_child_id: str = ""
    """The responsible authority's own id for the child, as its looked-after children's
    return (SSDA903) knows them; blank when not known."""
    host_authority: str = ""
    responsible_protocol_id: str | None = None
    social_worker: str = ""
    edt_contact: str = ""

    def validate(
        self, *, today: date, protocol_ids: Collection[str] | None = None
    ) -> dict[str, str]:
        """Return problems by field name, in words a carer can act on.

        ``protocol_ids`` are the rule sets the app has; without them the responsible
        authority's protocol is left for the caller to check.
        """
        problems: dict[str, str] = {}
        if not self.first_name.strip():
            problems["first_name"] = "Enter the child's first name."
        if not self.last_name.strip():
            problems["last_name"] = "Enter the child's last name."
        for key, (what, limit) in MAX_LENGTHS.items():
            length = len(getattr(self, key).strip())
            if length > limit:
                problems[key] = (
                    f"The {what} is {length} characters long: keep it to {limit} or fewer."
                )
        odd = list(dict.fromkeys(not_english_letters(self.english_name.strip(" "))))
        if odd and "english_name" not in problems:
            problems["english_name"] = (
                "Write the name in English letters only: A to Z (accents are fine), spaces, "
                "hyphens and apostrophes. Take out "
                + ", ".join(_shown(ch) for ch in odd[:3])
                + (" and the like." if len(odd) > 3 else ".")
            )
        elif self.english_name.strip() and not any(c.isalpha() for c in self.english_name):
            problems["english_name"] = "Write the name in English letters, or leave it empty."
        long_alias = max(self.aliases, key=len, default="")
        if len(long_alias) > NAME_MAX_LENGTH:
            problems["aliases"] = (
                f"One of the other names is {len(long_alias)} characters long: keep each to "
                f"{NAME_MAX_LENGTH} or fewer."
            )
        authority_id = self.authority_child_id.strip()
        if len(authority_id) > AUTHORITY_ID_MAX_LENGTH:
            problems["authority_child_id"] = (
                f"The authority's id for the child is {len(authority_id)} characters long: "
                f"keep it to {AUTHORITY_ID_MAX_LENGTH} or fewer."
            )
        elif authority_id and (
            not set(authority_id) <= AUTHORITY_ID_CHARACTERS or authority_id[0] in "-/"
        ):
            problems["authority_child_id"] = (
                "Write the authority's id for the child as it gives it: letters A to Z, digits, "
                "hyphens and slashes only, starting with a letter or digit."
            )
        if self.date_of_birth > today:
            problems["date_of_birth"] = "The date of birth is in the future."
        if (
            self.placement_start
            and self.placement_end
            and self.placement_end < self.placement_start
        ):
            problems["placement_end"] = "The placement ends before it starts."
        if self.legal_status and self.legal_status not in set(LegalStatus):
            problems["legal_status"] = "Choose the legal status from the list: " + "; ".join(
                LegalStatus
            )
        if (
            protocol_ids is not None
            and self.responsible_protocol_id
            and self.responsible_protocol_id not in protocol_ids
        ):
            problems["responsible_protocol_id"] = (
                "Unknown protocol. Choose one of: " + ", ".join(protocol_ids) + "."
            )
        return problems


@dataclass(frozen=True, slots=True)
class Child(ChildDetails):
    """A looked-after child whose records the store keeps."""

    id: str = ""
    created_at: datetime | None = None

    @property
    def display_name(self) -> str:
        """The name staff use, with the legal name when they differ."""
        full = f"{self.first_name} {self.last_name}".strip()
        if self.preferred_name and self.preferred_name != self.first_name:
            return f"{self.preferred_name} ({full})"
        return full

    @property
    def police_name(self) -> str:
        """The name a police document is headed with: in English letters when there is one.

        Call-handlers type Latin letters, so a name written in another script heads with the
        name in English letters staff gave; otherwise with the first and last name.
        """
        return self.english_name.strip() or f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class FormVersion:
    """One saved version of a form; the newest is what exports use."""

    id: int
    child_id: str
    form_id: str
    definition_version: int
    number: int
    values: dict[str, Any]
    saved_at: datetime
    saved_by: str
    saved_by_name: str = ""
    episode_id: str | None = None


@dataclass(frozen=True, slots=True)
class PhotoInfo:
    """What the store knows about a photograph, without its bytes."""

    id: str
    child_id: str
    width: int
    height: int
    taken_on: date | None
    taken_on_source: str
    description: str
    consent_by: str
    consent_on: date | None
    added_at: datetime
    added_by: str
    sha256: str
    on_cover: bool = True
    """Chosen for the police pack's cover (photos stored before the choice existed count)."""

    @property
    def dated(self) -> date:
        """When it was taken, or when it was added if that is not known."""
        return self.taken_on or self.added_at.date()


def newest_first(photos: Sequence[PhotoInfo]) -> list[PhotoInfo]:
    """Most recent first, by date taken (or added, if unknown), then by when added."""
    return sorted(photos, key=lambda p: (p.dated, p.added_at), reverse=True)


def cover_photo(photos: Sequence[PhotoInfo]) -> PhotoInfo | None:
    """The photo for the police pack's cover: the newest marked for it, else the newest.

    A carer can keep a photo off the cover (a poor likeness, a group shot) and still keep it;
    when none is marked the newest is used, so a child with photos never has an empty cover.
    """
    ordered = newest_first(photos)
    return next((p for p in ordered if p.on_cover), ordered[0] if ordered else None)


class PhotoCheck(StrEnum):
    """Whether police have a recent photograph: the one wording the list and the page share."""

    NONE = "No photo yet"
    OUT_OF_DATE = "Photo out of date"
    CURRENT = "Photo current"

    @property
    def needs_one(self) -> bool:
        """True when a recent photograph should be added."""
        return self is not PhotoCheck.CURRENT


def photo_check(newest: PhotoInfo | None, today: date, max_age_days: int) -> PhotoCheck:
    """No photo, a photo older than the home's limit, or a current one."""
    if newest is None:
        return PhotoCheck.NONE
    if (today - newest.dated).days > max_age_days:
        return PhotoCheck.OUT_OF_DATE
    return PhotoCheck.CURRENT


@dataclass(frozen=True, slots=True)
class Episode:
    """An absence or missing episode; its state follows its log (built out later)."""

    id: str
    child_id: str
    aware_at: datetime
    recorded_at: datetime
    started_by: str
    closed_at: datetime | None = None
    linked_group: str | None = None


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One timed, attributed entry; never changed, only corrected by a later entry."""

    id: int
    episode_id: str
    event_at: datetime
    recorded_at: datetime
    author_id: str
    kind: str
    body: dict[str, Any] = field(default_factory=dict)
    corrects_id: int | None = None
