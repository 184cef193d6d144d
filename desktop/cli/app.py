"""The top-level parser and dispatch: one place maps every failure to its exit code.

Every failure the user or the environment causes prints one plain sentence and exits with its
own code (listed in ``--help``); a bug prints where it happened but never any data.
"""

from __future__ import annotations

import argparse
import contextlib
import io
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__, paths
from desktop.cli import (
    accounts,
    audit,
    backups,
    children,
    demo,
    episodes,
    forms,
    missing_risk,
    pack,
    photos,
    prompts,
    reports,
    scenario,
    settings,
    store_admin,
    verify,
)
from desktop.cli.common import (
    PASSPHRASE_ENV,
    RECOVERY_ENV,
    USER_ENV,
    Context,
    UsageError,
    text_only,
)
from desktop.cli.output import visible
from desktop.domain.errors import EXIT_CODE_HELP, ExitCode, PhilomenaError, bug_location

COMMAND_GROUPS = (
    store_admin,
    demo,
    children,
    photos,
    forms,
    pack,
    episodes,
    missing_risk,
    prompts,
    scenario,
    verify,
    backups,
    settings,
    accounts,
    audit,
    reports,
)
"""Each module adds its own subcommands; this order is the order ``--help`` lists them in."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with exit codes listed in ``--help``."""
    codes = "\n".join(f"  {int(code):>2}  {text}" for code, text in EXIT_CODE_HELP.items())
    parser = argparse.ArgumentParser(
        prog="python -m desktop",
        description="Philomena Desk: missing-from-care records and police packs.",
        epilog=(
            f"exit codes:\n{codes}\n\nenvironment:\n"
            f"  {paths.STORE_ENV}      store folder (instead of --store)\n"
            f"  {USER_ENV}       your name (instead of --name)\n"
            f"  {PASSPHRASE_ENV} passphrase, for automation (otherwise you are asked)\n"
            f"  {RECOVERY_ENV} recovery key, with --recovery\n"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--store", type=Path, default=None, help="the store folder (default: your user data folder)"
    )
    parser.add_argument("--name", help="your name, as your account knows it")
    parser.add_argument(
        "--recovery",
        action="store_true",
        help="open with the recovery key instead of a name and passphrase",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def _bug_report(exc: BaseException) -> str:
    """Where a bug happened, without any values that could hold personal data."""
    return (
        f"An unexpected error happened ({bug_location(exc)}). This is a bug in "
        "Philomena Desk; nothing personal was written anywhere. Please report it."
    )


PATH_ARGUMENTS = frozenset({"file", "out", "password_file"})
"""Arguments that name files: a file name may hold any bytes, and is only ever opened."""


def _text_only(args: argparse.Namespace) -> None:
    """Refuse an argument holding bytes that are not text before anything is done with it."""
    for name, value in vars(args).items():
        if name in PATH_ARGUMENTS:
            if isinstance(value, str) and "\0" in value:  # only a caller, never a shell, can
                raise UsageError(f"{visible(value)} cannot be a file name: it holds a NUL.")
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                text_only(text, "An argument")


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None, ctx: Context) -> int:
    """Parse, then call the function the chosen subcommand set; return its exit code."""
    said, complained = io.StringIO(), io.StringIO()
    try:  # argparse prints help and usage errors itself: they go out the one way too
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(complained):
            args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        for stream, text in ((ctx.out, said.getvalue()), (ctx.err, complained.getvalue())):
            if text:
                ctx.emit(stream, text.removesuffix("\n"))
    args.store_given = args.store is not None
    if args.store is None:
        args.store = (
            Path(ctx.environ[paths.STORE_ENV]).expanduser()
            if ctx.environ.get(paths.STORE_ENV)
            else paths.default_store_dir()
        )
    try:
        _text_only(args)
        return int(args.func(ctx, args))
    except PhilomenaError as exc:
        ctx.warn(f"philomena: {exc.message}")
        return int(exc.exit_code)
    except (EOFError, KeyboardInterrupt):
        ctx.warn("philomena: stopped; nothing was changed.")
        return int(ExitCode.USAGE)
    except Exception as exc:
        ctx.warn(_bug_report(exc))
        return int(ExitCode.BUG)
