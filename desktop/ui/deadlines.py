"""The order in which staff meet the protocol's prompts, and the words of their timing.

No Qt here: this is the page's logic, tested plainly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from desktop.domain.ukdates import uk_time
from desktop.protocol.engine import Prompt

OPEN = ("overdue", "upcoming")


def order_for_staff(prompts: Sequence[Prompt], now: datetime) -> list[Prompt]:
    """Open prompts: overdue first (the police report ahead), then the rest by due time."""
    waiting = [p for p in prompts if p.status in OPEN]
    return sorted(
        waiting,
        key=lambda p: (p.status != "overdue", p.action != "report_to_police", p.due_at),
    )


def _span(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    if hours:
        return f"{hours} h {mins:02d} min"
    return f"{mins} min"


def time_left_words(due_at: datetime, now: datetime) -> str:
    """'in 2 h 14 min', or 'OVERDUE by 3 h 04 min'."""
    seconds = (due_at - now).total_seconds()
    if seconds <= 0:
        return f"OVERDUE by {_span(max(1, int(-seconds // 60)))}"
    return f"in {_span(max(1, int(seconds // 60)))}"


def due_words(prompt: Prompt, now: datetime, zone: tzinfo | None) -> str:
    """'now' when overdue; else 'by 20:00', 'by 20:00 tomorrow'."""
    if prompt.status == "overdue" or prompt.due_at <= now:
        return "now"
    due = prompt.due_at.astimezone(zone)
    today = now.astimezone(zone).date()
    if due.date() == today:
        return f"by {uk_time(prompt.due_at, zone)}"
    if (due.date() - today).days == 1:
        return f"by {uk_time(prompt.due_at, zone)} tomorrow"
    return f"by {due.day}/{due.month:02d} {uk_time(prompt.due_at, zone)}"


def headline(
    prompts: Sequence[Prompt], now: datetime, zone: tzinfo | None, first_name: str
) -> str | None:
    """The one duty that matters most now, in words, with the time left."""
    ordered = order_for_staff(prompts, now)
    if not ordered:
        return None
    top = ordered[0]
    text = top.text.replace("{child}", first_name).rstrip(".")
    when = "" if top.status == "overdue" else f" {due_words(top, now, zone)}"
    return f"{text}{when} — {time_left_words(top.due_at, now)}"
