"""Answers a form can take from the child's record, so carers never type the same thing twice."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from desktop.domain.entry_text import entry_line
from desktop.domain.episode import effective_log
from desktop.domain.model import Child, ChildDetails, LogEntry
from desktop.formspec.spec import ENTRY_TIME, Field, FieldKind, FormSpec, LogSource


def from_child(child: ChildDetails, source: str) -> Any:
    """The answer the child's record gives for a ``prefill`` source such as ``child.aliases``."""
    attribute = source.removeprefix("child.")
    if attribute == "full_name":
        return f"{child.first_name} {child.last_name}".strip()
    if attribute == "aliases":
        return "\n".join(child.aliases)
    if attribute == "date_of_birth":
        return child.date_of_birth.isoformat()
    return getattr(child, attribute, "")


def prefilled(spec: FormSpec, child: Child) -> dict[str, Any]:
    """Values for the form's ``prefill`` fields that the child's record can answer."""
    values: dict[str, Any] = {}
    for field in spec.fields():
        if field.prefill is None:
            continue
        value = from_child(child, field.prefill)
        if not value:
            continue
        if field.kind is FieldKind.PERSON:
            value = {"name": str(value)}
        elif field.kind is FieldKind.CHOICE and value not in field.choices:
            continue
        values[field.id] = value
    return values


def with_prefill(spec: FormSpec, child: Child, saved: dict[str, Any]) -> dict[str, Any]:
    """Saved answers, with the child's record filling only what was never answered."""
    merged = prefilled(spec, child)
    merged.update({k: v for k, v in saved.items() if v not in (None, "", [], {})})
    return merged


def _entry_value(entry: LogEntry, source: LogSource) -> Any:
    if source.field == ENTRY_TIME:
        return entry.event_at.isoformat(timespec="minutes")
    assert source.field is not None  # checked when the definition was loaded
    return entry.body.get(source.field)


EntryText = Callable[[LogEntry], str]
"""An entry on one line in plain English (:class:`desktop.protocol.entries.EntryWords`)."""


def plain_entry(entry: LogEntry) -> str:
    """An entry on one line without the rule sets: times as stored, decisions by their action.

    The fallback for callers with no rule sets to hand; screens and the pack pass their own.
    """
    return entry_line(entry, entry.event_at.tzinfo)


def _log_row(entry: LogEntry, describe: Mapping[str, str], entry_text: EntryText) -> dict[str, str]:
    return {
        "when": entry.event_at.isoformat(timespec="minutes"),
        "what": entry_text(entry),
        "who": describe.get(entry.author_id, ""),
    }


def _from_source(
    field: Field,
    source: LogSource,
    log: Sequence[LogEntry],
    describe: Mapping[str, str],
    entry_text: EntryText,
) -> Any:
    """The answer one source gives, or ``None`` when the log holds nothing for it."""
    entries = [e for e in log if source.takes(e.kind)]
    if source.transform == "exists":
        return bool(entries)
    if source.transform == "log_rows":
        return [_log_row(e, describe, entry_text) for e in entries] or None
    found = [v for v in (_entry_value(e, source) for e in entries) if v]
    if not found:
        return None
    value = found[0] if source.pick == "first" else found[-1]
    if source.transform == "choice":
        value = str(value).strip().capitalize()
        return value if value in field.choices else None
    return value


def log_prefilled(
    spec: FormSpec,
    entries: Sequence[LogEntry],
    *,
    describe: Mapping[str, str],
    entry_text: EntryText | None = None,
) -> dict[str, Any]:
    """Answers an episode's log already holds (``from_log``), so staff never type them twice.

    Corrections are applied first. Where a field lists several sources, a later one that finds
    something wins (the newest sighting's clothing over what was noted at the start).
    ``describe`` maps author ids to names for ``log_rows`` tables, and ``entry_text`` words
    each row's entry (pass the screen's or the pack's :class:`~desktop.protocol.entries.EntryWords`
    so a table reads as they do).
    """
    log = effective_log(entries)
    entry_text = entry_text or plain_entry
    values: dict[str, Any] = {}
    for field in spec.fields():
        for source in field.from_log:
            value = _from_source(field, source, log, describe, entry_text)
            if value is not None:
                values[field.id] = value
    return values
