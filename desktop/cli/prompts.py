"""``prompts``: what the protocol says must happen for a child, and by when."""

from __future__ import annotations

import argparse

from desktop.cli.common import Context, Subcommands, bundled_forms, home_zone, open_store
from desktop.cli.output import json_text
from desktop.domain.errors import ExitCode
from desktop.domain.ukdates import parse_uk_datetime, uk_datetime


def cmd_prompts(ctx: Context, args: argparse.Namespace) -> int:
    """What the protocol says must happen for a child, and by when."""
    from desktop.protocol.rules import shipped_rule_sets
    from desktop.protocol.scenario import prompt_json
    from desktop.protocol.situation import child_prompts

    with open_store(ctx, args) as store:
        zone = home_zone(store)
        child = store.children.find(args.child)
        now = parse_uk_datetime(args.at, zone) if args.at else None
        prompts = child_prompts(
            store.records(child.id),
            rule_sets=shipped_rule_sets(),
            forms=bundled_forms(),
            now=now or store.clock.now(),
        )
    if args.json:
        ctx.say(json_text([prompt_json(p, zone) for p in prompts]))
        return ExitCode.OK
    if not prompts:
        ctx.say(f"Nothing is due for {child.display_name}.")
    for p in prompts:
        ctx.say(f"{p.status.upper():<9} {uk_datetime(p.due_at, zone)}  {p.text}")
        ctx.say(
            f"          Who: {p.who}. Source: "
            + "; ".join(f"{c.seed} {c.section}" for c in p.citations)
        )
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``prompts``."""
    p = sub.add_parser("prompts", help="what the protocol says is due for a child")
    p.add_argument("--child", required=True, help="the child's name or id")
    p.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    p.add_argument("--at", metavar="'DD/MM/YYYY HH:MM'", help="as at this time (default now)")
    p.set_defaults(func=cmd_prompts)
