"""``risk-of-missing``: a child's standing risk of going missing, and review meetings held.

The grading (Portsmouth's Appendix 4: low, medium or high) is the social worker's or the MASH's
decision; staff record it with who decided it. Every grading is kept: ``show`` lists them all.
"""

from __future__ import annotations

import argparse
from zoneinfo import ZoneInfo

from desktop.cli.common import AT, Context, Subcommands, at_option, home_zone, open_store
from desktop.domain.errors import ExitCode
from desktop.domain.missing_risk import MissingRisk, entry_words, standing_words
from desktop.store.store import Store


def _show(ctx: Context, store: Store, child_id: str, zone: ZoneInfo) -> None:
    entries = store.missing_risk.entries(child_id)
    ctx.say(standing_words(entries, zone))
    for entry in entries:
        ctx.say(f"  {entry_words(entry, zone)}")


def cmd_risk_of_missing(ctx: Context, args: argparse.Namespace) -> int:
    """Record a grading or a review meeting held, then show the child's whole record."""
    with open_store(ctx, args) as store:
        zone = home_zone(store)
        child = store.children.find(args.child)
        at = at_option(args, zone)
        if args.action == "set":
            store.missing_risk.record_level(
                child.id, args.level, decided_by=args.decided_by, decided_at=at
            )
        elif args.action == "review-held":
            store.missing_risk.record_review(child.id, held_at=at)
        ctx.say(f"{child.display_name}:")
        _show(ctx, store, child.id, zone)
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``risk-of-missing`` with ``show``, ``set`` and ``review-held``."""
    p = sub.add_parser(
        "risk-of-missing",
        help="a child's standing risk of going missing (low, medium, high) and review meetings",
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="action")
    q = actions.add_parser("show", help="the grading now and every earlier one")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.set_defaults(func=cmd_risk_of_missing, at=None)
    q = actions.add_parser(
        "set", help="record a grading decided (lowering one needs a manager); earlier ones are kept"
    )
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument(
        "--level", required=True, choices=[m.value for m in MissingRisk], help="the grading decided"
    )
    q.add_argument(
        "--decided-by",
        required=True,
        metavar="WHO",
        help="who decided it, e.g. 'J. Patel, social worker' or 'the MASH'",
    )
    q.add_argument("--at", metavar=AT, help="when it was decided (default: now)")
    q.set_defaults(func=cmd_risk_of_missing)
    q = actions.add_parser(
        "review-held", help="a review meeting was held for a child at high risk of going missing"
    )
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--at", metavar=AT, help="when it was held (default: now)")
    q.set_defaults(func=cmd_risk_of_missing)
