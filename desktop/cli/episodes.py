"""``episode``: the timed log of a missing episode, one function per action.

Each action is registered on its own subparser with ``set_defaults(func=...)``: adding one
means a function and a few arguments, not another branch in a long chain.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from desktop.cli import follow_ups
from desktop.cli.common import AT, Context, Subcommands, at_option, home_zone, open_store
from desktop.cli.logged import open_episode, say_logged, say_state
from desktop.cli.output import json_text
from desktop.domain.episode import MEDICATION_ANSWERS
from desktop.domain.errors import BadInput, ExitCode, NotFound
from desktop.domain.follow_up_kinds import SENSITIVE_KINDS, shown_body
from desktop.domain.grading import POLICE_GRADINGS, parse_grading
from desktop.domain.model import Child, Episode
from desktop.domain.ukdates import parse_uk_datetime, uk_datetime
from desktop.protocol.entries import EntryWords
from desktop.protocol.rules import shipped_rule_sets
from desktop.store.store import Store

GRADING_HELP = (
    "the risk grading police gave: "
    + ", ".join(g.typed for g in POLICE_GRADINGS[:-2])
    + "; or Kent and Medway's "
    + " or ".join(g.typed for g in POLICE_GRADINGS[-2:])
    + " (any case)"
)
"""``--grading`` in ``--help``: every category, written as it can be typed."""


def grading_arg(text: str) -> str:
    """``--grading``: one of the police's categories in its stored spelling, or a plain refusal."""
    try:
        return parse_grading(text)
    except BadInput:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a police risk grading. Use one of: "
            + ", ".join(g.typed for g in POLICE_GRADINGS)
            + "."
        ) from None


def _pairs(pairs: Sequence[str]) -> dict[str, str]:
    """``field=value`` arguments as an entry body; a missing ``=`` is refused, not guessed."""
    body = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise BadInput(f"'{pair}' should be written as field=value.")
        body[key.strip()] = value
    return body


def episode_start(ctx: Context, args: argparse.Namespace) -> int:
    """The child is not where they should be: the entry every deadline runs from."""
    with open_store(ctx, args) as store:
        zone = home_zone(store)
        at = at_option(args, zone)
        child = store.children.find(args.child)
        details = {
            k: v
            for k, v in (
                ("last_seen_where", args.last_seen_where),
                ("last_seen_by", args.last_seen_by),
                ("clothing", args.clothing),
                ("with_whom", args.with_whom),
                ("belongings", args.belongings),
                ("medication", args.medication),
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
        episode = store.episodes.start(
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
        say_state(ctx, store, episode)
    return ExitCode.OK


def _append(
    ctx: Context,
    args: argparse.Namespace,
    kind: str,
    body: Callable[[ZoneInfo], dict[str, Any]],
) -> int:
    """Add one entry of ``kind`` to the child's open episode and say what was logged."""
    with open_store(ctx, args) as store:
        zone = home_zone(store)
        at = at_option(args, zone)
        child, episode = open_episode(store, args.child)
        entry = store.episodes.append(episode.id, kind, body(zone), event_at=at)
        say_logged(ctx, store, child, episode, entry, zone)
    return ExitCode.OK


def episode_log(ctx: Context, args: argparse.Namespace) -> int:
    """Add any kind of entry from ``field=value`` pairs; the store checks the fields."""

    def body(zone: ZoneInfo) -> dict[str, Any]:
        pairs: dict[str, Any] = _pairs(args.values)
        if args.kind in ("initial_checks_deadline", "police_review") and "due" in pairs:
            pairs["due"] = parse_uk_datetime(pairs["due"], zone).isoformat()
        return pairs

    return _append(ctx, args, args.kind, body)


def episode_report(ctx: Context, args: argparse.Namespace) -> int:
    """Record the police report, which answers the "report to police" prompt."""
    return _append(
        ctx,
        args,
        "police_report",
        lambda _zone: {
            "reference": args.reference,
            "call_handler": args.call_handler,
            "risk_grading": args.grading,
        },
    )


def episode_accepted(ctx: Context, args: argparse.Namespace) -> int:
    """Record that the police accepted the report: until then the home is still responsible."""
    return _append(
        ctx,
        args,
        "police_accepted",
        lambda _zone: {"reference": args.reference, "accepted_by": args.by, "note": args.note},
    )


def episode_update(ctx: Context, args: argparse.Namespace) -> int:
    """Record news from or to the police, such as a new grading, so every regrading is kept."""
    return _append(
        ctx,
        args,
        "police_update",
        lambda _zone: {
            "note": args.note,
            "risk_grading": args.grading,
            "reference": args.reference,
        },
    )


def episode_return(ctx: Context, args: argparse.Namespace) -> int:
    """Record the return or finding, which starts the after-return deadlines."""
    return _append(
        ctx,
        args,
        "returned",
        lambda _zone: {
            "where": args.where,
            "returned_by": args.returned_by,
            "condition": args.condition,
            "injuries": args.injuries,
            "where_and_with_whom": args.with_whom,
        },
    )


def episode_close(ctx: Context, args: argparse.Namespace) -> int:
    """Close the episode once its follow-ups are done (refused, naming what is left, before)."""
    with open_store(ctx, args) as store:
        zone = home_zone(store)
        child, episode = open_episode(store, args.child)
        entry = store.episodes.close(episode.id, args.reason, event_at=at_option(args, zone))
        say_logged(ctx, store, child, episode, entry, zone)
    return ExitCode.OK


def episode_correct(ctx: Context, args: argparse.Namespace) -> int:
    """Correct or retract an entry with a new entry; the original is never changed."""
    with open_store(ctx, args) as store:
        zone = home_zone(store)
        child, episode = open_episode(store, args.child)
        entry = store.episodes.correct(
            args.entry,
            reason=args.reason,
            replacement=_pairs(args.values) or None,
            retract=args.retract,
        )
        say_logged(ctx, store, child, episode, entry, zone)
    return ExitCode.OK


def episode_link(ctx: Context, args: argparse.Namespace) -> int:
    """Link the open episodes of children who went missing together."""
    with open_store(ctx, args) as store:
        child, episode = open_episode(store, args.child)
        others = [store.episodes.current(store.children.find(name).id) for name in args.with_]
        if any(o is None for o in others):
            raise NotFound("Every child to link needs an open episode.")
        store.episodes.link([episode.id, *(o.id for o in others if o is not None)])
        ctx.say(
            f"Linked the episodes of {child.display_name} and "
            + ", ".join(args.with_)
            + ": they went missing together."
        )
    return ExitCode.OK


def episode_show(ctx: Context, args: argparse.Namespace) -> int:
    """Show the open (or a named earlier) episode's timed log, corrections included."""
    with open_store(ctx, args) as store:
        zone = home_zone(store)
        child, episode = (
            open_episode(store, args.child)
            if not args.episode
            else (store.children.find(args.child), store.episodes.get(args.episode))
        )
        _show_log(ctx, store, child, episode, zone, as_json=args.json)
    return ExitCode.OK


def _show_log(
    ctx: Context, store: Store, child: Child, episode: Episode, zone: ZoneInfo, *, as_json: bool
) -> None:
    """Every entry with its author's name, in plain words; JSON keeps the raw entries for scripts.

    Entry numbers are shown because ``episode correct --entry`` takes them.
    """
    names = {s.id: s.name for s in store.accounts.members()}
    entries = store.episodes.log(episode.id)
    if as_json:
        hidden = {e.id for e in entries if e.kind in SENSITIVE_KINDS}
        ctx.say(
            json_text(
                [
                    {
                        "id": e.id,
                        "kind": e.kind,
                        "event_at": e.event_at.astimezone(zone).isoformat(),
                        "recorded_at": e.recorded_at.astimezone(zone).isoformat(),
                        "author": names.get(e.author_id, e.author_id),
                        "body": shown_body(e, hidden),
                        "corrects": e.corrects_id,
                    }
                    for e in entries
                ],
            )
        )
        return
    words = EntryWords.for_child(shipped_rule_sets(), store.home(), child, entries)
    ctx.say(f"Episode {episode.id}: {store.episodes.state(episode.id).value}")
    for e in entries:
        fix = f" (of #{e.corrects_id})" if e.corrects_id else ""
        ctx.say(
            f"  #{e.id} {uk_datetime(e.event_at, words.zone)}  {words.kind(e)}{fix} — "
            f"{names.get(e.author_id, '?')}, recorded {uk_datetime(e.recorded_at, words.zone)}"
        )
        details = words.details(e)
        if details:
            ctx.say(f"        {details}")


def register(sub: Subcommands) -> None:
    """Add ``episode`` and its actions, each calling its own function."""
    p = sub.add_parser("episode", help="start, log, report, return, close or show an episode")
    ep_sub = p.add_subparsers(dest="action", required=True, metavar="action")
    q = ep_sub.add_parser("start", help="the child is not where they should be")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument(
        "--whereabouts",
        required=True,
        choices=("known", "unknown"),
        help="known: away from placement; unknown: missing",
    )
    q.add_argument("--at", metavar=AT, help="when you became aware")
    q.add_argument("--reason", help="why the time is earlier than now")
    q.add_argument("--last-seen-at", metavar=AT, help="when the child was last seen")
    q.add_argument("--last-seen-where", help="where the child was last seen")
    q.add_argument("--last-seen-by", help="who saw them last")
    q.add_argument("--clothing", help="what they were wearing when last seen, top to toe")
    q.add_argument("--with-whom", help="who they went with (or 'alone')")
    q.add_argument("--belongings", help="what they had with them: bag, phone, money …")
    q.add_argument(
        "--medication",
        type=lambda text: text.replace("-", " ").strip().lower(),
        choices=MEDICATION_ANSWERS,
        metavar="ANSWER",
        help="whether they have their medication: "
        + ", ".join(a.replace(" ", "-") for a in MEDICATION_ANSWERS),
    )
    q.add_argument("--note", help="anything else worth recording")
    q.set_defaults(func=episode_start)
    q = ep_sub.add_parser("log", help="add an entry: KIND field=value …")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("kind", help="searched_premises, phoned_child, contacted_person, sighting, …")
    q.add_argument(
        "values",
        nargs="*",
        metavar="FIELD=VALUE",
        help="the entry's details, e.g. where='Bus station'",
    )
    q.add_argument("--at", metavar=AT, help="when it happened")
    q.set_defaults(func=episode_log)
    q = ep_sub.add_parser("report", help="record the police report (the call)")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--reference", required=True, help="the incident or log number")
    q.add_argument("--call-handler", help="the call-handler's name or number")
    q.add_argument("--grading", type=grading_arg, metavar="GRADING", help=GRADING_HELP)
    q.add_argument("--at", metavar=AT, help="the time of the call")
    q.set_defaults(func=episode_report)
    q = ep_sub.add_parser(
        "update", help="record an update from or to the police, such as a new risk grading"
    )
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--grading", type=grading_arg, metavar="GRADING", help=GRADING_HELP)
    q.add_argument("--note", help="what police said or were told")
    q.add_argument("--reference", help="the police reference number, if it changed")
    q.add_argument("--at", metavar=AT, help="when it happened (default: now)")
    q.set_defaults(func=episode_update)
    q = ep_sub.add_parser("return", help="record the child's return or being found")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--where", required=True, help="where the child was found or came back to")
    q.add_argument("--returned-by", help="who brought the child back, e.g. Police")
    q.add_argument("--condition", help="how the child seemed on return")
    q.add_argument("--injuries", help="any injuries seen")
    q.add_argument("--with-whom", help="where and with whom they were, as far as known")
    q.add_argument("--at", metavar=AT, help="when it happened (default: now)")
    q.set_defaults(func=episode_return)
    q = ep_sub.add_parser("close", help="close the episode after its follow-ups")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--reason", required=True, help="why the episode can close now")
    q.add_argument("--at", metavar=AT, help="when it happened (default: now)")
    q.set_defaults(func=episode_close)
    q = ep_sub.add_parser("correct", help="correct an entry (the original is kept)")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument(
        "--entry",
        type=int,
        required=True,
        help="the number of the entry to correct, as 'episode show' lists it",
    )
    q.add_argument("--reason", required=True, help="why the entry is being corrected")
    q.add_argument("--retract", action="store_true", help="the entry was made in error")
    q.add_argument(
        "values",
        nargs="*",
        metavar="FIELD=VALUE",
        help="the entry's details, e.g. where='Bus station'",
    )
    q.set_defaults(func=episode_correct)
    q = ep_sub.add_parser("link", help="link episodes of children who went missing together")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument(
        "--with",
        dest="with_",
        action="append",
        required=True,
        metavar="CHILD",
        help="another child missing with this one (repeat for each)",
    )
    q.set_defaults(func=episode_link)
    q = ep_sub.add_parser("show", help="show the timed log")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--episode", help="an earlier episode's id")
    q.add_argument("--json", action="store_true", help="machine-readable output (JSON)")
    q.set_defaults(func=episode_show)
    q = ep_sub.add_parser("accepted", help="record that the police accepted the report")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--reference", required=True, help="the missing person reference")
    q.add_argument("--by", help="who at the police confirmed it")
    q.add_argument("--note", help="anything else worth recording")
    q.add_argument("--at", metavar=AT, help="when they confirmed it")
    q.set_defaults(func=episode_accepted)
    follow_ups.add_actions(ep_sub)
