"""What a kind of log entry is: its label, the fields it needs and may have, and their labels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from desktop.domain.field_labels import FIELD_LABELS


@dataclass(frozen=True, slots=True)
class EntryKind:
    """One kind of log entry: its label, the fields it needs and may have, and their labels.

    ``labels`` gives a field a label of its own for this kind (where a sighting's ``where`` is
    "Seen where"); every other field takes its label from :data:`FIELD_LABELS`.
    """

    id: str
    label: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict, hash=False)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field, the needed ones first."""
        return self.required + self.optional

    def field_label(self, name: str) -> str:
        """The label people read this field under."""
        return (
            self.labels.get(name) or FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()
        )
