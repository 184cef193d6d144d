"""What every command shares: the context, signing in, secrets, and typed arguments.

Kept apart from the commands so each command module needs only this and the layers below it.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TextIO, TypeAlias
from zoneinfo import ZoneInfo

from desktop import paths
from desktop.cli.output import visible
from desktop.domain.clock import Clock, SystemClock
from desktop.domain.errors import BadInput, ExitCode, PhilomenaError
from desktop.domain.passphrases import MIN_LENGTH
from desktop.domain.ukdates import parse_uk_date, parse_uk_datetime
from desktop.formspec import FormSpec, load_forms
from desktop.store.keys.device import DeviceSecrets, KeyringSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS, KdfParams
from desktop.store.store import Store

PASSPHRASE_ENV = "PHILOMENA_PASSPHRASE"
NEW_PASSPHRASE_ENV = "PHILOMENA_NEW_PASSPHRASE"
RECOVERY_ENV = "PHILOMENA_RECOVERY_KEY"
USER_ENV = "PHILOMENA_USER"
WEAK_KDF_ENV = "PHILOMENA_TEST_ONLY_WEAK_KDF"
"""Set to 1 only in tests: key slots are then made with weak, fast key derivation."""

Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""Where a command module adds its subcommands."""


@dataclass
class Context:
    """What commands need from outside: injectable so tests control clock, keyring and I/O."""

    clock: Clock
    device: DeviceSecrets
    out: TextIO
    err: TextIO
    prompt: Callable[[str], str]
    environ: dict[str, str]

    @classmethod
    def create(
        cls,
        *,
        clock: Clock | None = None,
        device: DeviceSecrets | None = None,
        out: TextIO | None = None,
        err: TextIO | None = None,
        prompt: Callable[[str], str] | None = None,
        environ: dict[str, str] | None = None,
    ) -> Context:
        """The real clock, keyring, terminal and environment for whatever a caller leaves out."""
        return cls(
            clock=clock or SystemClock(),
            device=device or KeyringSecrets(),
            out=out or sys.stdout,
            err=err or sys.stderr,
            prompt=prompt or getpass.getpass,
            environ=dict(os.environ if environ is None else environ),
        )

    def say(self, text: str = "") -> None:
        """Print to the command's output (as every command's output is: see :meth:`emit`)."""
        self.emit(self.out, text)

    def warn(self, text: str) -> None:
        """Print to the command's error stream."""
        self.emit(self.err, text)

    @staticmethod
    def emit(stream: TextIO, text: str) -> None:
        """The one way the command line prints: nothing typed can act on the terminal.

        A reader that stopped early (``| head``) is not an error: the rest goes nowhere.
        """
        try:
            print(visible(text, getattr(stream, "encoding", None)), file=stream, flush=True)
        except BrokenPipeError:
            with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())

    def kdf(self) -> KdfParams | None:
        """Weak key derivation when the test-only switch is on; otherwise calibrate."""
        if self.environ.get(WEAK_KDF_ENV) == "1":
            self.warn("Warning: test-only weak key derivation is switched on.")
            return TEST_ONLY_PARAMS
        return None


Command: TypeAlias = Callable[[Context, argparse.Namespace], int]
"""What ``set_defaults(func=...)`` holds: one command or one action, returning its exit code."""


class UsageError(PhilomenaError):
    """The command was given something it cannot use."""

    exit_code = ExitCode.USAGE


NOT_TEXT = (
    "{what} holds bytes that are not text in this computer's character encoding, so nothing "
    "was done. Set the terminal to UTF-8 and type it again."
)


def text_only(value: str, what: str) -> str:
    """``value``, or a usage error if it carries undecodable bytes (as unpaired surrogates).

    Python keeps bytes of an argument, a variable or a typed answer that are not valid in the
    system's encoding as unpaired surrogates; they cannot be stored or printed as text.
    """
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise UsageError(NOT_TEXT.format(what=what))
    return value


def parse_date(text: str) -> date:
    """A date that must be there: 23/11/2026 (UK) or 2026-11-23 (ISO)."""
    value = parse_uk_date(text)
    if value is None:
        raise BadInput("Enter a date as day/month/year, e.g. 02/04/2011.")
    return value


def date_arg(text: str) -> date:
    """A date option: argparse reports a bad one as a usage error, with the same sentence."""
    try:
        return parse_date(text)
    except BadInput as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def time_arg(text: str) -> time:
    """A time-of-day option, written as hours:minutes."""
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a time: write it as hours:minutes, e.g. 22:00."
        ) from None


def bundled_forms() -> dict[str, FormSpec]:
    """The form definitions shipped with the app, by id."""
    return load_forms(paths.forms_dir())


def home_zone(store: Store) -> ZoneInfo:
    """The home's time zone: times are typed and shown as the home's clock reads them."""
    return ZoneInfo(store.home().timezone)


AT = "'DD/MM/YYYY HH:MM'"
"""How ``--at`` and other date-and-time options are shown in ``--help``."""


def at_option(args: argparse.Namespace, zone: ZoneInfo) -> datetime | None:
    """The ``--at`` time, or None for "now" (the store then uses its own clock)."""
    return parse_uk_datetime(args.at, zone) if args.at else None


# --- credentials -----------------------------------------------------------------------------


def secret(ctx: Context, env: str, question: str) -> str:
    """A secret from the environment (for automation), otherwise asked for without echo."""
    value = ctx.environ.get(env)
    if value:
        return text_only(value, env)
    return text_only(ctx.prompt(question), "What was typed")


def new_passphrase(ctx: Context) -> str:
    """A passphrase being set: asked twice so a typing slip cannot lock someone out."""
    value = ctx.environ.get(NEW_PASSPHRASE_ENV) or ctx.environ.get(PASSPHRASE_ENV)
    if value:
        return text_only(value, "The new passphrase")
    first = text_only(ctx.prompt(f"Choose a passphrase (at least {MIN_LENGTH} characters): "), "It")
    if ctx.prompt("Type it again: ") != first:
        raise BadInput("The two passphrases were different. Nothing was changed.")
    return first


def open_store(ctx: Context, args: argparse.Namespace) -> Store:
    """Sign in with a name and passphrase, or with the recovery key when ``--recovery``."""
    folder = args.store
    if args.recovery:
        key = secret(ctx, RECOVERY_ENV, "Recovery key: ")
        store = Store.open_with_recovery_key(
            folder, recovery_key=key, clock=ctx.clock, device=ctx.device
        )
        if store.accounts.device_bound and store.accounts.enrol_this_account():
            ctx.warn("This computer account is now enrolled: passphrases work here from now on.")
    else:
        name = text_only(
            args.name or ctx.environ.get(USER_ENV) or ctx.prompt("Your name: "), "Your name"
        )
        passphrase = secret(ctx, PASSPHRASE_ENV, "Passphrase: ")
        store = Store.open(
            folder, name=name, passphrase=passphrase, clock=ctx.clock, device=ctx.device
        )
    for repair in store.repairs:
        ctx.warn(repair)
    if store.passphrase_needs_changing:
        ctx.warn(
            f"Your passphrase is shorter than {MIN_LENGTH} characters or one of the most common, "
            "so it is easy to guess. Change it now: python -m desktop change-passphrase"
        )
    return store
