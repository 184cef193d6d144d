"""What a form definition says: its sections and fields, and the closed lists they draw on.

Reading ``forms/*.toml`` into these types, with every check, is :mod:`desktop.formspec.loading`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from desktop.domain.citation import Citation
from desktop.domain.errors import PhilomenaError
from desktop.domain.timeline import RISK_FLAGS
from desktop.domain.ukdates import uk_clock, uk_short_day

FLAGS: frozenset[str] = frozenset(RISK_FLAGS)
"""Risk flags an answer may set (the escalation engine's closed list)."""

COVER_BLOCKS: tuple[str, ...] = (
    "description",
    "last_seen",
    "return",
    "risks",
    "medication",
    "where",
    "contact",
)
"""Blocks of the police pack's cover sheet, in print order; a field names its block."""

PREFILLS: frozenset[str] = frozenset(
    {
        "child.full_name",
        "child.preferred_name",
        "child.aliases",
        "child.date_of_birth",
        "child.legal_status",
        "child.responsible_authority",
        "child.social_worker",
        "child.edt_contact",
    }
)


ANY_ENTRY = "*"
"""``from_log`` entry that stands for every kind of log entry (less those under ``except``)."""
ENTRY_TIME = "event_at"
"""``from_log`` field that stands for the moment the entry says it happened."""
LOG_TRANSFORMS: frozenset[str] = frozenset(
    {"exists", "choice", "choices", "author", "rows", "log_rows"}
)
"""How a ``from_log`` source turns entries into an answer where a plain copy is not enough:
``exists`` answers yes when there is such an entry and no when there is none; ``choice``
takes the value ``map`` gives it, or else the text trimmed and capitalised, and keeps it only
when it is one of the field's choices; ``choices`` ticks each choice ``map`` gives an entry
(by its kind, or by its ``field``'s value); ``author`` is the name of the staff member who
wrote the entry; ``rows`` makes one table row per entry from the fields ``columns`` names;
``log_rows`` makes one table row (``when``, ``what``, ``who``) per entry."""
LOG_ROW_COLUMNS = ("when", "what", "who")

OUTPUTS: dict[str, str] = {
    "police": "the police pack",
    "episode": "the episode record",
}
"""What the app prints from a child's forms and log: the police pack (handed to the police with
the missing report) and the episode record (for the social worker and the manager)."""


class FormDefinitionError(PhilomenaError):
    """A form definition file is malformed; this is a packaging fault, not the user's."""


MAX_LENGTHS: dict[str, int] = {
    "text": 200,
    "multiline": 4000,
    "address": 400,
    "phone": 30,
    "person": 200,
    "number": 20,
}
"""How many characters an answer of each typed kind may have, unless its definition says
``max_length``: room for any real answer, never a page of pasted text in a heading or a pack."""


class FieldKind(StrEnum):
    """What sort of answer a field takes; decides its editor, check and PDF layout."""

    TEXT = "text"
    MULTILINE = "multiline"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    PHONE = "phone"
    ADDRESS = "address"
    PERSON = "person"
    TABLE = "table"
    PHOTO = "photo"


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table field."""

    id: str
    label: str
    kind: FieldKind
    help: str = ""
    choices: tuple[str, ...] = ()
    max_length: int | None = None

    @property
    def limit(self) -> int | None:
        """The most characters an answer may have (None for kinds chosen from a list)."""
        return self.max_length or MAX_LENGTHS.get(self.kind.value)


@dataclass(frozen=True, slots=True)
class LogSource:
    """Where in an episode's log a field's answer comes from (``from_log``).

    ``entries`` are the kinds read: one, several (``entry = ["police_report",
    "police_update"]``, read as one run in log order), or :data:`ANY_ENTRY` alone. ``map``
    pairs what an entry says (its kind, or its ``field``'s value) with a choice; ``only`` keeps
    the entries whose fields have these values; ``columns`` pairs a table's columns with the
    entry fields that fill them (``rows``).
    """

    entries: tuple[str, ...]
    field: str | None = None
    pick: str = "first"
    transform: str | None = None
    exclude: tuple[str, ...] = ()
    map: tuple[tuple[str, str], ...] = ()
    only: tuple[tuple[str, str], ...] = ()
    columns: tuple[tuple[str, str], ...] = ()

    def takes(self, kind: str) -> bool:
        """True when entries of this kind are read by this source."""
        if self.entries == (ANY_ENTRY,):
            return kind not in self.exclude
        return kind in self.entries

    def mapped(self, said: str) -> str | None:
        """The choice ``map`` gives what an entry says, if any."""
        return next((choice for key, choice in self.map if key == said), None)


@dataclass(frozen=True, slots=True)
class FormSource:
    """A child's form whose answer an episode's form starts from (``from_form``)."""

    form: str
    field: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an answer filled in for staff came from, so whoever reads it can weigh it.

    ``at`` is when the log entry it was taken from says it happened (``None`` for an answer
    from another form or from the protocol); ``entries`` counts the entries an answer such as
    a list of actions draws on, ``at`` being the newest.
    """

    source: str
    at: datetime | None = None
    entries: int = 1
    supplied_by: str = ""
    """Who gave the information, for an answer given during the police call."""

    def words(self, zone: tzinfo | None) -> str:
        """A line to print under the answer, such as "As logged at 21:40, Tue 1 Dec 2026"."""
        if self.at is None:
            return f"From {self.source}"
        when = f"{uk_clock(self.at, zone)}, {uk_short_day(self.at, zone, year=True)}"
        if self.supplied_by:
            return f"Told by {self.supplied_by}, as logged at {when}"
        if self.entries > 1:
            return f"From {self.entries} log entries, the latest logged at {when}"
        return f"As logged at {when}"


@dataclass(frozen=True, slots=True)
class Field:
    """One question on a form."""

    id: str
    label: str
    kind: FieldKind
    police: bool
    help: str
    cite: Citation
    choices: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    prefill: str | None = None
    flag: str | None = None
    cover: str | None = None
    choice_flags: tuple[tuple[str, str], ...] = ()
    from_log: tuple[LogSource, ...] = ()
    from_form: FormSource | None = None
    from_duty: str | None = None
    max_length: int | None = None

    @property
    def limit(self) -> int | None:
        """The most characters an answer (or each part of a person's details) may have."""
        return self.max_length or MAX_LENGTHS.get(self.kind.value)

    def flag_for_choice(self, choice: str) -> str | None:
        """The risk flag this choice sets, if any."""
        return next((flag for c, flag in self.choice_flags if c == choice), None)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of fields, shown as one page or box."""

    id: str
    title: str
    fields: tuple[Field, ...]
    help: str = ""


@dataclass(frozen=True, slots=True)
class FormSpec:
    """A whole form definition."""

    id: str
    title: str
    version: int
    scope: str
    summary: str
    sections: tuple[Section, ...]
    tab: str = ""
    order: int = 0
    outputs: tuple[str, ...] = ()
    print_order: int | None = None

    def fields(self) -> list[Field]:
        """Every field in order."""
        return [f for s in self.sections for f in s.fields]

    @property
    def short_name(self) -> str:
        """The form's name where room is short: its tab's words ("Part A"), else its title."""
        return self.tab.replace("&", "") or self.title

    def field(self, field_id: str) -> Field:
        """The field with this id; :class:`KeyError` when there is none."""
        for f in self.fields():
            if f.id == field_id:
                return f
        raise KeyError(field_id)

    def cover_fields(self, block: str) -> list[Field]:
        """Fields printed in one block of the police pack's cover sheet."""
        return [f for f in self.fields() if f.cover == block]

    def police_fields(self) -> list[Field]:
        """Fields police need at the first call."""
        return [f for f in self.fields() if f.police]


def shown_forms(forms: Mapping[str, FormSpec], scope: str) -> list[FormSpec]:
    """The forms of one scope (``child`` or ``episode``), in the order their tabs appear."""
    return sorted((f for f in forms.values() if f.scope == scope), key=lambda f: (f.order, f.id))


def pack_forms(forms: Mapping[str, FormSpec], scope: str, output: str = "police") -> list[FormSpec]:
    """The forms of one scope that an output (``OUTPUTS``) prints, in print order.

    A form prints in its ``print_order`` where it has one, else in the order of its tab.
    """
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r}")
    printed = [f for f in shown_forms(forms, scope) if output in f.outputs]
    return sorted(printed, key=lambda f: f.order if f.print_order is None else f.print_order)
