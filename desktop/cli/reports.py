"""``report``: the manager's reports without the window, for a scheduled job or a script.

``report absences`` writes the absence log as CSV, ``report summary`` the management summary
PDF, and ``report ssda903`` one CSV file per responsible authority in the shape of its SSDA903
return's Missing table, each for the episodes that started between ``--from`` and ``--to`` and
only to the file (for ``ssda903``, the folder) named by ``--out``; each is noted in the audit
log. Managers and administrators only.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from zoneinfo import ZoneInfo

from desktop.cli.common import Context, Subcommands, bundled_forms, date_arg, open_store
from desktop.domain.audit import Audited
from desktop.domain.errors import BadInput, ExitCode
from desktop.domain.ukdates import uk_date

REPORTS = ("absences", "summary", "ssda903")


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_file:
        return None
    try:
        return Path(args.password_file).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise BadInput(f"Cannot read the password file: {exc.strerror}.") from None
    except UnicodeDecodeError:
        raise BadInput("The password file is not plain text (UTF-8).") from None


def cmd_report(ctx: Context, args: argparse.Namespace) -> int:
    """Make one report for a range of days and write it where ``--out`` says."""
    from desktop.export.manager import gather
    from desktop.export.output import save_pdf
    from desktop.export.reports import absence_csv, day_range, save_text
    from desktop.export.ssda903 import missing_tables, outcome_words, save_tables
    from desktop.export.summary import SummaryInput, build_summary
    from desktop.protocol.rules import shipped_rule_sets

    password = _password(args)
    if password and args.kind != "summary":
        raise BadInput("Only the summary PDF takes a password; a CSV file cannot carry one.")
    with open_store(ctx, args) as store:
        zone = ZoneInfo(store.home().timezone)
        since, until = day_range(args.first, args.last, zone)
        now = ctx.clock.now()
        data = gather(
            store,
            rule_sets=shipped_rule_sets(),
            forms=bundled_forms(),
            now=min(now, until),
            since=since,
            until=until,
        )
        days = f"{uk_date(args.first)} to {uk_date(args.last)}"
        if args.kind == "ssda903":
            children = {r.child.id: r.child for r in data.children}
            tables = missing_tables(
                data.rows, children, zone=zone, first=args.first, last=args.last
            )
            saved = save_tables(Path(args.out), tables)
            said = [
                f"Saved {len(saved)} file{'s' if len(saved) != 1 else ''} for the responsible "
                f"authorities' returns, {days}, in {args.out}: {outcome_words(tables)}",
                *(f"    {made.name}" for made in saved),
            ]
        else:
            if args.kind == "absences":
                text = absence_csv(data.rows, now=data.now, zone=zone, deadline=data.deadline)
                path = save_text(Path(args.out), text, ".csv")
            else:
                made_by = store.staff.name if store.staff else "the recovery key"
                pdf = build_summary(
                    SummaryInput(data, store.home().name, args.first, args.last, made_by, now)
                )
                path = save_pdf(Path(args.out), pdf, password=password)
            what = "absence log" if args.kind == "absences" else "management summary"
            said = [f"Saved the {what} for {days} ({len(data.rows)} episodes) to {path}."]
        store.audit.record(Audited.REPORT)
    for line in said:
        ctx.say(line)
    return ExitCode.OK


def register(sub: Subcommands) -> None:
    """Add ``report``."""
    p = sub.add_parser(
        "report",
        help="the absence log (CSV), the management summary (PDF) or each responsible "
        "authority's SSDA903 Missing table (CSV files); managers",
    )
    p.add_argument("kind", choices=REPORTS, help="which report")
    p.add_argument(
        "--from",
        dest="first",
        required=True,
        type=date_arg,
        metavar="DAY",
        help="the first day, DD/MM/YYYY",
    )
    p.add_argument(
        "--to",
        dest="last",
        required=True,
        type=date_arg,
        metavar="DAY",
        help="the last day, DD/MM/YYYY (included)",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="where to save it (for ssda903, the folder to save one file per authority in)",
    )
    p.add_argument(
        "--password-file", metavar="FILE", help="protect the summary PDF with this password"
    )
    p.set_defaults(func=cmd_report)
