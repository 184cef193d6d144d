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
            report = store.verify(Steps(progress=percentages(ctx)))
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
    p.set_defaults(func=cmd_verify)
