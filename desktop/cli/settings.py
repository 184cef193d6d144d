"""``idle-lock``: how long the app may sit untouched before it locks, for this home."""

from __future__ import annotations

import argparse

from desktop.cli.common import Context, Subcommands, open_store
from desktop.domain import idle
from desktop.domain.errors import ExitCode


def cmd_idle_lock(ctx: Context, args: argparse.Namespace) -> int:
    """Say the home's idle time, or (administrators) set it."""
    with open_store(ctx, args) as store:
        if args.minutes is None:
            minutes = store.home().idle_lock_minutes
            ctx.say(f"The app locks after {idle.minutes_words(minutes)} untouched.")
            return ExitCode.OK
        home = store.children.set_idle_lock(args.minutes)
    ctx.say(
        f"The app now locks after {idle.minutes_words(home.idle_lock_minutes)} untouched "
        "(from the next sign-in)."
    )
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``idle-lock``."""
    p = sub.add_parser(
        "idle-lock", help="say or set how long the app may sit untouched before it locks"
    )
    p.add_argument(
        "minutes",
        type=int,
        nargs="?",
        default=None,
        metavar="MINUTES",
        help=f"administrators: {idle.MIN_MINUTES} to {idle.MAX_MINUTES} minutes "
        f"(new stores: {idle.DEFAULT_MINUTES})",
    )
    p.set_defaults(func=cmd_idle_lock)
