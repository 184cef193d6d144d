"""Missing intervention meetings go in stages: which stage a new episode calls for.

Warwickshire §10: a Stage 1 meeting at 3 episodes in 90 days or 3 months, Stage 2 at 6, an
Escalation meeting at 9. "Missing Intervention will commence at Stage 1 regardless of a higher
threshold being met before the meeting is held", and "If higher thresholds are met within 5
working days of an intervention meeting, the responsible manager should review the situation".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from desktop.protocol.clock_maths import add_working_days
from desktop.protocol.rules import STAGES, Rule


def stage_due(
    rule: Rule,
    *,
    start: datetime,
    meetings: Iterable[tuple[datetime, int]],
    since: datetime | None,
    zone: ZoneInfo,
) -> bool:
    """Whether the meeting of the rule's stage is the one an episode starting at ``start`` calls.

    The stage due is the one after the highest held before the episode (since ``since``, the
    count's window, where given), starting at the first. A rule with
    ``since_meeting_working_days`` applies only when the last of those meetings was that recent.
    A rule with no stage is always due.
    """
    if not rule.stage:
        return True
    held = [
        (at.astimezone(UTC), stage)
        for at, stage in meetings
        if at < start and (since is None or at >= since)
    ]
    due = min(max(STAGES), 1 + max((stage for _, stage in held), default=0))
    if rule.stage != due:
        return False
    if not rule.since_meeting_working_days:
        return True
    last = max((at for at, _ in held), default=None)
    days = rule.since_meeting_working_days
    return last is not None and add_working_days(last, days, zone) >= start
