"""``scenario``: run a protocol timeline from a file, with no store, for checking the rules."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.common import Context, Subcommands, UsageError
from desktop.domain.errors import ExitCode


def cmd_scenario(ctx: Context, args: argparse.Namespace) -> int:
    """Evaluate a scenario timeline and print the prompts at each check as JSON."""
    from desktop.protocol.rules import shipped_rule_sets
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


def register(sub: Subcommands) -> None:
    """Add ``scenario``."""
    p = sub.add_parser("scenario", help="evaluate a scenario timeline; print prompts as JSON")
    p.add_argument("file", metavar="FILE.toml", help="the timeline to evaluate")
    p.set_defaults(func=cmd_scenario)
