"""The absence log across the home, in one read: every episode of every child as a row.

A ten-year store holds about 100,000 entries; the log needs only the handful of kinds that say
how an episode started, was reported, graded, ended and followed up, so one indexed read of
those kinds (and the episode headers) serves every row, and nothing else is read.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.domain.model import LogEntry
from desktop.protocol.absences import AbsenceRow, absence_row
from desktop.protocol.interviews import KINDS as INTERVIEW_KINDS
from desktop.store import mapping

LOG_KINDS = (
    "aware",
    "whereabouts_known",
    "whereabouts_unknown",
    "police_report",
    "police_update",
    "police_accepted",
    "returned",
    "closed",
    "correction",
    *INTERVIEW_KINDS,
)
"""The kinds of entry a row of the absence log is worked out from."""
_MARKS = ", ".join(f":k{i}" for i in range(len(LOG_KINDS)))


def absence_rows(
    session: Session, *, since: datetime | None = None, until: datetime | None = None
) -> list[AbsenceRow]:
    """Every episode of every child (started between ``since`` and ``until``), newest first."""
    where, args = [], {}
    if since is not None:
        where.append("e.aware_at >= :since")
        args["since"] = _stored(since)
    if until is not None:
        where.append("e.aware_at < :until")
        args["until"] = _stored(until)
    condition = (" WHERE " + " AND ".join(where)) if where else ""
    headers = session.execute(
        text(
            "SELECT e.id, e.child_id, e.aware_at, c.first_name || ' ' || c.last_name"
            " FROM episode e JOIN child c ON c.id = e.child_id" + condition
        ),
        args,
    ).all()
    logs: dict[str, list[LogEntry]] = defaultdict(list)
    kinds = {f"k{i}": k for i, k in enumerate(LOG_KINDS)}
    rows = session.execute(
        text(
            f"SELECT l.{mapping.LOG_ENTRY_COLUMNS.replace(', ', ', l.')} FROM log_entry l"
            f" JOIN episode e ON e.id = l.episode_id WHERE l.kind IN ({_MARKS})"
            + condition.replace(" WHERE ", " AND ")
            + " ORDER BY l.episode_id, l.seq"
        ),
        {**args, **kinds},
    ).all()
    for r in rows:
        logs[r[1]].append(mapping.log_entry_from_driver(tuple(r)))
    found = [absence_row(h[0], h[1], h[3], _moment(h[2]), logs.get(h[0], [])) for h in headers]
    return sorted(found, key=lambda r: r.start, reverse=True)


def _moment(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _stored(moment: datetime) -> str:
    """A moment as the episode table keeps it, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
