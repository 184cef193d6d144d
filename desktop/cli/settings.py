"""The home's settings on the command line: said to anyone, changed by an administrator.

``idle-lock``: how long the app may sit untouched before it locks; ``form-review``: how often
each child's Philomena forms are reviewed.
"""

from __future__ import annotations

import argparse

from desktop.cli.common import Context, Subcommands, open_store
from desktop.domain import form_review, idle
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


def cmd_form_review(ctx: Context, args: argparse.Namespace) -> int:
    """Say how often the home reviews the forms, or (administrators) set it."""
    with open_store(ctx, args) as store:
        if args.months is None:
            months = store.home().form_review_months
            ctx.say(f"The home reviews the forms every {form_review.months_words(months)}.")
            return ExitCode.OK
        home = store.children.set_form_review(args.months)
    ctx.say(
        "The home now reviews the forms every "
        f"{form_review.months_words(home.form_review_months)}: the manager's view says which "
        "are due."
    )
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``idle-lock`` and ``form-review``."""
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
    p = sub.add_parser(
        "form-review",
        help="say or set how often each child's Part A and Locations forms are reviewed",
    )
    p.add_argument(
        "months",
        type=int,
        nargs="?",
        default=None,
        metavar="MONTHS",
        help=f"administrators: {form_review.MIN_MONTHS} to {form_review.MAX_MONTHS} months "
        f"(new stores: {form_review.DEFAULT_MONTHS})",
    )
    p.set_defaults(func=cmd_form_review)
