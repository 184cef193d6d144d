"""Load and check form definitions from ``forms/*.toml``.

A broken definition must stop the app at start-up with a message naming the file and field,
because a form that silently loses a field could lose what police need.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from desktop.domain.citation import Citation
from desktop.domain.episode import ENTRY_KINDS
from desktop.formspec.spec import (
    ANY_ENTRY,
    COVER_BLOCKS,
    ENTRY_TIME,
    FLAGS,
    LOG_ROW_COLUMNS,
    LOG_TRANSFORMS,
    MAX_LENGTHS,
    PREFILLS,
    Column,
    Field,
    FieldKind,
    FormDefinitionError,
    FormSpec,
    LogSource,
    Section,
)


def _max_length(r: _Reader, raw: dict[str, Any], where: str, kind: FieldKind) -> int | None:
    value = raw.get("max_length")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise r.fail(where, "'max_length' must be a whole number from 1")
    if kind.value not in MAX_LENGTHS:
        raise r.fail(where, f"a {kind.value} answer takes no 'max_length'")
    return value


class _Reader:
    """Reads one TOML table with errors that name the file and the place."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, problem: str) -> FormDefinitionError:
        return FormDefinitionError(f"Form definition {self.origin}, {where}: {problem}")

    def text(self, table: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = table.get(key, "" if not required else None)
        if value is None:
            raise self.fail(where, f"'{key}' is missing")
        if not isinstance(value, str):
            raise self.fail(where, f"'{key}' must be text")
        if required and not value.strip():
            raise self.fail(where, f"'{key}' is empty")
        return value.strip()

    def strings(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(where, f"'{key}' must be a list of non-empty text")
        if len(set(value)) != len(value):
            raise self.fail(where, f"'{key}' repeats a choice")
        return tuple(value)

    def unknown_keys(self, table: dict[str, Any], allowed: set[str], where: str) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.fail(where, "unknown key(s) " + ", ".join(repr(k) for k in extra))

    def kind(self, table: dict[str, Any], where: str) -> FieldKind:
        raw = self.text(table, "kind", where)
        try:
            return FieldKind(raw)
        except ValueError:
            allowed = ", ".join(k.value for k in FieldKind)
            raise self.fail(where, f"kind '{raw}' is not one of {allowed}") from None


_FIELD_KEYS = {
    "id",
    "label",
    "kind",
    "police",
    "help",
    "cite",
    "choices",
    "columns",
    "prefill",
    "flag",
    "choice_flags",
    "from_log",
    "cover",
    "max_length",
}
_COLUMN_KEYS = {"id", "label", "kind", "help", "choices", "cite", "max_length"}


def _column(r: _Reader, raw: Any, where: str) -> Column:
    if not isinstance(raw, dict):
        raise r.fail(where, "each column must be a table")
    r.unknown_keys(raw, _COLUMN_KEYS, where)
    cid = r.text(raw, "id", where)
    kind = r.kind(raw, f"{where} '{cid}'")
    if kind in (FieldKind.TABLE, FieldKind.PHOTO):
        raise r.fail(where, f"column '{cid}' cannot be a {kind.value}")
    choices = r.strings(raw, "choices", where)
    if kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) and not choices:
        raise r.fail(where, f"column '{cid}' needs choices")
    return Column(
        id=cid,
        label=r.text(raw, "label", where),
        kind=kind,
        help=r.text(raw, "help", where, required=False),
        choices=choices,
        max_length=_max_length(r, raw, f"{where} '{cid}'", kind),
    )


def _choice_flags(
    r: _Reader, raw: dict[str, Any], where: str, choices: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    table = raw.get("choice_flags", {})
    if not isinstance(table, dict):
        raise r.fail(where, "'choice_flags' must be a table of choice = flag")
    if table and not choices:
        raise r.fail(where, "only choice fields take 'choice_flags'")
    for choice, flag in table.items():
        if choice not in choices:
            raise r.fail(where, f"choice_flags names '{choice}', which is not one of its choices")
        if flag not in FLAGS:
            raise r.fail(
                where, f"choice_flags flag '{flag}' is not one of {', '.join(sorted(FLAGS))}"
            )
    return tuple((choice, str(flag)) for choice, flag in table.items())


_SOURCE_KEYS = {"entry", "field", "pick", "transform", "except"}


def _log_source(r: _Reader, raw: Any, where: str, field: Field) -> LogSource:
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
    body_field = r.text(raw, "field", where) if "field" in raw else None
    if transform in ("exists", "log_rows"):
        if body_field is not None:
            raise r.fail(where, f"a '{transform}' source takes no 'field'")
    elif body_field is None:
        raise r.fail(where, "'field' is missing")
    elif body_field != ENTRY_TIME:
        kinds = tuple(ENTRY_KINDS) if entries == (ANY_ENTRY,) else entries
        for kind in kinds:
            spec = ENTRY_KINDS[kind]
            if body_field not in spec.required + spec.optional:
                raise r.fail(where, f"a '{kind}' entry has no field '{body_field}'")
    needs = {
        "exists": FieldKind.YES_NO,
        "choice": FieldKind.CHOICE,
        "log_rows": FieldKind.TABLE,
    }.get(transform or "")
    if body_field == ENTRY_TIME and transform is None:
        needs = FieldKind.DATETIME
    if needs is not None and field.kind is not needs:
        raise r.fail(where, f"this source fills a {needs.value} field, not a {field.kind.value}")
    if transform == "log_rows" and not set(LOG_ROW_COLUMNS) <= {c.id for c in field.columns}:
        raise r.fail(where, "a 'log_rows' table needs columns " + ", ".join(LOG_ROW_COLUMNS))
    return LogSource(
        entries=entries, field=body_field, pick=str(pick), transform=transform, exclude=exclude
    )


def _log_sources(r: _Reader, raw: dict[str, Any], where: str, field: Field) -> Field:
    value = raw.get("from_log")
    if value is None:
        return field
    items = value if isinstance(value, list) else [value]
    if not items:
        raise r.fail(where, "'from_log' names no source")
    sources = tuple(_log_source(r, item, where, field) for item in items)
    return replace(field, from_log=sources)


def _field(r: _Reader, raw: Any, where: str) -> Field:
    if not isinstance(raw, dict):
        raise r.fail(where, "each field must be a table")
    fid = r.text(raw, "id", where)
    where = f"field '{fid}'"
    r.unknown_keys(raw, _FIELD_KEYS, where)
    kind = r.kind(raw, where)
    police = raw.get("police", False)
    if not isinstance(police, bool):
        raise r.fail(where, "'police' must be true or false")
    cite_raw = raw.get("cite")
    if not isinstance(cite_raw, dict):
        raise r.fail(where, "'cite' is missing: every field needs its seed citation")
    r.unknown_keys(cite_raw, {"seed", "section", "quote"}, f"{where} cite")
    cite = Citation(
        seed=r.text(cite_raw, "seed", f"{where} cite"),
        section=r.text(cite_raw, "section", f"{where} cite"),
        quote=r.text(cite_raw, "quote", f"{where} cite"),
    )
    choices = r.strings(raw, "choices", where)
    if kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) and not choices:
        raise r.fail(where, "a choice field needs 'choices'")
    if choices and kind not in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE):
        raise r.fail(where, "only choice fields take 'choices'")
    columns_raw = raw.get("columns", [])
    if not isinstance(columns_raw, list):
        raise r.fail(where, "'columns' must be a list")
    columns = tuple(_column(r, c, f"{where} column") for c in columns_raw)
    if kind is FieldKind.TABLE and not columns:
        raise r.fail(where, "a table field needs 'columns'")
    if columns and kind is not FieldKind.TABLE:
        raise r.fail(where, "only table fields take 'columns'")
    if len({c.id for c in columns}) != len(columns):
        raise r.fail(where, "two columns share an id")
    prefill = raw.get("prefill")
    if prefill is not None and prefill not in PREFILLS:
        raise r.fail(where, f"prefill '{prefill}' is not one of {', '.join(sorted(PREFILLS))}")
    flag = raw.get("flag")
    if flag is not None and flag not in FLAGS:
        raise r.fail(where, f"flag '{flag}' is not one of {', '.join(sorted(FLAGS))}")
    if flag is not None and kind is not FieldKind.YES_NO:
        raise r.fail(where, "only yes_no fields take 'flag' (set when answered yes)")
    choice_flags = _choice_flags(r, raw, where, choices)
    cover = raw.get("cover")
    if cover is not None and cover not in COVER_BLOCKS:
        raise r.fail(where, f"cover '{cover}' is not one of {', '.join(COVER_BLOCKS)}")
    field = Field(
        cover=cover,
        id=fid,
        label=r.text(raw, "label", where),
        kind=kind,
        police=police,
        help=r.text(raw, "help", where),
        cite=cite,
        choices=choices,
        columns=columns,
        prefill=prefill,
        flag=flag,
        choice_flags=choice_flags,
        max_length=_max_length(r, raw, where, kind),
    )
    return _log_sources(r, raw, where, field)


def parse_form(data: dict[str, Any], origin: str) -> FormSpec:
    """Build a :class:`FormSpec` from parsed TOML, refusing anything malformed."""
    r = _Reader(origin)
    r.unknown_keys(
        data,
        {"id", "title", "version", "scope", "summary", "tab", "order", "pack", "section"},
        "top level",
    )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise r.fail("top level", "'version' must be a whole number from 1")
    scope = r.text(data, "scope", "top level")
    if scope not in ("child", "episode"):
        raise r.fail("top level", "'scope' must be 'child' or 'episode'")
    order = data.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        raise r.fail("top level", "'order' must be a whole number")
    pack = data.get("pack", False)
    if not isinstance(pack, bool):
        raise r.fail("top level", "'pack' must be true or false")
    sections_raw = data.get("section")
    if not isinstance(sections_raw, list) or not sections_raw:
        raise r.fail("top level", "a form needs at least one [[section]]")
    sections: list[Section] = []
    seen_fields: set[str] = set()
    seen_sections: set[str] = set()
    for raw in sections_raw:
        if not isinstance(raw, dict):
            raise r.fail("section", "must be a table")
        sid = r.text(raw, "id", "section")
        if sid in seen_sections:
            raise r.fail(f"section '{sid}'", "two sections share this id")
        seen_sections.add(sid)
        r.unknown_keys(raw, {"id", "title", "help", "field"}, f"section '{sid}'")
        fields_raw = raw.get("field")
        if not isinstance(fields_raw, list) or not fields_raw:
            raise r.fail(f"section '{sid}'", "a section needs at least one [[section.field]]")
        fields = tuple(_field(r, f, f"section '{sid}'") for f in fields_raw)
        for f in fields:
            if f.id in seen_fields:
                raise r.fail(f"field '{f.id}'", "two fields share this id")
            seen_fields.add(f.id)
            if f.from_log and scope != "episode":
                raise r.fail(f"field '{f.id}'", "only an episode's form can be filled from its log")
        sections.append(
            Section(
                id=sid,
                title=r.text(raw, "title", f"section '{sid}'"),
                help=r.text(raw, "help", f"section '{sid}'", required=False),
                fields=fields,
            )
        )
    title = r.text(data, "title", "top level")
    return FormSpec(
        id=r.text(data, "id", "top level"),
        title=title,
        version=version,
        scope=scope,
        summary=r.text(data, "summary", "top level"),
        sections=tuple(sections),
        tab=r.text(data, "tab", "top level") if "tab" in data else title,
        order=order,
        pack=pack,
    )


def load_form(path: Path) -> FormSpec:
    """Load one definition file; the form id must match the file name."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise FormDefinitionError(f"Form definition {path.name} is not valid TOML: {exc}") from None
    except OSError as exc:
        raise FormDefinitionError(
            f"Form definition {path.name} cannot be read: {exc.strerror}"
        ) from None
    spec = parse_form(data, path.name)
    if spec.id != path.stem:
        raise FormDefinitionError(
            f"Form definition {path.name}: id '{spec.id}' must match the file name"
        )
    return spec


def load_forms(folder: Path) -> dict[str, FormSpec]:
    """Load every definition in ``folder``, keyed by form id."""
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise FormDefinitionError(f"No form definitions found in {folder.name}/")
    return {spec.id: spec for spec in (load_form(p) for p in paths)}
