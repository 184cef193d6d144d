"""``episode`` actions after the child's return: the interviews, a sensitive disclosure, a waiver.

Each records one log entry in the child's current episode, with the options named as staff
say them; ``episode close`` then refuses until these follow-ups are done or waived.
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import AT, Context, Subcommands, at_option, home_zone, open_store
from desktop.cli.logged import open_episode, say_logged
from desktop.domain.errors import ExitCode
from desktop.domain.follow_up_kinds import YES_NO

INTERVIEW_KINDS = {
    "offered": ("return_interview_offered", "offered_by"),
    "held": ("return_interview_done", "by"),
    "raised-risk": ("return_interview_raised_risk", "by"),
    "declined": ("return_interview_declined", "declined_by"),
}
"""``episode interview OUTCOME``: the entry each outcome records, and the field ``--by`` fills."""


def _record(ctx: Context, args: argparse.Namespace, kind: str, body: dict[str, Any]) -> int:
    """Add one entry to the child's current episode (returned, not yet closed) and say so."""
    with open_store(ctx, args) as store:
        zone = home_zone(store)
        child, episode = open_episode(store, args.child)
        entry = store.episodes.append(episode.id, kind, body, event_at=at_option(args, zone))
        say_logged(ctx, store, child, episode, entry, zone)
    return ExitCode.OK


def episode_safe_and_well(ctx: Context, args: argparse.Namespace) -> int:
    """What the home was told of the police safe-and-well (prevention) interview."""
    body = {
        "by": args.by,
        "in_person": args.in_person,
        "not_in_person_why": args.not_in_person_why,
        "concerns": args.concerns,
        "told_by": args.told_by,
        "note": args.note,
    }
    return _record(ctx, args, "safe_and_well_done", body)


def episode_interview(ctx: Context, args: argparse.Namespace) -> int:
    """The return interview offered, held (or held and raising the risk), or declined."""
    kind, by_field = INTERVIEW_KINDS[args.outcome]
    body: dict[str, Any] = {by_field: args.by, "late_reason": args.late_reason, "note": args.note}
    if args.outcome in ("offered", "held", "raised-risk"):
        body["independent"] = args.independent
    if args.outcome in ("held", "raised-risk"):
        body |= {
            "where": args.where,
            "advocate": args.advocate,
            "interpreter": args.interpreter,
            "told_by": args.told_by,
        }
    if args.outcome == "raised-risk":
        body["assessment"] = args.found
    if args.outcome == "declined":
        body["why"] = args.why
    return _record(ctx, args, kind, body)


def episode_disclosure(ctx: Context, args: argparse.Namespace) -> int:
    """A sensitive disclosure, kept apart: the record only says one was made, and when."""
    body = {"disclosure": args.text, "disclosed_to": args.to}
    return _record(ctx, args, "sensitive_disclosure", body)


def episode_waive(ctx: Context, args: argparse.Namespace) -> int:
    """A manager waives the episode's follow-ups, saying why (and who agreed, in foster care)."""
    return _record(
        ctx, args, "follow_ups_waived", {"reason": args.reason, "agreed_by": args.agreed_by}
    )


def add_actions(ep_sub: Subcommands) -> None:
    """Add the follow-up actions to ``episode``."""
    q = ep_sub.add_parser(
        "safe-and-well", help="record the police safe-and-well (prevention) interview"
    )
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--by", help="who held it (e.g. the officer's name)")
    q.add_argument("--in-person", choices=YES_NO, help="held face to face?")
    q.add_argument("--not-in-person-why", help="why it was not held in person")
    q.add_argument("--concerns", help="concerns raised")
    q.add_argument("--told-by", help="who told the home of it")
    q.add_argument("--note", help="anything else worth recording")
    q.add_argument("--at", metavar=AT, help="when it was held")
    q.set_defaults(func=episode_safe_and_well)

    q = ep_sub.add_parser("interview", help="record the return interview: offered, held, declined")
    q.add_argument("outcome", choices=tuple(INTERVIEW_KINDS), help="what happened to the interview")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--by", help="who offered it, held it, or declined it")
    q.add_argument("--where", help="where it was held")
    q.add_argument("--independent", choices=YES_NO, help="by someone independent of the home?")
    q.add_argument("--advocate", choices=YES_NO, help="an advocate was present?")
    q.add_argument("--interpreter", choices=YES_NO, help="an interpreter was present?")
    q.add_argument("--why", help="why it was declined")
    q.add_argument("--found", help="raised-risk: what the interview found")
    q.add_argument("--late-reason", help="why it is outside 72 hours of the return")
    q.add_argument("--told-by", help="who told the home of it")
    q.add_argument("--note", help="anything else worth recording")
    q.add_argument("--at", metavar=AT, help="when it happened")
    q.set_defaults(func=episode_interview)

    q = ep_sub.add_parser("disclosure", help="record a sensitive disclosure, kept apart")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--text", required=True, help="what was disclosed")
    q.add_argument("--to", help="to whom")
    q.add_argument("--at", metavar=AT, help="when it happened (default: now)")
    q.set_defaults(func=episode_disclosure)

    q = ep_sub.add_parser("waive", help="a manager waives the follow-ups, saying why")
    q.add_argument("--child", required=True, help="the child's name or id")
    q.add_argument("--reason", required=True, help="why the follow-ups are not needed")
    q.add_argument("--agreed-by", help="in a foster home: the supervising social worker who agreed")
    q.add_argument("--at", metavar=AT, help="when it happened (default: now)")
    q.set_defaults(func=episode_waive)
