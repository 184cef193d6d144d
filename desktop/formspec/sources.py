"""Where an episode's form takes answers from besides staff: its log, the child's forms.

``from_log``, ``from_form`` and ``from_duty`` are read and checked here, so that a definition
naming something the log, the forms or the entry kinds do not have is refused when loaded.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from desktop.domain.episode import ENTRY_KINDS, FIELD_VALUES
from desktop.formspec.reader import Reader
from desktop.formspec.spec import (
    ANY_ENTRY,
    ENTRY_TIME,
    LOG_ROW_COLUMNS,
    LOG_TRANSFORMS,
    Field,
    FieldKind,
    FormSource,
    FormSpec,
    LogSource,
)

_SOURCE_KEYS = {"entry", "field", "pick", "transform", "except", "map", "only", "columns"}
_NO_FIELD = ("exists", "author", "rows", "log_rows")
"""Transforms that read whole entries, not one of their fields."""
_FILLS = {
    "exists": FieldKind.YES_NO,
    "choice": FieldKind.CHOICE,
    "choices": FieldKind.MULTI_CHOICE,
    "rows": FieldKind.TABLE,
    "log_rows": FieldKind.TABLE,
}
"""The kind of field each transform fills (``author`` fills a person or a text)."""


def _kinds(entries: tuple[str, ...], exclude: tuple[str, ...]) -> list[str]:
    if entries == (ANY_ENTRY,):
        return [k for k in ENTRY_KINDS if k not in exclude]
    return list(entries)


def _check_entry_field(r: Reader, where: str, kinds: list[str], name: str) -> None:
    for kind in kinds:
        spec = ENTRY_KINDS[kind]
        if name not in spec.required + spec.optional:
            raise r.fail(where, f"a '{kind}' entry has no field '{name}'")


def _pairs(r: Reader, raw: dict[str, Any], key: str, where: str) -> tuple[tuple[str, str], ...]:
    table = raw.get(key, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise r.fail(where, f"'{key}' must be a table of text")
    return tuple((str(k), v) for k, v in table.items())


def _check_map(r: Reader, where: str, source: LogSource, kinds: list[str], field: Field) -> None:
    """``map`` keys are entry kinds (or the field's values); its values the field's choices."""
    for said, choice in source.map:
        if choice not in field.choices:
            raise r.fail(where, f"map gives '{choice}', which is not one of the field's choices")
        if source.field is None:
            if said not in kinds:
                raise r.fail(where, f"map names '{said}', which is not a kind this source reads")
            continue
        for kind in kinds:
            closed = FIELD_VALUES.get((kind, source.field))
            if closed is not None and said not in closed:
                raise r.fail(
                    where, f"map names '{said}', which a '{kind}' entry's {source.field} never is"
                )


def _check_only(r: Reader, where: str, source: LogSource, kinds: list[str]) -> None:
    for name, value in source.only:
        _check_entry_field(r, where, kinds, name)
        for kind in kinds:
            closed = FIELD_VALUES.get((kind, name))
            if closed is not None and value not in closed:
                raise r.fail(
                    where, f"only names '{value}', which a '{kind}' entry's {name} never is"
                )


def _check_columns(
    r: Reader, where: str, source: LogSource, kinds: list[str], field: Field
) -> None:
    if not source.columns:
        raise r.fail(where, "a 'rows' source needs 'columns' (column = entry field)")
    columns = {c.id: c for c in field.columns}
    for column_id, name in source.columns:
        column = columns.get(column_id)
        if column is None:
            raise r.fail(where, f"columns names '{column_id}', which is not a column of the table")
        if name == ENTRY_TIME:
            if column.kind is not FieldKind.DATETIME:
                raise r.fail(where, f"column '{column_id}' takes a time, so must be a datetime")
            continue
        _check_entry_field(r, where, kinds, name)


def _log_source(r: Reader, raw: Any, where: str, field: Field) -> LogSource:
    where = f"{where} from_log"
    if not isinstance(raw, dict):
        raise r.fail(where, "each source must be a table")
    r.unknown_keys(raw, _SOURCE_KEYS, where)
    raw_entry = raw.get("entry")
    listed = raw_entry if isinstance(raw_entry, list) else [r.text(raw, "entry", where)]
    if not listed or not all(isinstance(e, str) and e.strip() for e in listed):
        raise r.fail(where, "'entry' must be a kind of log entry or a list of them")
    entries = tuple(e.strip() for e in listed)
    if ANY_ENTRY in entries and len(entries) > 1:
        raise r.fail(where, f"'{ANY_ENTRY}' stands for every kind: list no others with it")
    for entry in entries:
        if entry != ANY_ENTRY and entry not in ENTRY_KINDS:
            raise r.fail(where, f"entry '{entry}' is not a kind of log entry")
    exclude = r.strings(raw, "except", where)
    if exclude and entries != (ANY_ENTRY,):
        raise r.fail(where, f"only entry = '{ANY_ENTRY}' takes 'except'")
    for kind in exclude:
        if kind not in ENTRY_KINDS:
            raise r.fail(where, f"except names '{kind}', which is not a kind of log entry")
    pick = raw.get("pick", "first")
    if pick not in ("first", "last"):
        raise r.fail(where, "'pick' must be 'first' or 'last'")
    transform = raw.get("transform")
    if transform is not None and transform not in LOG_TRANSFORMS:
        raise r.fail(
            where, f"transform '{transform}' is not one of {', '.join(sorted(LOG_TRANSFORMS))}"
        )
    source = LogSource(
        entries=entries,
        field=r.text(raw, "field", where) if "field" in raw else None,
        pick=str(pick),
        transform=transform,
        exclude=exclude,
        map=_pairs(r, raw, "map", where),
        only=_pairs(r, raw, "only", where),
        columns=_pairs(r, raw, "columns", where),
    )
    kinds = _kinds(entries, exclude)
    if transform in _NO_FIELD and source.field is not None:
        raise r.fail(where, f"a '{transform}' source takes no 'field'")
    if transform not in (*_NO_FIELD, "choices") and source.field is None:
        raise r.fail(where, "'field' is missing")
    if source.field is not None and source.field != ENTRY_TIME:
        _check_entry_field(r, where, kinds, source.field)
    if source.map and transform not in ("choice", "choices"):
        raise r.fail(where, "only a 'choice' or 'choices' source takes 'map'")
    if transform == "choices" and not source.map:
        raise r.fail(where, "a 'choices' source needs 'map' (what the log says = choice)")
    if source.columns and transform != "rows":
        raise r.fail(where, "only a 'rows' source takes 'columns'")
    needs = _FILLS.get(transform or "")
    if source.field == ENTRY_TIME and transform is None:
        needs = FieldKind.DATETIME
    if needs is not None and field.kind is not needs:
        raise r.fail(where, f"this source fills a {needs.value} field, not a {field.kind.value}")
    if transform == "author" and field.kind not in (FieldKind.PERSON, FieldKind.TEXT):
        raise r.fail(where, "an 'author' source fills a person or a text field")
    _check_map(r, where, source, kinds, field)
    _check_only(r, where, source, kinds)
    if transform == "rows":
        _check_columns(r, where, source, kinds, field)
    if transform == "log_rows" and not set(LOG_ROW_COLUMNS) <= {c.id for c in field.columns}:
        raise r.fail(where, "a 'log_rows' table needs columns " + ", ".join(LOG_ROW_COLUMNS))
    return source


def log_sources(r: Reader, raw: dict[str, Any], where: str, field: Field) -> Field:
    """The field with its ``from_log`` sources, each checked against the entry kinds."""
    value = raw.get("from_log")
    if value is None:
        return field
    items = value if isinstance(value, list) else [value]
    if not items:
        raise r.fail(where, "'from_log' names no source")
    sources = tuple(_log_source(r, item, where, field) for item in items)
    adding = [s.transform == "choices" for s in sources]
    if any(adding) and not all(adding):
        raise r.fail(where, "'choices' sources add up, so every source of the field must be one")
    return replace(field, from_log=sources)


def from_elsewhere(r: Reader, raw: dict[str, Any], where: str, field: Field) -> Field:
    """``from_form`` and ``from_duty``: what fills a field the log leaves empty."""
    form_raw = raw.get("from_form")
    if form_raw is not None:
        if not isinstance(form_raw, dict):
            raise r.fail(where, "'from_form' must be a table: { form = ..., field = ... }")
        r.unknown_keys(form_raw, {"form", "field"}, f"{where} from_form")
        source = FormSource(
            form=r.text(form_raw, "form", f"{where} from_form"),
            field=r.text(form_raw, "field", f"{where} from_form"),
        )
        field = replace(field, from_form=source)
    duty = raw.get("from_duty")
    if duty is not None:
        if not isinstance(duty, str) or not duty.isidentifier():
            raise r.fail(where, "'from_duty' must name a duty, such as 'report_to_police'")
        if field.kind is not FieldKind.DATETIME:
            raise r.fail(where, "'from_duty' gives a time, so fills only a datetime field")
        field = replace(field, from_duty=duty)
    return field


def check_form_sources(forms: dict[str, FormSpec]) -> None:
    """Refuse a ``from_form`` naming a form or field that is not there, or of another kind."""
    for spec in forms.values():
        for field in spec.fields():
            source = field.from_form
            if source is None:
                continue
            r = Reader(f"{spec.id}.toml")
            where = f"field '{field.id}' from_form"
            other = forms.get(source.form)
            if other is None or other.scope != "child":
                raise r.fail(where, f"'{source.form}' is not one of the child's forms")
            try:
                copied = other.field(source.field)
            except KeyError:
                raise r.fail(where, f"{source.form} has no field '{source.field}'") from None
            if copied.kind is not field.kind:
                raise r.fail(
                    where,
                    f"{source.form}'s '{source.field}' is of kind '{copied.kind.value}', "
                    f"this field of kind '{field.kind.value}'",
                )
