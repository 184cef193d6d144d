"""Accounts on the command line: who can sign in, with what, and on which computer.

``add-staff``, ``disable-staff`` and ``remove-staff`` (administrators), ``change-passphrase``
(your own), ``reset-passphrase`` (the recovery key or an administrator) and ``enrol``.
"""

from __future__ import annotations

import argparse

from desktop.cli.common import Context, Subcommands, new_passphrase, open_store
from desktop.domain.errors import BadInput, ExitCode
from desktop.domain.model import Role
from desktop.store.accounts import REKEY_NOTE


def cmd_add_staff(ctx: Context, args: argparse.Namespace) -> int:
    """Give a colleague their own key slot and sign-in."""
    with open_store(ctx, args) as store:
        staff = store.accounts.add(
            name=args.staff_name,
            role=Role(args.role),
            passphrase=new_passphrase(ctx),
            kdf=ctx.kdf(),
        )
    ctx.say(f"Added {staff.name} as {staff.role.value}.")
    return ExitCode.OK


def cmd_reset_passphrase(ctx: Context, args: argparse.Namespace) -> int:
    """Replace a forgotten passphrase (with the recovery key or as administrator)."""
    with open_store(ctx, args) as store:
        store.accounts.reset_passphrase(
            name=args.staff_name, passphrase=new_passphrase(ctx), kdf=ctx.kdf()
        )
    ctx.say(f"The passphrase for {args.staff_name} has been changed.")
    return ExitCode.OK


def cmd_change_passphrase(ctx: Context, args: argparse.Namespace) -> int:
    """Change your own passphrase (any role)."""
    with open_store(ctx, args) as store:
        store.accounts.change_own_passphrase(new_passphrase(ctx), kdf=ctx.kdf())
    ctx.say("Your passphrase has been changed. Use the new one from now on.")
    return ExitCode.OK


def cmd_disable_staff(ctx: Context, args: argparse.Namespace) -> int:
    """Close an account at once, keeping its passphrase (administrators)."""
    with open_store(ctx, args) as store:
        store.accounts.disable(name=args.staff_name)
    ctx.say(
        f"{args.staff_name}'s account is closed: they cannot sign in, and a session they left "
        "open ends at its next step. Their entries keep their name."
    )
    return ExitCode.OK


def cmd_remove_staff(ctx: Context, args: argparse.Namespace) -> int:
    """Close an account and delete its key slot (administrators)."""
    with open_store(ctx, args) as store:
        store.accounts.remove(name=args.staff_name)
    ctx.say(f"Removed {args.staff_name}'s account. Their entries keep their name.")
    ctx.say(REKEY_NOTE)
    return ExitCode.OK


def cmd_enrol(ctx: Context, args: argparse.Namespace) -> int:
    """Let staff passphrases work on this computer account."""
    with open_store(ctx, args) as store:
        if not store.accounts.device_bound:
            ctx.say("This store is not tied to a computer, so there is nothing to enrol.")
        elif store.accounts.enrol_this_account():
            ctx.say("This computer account is enrolled: staff passphrases now work here.")
        else:
            raise BadInput("This computer has no working keyring, so it cannot be enrolled.")
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add the account commands."""
    p = sub.add_parser("add-staff", help="create a staff account (administrators)")
    p.add_argument("staff_name", metavar="NAME", help="the person's name as they sign in")
    p.add_argument(
        "--role",
        choices=[r.value for r in Role],
        default=Role.STAFF.value,
        help="what they may do (default: staff)",
    )
    p.set_defaults(func=cmd_add_staff)

    p = sub.add_parser("reset-passphrase", help="set a new passphrase for an account")
    p.add_argument("staff_name", metavar="NAME", help="the person's name as they sign in")
    p.set_defaults(func=cmd_reset_passphrase)

    p = sub.add_parser("enrol", help="let staff passphrases work on this computer account")
    p.set_defaults(func=cmd_enrol)

    p = sub.add_parser("change-passphrase", help="change your own passphrase")
    p.set_defaults(func=cmd_change_passphrase)

    p = sub.add_parser("disable-staff", help="close an account at once (administrators)")
    p.add_argument("staff_name", metavar="NAME", help="the person's name as they sign in")
    p.set_defaults(func=cmd_disable_staff)

    p = sub.add_parser(
        "remove-staff", help="close an account and delete its passphrase (administrators)"
    )
    p.add_argument("staff_name", metavar="NAME", help="the person's name as they sign in")
    p.set_defaults(func=cmd_remove_staff)
