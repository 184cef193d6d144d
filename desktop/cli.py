"""The command line: ``python -m desktop <command>``, for administrators, scripts and tests.

Every failure the user or the environment causes prints one plain sentence and exits with its
own code (listed in ``--help``); a bug prints where it happened but never any data.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from desktop import __version__, paths
from desktop.domain.clock import Clock, SystemClock, age_on
from desktop.domain.errors import (
    EXIT_CODE_HELP,
    BadInput,
    ExitCode,
    NotFound,
    PhilomenaError,
    bug_location,
)
from desktop.domain.model import Child, ChildDetails, Episode, Home, Role
from desktop.domain.ukdates import parse_uk_date, parse_uk_datetime, uk_date, uk_datetime
from desktop.formspec import FormSpec, load_forms
from desktop.formspec.spec import FieldKind
from desktop.protocol.rules import DEFAULT_RULE_SET, protocol_names, shipped_rule_sets
from desktop.store.device import DeviceSecrets, KeyringSecrets
from desktop.store.kdf import TEST_ONLY_PARAMS, KdfParams
from desktop.store.store import Store

PASSPHRASE_ENV = "PHILOMENA_PASSPHRASE"
NEW_PASSPHRASE_ENV = "PHILOMENA_NEW_PASSPHRASE"
RECOVERY_ENV = "PHILOMENA_RECOVERY_KEY"
USER_ENV = "PHILOMENA_USER"
WEAK_KDF_ENV = "PHILOMENA_TEST_ONLY_WEAK_KDF"
"""Set to 1 only in tests: key slots are then made with weak, fast key derivation."""


@dataclass
class Context:
    """What commands need from outside: injectable so tests control clock, keyring and I/O."""

    clock: Clock
    device: DeviceSecrets
    out: TextIO
    err: TextIO
    prompt: Callable[[str], str]
    environ: dict[str, str]

    def say(self, text: str = "") -> None:
        """Print to the command's output."""
        print(text, file=self.out)

    def warn(self, text: str) -> None:
        """Print to the command's error stream."""
        print(text, file=self.err)

    def kdf(self) -> KdfParams | None:
        """Weak key derivation when the test-only switch is on; otherwise calibrate."""
        if self.environ.get(WEAK_KDF_ENV) == "1":
            self.warn("Warning: test-only weak key derivation is switched on.")
            return TEST_ONLY_PARAMS
        return None


class UsageError(PhilomenaError):
    """The command was given something it cannot use."""

    exit_code = ExitCode.USAGE


def parse_date(text: str) -> date:
    """A date that must be there: 23/11/2026 (UK) or 2026-11-23 (ISO)."""
    value = parse_uk_date(text)
    if value is None:
        raise BadInput("Enter a date as day/month/year, e.g. 02/04/2011.")
    return value


def _date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except BadInput as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _time_arg(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a time: write it as hours:minutes, e.g. 22:00."
        ) from None


# --- credentials -----------------------------------------------------------------------------


def _secret(ctx: Context, env: str, question: str) -> str:
    value = ctx.environ.get(env)
    if value:
        return value
    return ctx.prompt(question)


def _new_passphrase(ctx: Context) -> str:
    value = ctx.environ.get(NEW_PASSPHRASE_ENV) or ctx.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    first = ctx.prompt("Choose a passphrase (at least 10 characters): ")
    if ctx.prompt("Type it again: ") != first:
        raise BadInput("The two passphrases were different. Nothing was changed.")
    return first


def open_store(ctx: Context, args: argparse.Namespace) -> Store:
    """Sign in with a name and passphrase, or with the recovery key when ``--recovery``."""
    folder = args.store
    if args.recovery:
        key = _secret(ctx, RECOVERY_ENV, "Recovery key: ")
        store = Store.open_with_recovery_key(
            folder, recovery_key=key, clock=ctx.clock, device=ctx.device
        )
        if store.device_bound and store.enrol_this_account():
            ctx.warn("This computer account is now enrolled: passphrases work here from now on.")
        return store
    name = args.name or ctx.environ.get(USER_ENV) or ctx.prompt("Your name: ")
    passphrase = _secret(ctx, PASSPHRASE_ENV, "Passphrase: ")
    return Store.open(folder, name=name, passphrase=passphrase, clock=ctx.clock, device=ctx.device)


def _forms() -> dict[str, FormSpec]:
    return load_forms(paths.forms_dir())


# --- commands --------------------------------------------------------------------------------


def cmd_init(ctx: Context, args: argparse.Namespace) -> int:
    """Create a store; the recovery key is printed here and never again."""
    home = Home(
        name=args.home,
        protocol_id=args.protocol,
        overnight_start=args.overnight_start,
        overnight_end=args.overnight_end,
        photo_max_age_days=args.photo_max_age_days,
    )
    admin = args.name or ctx.environ.get(USER_ENV) or ctx.prompt("Administrator's name: ")
    created = Store.create(
        args.store,
        home=home,
        admin_name=admin,
        passphrase=_new_passphrase(ctx),
        clock=ctx.clock,
        device=ctx.device,
        kdf=ctx.kdf(),
    )
    created.store.close()
    ctx.say(f"Created the store for {home.name} in {args.store}.")
    ctx.say("")
    ctx.say("RECOVERY KEY — write this down now and keep it locked away. It is shown only once.")
    ctx.say("It opens the store if a passphrase is forgotten or the store moves to a new PC.")
    ctx.say("")
    ctx.say("    " + created.recovery_key)
    ctx.say("")
    if not created.device_bound:
        ctx.warn(
            "Note: this computer has no keyring, so the store is not tied to this computer. "
            "Keep the store folder somewhere only staff can reach."
        )
    return ExitCode.OK


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    """Make or reuse the demo store, kept apart from real records."""
    from desktop.store.demo import DEMO_NAME, DEMO_PASSPHRASE, build_demo_store

    folder: Path = args.store if args.store_given else paths.demo_store_dir()
    if (folder / "keys.json").exists() and not args.reset:
        ctx.say(f"The demo store is already at {folder}.")
    else:
        if args.reset and folder.exists():
            from desktop.store.demo import remove_demo_store

            remove_demo_store(folder)
        build_demo_store(folder, clock=ctx.clock, device=ctx.device, kdf=ctx.kdf(), forms=_forms())
        ctx.say(f"Made a demo store of invented children at {folder}.")
    ctx.say(f"Sign in as '{DEMO_NAME}' with the passphrase '{DEMO_PASSPHRASE}'.")
    ctx.say(f"For example: python -m desktop --store {folder} children")
    store = Store.open(
        folder, name=DEMO_NAME, passphrase=DEMO_PASSPHRASE, clock=ctx.clock, device=ctx.device
    )
    with store:
        _print_children(ctx, store, as_json=False)
    return ExitCode.OK


def _print_children(ctx: Context, store: Store, *, as_json: bool) -> None:
    children = store.children()
    if as_json:
        ctx.say(
            json.dumps(
                [
                    {
                        "id": c.id,
                        "first_name": c.first_name,
                        "last_name": c.last_name,
                        "preferred_name": c.preferred_name,
                        "aliases": list(c.aliases),
                        "date_of_birth": c.date_of_birth.isoformat(),
                    }
                    for c in children
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not children:
        ctx.say("No children yet. Add one with: python -m desktop add-child --help")
        return
    forms = _forms()
    today = ctx.clock.now().date()
    for c in children:
        percent, _ = store.form_completeness(c.id, forms["part_a"])
        photo = "photo out of date" if store.photo_out_of_date(c.id) else "photo current"
        ctx.say(
            f"{c.display_name:<40} born {uk_date(c.date_of_birth)} (age "
            f"{age_on(c.date_of_birth, today)})  Part A {percent}% ready  {photo}  id {c.id}"
        )


def cmd_start(ctx: Context, args: argparse.Namespace) -> int:
    """Open the default store from the command line, or explain how to create one."""
    if not (args.store / "keys.json").exists():
        ctx.say(f"There is no store yet at {args.store}.")
        ctx.say("Create one for your home with:")
        ctx.say('    python -m desktop init --home "Your home\'s name" --protocol <your protocol>')
        ctx.say("or try the invented demo children first with:  python -m desktop demo")
        return ExitCode.OK
    ctx.say(f"Opening the store at {args.store}.")
    return cmd_children(ctx, args)


def cmd_children(ctx: Context, args: argparse.Namespace) -> int:
    """List children for people (``--json`` for scripts)."""
    with open_store(ctx, args) as store:
        _print_children(ctx, store, as_json=args.json)
    return ExitCode.OK


def cmd_add_child(ctx: Context, args: argparse.Namespace) -> int:
    """Add a child from command-line options."""
    details = ChildDetails(
        first_name=args.first_name,
        last_name=args.last_name,
        date_of_birth=args.dob,
        preferred_name=args.preferred_name or "",
        aliases=tuple(args.alias or ()),
        placement_start=args.placement_start,
        legal_status=args.legal_status or "",
        responsible_authority=args.responsible_authority or "",
        host_authority=args.host_authority or "",
        responsible_protocol_id=args.responsible_protocol,
        social_worker=args.social_worker or "",
        edt_contact=args.edt_contact or "",
    )
    with open_store(ctx, args) as store:
        child = store.add_child(details)
    ctx.say(f"Added {child.display_name} (id {child.id}).")
    return ExitCode.OK


def cmd_add_photo(ctx: Context, args: argparse.Namespace) -> int:
    """Add a photograph; a refused file changes nothing."""
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise BadInput(f"Cannot read {args.file}: {exc.strerror}.") from None
    with open_store(ctx, args) as store:
        child = store.find_child(args.child)
        photo = store.add_photo(
            child.id,
            data,
            taken_on=args.taken_on,
            description=args.description or "",
            consent_by=args.consent_by or "",
            consent_on=args.consent_on,
        )
    when = uk_date(photo.taken_on) or "date unknown"
    ctx.say(f"Added a photo of {child.display_name} ({photo.width}×{photo.height}, {when}).")
    return ExitCode.OK


def _coerce(spec: FormSpec, field_id: str, raw: str) -> Any:
    try:
        field = spec.field(field_id)
    except KeyError:
        raise BadInput(f"'{field_id}' is not a question on {spec.title}.") from None
    if field.kind is FieldKind.YES_NO:
        if raw.lower() in ("yes", "y", "true"):
            return True
        if raw.lower() in ("no", "n", "false"):
            return False
        raise BadInput(f"{field.label}: answer yes or no.")
    if field.kind is FieldKind.DATE:
        return parse_date(raw).isoformat()
    if field.kind in (FieldKind.NUMBER,):
        try:
            return float(raw) if "." in raw else int(raw)
        except ValueError:
            raise BadInput(f"{field.label}: enter a number.") from None
    if field.kind in (FieldKind.MULTI_CHOICE, FieldKind.TABLE, FieldKind.PERSON):
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            raise BadInput(f"{field.label}: give this answer as JSON.") from None
    return raw


def cmd_form(ctx: Context, args: argparse.Namespace) -> int:
    """Show a form's newest version, or save a new version with answers changed."""
    forms = _forms()
    spec = forms.get(args.form)
    if spec is None or spec.scope != "child":
        choices = ", ".join(k for k, v in forms.items() if v.scope == "child")
        raise NotFound(f"There is no child form '{args.form}'. Choose one of: {choices}.")
    with open_store(ctx, args) as store:
        child = store.find_child(args.child)
        latest = store.latest_form(child.id, spec.id)
        values = dict(latest.values) if latest else {}
        if args.action == "set":
            for pair in args.values:
                key, sep, raw = pair.partition("=")
                if not sep:
                    raise BadInput(f"'{pair}' should be written as field=value.")
                values[key.strip()] = _coerce(spec, key.strip(), raw)
            saved = store.save_form(child.id, spec, values)
            ctx.say(f"Saved {spec.title} version {saved.number} for {child.display_name}.")
        elif args.json:
            ctx.say(json.dumps(values, ensure_ascii=False, indent=2))
        else:
            if latest:
                ctx.say(
                    f"{spec.title}: version {latest.number}, saved "
                    f"{latest.saved_at.astimezone(ctx.clock.now().tzinfo):%d/%m/%Y %H:%M}"
                    f" by {latest.saved_by_name}"
                )
            for field in spec.fields():
                if field.id in values:
                    ctx.say(f"  {field.label}: {json.dumps(values[field.id], ensure_ascii=False)}")
        percent, missing = store.form_completeness(child.id, spec)
        ctx.say(f"Police-needed answers given: {percent}%.")
        if missing:
            ctx.say("Still needed for police: " + "; ".join(missing))
    return ExitCode.OK


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    """Make the police pack headless, as the app's "Police pack" button does."""
    from desktop.export.gather import pack_input
    from desktop.export.output import save_pdf
    from desktop.export.pack import build_pack

    password: str | None = None
    if args.password_file:
        try:
            password = Path(args.password_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise BadInput(f"Cannot read the password file: {exc.strerror}.") from None
    with open_store(ctx, args) as store:
        child = store.find_child(args.child)
        pdf = build_pack(
            pack_input(store, child.id, _forms(), police_reference=args.police_reference or "")
        )
    path = save_pdf(Path(args.out), pdf, password=password)
    protected = " (password-protected)" if password else ""
    ctx.say(f"Saved the police pack for {child.display_name} to {path}{protected}.")
    return ExitCode.OK


def cmd_scenario(ctx: Context, args: argparse.Namespace) -> int:
    """Evaluate a scenario timeline and print the prompts at each check as JSON."""
    from desktop.protocol.scenario import dumps, parse_scenario, run

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "it is not UTF-8 text"
        raise UsageError(f"Cannot read the scenario {args.file}: {reason}.") from None
    rule_sets = shipped_rule_sets()
    scenario = parse_scenario(text, set(rule_sets))
    ctx.say(dumps(run(scenario, rule_sets)))
    return ExitCode.OK


def _zone(store: Store) -> ZoneInfo:
    return ZoneInfo(store.home().timezone)


def _pairs(pairs: Sequence[str]) -> dict[str, str]:
    body = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise BadInput(f"'{pair}' should be written as field=value.")
        body[key.strip()] = value
    return body


def _open_episode(store: Store, child_name: str) -> tuple[Child, Episode]:
    child = store.find_child(child_name)
    episode = store.current_episode(child.id)
    if episode is None:
        raise NotFound(f"{child.display_name} has no open episode. Start one with 'episode start'.")
    return child, episode


def cmd_episode(ctx: Context, args: argparse.Namespace) -> int:
    """Start, log, report, return, close, correct or show an episode."""
    with open_store(ctx, args) as store:
        zone = _zone(store)
        at = parse_uk_datetime(args.at, zone) if getattr(args, "at", None) else None
        if args.action == "start":
            child = store.find_child(args.child)
            details = {
                k: v
                for k, v in (
                    ("last_seen_where", args.last_seen_where),
                    ("clothing", args.clothing),
                    ("note", args.note),
                    (
                        "last_seen_at",
                        parse_uk_datetime(args.last_seen_at, zone).isoformat()
                        if args.last_seen_at
                        else None,
                    ),
                )
                if v
            }
            episode = store.start_episode(
                child.id,
                whereabouts=args.whereabouts,
                aware_at=at,
                reason_for_time=args.reason or "",
                details=details,
            )
            ctx.say(
                f"Started an episode for {child.display_name} at "
                f"{uk_datetime(episode.aware_at, zone)} (id {episode.id})."
            )
        elif args.action == "show":
            child, episode = (
                _open_episode(store, args.child)
                if not args.episode
                else (store.find_child(args.child), store.episode(args.episode))
            )
            _show_log(ctx, store, episode, zone, as_json=args.json)
            return ExitCode.OK
        else:
            child, episode = _open_episode(store, args.child)
            if args.action == "log":
                body: dict[str, Any] = _pairs(args.values)
                if args.kind in ("initial_checks_deadline", "police_review") and "due" in body:
                    body["due"] = parse_uk_datetime(body["due"], zone).isoformat()
                entry = store.append(episode.id, args.kind, body, event_at=at)
            elif args.action == "report":
                entry = store.append(
                    episode.id,
                    "police_report",
                    {
                        "reference": args.reference,
                        "call_handler": args.call_handler,
                        "risk_grading": args.grading,
                    },
                    event_at=at,
                )
            elif args.action == "return":
                entry = store.append(
                    episode.id,
                    "returned",
                    {
                        "where": args.where,
                        "returned_by": args.returned_by,
                        "condition": args.condition,
                        "injuries": args.injuries,
                        "where_and_with_whom": args.with_whom,
                    },
                    event_at=at,
                )
            elif args.action == "close":
                entry = store.append(episode.id, "closed", {"reason": args.reason}, event_at=at)
            elif args.action == "link":
                others = [store.current_episode(store.find_child(name).id) for name in args.with_]
                if any(o is None for o in others):
                    raise NotFound("Every child to link needs an open episode.")
                store.link_episodes([episode.id, *(o.id for o in others if o is not None)])
                ctx.say(
                    f"Linked the episodes of {child.display_name} and "
                    + ", ".join(args.with_)
                    + ": they went missing together."
                )
                return ExitCode.OK
            else:  # correct
                entry = store.correct(
                    args.entry,
                    reason=args.reason,
                    replacement=_pairs(args.values) or None,
                    retract=args.retract,
                )
            ctx.say(
                f"Logged entry {entry.id} for {child.display_name}: {entry.kind} at "
                f"{uk_datetime(entry.event_at, zone)} "
                f"(recorded {uk_datetime(entry.recorded_at, zone)})."
            )
        ctx.say(f"The episode is now: {store.state(episode.id).value}.")
    return ExitCode.OK


def _show_log(
    ctx: Context, store: Store, episode: Episode, zone: ZoneInfo, *, as_json: bool
) -> None:
    names = {s.id: s.name for s in store.staff_members()}
    entries = store.log(episode.id)
    if as_json:
        ctx.say(
            json.dumps(
                [
                    {
                        "id": e.id,
                        "kind": e.kind,
                        "event_at": e.event_at.astimezone(zone).isoformat(),
                        "recorded_at": e.recorded_at.astimezone(zone).isoformat(),
                        "author": names.get(e.author_id, e.author_id),
                        "body": e.body,
                        "corrects": e.corrects_id,
                    }
                    for e in entries
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    ctx.say(f"Episode {episode.id}: {store.state(episode.id).value}")
    for e in entries:
        fix = f" (corrects entry {e.corrects_id})" if e.corrects_id else ""
        ctx.say(
            f"  #{e.id} {uk_datetime(e.event_at, zone)}  {e.kind}{fix} — "
            f"{names.get(e.author_id, '?')}, recorded {uk_datetime(e.recorded_at, zone)}"
        )
        for key, value in e.body.items():
            ctx.say(f"        {key}: {value}")


def cmd_prompts(ctx: Context, args: argparse.Namespace) -> int:
    """What the protocol says must happen for a child, and by when."""
    from desktop.protocol.scenario import prompt_json

    with open_store(ctx, args) as store:
        zone = _zone(store)
        child = store.find_child(args.child)
        now = parse_uk_datetime(args.at, zone) if args.at else None
        prompts = store.prompts(child.id, now=now)
    if args.json:
        ctx.say(json.dumps([prompt_json(p, zone) for p in prompts], ensure_ascii=False, indent=2))
        return ExitCode.OK
    if not prompts:
        ctx.say(f"Nothing is due for {child.display_name}.")
    for p in prompts:
        ctx.say(f"{p.status.upper():<9} {uk_datetime(p.due_at, zone)}  {p.text}")
        ctx.say(
            f"          Who: {p.who}. Source: "
            + "; ".join(f"{c.seed} {c.section}" for c in p.citations)
        )
    return ExitCode.OK


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


def cmd_add_staff(ctx: Context, args: argparse.Namespace) -> int:
    """Give a colleague their own key slot and sign-in."""
    with open_store(ctx, args) as store:
        staff = store.add_staff(
            name=args.staff_name,
            role=Role(args.role),
            passphrase=_new_passphrase(ctx),
            kdf=ctx.kdf(),
        )
    ctx.say(f"Added {staff.name} as {staff.role.value}.")
    return ExitCode.OK


def cmd_reset_passphrase(ctx: Context, args: argparse.Namespace) -> int:
    """Replace a forgotten passphrase (with the recovery key or as administrator)."""
    with open_store(ctx, args) as store:
        store.reset_passphrase(name=args.staff_name, passphrase=_new_passphrase(ctx), kdf=ctx.kdf())
    ctx.say(f"The passphrase for {args.staff_name} has been changed.")
    return ExitCode.OK


def cmd_enrol(ctx: Context, args: argparse.Namespace) -> int:
    """Let staff passphrases work on this computer account."""
    with open_store(ctx, args) as store:
        if not store.device_bound:
            ctx.say("This store is not tied to a computer, so there is nothing to enrol.")
        elif store.enrol_this_account():
            ctx.say("This computer account is enrolled: staff passphrases now work here.")
        else:
            raise BadInput("This computer has no working keyring, so it cannot be enrolled.")
    return ExitCode.OK


# --- parser ----------------------------------------------------------------------------------


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
    protocols = list(protocol_names(shipped_rule_sets()))
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

    p = sub.add_parser("init", help="create a new store for a home")
    p.add_argument("--home", required=True, help="the home's name")
    p.add_argument(
        "--protocol",
        choices=protocols,
        default=DEFAULT_RULE_SET,
        help="the local missing-children protocol the home follows",
    )
    p.add_argument("--overnight-start", type=_time_arg, default=time(22, 0), metavar="HH:MM")
    p.add_argument("--overnight-end", type=_time_arg, default=time(7, 0), metavar="HH:MM")
    p.add_argument("--photo-max-age-days", type=int, default=183, metavar="DAYS")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="make (or show) a store of invented sample children")
    p.add_argument("--reset", action="store_true", help="throw away and rebuild the demo store")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("start", help="open the store (or explain how to create one)")
    p.set_defaults(func=cmd_start, json=False)

    p = sub.add_parser("children", help="list the children")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_children)

    p = sub.add_parser("add-child", help="add a child")
    p.add_argument("--first-name", required=True)
    p.add_argument("--last-name", required=True)
    p.add_argument(
        "--dob", required=True, type=_date_arg, metavar="DD/MM/YYYY", help="date of birth"
    )
    p.add_argument("--preferred-name")
    p.add_argument("--alias", action="append", help="another name the child uses (repeatable)")
    p.add_argument("--placement-start", type=_date_arg, metavar="DD/MM/YYYY")
    p.add_argument("--legal-status")
    p.add_argument("--responsible-authority")
    p.add_argument("--host-authority")
    p.add_argument("--responsible-protocol", choices=protocols)
    p.add_argument("--social-worker")
    p.add_argument("--edt-contact", help="out-of-hours (Emergency Duty Team) contact")
    p.set_defaults(func=cmd_add_child)

    p = sub.add_parser("add-photo", help="add a photograph of a child")
    p.add_argument("--child", required=True, help="the child's name or id")
    p.add_argument("file", help="a JPEG or PNG (HEIC where supported)")
    p.add_argument("--taken-on", type=_date_arg, metavar="DD/MM/YYYY")
    p.add_argument("--description")
    p.add_argument("--consent-by", help="who gave consent for the photo")
    p.add_argument("--consent-on", type=_date_arg, metavar="DD/MM/YYYY")
    p.set_defaults(func=cmd_add_photo)

    p = sub.add_parser("form", help="show or change a child's Philomena form")
    form_sub = p.add_subparsers(dest="action", required=True, metavar="show|set")
    for action, help_text in (
        ("show", "show the newest version and what police still need"),
        ("set", "save a new version with some answers changed"),
    ):
        q = form_sub.add_parser(action, help=help_text)
        q.add_argument("--child", required=True, help="the child's name or id")
        q.add_argument("--form", default="part_a", help="part_a or locations")
        if action == "show":
            q.add_argument("--json", action="store_true")
            q.set_defaults(values=[])
        else:
            q.add_argument("values", nargs="+", metavar="FIELD=VALUE")
            q.set_defaults(json=False)
        q.set_defaults(func=cmd_form)

    p = sub.add_parser("export", help="save a child's police pack as a PDF")
    p.add_argument("--child", required=True, help="the child's name or id")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument(
        "--password-file",
        metavar="FILE",
        help="protect the PDF with the password in this file (AES-256)",
    )
    p.add_argument("--police-reference", help="the police reference number, once given")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("episode", help="start, log, report, return, close or show an episode")
    ep_sub = p.add_subparsers(dest="action", required=True, metavar="action")
    q = ep_sub.add_parser("start", help="the child is not where they should be")
    q.add_argument("--child", required=True)
    q.add_argument("--whereabouts", required=True, choices=("known", "unknown"))
    q.add_argument("--at", metavar="'DD/MM/YYYY HH:MM'", help="when you became aware")
    q.add_argument("--reason", help="why the time is earlier than now")
    q.add_argument("--last-seen-at", metavar="'DD/MM/YYYY HH:MM'")
    q.add_argument("--last-seen-where")
    q.add_argument("--clothing")
    q.add_argument("--note")
    q = ep_sub.add_parser("log", help="add an entry: KIND field=value …")
    q.add_argument("--child", required=True)
    q.add_argument("kind", help="searched_premises, phoned_child, contacted_person, sighting, …")
    q.add_argument("values", nargs="*", metavar="FIELD=VALUE")
    q.add_argument("--at", metavar="'DD/MM/YYYY HH:MM'", help="when it happened")
    q = ep_sub.add_parser("report", help="record the police report")
    q.add_argument("--child", required=True)
    q.add_argument("--reference", required=True, help="the police reference number")
    q.add_argument("--call-handler")
    q.add_argument("--grading", help="the police risk grading (high, medium …)")
    q.add_argument("--at", metavar="'DD/MM/YYYY HH:MM'")
    q = ep_sub.add_parser("return", help="record the child's return or being found")
    q.add_argument("--child", required=True)
    q.add_argument("--where", required=True)
    q.add_argument("--returned-by")
    q.add_argument("--condition")
    q.add_argument("--injuries")
    q.add_argument("--with-whom", help="where and with whom they were, as far as known")
    q.add_argument("--at", metavar="'DD/MM/YYYY HH:MM'")
    q = ep_sub.add_parser("close", help="close the episode after its follow-ups")
    q.add_argument("--child", required=True)
    q.add_argument("--reason", required=True)
    q.add_argument("--at", metavar="'DD/MM/YYYY HH:MM'")
    q = ep_sub.add_parser("correct", help="correct an entry (the original is kept)")
    q.add_argument("--child", required=True)
    q.add_argument("--entry", type=int, required=True)
    q.add_argument("--reason", required=True)
    q.add_argument("--retract", action="store_true", help="the entry was made in error")
    q.add_argument("values", nargs="*", metavar="FIELD=VALUE")
    q = ep_sub.add_parser("link", help="link episodes of children who went missing together")
    q.add_argument("--child", required=True)
    q.add_argument("--with", dest="with_", action="append", required=True, metavar="CHILD")
    q = ep_sub.add_parser("show", help="show the timed log")
    q.add_argument("--child", required=True)
    q.add_argument("--episode", help="an earlier episode's id")
    q.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_episode)

    p = sub.add_parser("prompts", help="what the protocol says is due for a child")
    p.add_argument("--child", required=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("--at", metavar="'DD/MM/YYYY HH:MM'", help="as at this time (default now)")
    p.set_defaults(func=cmd_prompts)

    p = sub.add_parser("scenario", help="evaluate a scenario timeline; print prompts as JSON")
    p.add_argument("file", metavar="FILE.toml")
    p.set_defaults(func=cmd_scenario)

    p = sub.add_parser("verify", help="check the keys, every database page and the schema")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("add-staff", help="create a staff account (administrators)")
    p.add_argument("staff_name", metavar="NAME")
    p.add_argument("--role", choices=[r.value for r in Role], default=Role.STAFF.value)
    p.set_defaults(func=cmd_add_staff)

    p = sub.add_parser("reset-passphrase", help="set a new passphrase for an account")
    p.add_argument("staff_name", metavar="NAME")
    p.set_defaults(func=cmd_reset_passphrase)

    p = sub.add_parser("enrol", help="let staff passphrases work on this computer account")
    p.set_defaults(func=cmd_enrol)
    return parser


def _bug_report(exc: BaseException) -> str:
    """Where a bug happened, without any values that could hold personal data."""
    return (
        f"An unexpected error happened ({bug_location(exc)}). This is a bug in "
        "Philomena Desk; nothing personal was written anywhere. Please report it."
    )


def main(
    argv: Sequence[str] | None = None,
    *,
    clock: Clock | None = None,
    device: DeviceSecrets | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    prompt: Callable[[str], str] | None = None,
    environ: dict[str, str] | None = None,
) -> int:
    """Run one command; return its exit code."""
    ctx = Context(
        clock=clock or SystemClock(),
        device=device or KeyringSecrets(),
        out=out or sys.stdout,
        err=err or sys.stderr,
        prompt=prompt or getpass.getpass,
        environ=dict(os.environ if environ is None else environ),
    )
    try:
        parser = build_parser()
    except PhilomenaError as exc:  # a broken rule set shipped with the app
        ctx.warn(f"philomena: {exc.message}")
        return int(exc.exit_code)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    args.store_given = args.store is not None
    if args.store is None:
        args.store = (
            Path(ctx.environ[paths.STORE_ENV]).expanduser()
            if ctx.environ.get(paths.STORE_ENV)
            else paths.default_store_dir()
        )
    try:
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
