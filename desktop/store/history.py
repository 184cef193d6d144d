"""A child's past episodes as the protocol reads them, in one query rather than log by log.

The engine needs little from an episode that is over: when it started, when the child came
back, whether police were told, the last word on the return interview and any intervention
meetings. After years of use a child may have a hundred episodes of twenty entries each; reading
every entry to learn those few facts made each child's prompts slow. Here the database works
them out per episode from the few entries that decide them (by the kind index), and only an
episode with corrections — whose reading needs the whole log — is read entry by entry.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.domain.episode import EpisodeState, episode_state, is_away
from desktop.domain.model import Episode, LogEntry
from desktop.domain.timeline import PastEpisode
from desktop.protocol.situation import EpisodeRecord, past_episode
from desktop.store import mapping

_INTERVIEWS = {
    "return_interview_done": "done",
    "return_interview_raised_risk": "done",
    "return_interview_declined": "declined",
}
_LAST = "ORDER BY l.event_at DESC, l.id DESC LIMIT 1"
_OF = "FROM log_entry l WHERE l.episode_id = e.id AND l.kind"
_SUMMARY = f"""
SELECT e.id, e.child_id, e.aware_at, e.recorded_at, e.started_by, e.closed_at, e.linked_group,
  EXISTS (SELECT 1 {_OF} = 'correction'),
  (SELECT l.kind {_OF} IN ('aware', 'returned', 'closed') {_LAST}),
  (SELECT min(l.event_at) {_OF} = 'returned'),
  EXISTS (SELECT 1 {_OF} = 'police_report'),
  (SELECT l.kind {_OF} IN ({", ".join(f"'{k}'" for k in _INTERVIEWS)}) {_LAST}),
  (SELECT json_group_array(json_array(l.event_at, l.id, json_extract(l.body, '$.stage')))
     {_OF} = 'intervention_meeting')
FROM episode e WHERE e.child_id = :child ORDER BY e.aware_at DESC
"""
"""Per episode, newest first: its header, whether it has corrections, the last of the entries
that decide whether the child is away (aware, returned, closed — every episode has its one
'aware'), the first return, whether police were told, the last interview and the meetings."""


@dataclass(frozen=True, slots=True)
class Digest:
    """One episode as the protocol reads it once it is over, and whether it is still open."""

    episode: Episode
    away: bool
    closed: bool
    past: PastEpisode


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _meetings(value: str) -> tuple[tuple[datetime, int], ...]:
    if value == "[]":
        return ()
    held = sorted(
        (datetime.fromisoformat(at), entry, int(stage)) for at, entry, stage in json.loads(value)
    )
    return tuple((at, stage) for at, _, stage in held)


def _corrected_logs(session: Session, episode_ids: list[str]) -> dict[str, list[LogEntry]]:
    """Whole logs, for the few episodes whose reading depends on their corrections."""
    logs: dict[str, list[LogEntry]] = defaultdict(list)
    if not episode_ids:
        return logs
    marks = ", ".join(f":e{i}" for i in range(len(episode_ids)))
    rows = session.execute(
        text(
            f"SELECT {mapping.LOG_ENTRY_COLUMNS} FROM log_entry"
            f" WHERE episode_id IN ({marks}) ORDER BY episode_id, seq"
        ),
        {f"e{i}": e for i, e in enumerate(episode_ids)},
    )
    for row in rows:
        logs[row[1]].append(mapping.log_entry_from_driver(tuple(row)))
    return logs


def digests(session: Session, child_id: str) -> list[Digest]:
    """Every episode of a child, newest first, each with what the protocol reads of it."""
    rows = session.execute(text(_SUMMARY), {"child": child_id}).all()
    logs = _corrected_logs(session, [r[0] for r in rows if r[7]])
    found: list[Digest] = []
    for row in rows:
        aware_at = datetime.fromisoformat(row[2])
        episode = Episode(
            id=row[0],
            child_id=row[1],
            aware_at=aware_at,
            recorded_at=datetime.fromisoformat(row[3]),
            started_by=row[4],
            closed_at=_moment(row[5]),
            linked_group=row[6],
        )
        if row[7]:
            log = logs[episode.id]
            state = episode_state(log)
            found.append(
                Digest(
                    episode=episode,
                    away=is_away(state),
                    closed=state is EpisodeState.CLOSED,
                    past=past_episode(EpisodeRecord(episode=episode, log=tuple(log))),
                )
            )
            continue
        past = PastEpisode(
            start=aware_at,
            returned=_moment(row[9]),
            reported_to_police=bool(row[10]),
            return_interview=_INTERVIEWS[row[11]] if row[11] else None,
            intervention_meetings=_meetings(row[12]),
        )
        found.append(
            Digest(episode=episode, away=row[8] == "aware", closed=row[8] == "closed", past=past)
        )
    return found


def current(newest_first: list[Digest]) -> Digest | None:
    """The episode in which the child is away; else the newest, unless it is closed.

    The same choice as :func:`desktop.protocol.situation.current_episode`, from the digests.
    """
    away = next((d for d in newest_first if d.away), None)
    if away is not None or not newest_first:
        return away
    return None if newest_first[0].closed else newest_first[0]
