"""Check answers against a form definition and say what police still need.

Values are plain JSON-able data so a saved version can be read back by any later release:
text kinds are strings, ``date`` is ``YYYY-MM-DD``, ``datetime`` is ISO 8601 with its offset,
``yes_no`` is a bool, ``multi_choice`` a list, ``person`` a mapping with ``name``, ``phone``,
``relationship`` and ``notes``, ``table`` a list of mappings keyed by column id, ``photo`` a
photo id.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from desktop.formspec.spec import Column, Field, FieldKind, FormSpec

PERSON_KEYS = ("name", "relationship", "phone", "notes")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")


def is_empty(value: Any) -> bool:
    """True when an answer holds nothing a reader could use."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_empty(v) for v in value)
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def _too_long(limit: int | None, value: Any) -> str | None:
    """A problem when text (or any part of a person's details) runs past its limit."""
    texts = value.values() if isinstance(value, dict) else [value]
    longest = max((len(t) for t in texts if isinstance(t, str)), default=0)
    if limit is not None and longest > limit:
        return f"This is {longest} characters long: keep it to {limit} or fewer."
    return None


def _check_scalar(
    kind: FieldKind, choices: tuple[str, ...], value: Any, limit: int | None = None
) -> str | None:
    """Return a plain-English problem with one answer, or None."""
    return _check_kind(kind, choices, value) or _too_long(limit, value)


def _check_kind(kind: FieldKind, choices: tuple[str, ...], value: Any) -> str | None:
    if kind in (FieldKind.TEXT, FieldKind.MULTILINE, FieldKind.ADDRESS, FieldKind.PHOTO):
        return None if isinstance(value, str) else "Enter text."
    if kind is FieldKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "Enter a number, for example 150."
        return "Enter a number that is not negative." if value < 0 else None
    if kind is FieldKind.PHONE:
        if not isinstance(value, str) or not _PHONE.match(value.strip()):
            return "Enter a phone number using digits, spaces and an optional +, e.g. 07700 900123."
        return None
    if kind is FieldKind.DATE:
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return "Enter a date as day/month/year."
        return None
    if kind is FieldKind.DATETIME:
        try:
            moment = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return "Enter a date and time as day/month/year hours:minutes."
        return None if moment.tzinfo else "The time is missing its time zone."
    if kind is FieldKind.YES_NO:
        return None if isinstance(value, bool) else "Choose yes or no."
    if kind is FieldKind.CHOICE:
        return None if value in choices else "Choose one of the options given."
    if kind is FieldKind.MULTI_CHOICE:
        if not isinstance(value, list) or any(v not in choices for v in value):
            return "Choose from the options given."
        return None
    if kind is FieldKind.PERSON:
        if not isinstance(value, dict) or set(value) - set(PERSON_KEYS):
            return "Enter the person's name and how to reach them."
        if not all(isinstance(v, str) for v in value.values()):
            return "Enter the person's details as text."
        phone = value.get("phone", "").strip()
        if phone and not _PHONE.match(phone):
            return "The person's phone number should use digits, spaces and an optional +."
        return None
    return None


def _check_table(field: Field, value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
        return "Enter the rows of the table."
    columns: dict[str, Column] = {c.id: c for c in field.columns}
    for number, row in enumerate(value, start=1):
        for key, cell in row.items():
            column = columns.get(key)
            if column is None:
                return f"Row {number} has an answer that is not a column of this table."
            if is_empty(cell):
                continue
            problem = _check_scalar(column.kind, column.choices, cell, column.limit)
            if problem:
                return f"Row {number}, {column.label}: {problem}"
    return None


def validate_values(spec: FormSpec, values: dict[str, Any]) -> dict[str, str]:
    """Return a message for each answer that does not fit its field (empty answers are fine)."""
    problems: dict[str, str] = {}
    known = {f.id: f for f in spec.fields()}
    for key in values:
        if key not in known:
            problems[key] = f"'{key}' is not a question on {spec.title}."
    for field_id, field in known.items():
        value = values.get(field_id)
        if is_empty(value):
            continue
        if field.kind is FieldKind.TABLE:
            problem = _check_table(field, value)
        else:
            problem = _check_scalar(field.kind, field.choices, value, field.limit)
        if problem:
            problems[field_id] = problem
    return problems


def completeness(spec: FormSpec, values: dict[str, Any]) -> tuple[int, list[Field]]:
    """Return (percent of police-needed answers given, the police-needed fields still empty)."""
    needed = spec.police_fields()
    missing = [f for f in needed if is_empty(values.get(f.id))]
    if not needed:
        return 100, []
    return round(100 * (len(needed) - len(missing)) / len(needed)), missing
