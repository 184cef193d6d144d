"""``backup`` and ``restore``: encrypted copies of the store, and a store made from one."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import RECOVERY_ENV, Context, Subcommands, home_zone, open_store, secret
from desktop.cli.verify import percentages
from desktop.domain.errors import ExitCode
from desktop.domain.ukdates import uk_datetime
from desktop.store.restoring import older_note, restore
from desktop.store.store import Store
from desktop.store.verifying import OlderThanWitness, Steps


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    """Make an encrypted backup now, to a chosen folder or the rotated backups folder.

    Or, with ``--every``, set how often the app makes one; with ``--status``, say when it last did.
    """
    with open_store(ctx, args) as store:
        if args.every is not None:
            store.children.set_backup_schedule(args.every)
            ctx.say(
                f"While the app runs it backs the store up every {args.every} hour(s)."
                if args.every
                else "The app makes no scheduled backups now; make them with `backup`."
            )
            return ExitCode.OK
        if args.status:
            ctx.say(store.backup_status().words)
            return ExitCode.OK
        made = store.back_up(args.to)
        zone = home_zone(store)
        report = store.verify(Steps(progress=percentages(ctx)))  # the full check after each
    ctx.say(
        f"Backed up the store ({made.head.count} log entries) to {made.folder}, "
        f"made {uk_datetime(made.made_at, zone)}."
    )
    for problem in report.problems:
        ctx.say("PROBLEM  " + problem.message)
    if report.problems:
        return int(report.problems[0].exit_code)
    ctx.say("It opens with the recovery key, or the passphrases the store had when it was made.")
    return ExitCode.OK


def cmd_restore(ctx: Context, args: argparse.Namespace) -> int:
    """Restore a backup into a new folder with the recovery key, then check the result."""
    key = secret(ctx, RECOVERY_ENV, "Recovery key: ")
    info = restore(args.backup, args.into, key)
    with Store.open_with_recovery_key(
        args.into, recovery_key=key, clock=ctx.clock, device=ctx.device
    ) as store:
        report = store.verify()
        zone = home_zone(store)
        older = [p for p in report.problems if isinstance(p, OlderThanWitness)]
        problems = [p for p in report.problems if not isinstance(p, OlderThanWitness)]
        if not problems and older:  # restored on purpose: from now on this is the history
            store.keep_witness(restored=True)
    for problem in problems:
        ctx.say("PROBLEM  " + problem.message)
    if problems:
        return int(problems[0].exit_code)
    for difference in older:
        ctx.warn("Note: " + difference.message)
    ctx.say(
        f"Restored the backup made {uk_datetime(info.made_at, zone)} into {args.into}; it "
        "verifies. Open it with the recovery key, then give staff new passphrases if needed."
    )
    note = older_note(info, args.store)
    if note:
        ctx.warn("Note: " + note)
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``backup`` and ``restore``."""
    p = sub.add_parser("backup", help="make an encrypted backup of the store now")
    p.add_argument(
        "--to",
        type=Path,
        default=None,
        metavar="FOLDER",
        help="a folder or removable drive (default: the backups folder beside the store)",
    )
    p.add_argument(
        "--every",
        type=int,
        default=None,
        metavar="HOURS",
        help="administrators: how often the app backs up while it runs (default 24; 0: never)",
    )
    p.add_argument("--status", action="store_true", help="say when the last good backup was made")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="restore a backup into a new folder, with the recovery key")
    p.add_argument("backup", type=Path, help="the backup folder (backup-…)")
    p.add_argument("into", type=Path, help="a new, empty folder for the restored store")
    p.set_defaults(func=cmd_restore)
