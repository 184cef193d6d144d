"""What each kind of signed record is: its table, the columns its digest covers, and its name.

A digest is taken of the columns exactly as SQLite returns them (text, numbers, nulls; bytes
by their SHA-256), so writing a record and checking it later read the same values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of record the ledger signs."""

    name: str
    table: str
    key: str
    columns: tuple[str, ...]
    author: str | None
    """The column naming who made the record (None: whoever signed the change)."""
    label: str
    later: tuple[str, ...] = ()
    """Columns added after records of this kind were first signed. A digest covers each, with
    its name, only when it holds something, so a record signed before the column existed still
    checks, while filling in, changing or emptying one outside the app is still found."""

    def select(self, where: str = "", order: str = "") -> str:
        """The query for these records' signed columns (``where``/``order`` as SQL clauses)."""
        return f"SELECT {', '.join(self.columns + self.later)} FROM {self.table}{where}{order}"

    def signed(self, found: tuple[Any, ...] | list[Any]) -> tuple[Any, ...]:
        """A row from :meth:`select` as its digest covers it: the later columns only when set."""
        first = tuple(found[: len(self.columns)])
        extra = zip(self.later, found[len(self.columns) :], strict=True)
        return first + tuple([name, value] for name, value in extra if value not in (None, ""))


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "account",
            "staff",
            "id",
            ("id", "name", "role", "created_at", "active"),
            None,
            "staff account",
        ),
        Kind(
            "key",
            "signing_key",
            "id",
            ("id", "staff_id", "public_key", "made_at", "made_by"),
            "made_by",
            "signing key",
        ),
        Kind(
            "child",
            "child",
            "id",
            (
                "id",
                "first_name",
                "last_name",
                "preferred_name",
                "english_name",
                "aliases",
                "date_of_birth",
                "placement_start",
                "placement_end",
                "placement_planned",
                "legal_status",
                "responsible_authority",
                "host_authority",
                "responsible_protocol_id",
                "social_worker",
                "edt_contact",
                "created_at",
                "created_by",
            ),
            "created_by",
            "child's record",
            later=("authority_child_id",),
        ),
        Kind(
            "episode",
            "episode",
            "id",
            (
                "id",
                "child_id",
                "aware_at",
                "recorded_at",
                "started_by",
                "closed_at",
                "linked_group",
            ),
            "started_by",
            "episode",
        ),
        Kind(
            "form",
            "form_record",
            "id",
            (
                "id",
                "child_id",
                "episode_id",
                "form_id",
                "definition_version",
                "number",
                "data",
                "saved_at",
                "saved_by",
            ),
            "saved_by",
            "saved form version",
        ),
        Kind(
            "photo",
            "photo",
            "id",
            (
                "id",
                "child_id",
                "image",
                "thumbnail",
                "width",
                "height",
                "sha256",
                "taken_on",
                "taken_on_source",
                "description",
                "consent_by",
                "consent_on",
                "added_at",
                "added_by",
                "on_cover",
            ),
            "added_by",
            "photograph",
        ),
        Kind(
            "log",
            "log_entry",
            "id",
            (
                "id",
                "episode_id",
                "event_at",
                "recorded_at",
                "author_id",
                "kind",
                "body",
                "corrects_id",
                "seq",
                "chain",
            ),
            "author_id",
            "log entry",
        ),
        Kind(
            "missing_risk",
            "missing_risk_entry",
            "id",
            ("id", "child_id", "kind", "level", "at", "decided_by", "recorded_at", "recorded_by"),
            "recorded_by",
            "risk of going missing record",
        ),
    )
}
"""Every kind of record that is signed, in the order a checkpoint seals them."""

CHECKPOINT = "checkpoint"
"""A ledger row that seals every record before it (the upgrade to signed records)."""


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    return value


def digest(values: tuple[Any, ...] | list[Any]) -> str:
    """The SHA-256 of a record's columns as stored."""
    text = json.dumps([_plain(v) for v in values], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def select_one(cursor: Any, kind: Kind, ref: str) -> tuple[Any, ...] | None:
    """One record's stored columns, read inside the caller's transaction."""
    found = cursor.execute(kind.select(f" WHERE {kind.key} = ?"), (ref,)).fetchone()
    return None if found is None else kind.signed(found)


def select_all(cursor: Any, kind: Kind) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every record of a kind, with its key as text (the ledger names records by text)."""
    for found in cursor.execute(kind.select()):
        values = kind.signed(found)
        yield str(values[kind.columns.index(kind.key)]), values
