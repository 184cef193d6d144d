"""``verify``: check the store, exiting with the code of the first problem for scripts."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from desktop.cli.common import RECOVERY_ENV, Context, Subcommands, open_store, secret
from desktop.domain.errors import ExitCode
from desktop.store.restoring import verify_backup
from desktop.store.verifying import Steps


def percentages(ctx: Context) -> Callable[[int], None]:
    """Say how far the check has got, every tenth, on the error stream.

    The output stays as scripts read it; Ctrl+C stops the check.
    """
    said = [-1]

    def say(percent: int) -> None:
        if percent // 10 > said[0]:
            said[0] = percent // 10
            ctx.warn(f"Checking the store: {percent}%")

    return say


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    """Check everything and exit with the code of the first problem found."""
    if args.backup is not None:
        key = secret(ctx, RECOVERY_ENV, "Recovery key: ")
        report = verify_backup(args.backup, key, store=args.store)
    else:
        with open_store(ctx, args) as store:
            report = store.verify(Steps(progress=percentages(ctx)), witness_code=args.witness)
    for line in report.checks:
        ctx.say("OK       " + line)
    for line in report.warnings:
        ctx.say("WARNING  " + line)
    for problem in report.problems:
        ctx.say("PROBLEM  " + problem.message)
    if report.problems:
        return int(report.problems[0].exit_code)
    ctx.say("The backup is intact." if args.backup is not None else "The store is intact.")
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``verify``."""
    p = sub.add_parser("verify", help="check the keys, every database page and the schema")
    p.add_argument(
        "--backup",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="check a backup in place, with the recovery key, without restoring it",
    )
    p.add_argument(
        "--witness",
        default=None,
        metavar="CODE",
        help="also compare the store with a witness code written down earlier",
    )
    p.set_defaults(func=cmd_verify)
    w = sub.add_parser(
        "witness", help="show the code to write down that proves how far the records went"
    )
    w.set_defaults(func=cmd_witness)


def cmd_witness(ctx: Context, args: argparse.Namespace) -> int:
    """Show today's witness code, and keep the signed head in this computer's keyring."""
    with open_store(ctx, args) as store:
        code = store.witness_code()
        kept = store.keep_witness()
    if code is None:
        ctx.say(
            "Nothing is signed in this store yet: an administrator's next sign-in seals its "
            "records, and the code is shown after that."
        )
        return ExitCode.OK
    ctx.say("Witness code (write it down with today's date and keep it away from this PC):")
    ctx.say("")
    ctx.say("    " + code)
    ctx.say("")
    ctx.say(
        "Later, 'verify --witness CODE' says whether the store still holds everything it held "
        "today. " + kept.value
    )
    return ExitCode.OK
