"""``demo``: a store of invented children to try the app on, kept apart from real records."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop import paths
from desktop.cli.children import print_children
from desktop.cli.common import Context, Subcommands, bundled_forms
from desktop.domain.errors import ExitCode
from desktop.store.store import Store


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    """Make or reuse the demo store, kept apart from real records."""
    from desktop.store.demo import (
        DEMO_NAME,
        DEMO_PASSPHRASE,
        build_demo_store,
        demo_recovery_key,
    )

    folder: Path = args.store if args.store_given else paths.demo_store_dir()
    if (folder / "keys.json").exists() and not args.reset:
        ctx.say(f"The demo store is already at {folder}.")
    else:
        if args.reset and folder.exists():
            from desktop.store.demo import remove_demo_store

            remove_demo_store(folder)
        build_demo_store(
            folder, clock=ctx.clock, device=ctx.device, kdf=ctx.kdf(), forms=bundled_forms()
        )
        ctx.say(f"Made a demo store of invented children at {folder}.")
    ctx.say(f"Sign in as '{DEMO_NAME}' with the passphrase '{DEMO_PASSPHRASE}'.")
    ctx.say(f"For example: python -m desktop --store {folder} children")
    recovery = demo_recovery_key(folder)
    if recovery:
        ctx.say(f"Its recovery key (for trying a backup and restore) is {recovery}")
    store = Store.open(
        folder, name=DEMO_NAME, passphrase=DEMO_PASSPHRASE, clock=ctx.clock, device=ctx.device
    )
    with store:
        print_children(ctx, store, as_json=False)
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``demo``."""
    p = sub.add_parser("demo", help="make (or show) a store of invented sample children")
    p.add_argument("--reset", action="store_true", help="throw away and rebuild the demo store")
    p.set_defaults(func=cmd_demo)
