"""Repeat-episode count rules' one reading of their window ("3 times in 28 days").

The engine's prompts and the manager's patterns both count through here, so a child is at a
threshold in the manager's view exactly when their page prompts for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from desktop.protocol.clock_maths import add_months, after
from desktop.protocol.rules import Rule


def count_window_start(rule: Rule, end: datetime, zone: ZoneInfo) -> datetime:
    """Where a repeat-episode count rule's window opens, for a window closing at ``end``.

    "within a 90 day or 3 month period": the longer window counts more episodes.
    """
    end = end.astimezone(UTC)
    since = after(end, -timedelta(days=rule.window_days), UTC)
    if rule.window_months:
        since = min(since, add_months(end, -rule.window_months, zone).astimezone(UTC))
    return since


def episodes_in_window(
    rule: Rule, starts: Sequence[datetime], end: datetime, zone: ZoneInfo
) -> int:
    """How many of the episodes starting at ``starts`` a count rule counts at ``end``.

    The count rules' one reading of their window: the engine's prompts and the manager's
    patterns both ask it.
    """
    end = end.astimezone(UTC)
    since = count_window_start(rule, end, zone)
    return sum(1 for t in starts if since <= t.astimezone(UTC) <= end)
