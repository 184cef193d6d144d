"""Load and check form definitions from ``forms/*.toml``.

A broken definition must stop the app at start-up with a message naming the file and field,
because a form that silently loses a field could lose what police need.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from desktop.domain.citation import Citation
from desktop.formspec.reader import Reader
from desktop.formspec.sources import check_form_sources, from_elsewhere, log_sources
from desktop.formspec.spec import (
    COVER_BLOCKS,
    FLAGS,
    MAX_LENGTHS,
    OUTPUTS,
    PREFILLS,
    Column,
    Field,
    FieldKind,
    FormDefinitionError,
    FormSpec,
    Section,
)

__all__ = ["check_form_sources", "load_form", "load_forms", "parse_form"]


def _max_length(r: Reader, raw: dict[str, Any], where: str, kind: FieldKind) -> int | None:
    value = raw.get("max_length")
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise r.fail(where, "'max_length' must be a whole number from 1")
    if kind.value not in MAX_LENGTHS:
        raise r.fail(where, f"a {kind.value} answer takes no 'max_length'")
    return value


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
    "from_form",
    "from_duty",
    "cover",
    "max_length",
}
_COLUMN_KEYS = {"id", "label", "kind", "help", "choices", "cite", "max_length"}


def _column(r: Reader, raw: Any, where: str) -> Column:
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
    r: Reader, raw: dict[str, Any], where: str, choices: tuple[str, ...]
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


def _field(r: Reader, raw: Any, where: str) -> Field:
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
    return from_elsewhere(r, raw, where, log_sources(r, raw, where, field))


def parse_form(data: dict[str, Any], origin: str) -> FormSpec:
    """Build a :class:`FormSpec` from parsed TOML, refusing anything malformed."""
    r = Reader(origin)
    if "pack" in data:
        raise r.fail("top level", "'pack' is replaced by 'outputs', e.g. outputs = [\"police\"]")
    r.unknown_keys(
        data,
        {
            "id",
            "title",
            "version",
            "scope",
            "summary",
            "tab",
            "order",
            "print_order",
            "outputs",
            "section",
        },
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
    outputs = r.strings(data, "outputs", "top level")
    for output in outputs:
        if output not in OUTPUTS:
            raise r.fail("top level 'outputs'", f"'{output}' is not one of {', '.join(OUTPUTS)}")
    print_order = data.get("print_order")
    if print_order is not None and (
        not isinstance(print_order, int) or isinstance(print_order, bool)
    ):
        raise r.fail("top level", "'print_order' must be a whole number")
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
            if (f.from_form or f.from_duty) and scope != "episode":
                raise r.fail(
                    f"field '{f.id}'", "only an episode's form takes 'from_form' or 'from_duty'"
                )
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
        outputs=outputs,
        print_order=print_order,
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
    forms = {spec.id: spec for spec in (load_form(p) for p in paths)}
    check_form_sources(forms)
    return forms
