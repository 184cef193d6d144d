"""``form show`` and ``form set``: a child's Philomena forms, one function per action."""

from __future__ import annotations

import argparse
import json
from typing import Any

from desktop.cli.common import (
    Context,
    Subcommands,
    bundled_forms,
    home_zone,
    open_store,
    parse_date,
)
from desktop.cli.output import json_text
from desktop.domain.errors import BadInput, ExitCode, NotFound
from desktop.domain.model import Child
from desktop.domain.ukdates import uk_datetime
from desktop.formspec import FormSpec
from desktop.formspec.spec import FieldKind
from desktop.store.store import Store


def _coerce(spec: FormSpec, field_id: str, raw: str) -> Any:
    """Turn typed text into the answer's stored type, refusing questions the form lacks."""
    try:
        field = spec.field(field_id)
    except KeyError:
        raise BadInput(f"'{field_id}' is not a question on {spec.title}.") from None
    if field.kind is FieldKind.YES_NO:
        if raw.lower() in ("yes", "y", "true"):
            return True
        if raw.lower() in ("no", "n", "false"):
            return False
        raise BadInput(f"{field.label}: answer yes or no.")
    if field.kind is FieldKind.DATE:
        return parse_date(raw).isoformat()
    if field.kind in (FieldKind.NUMBER,):
        try:
            return float(raw) if "." in raw else int(raw)
        except ValueError:
            raise BadInput(f"{field.label}: enter a number.") from None
    if field.kind in (FieldKind.MULTI_CHOICE, FieldKind.TABLE, FieldKind.PERSON):
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            raise BadInput(f"{field.label}: give this answer as JSON.") from None
    return raw


def _child_form(form_id: str) -> FormSpec:
    """The child form asked for, checked before signing in so a typo costs no passphrase."""
    forms = bundled_forms()
    spec = forms.get(form_id)
    if spec is None or spec.scope != "child":
        choices = ", ".join(k for k, v in forms.items() if v.scope == "child")
        raise NotFound(f"There is no child form '{form_id}'. Choose one of: {choices}.")
    return spec


def _say_completeness(ctx: Context, store: Store, child: Child, spec: FormSpec) -> None:
    """What police still need: both actions end with it, so gaps are seen every time."""
    percent, missing = store.forms.completeness(child.id, spec)
    ctx.say(f"Police-needed answers given: {percent}%.")
    if missing:
        ctx.say("Still needed for police: " + "; ".join(missing))


def cmd_form_show(ctx: Context, args: argparse.Namespace) -> int:
    """Show a form's newest version (``--json``: just the answers)."""
    spec = _child_form(args.form)
    with open_store(ctx, args) as store:
        child = store.children.find(args.child)
        latest = store.forms.latest(child.id, spec.id)
        values = dict(latest.values) if latest else {}
        if args.json:
            ctx.say(json_text(values))
        else:
            if latest:
                ctx.say(
                    f"{spec.title}: version {latest.number}, saved "
                    f"{uk_datetime(latest.saved_at, home_zone(store))}"
                    f" by {latest.saved_by_name}"
                )
            for field in spec.fields():
                if field.id in values:
                    ctx.say(f"  {field.label}: {json.dumps(values[field.id], ensure_ascii=False)}")
        _say_completeness(ctx, store, child, spec)
    return ExitCode.OK


def cmd_form_set(ctx: Context, args: argparse.Namespace) -> int:
    """Save a new version with the given answers changed; earlier versions are kept."""
    spec = _child_form(args.form)
    with open_store(ctx, args) as store:
        child = store.children.find(args.child)
        latest = store.forms.latest(child.id, spec.id)
        values = dict(latest.values) if latest else {}
        for pair in args.values:
            key, sep, raw = pair.partition("=")
            if not sep:
                raise BadInput(f"'{pair}' should be written as field=value.")
            values[key.strip()] = _coerce(spec, key.strip(), raw)
        saved = store.forms.save(child.id, spec, values)
        ctx.say(f"Saved {spec.title} version {saved.number} for {child.display_name}.")
        _say_completeness(ctx, store, child, spec)
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``form`` with its ``show`` and ``set`` actions."""
    p = sub.add_parser("form", help="show or change a child's Philomena form")
    form_sub = p.add_subparsers(dest="action", required=True, metavar="show|set")
    q = form_sub.add_parser("show", help="show the newest version and what police still need")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--form", default="part_a", help="part_a or locations")
    q.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    q.set_defaults(values=[], func=cmd_form_show)
    q = form_sub.add_parser("set", help="save a new version with some answers changed")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--form", default="part_a", help="part_a or locations")
    q.add_argument(
        "values",
        nargs="+",
        metavar="FIELD=VALUE",
        help="answers, e.g. hair='Short, dark' ('form show' lists the fields)",
    )
    q.set_defaults(json=False, func=cmd_form_set)
