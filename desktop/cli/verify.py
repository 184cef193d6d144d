"""``verify``: check the store, exiting with the code of the first problem for scripts."""

from __future__ import annotations

import argparse

from desktop.cli.common import Context, Subcommands, open_store
from desktop.domain.errors import ExitCode


def cmd_verify(ctx: Context, args: argparse.Namespace) -> int:
    """Check everything and exit with the code of the first problem found."""
    with open_store(ctx, args) as store:
        report = store.verify()
    for line in report.checks:
        ctx.say("OK       " + line)
    for line in report.warnings:
        ctx.say("WARNING  " + line)
    for problem in report.problems:
        ctx.say("PROBLEM  " + problem.message)
    if report.problems:
        return int(report.problems[0].exit_code)
    ctx.say("The store is intact.")
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``verify``."""
    p = sub.add_parser("verify", help="check the keys, every database page and the schema")
    p.set_defaults(func=cmd_verify)
