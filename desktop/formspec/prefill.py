"""Answers a form can take from what is already recorded, so carers never type a thing twice.

A child's form takes answers from the child's record (``prefill``). An episode's form takes them
from the episode's log (``from_log``), each with the entry it came from, and fills what the log
leaves empty from the child's forms (``from_form``) and the protocol's times (``from_duty``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as default
from datetime import datetime
from typing import Any

from desktop.domain.entry_text import entry_label, entry_line
from desktop.domain.episode import ANSWER_FIELD, effective_log
from desktop.domain.model import Child, ChildDetails, LogEntry
from desktop.formspec.spec import (
    ENTRY_TIME,
    Field,
    FieldKind,
    FormSpec,
    LogSource,
    Provenance,
)


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


def _entry_value(entry: LogEntry, name: str | None) -> Any:
    if name == ENTRY_TIME:
        return entry.event_at.isoformat(timespec="minutes")
    assert name is not None  # checked when the definition was loaded
    return entry.body.get(name)


EntryText = Callable[[LogEntry], str]
"""An entry on one line in plain English (:class:`desktop.protocol.entries.EntryWords`)."""


def plain_entry(entry: LogEntry) -> str:
    """An entry on one line without the rule sets: times as stored, decisions by their action.

    The fallback for callers with no rule sets to hand; screens and the pack pass their own.
    """
    return entry_line(entry, entry.event_at.tzinfo)


@dataclass(frozen=True, slots=True)
class Known:
    """What an episode's form can start from besides its log.

    ``answers`` holds the child's forms' current answers by form id (with ``titles`` to name
    them); ``due`` the time the protocol gives each duty now, by action (such as
    ``report_to_police``), worked out by the caller so that forms never run the protocol.
    """

    answers: Mapping[str, Mapping[str, Any]] = default(default_factory=dict)
    titles: Mapping[str, str] = default(default_factory=dict)
    due: Mapping[str, datetime] = default(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Filled:
    """Answers taken from what is recorded, each with where it came from."""

    values: dict[str, Any]
    provenance: dict[str, Provenance]


_Found = tuple[Any, list[LogEntry]]
"""An answer with the entries it was taken from."""


def _log_row(entry: LogEntry, describe: Mapping[str, str], entry_text: EntryText) -> dict[str, str]:
    return {
        "when": entry.event_at.isoformat(timespec="minutes"),
        "what": entry_text(entry),
        "who": describe.get(entry.author_id, ""),
    }


def _as_kind(field: Field, value: Any) -> Any:
    """A copied text as the field takes it: a person's details start from their name."""
    if field.kind is FieldKind.PERSON and isinstance(value, str):
        return {"name": value}
    return value


def _choice(field: Field, source: LogSource, value: Any) -> Any:
    mapped = source.mapped(str(value))
    if mapped is not None:
        return mapped
    text = str(value).strip().capitalize()
    return text if text in field.choices else None


def _ticked(field: Field, source: LogSource, entries: list[LogEntry]) -> _Found | None:
    """The choices ``map`` gives the entries, in the field's order, with the entries that gave."""
    ticked: dict[str, None] = {}
    used = []
    for e in entries:
        said = e.kind if source.field is None else str(_entry_value(e, source.field) or "")
        choice = source.mapped(said)
        if choice is not None:
            ticked[choice] = None
            used.append(e)
    if not ticked:
        return None
    return [c for c in field.choices if c in ticked], used


def _row(entry: LogEntry, source: LogSource) -> dict[str, Any]:
    return {
        column: value
        for column, name in source.columns
        if (value := _entry_value(entry, name)) not in (None, "")
    }


def _from_source(
    field: Field,
    source: LogSource,
    log: Sequence[LogEntry],
    describe: Mapping[str, str],
    entry_text: EntryText,
) -> _Found | None:
    """The answer one source gives and its entries, or ``None`` when the log holds nothing."""
    entries = [
        e for e in log if source.takes(e.kind) and all(e.body.get(k) == v for k, v in source.only)
    ]
    if source.transform == "exists":
        return bool(entries), entries[:1]
    if source.transform == "log_rows":
        rows = [_log_row(e, describe, entry_text) for e in entries]
        return (rows, []) if rows else None
    if source.transform == "rows":
        rows = [row for row in (_row(e, source) for e in entries) if row]
        return (rows, []) if rows else None
    if source.transform == "choices":
        return _ticked(field, source, entries)
    if source.transform == "author":
        named = [e for e in entries if describe.get(e.author_id)]
        if not named:
            return None
        entry = named[0] if source.pick == "first" else named[-1]
        return _as_kind(field, describe[entry.author_id]), [entry]
    found = [(v, e) for e in entries if (v := _entry_value(e, source.field))]
    if not found:
        return None
    value, entry = found[0] if source.pick == "first" else found[-1]
    if source.transform == "choice":
        value = _choice(field, source, value)
        return None if value is None else (value, [entry])
    return _as_kind(field, value), [entry]


def _from_log(
    field: Field, log: Sequence[LogEntry], describe: Mapping[str, str], entry_text: EntryText
) -> _Found | None:
    """A later source that finds something wins; ``choices`` sources add up."""
    result: _Found | None = None
    for source in field.from_log:
        found = _from_source(field, source, log, describe, entry_text)
        if found is None:
            continue
        if result is not None and source.transform == "choices":
            both = set(result[0]) | set(found[0])
            found = [c for c in field.choices if c in both], result[1] + found[1]
        result = found
    return result


def _provenance(entries: list[LogEntry]) -> Provenance | None:
    if not entries:
        return None
    newest = max(entries, key=lambda e: (e.event_at, e.id))
    return Provenance(source=entry_label(newest), at=newest.event_at, entries=len(entries))


CALL_ANSWER = "call_answer"
"""The entry an answer given during the police call is logged as (``ANSWER_FIELD`` names the
field it answers, as ``form.field``)."""


def _told(spec: FormSpec, field: Field, log: Sequence[LogEntry]) -> tuple[Any, Provenance] | None:
    """The newest answer given during the police call for this field, with who gave it."""
    key = f"{spec.id}.{field.id}"
    said = [e for e in log if e.kind == CALL_ANSWER and e.body.get(ANSWER_FIELD) == key]
    if not said:
        return None
    entry = said[-1]
    origin = Provenance(
        source=entry_label(entry),
        at=entry.event_at,
        supplied_by=str(entry.body.get("supplied_by") or ""),
    )
    return str(entry.body.get("answer", "")), origin


def _elsewhere(field: Field, known: Known) -> tuple[Any, Provenance] | None:
    """What fills a field the log leaves empty: another form's answer, or the protocol's time."""
    if field.from_form is not None:
        value = known.answers.get(field.from_form.form, {}).get(field.from_form.field)
        if value not in (None, "", [], {}):
            title = known.titles.get(field.from_form.form, field.from_form.form)
            return value, Provenance(source=title)
    if field.from_duty is not None and field.from_duty in known.due:
        due = known.due[field.from_duty].isoformat(timespec="minutes")
        return due, Provenance(source="the protocol (no time has been set in the log)")
    return None


def log_answers(
    spec: FormSpec,
    entries: Sequence[LogEntry],
    *,
    describe: Mapping[str, str],
    entry_text: EntryText | None = None,
    known: Known | None = None,
) -> Filled:
    """Answers an episode's log already holds (``from_log``), so staff never type them twice.

    Corrections are applied first. Each answer comes from the entry that states it, and keeps
    that entry's time and kind (its provenance); a table of rows, each with its own time, keeps
    none. What the log leaves empty is filled from ``known`` (``from_form``, ``from_duty``).
    ``describe`` maps author ids to names (``author``, ``log_rows``), and ``entry_text`` words
    each ``log_rows`` row's entry (pass the screen's or the pack's
    :class:`~desktop.protocol.entries.EntryWords` so a table reads as they do).
    """
    log = effective_log(entries)
    entry_text = entry_text or plain_entry
    known = known or Known()
    values: dict[str, Any] = {}
    provenance: dict[str, Provenance] = {}
    for field in spec.fields():
        told = _told(spec, field, log)  # said during the call: newer than anything else logged
        if told is not None:
            values[field.id], provenance[field.id] = told
            continue
        found = _from_log(field, log, describe, entry_text)
        if found is not None and found[0] is not False:
            values[field.id] = found[0]
            origin = _provenance(found[1])
            if origin is not None:
                provenance[field.id] = origin
            continue
        other = _elsewhere(field, known)
        if other is not None:
            values[field.id], provenance[field.id] = other
        elif found is not None:
            values[field.id] = found[0]
    return Filled(values=values, provenance=provenance)


def log_prefilled(
    spec: FormSpec,
    entries: Sequence[LogEntry],
    *,
    describe: Mapping[str, str],
    entry_text: EntryText | None = None,
    known: Known | None = None,
) -> dict[str, Any]:
    """The answers of :func:`log_answers`, without where they came from."""
    return log_answers(spec, entries, describe=describe, entry_text=entry_text, known=known).values


def same_answer(a: Any, b: Any) -> bool:
    """True when two answers say the same (times compared as moments, not as text)."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        try:
            return datetime.fromisoformat(a) == datetime.fromisoformat(b)
        except ValueError:
            return False
    return False
