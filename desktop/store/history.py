"""A child's past episodes as the protocol reads them: one small row per episode, kept up to date.

The engine needs little from an episode that is over: when it started, when the child came
back, whether police were told, the last word on the return interview and any intervention
meetings — and, to find the current episode, whether the child is still away. After years of
use a child may have a hundred episodes of twenty entries each, scattered through the database;
reading them all to learn those few facts made every child's prompts take seconds. So each
episode keeps a digest (``episode_digest``), worked out from its log by the same domain rules
in the same transaction as every entry that can change it, and a child's history is one
indexed read of their digests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.domain.episode import EpisodeState, episode_state, is_away
from desktop.domain.follow_ups import ANSWERED_KINDS
from desktop.domain.model import Episode, LogEntry
from desktop.domain.timeline import PastEpisode
from desktop.protocol.absences import absence_row
from desktop.protocol.situation import EpisodeRecord, past_episode, pick_current
from desktop.store import mapping
from desktop.store.absence_log import LOG_KINDS, encode_row
from desktop.store.chain import utc_text

DIGEST_KINDS = tuple(
    dict.fromkeys(
        (
            "aware",
            "whereabouts_known",
            "whereabouts_unknown",
            "police_report",
            "returned",
            "closed",
            *ANSWERED_KINDS,
            "intervention_meeting",
            "correction",
            *LOG_KINDS,
        )
    )
)
"""The entries a digest and the episode's absence-log row are worked out from: every other
kind leaves them as they were (a correction of an entry of another kind is passed over, as the
reading of the whole log passes it over)."""
_MARKS = ", ".join("?" for _ in DIGEST_KINDS)


@dataclass(frozen=True, slots=True)
class Digest:
    """One episode as the protocol reads it once it is over, and whether it is still open."""

    episode_id: str
    away: bool
    closed: bool
    past: PastEpisode


def work_out(episode: Episode, log: list[LogEntry]) -> Digest:
    """An episode's digest from its log (whole, or only its entries of ``DIGEST_KINDS``)."""
    state = episode_state(log)
    return Digest(
        episode_id=episode.id,
        away=is_away(state),
        closed=state is EpisodeState.CLOSED,
        past=past_episode(EpisodeRecord(episode=episode, log=tuple(log))),
    )


def refresh_digest(cursor: Any, episode_id: str) -> None:
    """Work out an episode's digest again and keep it, in the caller's transaction."""
    header = cursor.execute(
        "SELECT id, child_id, aware_at, recorded_at, started_by FROM episode WHERE id = ?",
        (episode_id,),
    ).fetchone()
    episode = Episode(
        id=header[0],
        child_id=header[1],
        aware_at=datetime.fromisoformat(header[2]),
        recorded_at=datetime.fromisoformat(header[3]),
        started_by=header[4],
    )
    log = [
        mapping.log_entry_from_driver(r)
        for r in cursor.execute(
            f"SELECT {mapping.LOG_ENTRY_COLUMNS} FROM log_entry"
            f" WHERE episode_id = ? AND kind IN ({_MARKS}) ORDER BY seq",
            (episode_id, *DIGEST_KINDS),
        ).fetchall()
    ]
    digest = work_out(episode, log)
    past = digest.past
    row = absence_row(episode.id, episode.child_id, "", episode.aware_at, log)
    cursor.execute(
        "INSERT INTO episode_digest (episode_id, child_id, start, away, closed, returned,"
        " reported, interview, meetings, absence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(episode_id) DO UPDATE SET start = excluded.start, away = excluded.away,"
        " closed = excluded.closed, returned = excluded.returned, reported = excluded.reported,"
        " interview = excluded.interview, meetings = excluded.meetings,"
        " absence = excluded.absence",
        (
            episode_id,
            episode.child_id,
            utc_text(past.start),
            digest.away,
            digest.closed,
            None if past.returned is None else utc_text(past.returned),
            past.reported_to_police,
            past.return_interview,
            json.dumps([[utc_text(at), stage] for at, stage in past.intervention_meetings]),
            encode_row(row),
        ),
    )


def _moment(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _only(child_id: str | None) -> str:
    """The condition for one child's rows (by the child index), or none for every child's."""
    return "" if child_id is None else " WHERE child_id = :child"


def _from_logs(session: Session, child_id: str | None, known: set[str]) -> list[Digest]:
    """Digests worked out afresh for episodes that have none kept (read-only, never stored)."""
    rows = session.execute(
        text(
            "SELECT id, child_id, aware_at, recorded_at, started_by FROM episode" + _only(child_id)
        ),
        {"child": child_id},
    ).all()
    found = []
    for row in rows:
        if row[0] in known:
            continue
        episode = Episode(
            id=row[0],
            child_id=row[1],
            aware_at=datetime.fromisoformat(row[2]),
            recorded_at=datetime.fromisoformat(row[3]),
            started_by=row[4],
        )
        log = session.execute(
            text(
                f"SELECT {mapping.LOG_ENTRY_COLUMNS} FROM log_entry WHERE episode_id = :e"
                " ORDER BY seq"
            ),
            {"e": episode.id},
        ).all()
        found.append(work_out(episode, [mapping.log_entry_from_driver(tuple(r)) for r in log]))
    return found


def _digest(row: Any) -> tuple[str, Digest]:
    meetings = json.loads(row[8]) if row[8] != "[]" else ()
    return row[1], Digest(
        episode_id=row[0],
        away=bool(row[3]),
        closed=bool(row[4]),
        past=PastEpisode(
            start=datetime.fromisoformat(row[2]),
            returned=_moment(row[5]),
            reported_to_police=bool(row[6]),
            return_interview=row[7],
            intervention_meetings=tuple(
                (datetime.fromisoformat(at), int(stage)) for at, stage in meetings
            ),
        ),
    )


def digests_by_child(session: Session, child_id: str | None = None) -> dict[str, list[Digest]]:
    """Every episode of a child (None: of every child), newest first, by child.

    Each comes with what the protocol reads of it.
    """
    rows = session.execute(
        text(
            "SELECT episode_id, child_id, start, away, closed, returned, reported, interview,"
            " meetings FROM episode_digest" + _only(child_id)
        ),
        {"child": child_id},
    ).all()
    found: dict[str, list[Digest]] = {}
    for row in rows:
        child, digest = _digest(row)
        found.setdefault(child, []).append(digest)
    episodes = session.execute(
        text("SELECT count(*) FROM episode" + _only(child_id)),
        {"child": child_id},
    ).scalar_one()
    if episodes != len(rows):  # kept by an older release, or written around the store
        known = {r[0] for r in rows}
        for missing in _from_logs(session, child_id, known):
            owner = session.execute(
                text("SELECT child_id FROM episode WHERE id = :e"), {"e": missing.episode_id}
            ).scalar_one()
            found.setdefault(owner, []).append(missing)
    return {
        child: sorted(some, key=lambda d: d.past.start, reverse=True)
        for child, some in found.items()
    }


def digests(session: Session, child_id: str) -> list[Digest]:
    """Every episode of a child, newest first, each with what the protocol reads of it."""
    return digests_by_child(session, child_id).get(child_id, [])


def current(newest_first: list[Digest]) -> Digest | None:
    """The episode in which the child is away; else the newest, unless it is closed."""
    return pick_current(newest_first, away=lambda d: d.away, closed=lambda d: d.closed)
