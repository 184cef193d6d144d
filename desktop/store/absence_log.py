"""The absence log across the home, in one read: every episode of every child as a row.

Each episode's row is worked out from its log when an entry that can change it is written, and
kept beside the episode's digest (:mod:`desktop.store.history`), so a ten-year store's log is
one read of some 5,000 small rows rather than of 100,000 entries. An episode with no row kept,
or one kept by an older reading (``READING``), is worked out from its entries at read time.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.domain.episode import EpisodeState
from desktop.domain.model import LogEntry
from desktop.protocol.absences import AbsenceRow, absence_row
from desktop.protocol.interviews import KINDS as INTERVIEW_KINDS
from desktop.protocol.interviews import Interview
from desktop.store import mapping
from desktop.store.chain import utc_text

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
READING = 2
"""The version of the reading a kept row was made by; raise it when :func:`absence_row` reads
an episode differently, with a migration that works the older rows out again (as 0013 does):
until then they are read from their whole logs each time."""


def encode_row(row: AbsenceRow) -> str:
    """A row as kept beside the episode's digest (the child's name is read with it, not kept)."""
    interview = row.interview
    return json.dumps(
        {
            "v": READING,
            "start": utc_text(row.start),
            "returned": _text(row.returned),
            "state": row.state.value,
            "category": row.category,
            "later_unknown": row.unknown_later,
            "reference": row.police_reference,
            "grading": row.grading,
            "returned_by": row.returned_by,
            "found_where": row.found_where,
            "with_whom": row.with_whom,
            "interview": None
            if interview is None
            else [
                interview.outcome,
                utc_text(interview.at),
                _text(interview.offered_at),
                interview.late_reason,
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def decode_row(kept: str | None, episode_id: str, child_id: str, name: str) -> AbsenceRow | None:
    """A kept row, or None when there is none or an older reading made it."""
    if kept is None:
        return None
    found: dict[str, Any] = json.loads(kept)
    if found.get("v") != READING:
        return None
    said = found["interview"]
    return AbsenceRow(
        episode_id=episode_id,
        child_id=child_id,
        child_name=name,
        start=datetime.fromisoformat(found["start"]),
        returned=_moment(found["returned"]),
        state=EpisodeState(found["state"]),
        category=found["category"],
        police_reference=found["reference"],
        grading=found["grading"],
        returned_by=found["returned_by"],
        found_where=found["found_where"],
        with_whom=found["with_whom"],
        interview=None
        if said is None
        else Interview(said[0], datetime.fromisoformat(said[1]), _moment(said[2]), said[3]),
        unknown_later=found["later_unknown"],
    )


def absence_rows(
    session: Session, *, since: datetime | None = None, until: datetime | None = None
) -> list[AbsenceRow]:
    """Every episode of every child (started between ``since`` and ``until``), newest first."""
    where, args = [], {}
    if since is not None:
        where.append("e.aware_at >= :since")
        args["since"] = utc_text(since)
    if until is not None:
        where.append("e.aware_at < :until")
        args["until"] = utc_text(until)
    condition = (" WHERE " + " AND ".join(where)) if where else ""
    headers = session.execute(
        text(
            "SELECT e.id, e.child_id, e.aware_at, c.first_name || ' ' || c.last_name, d.absence"
            " FROM episode e JOIN child c ON c.id = e.child_id"
            " LEFT JOIN episode_digest d ON d.episode_id = e.id" + condition
        ),
        args,
    ).all()
    found, unread = [], []
    for h in headers:
        row = decode_row(h[4], h[0], h[1], h[3])
        if row is None:
            unread.append(h)
        else:
            found.append(row)
    if unread:
        logs = _logs(session, [h[0] for h in unread])
        found += [
            absence_row(h[0], h[1], h[3], datetime.fromisoformat(h[2]), logs[h[0]]) for h in unread
        ]
    return sorted(found, key=lambda r: r.start, reverse=True)


def _logs(session: Session, episode_ids: Sequence[str]) -> dict[str, list[LogEntry]]:
    """The entries of ``LOG_KINDS`` of these episodes, by episode, in the order recorded."""
    logs: dict[str, list[LogEntry]] = defaultdict(list)
    kinds = {f"k{i}": k for i, k in enumerate(LOG_KINDS)}
    marks = ", ".join(f":{k}" for k in kinds)
    for start in range(0, len(episode_ids), 500):  # under SQLite's limit on bound values
        some = {f"e{i}": e for i, e in enumerate(episode_ids[start : start + 500])}
        rows = session.execute(
            text(
                f"SELECT {mapping.LOG_ENTRY_COLUMNS} FROM log_entry WHERE kind IN ({marks})"
                f" AND episode_id IN ({', '.join(f':{e}' for e in some)}) ORDER BY seq"
            ),
            {**kinds, **some},
        ).all()
        for r in rows:
            logs[r[1]].append(mapping.log_entry_from_driver(tuple(r)))
    return logs


def _text(moment: datetime | None) -> str | None:
    return None if moment is None else utc_text(moment)


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)
