"""Which duty matters most now, and its timing in words: the episode page's headline.

Pure (no Qt), so it is tested plainly. The ordering and the words of timing are the screen's:
rule texts say what to do, and this module says when ("by 20:00", "OVERDUE by 3 h 04 min").
Times are compared in UTC (two times in one zone subtract by the wall clock), so a clock change
never adds or loses an hour; they are written in the home's time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo

from desktop.domain.ukdates import uk_clock, uk_short_day
from desktop.protocol.engine import ANSWERED, VOID, Prompt
from desktop.protocol.rules import ACTION_NAMES, REPORT_TO_POLICE, SEVERITIES

POLICE_REPORT = REPORT_TO_POLICE

HEADLINE_WORDS: dict[str, str] = {
    "report_to_police": "Report {child} missing to the police",
    "chase_acceptance": "Get the police to confirm they accepted {child's} report",
    "review_absence": "Review {child's} absence",
    "notify_social_worker": "Tell {child's} social worker",
    "notify_parents": "Tell {child's} parents",
    "notify_manager": "Tell the manager",
    "notify_iro": "Tell {child's} independent reviewing officer (IRO)",
    "notify_authority": "Tell the responsible local authority",
    "notify_police": "Tell the police",
    "notify_supervising_social_worker": "Tell the supervising social worker",
    "strategy_meeting": "Check the strategy meeting for {child} is arranged",
    "safe_and_well_check": "Arrange the police safe and well check with {child}",
    "return_interview": "Arrange {child's} return interview",
    "repeat_episode_review": "Review {child's} repeated episodes",
    "update_forms": "Bring {child's} records up to date",
    "preserve_evidence": "Keep evidence safe",
    "escalate": "Escalate",
    "high_risk_review": "Hold the review meeting for {child}, at high risk of going missing",
}
"""Each action as a short instruction naming the child: ``{child}`` is the first name and
``{child's}`` its possessive ("the child" and "the child's" when there is no name)."""

_MINUTE = timedelta(minutes=1)


def _overdue(due_at: datetime, now: datetime) -> bool:
    """Due at or before now, as the engine counts it (compared in UTC)."""
    return due_at.astimezone(UTC) <= now.astimezone(UTC)


def _is_open(prompt: Prompt) -> bool:
    return prompt.status not in (ANSWERED, VOID)


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def order_for_staff(prompts: Iterable[Prompt], now: datetime) -> list[Prompt]:
    """The open prompts, the one that matters most first.

    Overdue first: the police report ahead of any other, then by severity, then the longest
    overdue. Then the ones not yet due, soonest first (by severity when due together). Answered
    and settled prompts are left out.
    """

    def key(p: Prompt) -> tuple[int, int, int, datetime]:
        due = p.due_at.astimezone(UTC)
        if _overdue(due, now):
            return (0, p.action != POLICE_REPORT, _rank(p.severity), due)
        return (1, 0, 0, due)

    open_ = [p for p in prompts if _is_open(p)]
    by_severity = sorted(open_, key=lambda p: _rank(p.severity))
    return sorted(by_severity, key=key)


def _span(minutes: int, *, round_up: bool) -> str:
    """45 min, 3 h 04 min, 2 h, 1 day 3 h, 2 days."""
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        hours, rest = divmod(minutes, 60)
        return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
    hours = -(-minutes // 60) if round_up else minutes // 60
    days, rest = divmod(hours, 24)
    day_words = f"{days} day" if days == 1 else f"{days} days"
    return f"{day_words} {rest} h" if rest else day_words


def time_left_words(due_at: datetime, now: datetime) -> str:
    """Time left in words: "in 2 h 14 min", "in 45 min", "OVERDUE by 3 h 04 min".

    Time still left is rounded up (never "in 0 min" before the deadline) and time overdue is
    rounded down; a duty exactly due, or overdue by under a minute, is "OVERDUE by under 1 min".
    """
    left = due_at.astimezone(UTC) - now.astimezone(UTC)  # real time, whatever the clocks say
    if left > timedelta(0):
        return f"in {_span(-(-left // _MINUTE), round_up=True)}"
    late = -left
    if late < _MINUTE:
        return "OVERDUE by under 1 min"
    return f"OVERDUE by {_span(late // _MINUTE, round_up=False)}"


def due_words(prompt: Prompt, now: datetime, zone: tzinfo) -> str:
    """When it is due, as staff say it: "by 20:00", "by 20:00 tomorrow", "by Tue 3 Dec 09:00".

    Midnight at the end of today is "by midnight tonight"; a deadline already passed is "now".
    """
    if _overdue(prompt.due_at, now):
        return "now"
    today = now.astimezone(zone).date()
    due = prompt.due_at.astimezone(zone)
    clock = uk_clock(prompt.due_at, zone)
    if due.date() == today:
        return f"by {clock}"
    if (due.date() - today).days == 1:
        if (due.hour, due.minute) == (0, 0):
            return "by midnight tonight"
        return f"by {clock} tomorrow"
    day = uk_short_day(prompt.due_at, zone, year=due.year != today.year)
    return f"by {day} {clock}"


def what_to_do(prompt: Prompt, child_first_name: str = "") -> str:
    """The prompt's duty as a short instruction naming the child."""
    name = child_first_name.strip()
    template = HEADLINE_WORDS.get(prompt.action) or ACTION_NAMES.get(prompt.action, prompt.duty)
    possessive = (f"{name}'s" if name else "the child's") if "{child's}" in template else ""
    return template.replace("{child's}", possessive).replace("{child}", name or "the child")


def headline(
    prompts: Iterable[Prompt], now: datetime, zone: tzinfo, child_first_name: str = ""
) -> str | None:
    """The one duty that matters most now, in words and with the time left; None when none.

    "Report Mohammed missing to the police — OVERDUE by 3 h 04 min", or "Report Mohammed
    missing to the police by 20:00 — in 2 h 14 min". Duties about the child's standing records
    (an old photo, placement forms) lead only when the episode has nothing open.
    """
    ordered = order_for_staff(prompts, now)
    first = next((p for p in ordered if not p.profile), ordered[0] if ordered else None)
    if first is None:
        return None
    what = what_to_do(first, child_first_name)
    left = time_left_words(first.due_at, now)
    if _overdue(first.due_at, now):
        return f"{what} — {left}"
    return f"{what} {due_words(first, now, zone)} — {left}"
