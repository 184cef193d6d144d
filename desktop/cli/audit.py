"""``audit``: the store's own record of sign-ins, sign-outs, exports, prints and e-mail drafts.

A report, so managers and administrators only. It says who, when and what, and which child's
records an export was about; never what was in it.
"""

from __future__ import annotations

import argparse

from desktop.cli.common import Context, Subcommands, home_zone, open_store
from desktop.domain.audit import audit_lines
from desktop.domain.errors import ExitCode


def cmd_audit(ctx: Context, args: argparse.Namespace) -> int:
    """Print the audit log, oldest first."""
    with open_store(ctx, args) as store:
        zone = home_zone(store)
        entries = store.audit.entries()
        names = {s.id: s.name for s in store.accounts.members()}
        children = {c.id: c.display_name for c in store.children.all()}
    for line in audit_lines(entries, names=names, children=children, zone=zone):
        ctx.say(line)
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``audit``."""
    p = sub.add_parser("audit", help="who signed in, out, exported or printed (managers)")
    p.set_defaults(func=cmd_audit)
