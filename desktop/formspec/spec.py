"""What a form definition says: its sections and fields, and the closed lists they draw on.

Reading ``forms/*.toml`` into these types, with every check, is :mod:`desktop.formspec.loading`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.citation import Citation
from desktop.domain.errors import PhilomenaError
from desktop.domain.timeline import RISK_FLAGS

FLAGS: frozenset[str] = frozenset(RISK_FLAGS)
"""Risk flags an answer may set (the escalation engine's closed list)."""

COVER_BLOCKS: tuple[str, ...] = ("description", "risks", "medication", "where", "contact")
"""Blocks of the police pack's cover sheet, in print order; a field names its block."""

PREFILLS: frozenset[str] = frozenset(
    {
        "child.full_name",
        "child.preferred_name",
        "child.aliases",
        "child.date_of_birth",
        "child.legal_status",
        "child.social_worker",
        "child.edt_contact",
    }
)


ANY_ENTRY = "*"
"""``from_log`` entry that stands for every kind of log entry (less those under ``except``)."""
ENTRY_TIME = "event_at"
"""``from_log`` field that stands for the moment the entry says it happened."""
LOG_TRANSFORMS: frozenset[str] = frozenset({"exists", "choice", "log_rows"})
"""How a ``from_log`` source turns entries into an answer where a plain copy is not enough:
``exists`` answers yes when there is such an entry and no when there is none; ``choice``
trims and capitalises the text and keeps it only when it is one of the field's choices;
``log_rows`` makes one table row (``when``, ``what``, ``who``) per entry."""
LOG_ROW_COLUMNS = ("when", "what", "who")


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
    "police_update"]``, read as one run in log order), or :data:`ANY_ENTRY` alone.
    """

    entries: tuple[str, ...]
    field: str | None = None
    pick: str = "first"
    transform: str | None = None
    exclude: tuple[str, ...] = ()

    def takes(self, kind: str) -> bool:
        """True when entries of this kind are read by this source."""
        if self.entries == (ANY_ENTRY,):
            return kind not in self.exclude
        return kind in self.entries


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
    pack: bool = False

    def fields(self) -> list[Field]:
        """Every field in order."""
        return [f for s in self.sections for f in s.fields]

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


def pack_forms(forms: Mapping[str, FormSpec], scope: str) -> list[FormSpec]:
    """The forms of one scope that the police pack prints, in print order."""
    return [f for f in shown_forms(forms, scope) if f.pack]
