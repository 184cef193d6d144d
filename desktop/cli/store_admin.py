"""``init``: create a store for a home."""

from __future__ import annotations

import argparse
from datetime import time

from desktop.cli.common import (
    USER_ENV,
    Context,
    Subcommands,
    new_passphrase,
    text_only,
    time_arg,
)
from desktop.domain.errors import ExitCode
from desktop.domain.model import Home
from desktop.protocol.rules import DEFAULT_RULE_SET, protocol_names, shipped_rule_sets
from desktop.store.store import RESTARTED_NOTE, Store


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    """Create a store; the recovery key is printed here and never again."""
    home = Home(
        name=args.home,
        protocol_id=args.protocol,
        overnight_start=args.overnight_start,
        overnight_end=args.overnight_end,
        photo_max_age_days=args.photo_max_age_days,
    )
    admin = text_only(
        args.name or ctx.environ.get(USER_ENV) or ctx.prompt("Administrator's name: "), "The name"
    )
    created = Store.create(
        args.store,
        home=home,
        admin_name=admin,
        passphrase=new_passphrase(ctx),
        clock=ctx.clock,
        device=ctx.device,
        kdf=ctx.kdf(),
    )
    created.store.close()
    if created.restarted:
        ctx.say(RESTARTED_NOTE)
    ctx.say(f"Created the store for {home.name} in {args.store}.")
    ctx.say("")
    ctx.say("RECOVERY KEY — write this down now and keep it locked away. It is shown only once.")
    ctx.say("It opens the store if a passphrase is forgotten or the store moves to a new PC.")
    ctx.say("")
    ctx.say("    " + created.recovery_key)
    ctx.say("")
    if not created.device_bound:
        ctx.warn(
            "Note: this computer has no keyring, so the store is not tied to this computer. "
            "Keep the store folder somewhere only staff can reach."
        )
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``init``."""
    p = sub.add_parser("init", help="create a new store for a home")
    p.add_argument("--home", required=True, help="the home's name")
    p.add_argument(
        "--protocol",
        choices=list(protocol_names(shipped_rule_sets())),
        default=DEFAULT_RULE_SET,
        help="the local missing-children protocol the home follows",
    )
    p.add_argument(
        "--overnight-start",
        type=time_arg,
        default=time(22, 0),
        metavar="HH:MM",
        help="when the home's night begins (default 22:00)",
    )
    p.add_argument(
        "--overnight-end",
        type=time_arg,
        default=time(7, 0),
        metavar="HH:MM",
        help="when the home's night ends (default 07:00)",
    )
    p.add_argument(
        "--photo-max-age-days",
        type=int,
        default=183,
        metavar="DAYS",
        help="how old a photo may be before a new one is asked for (default 183)",
    )
    p.set_defaults(func=cmd_init)
