"""``start``, ``children`` and ``add-child``: who is in the store."""

from __future__ import annotations

import argparse

from desktop.cli.common import (
    Context,
    Subcommands,
    bundled_forms,
    date_arg,
    open_store,
)
from desktop.cli.output import json_text
from desktop.domain.clock import age_on
from desktop.domain.errors import ExitCode
from desktop.domain.model import ChildDetails, LegalStatus
from desktop.domain.ukdates import uk_date
from desktop.protocol.rules import protocol_names, shipped_rule_sets
from desktop.store.store import Store


def print_children(ctx: Context, store: Store, *, as_json: bool) -> None:
    """One line per child for people, or a JSON list for scripts; the demo prints this too."""
    children = store.children.all()
    if as_json:
        ctx.say(
            json_text(
                [
                    {
                        "id": c.id,
                        "first_name": c.first_name,
                        "last_name": c.last_name,
                        "preferred_name": c.preferred_name,
                        "english_name": c.english_name,
                        "aliases": list(c.aliases),
                        "date_of_birth": c.date_of_birth.isoformat(),
                        "authority_child_id": c.authority_child_id,
                    }
                    for c in children
                ],
            )
        )
        return
    if not children:
        ctx.say("No children yet. Add one with: python -m desktop add-child --help")
        return
    forms = bundled_forms()
    today = ctx.clock.now().date()
    for c in children:
        percent, _ = store.forms.completeness(c.id, forms["part_a"])
        photo = store.photos.check(c.id).value.lower()
        ctx.say(
            f"{c.display_name:<40} born {uk_date(c.date_of_birth)} (age "
            f"{age_on(c.date_of_birth, today)})  Part A {percent}% ready  {photo}  id {c.id}"
        )


def cmd_start(ctx: Context, args: argparse.Namespace) -> int:
    """Open the default store from the command line, or explain how to create one."""
    if not (args.store / "keys.json").exists():
        ctx.say(f"There is no store yet at {args.store}.")
        ctx.say("Create one for your home with:")
        ctx.say('    python -m desktop init --home "Your home\'s name" --protocol <your protocol>')
        ctx.say("or try the invented demo children first with:  python -m desktop demo")
        return ExitCode.OK
    ctx.say(f"Opening the store at {args.store}.")
    return cmd_children(ctx, args)


def cmd_children(ctx: Context, args: argparse.Namespace) -> int:
    """List children for people (``--json`` for scripts)."""
    with open_store(ctx, args) as store:
        print_children(ctx, store, as_json=args.json)
    return ExitCode.OK


def cmd_add_child(ctx: Context, args: argparse.Namespace) -> int:
    """Add a child from command-line options."""
    details = ChildDetails(
        first_name=args.first_name,
        last_name=args.last_name,
        date_of_birth=args.dob,
        preferred_name=args.preferred_name or "",
        english_name=args.english_name or "",
        aliases=tuple(args.alias or ()),
        placement_start=args.placement_start,
        placement_planned={"planned": True, "unplanned": False}.get(args.placement or ""),
        legal_status=args.legal_status or "",
        responsible_authority=args.responsible_authority or "",
        authority_child_id=args.authority_id or "",
        host_authority=args.host_authority or "",
        responsible_protocol_id=args.responsible_protocol,
        social_worker=args.social_worker or "",
        edt_contact=args.edt_contact or "",
    )
    with open_store(ctx, args) as store:
        child = store.children.add(details)
    ctx.say(f"Added {child.display_name} (id {child.id}).")
    return ExitCode.OK


def cmd_authority_id(ctx: Context, args: argparse.Namespace) -> int:
    """Fill in or correct the responsible authority's id for a child added before it was known."""
    with open_store(ctx, args) as store:
        child = store.children.set_authority_child_id(
            store.children.find(args.child).id, args.authority_id
        )
    said = child.authority_child_id or "blank (not known)"
    ctx.say(f"The authority's id for {child.display_name} is now {said}.")
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``start``, ``children`` and ``add-child``, in the order ``--help`` lists them."""
    p = sub.add_parser("start", help="open the store (or explain how to create one)")
    p.set_defaults(func=cmd_start, json=False)

    p = sub.add_parser("children", help="list the children")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_children)

    p = sub.add_parser("add-child", help="add a child")
    p.add_argument("--first-name", required=True, help="the legal first name")
    p.add_argument("--last-name", required=True, help="the legal last name")
    p.add_argument(
        "--dob", required=True, type=date_arg, metavar="DD/MM/YYYY", help="date of birth"
    )
    p.add_argument("--preferred-name", help="the name the child goes by, if different")
    p.add_argument(
        "--english-name",
        metavar="NAME",
        help="the name in English letters, for a name written in another script (as on "
        "official papers; the police pack is headed with it, and it is never worked out for you)",
    )
    p.add_argument("--alias", action="append", help="another name the child uses (repeatable)")
    p.add_argument(
        "--placement-start", type=date_arg, metavar="DD/MM/YYYY", help="when the placement began"
    )
    p.add_argument(
        "--placement",
        choices=("planned", "unplanned"),
        help="planned ahead (the Philomena forms are due before it starts) or not",
    )
    p.add_argument(
        "--legal-status",
        choices=list(LegalStatus),
        metavar="STATUS",
        help="one of: " + "; ".join(LegalStatus),
    )
    p.add_argument("--responsible-authority", help="the local authority responsible for the child")
    p.add_argument(
        "--authority-id",
        metavar="ID",
        help="the responsible authority's own id for the child, for its SSDA903 return",
    )
    p.add_argument("--host-authority", help="the local authority where the home is")
    p.add_argument(
        "--responsible-protocol",
        choices=list(protocol_names(shipped_rule_sets())),
        help="the missing-children protocol the responsible authority follows",
    )
    p.add_argument("--social-worker", help="the social worker's name and number")
    p.add_argument("--edt-contact", help="out-of-hours (Emergency Duty Team) contact")
    p.set_defaults(func=cmd_add_child)

    p = sub.add_parser(
        "authority-id", help="fill in or correct the responsible authority's id for a child"
    )
    p.add_argument("child", help="the child's name or id")
    p.add_argument(
        "authority_id",
        metavar="ID",
        help='the authority\'s id for the child as it gives it ("" to leave it blank)',
    )
    p.set_defaults(func=cmd_authority_id)
