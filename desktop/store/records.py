"""Everything the protocol reads about one child, in one read (one transaction, one snapshot).

Reading it in one transaction means a colleague's entry saved meanwhile is either wholly in the
picture or wholly out of it, never half.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desktop.domain.errors import NotFound
from desktop.domain.model import FormVersion, LogEntry, PhotoInfo, newest_first
from desktop.protocol.situation import ChildRecords, EpisodeRecord
from desktop.store import history, mapping
from desktop.store.errors import DatabaseDamaged
from desktop.store.missing_risk import risk_entries, risk_entries_by_child
from desktop.store.photos import WITHOUT_PIXELS
from desktop.store.tables import (
    ChildRow,
    EpisodeRow,
    FormRecordRow,
    HomeRow,
    LogEntryRow,
    PhotoRow,
    StaffRow,
)


def _latest_forms(session: Session, child_id: str | None) -> dict[str, dict[str, FormVersion]]:
    """Each child's newest saved version of each of their own forms (None: every child's)."""
    mine: list[ColumnElement[bool]] = [FormRecordRow.episode_id.is_(None)]
    if child_id is not None:
        mine.append(FormRecordRow.child_id == child_id)
    newest = (
        select(
            FormRecordRow.child_id,
            FormRecordRow.form_id,
            func.max(FormRecordRow.number).label("number"),
        )
        .where(*mine)
        .group_by(FormRecordRow.child_id, FormRecordRow.form_id)
        .subquery()
    )
    rows = session.execute(
        select(FormRecordRow, StaffRow.name)
        .join(StaffRow, StaffRow.id == FormRecordRow.saved_by)
        .join(
            newest,
            (newest.c.child_id == FormRecordRow.child_id)
            & (newest.c.form_id == FormRecordRow.form_id)
            & (newest.c.number == FormRecordRow.number),
        )
        .where(*mine)
    ).all()
    found: dict[str, dict[str, FormVersion]] = defaultdict(dict)
    for row, name in rows:
        found[row.child_id][row.form_id] = mapping.form_version(row, name)
    return found


def _logs(session: Session, episode_ids: list[str]) -> dict[str, list[LogEntry]]:
    logs: dict[str, list[LogEntry]] = defaultdict(list)
    if episode_ids:
        for row in session.scalars(
            select(LogEntryRow)
            .where(LogEntryRow.episode_id.in_(episode_ids))
            .order_by(LogEntryRow.episode_id, LogEntryRow.seq)
        ):
            logs[row.episode_id].append(mapping.log_entry(row))
    return logs


def _record(session: Session, episode_id: str) -> EpisodeRecord:
    row = session.get(EpisodeRow, episode_id)
    if row is None:
        raise DatabaseDamaged("An episode's record is missing from the database.")
    return EpisodeRecord(mapping.episode(row), tuple(_logs(session, [episode_id])[episode_id]))


def child_records(session: Session, child_id: str, *, whole: bool = False) -> ChildRecords:
    """The home, the child, their newest forms and photos, their episodes, standing risk record.

    The current episode comes with its whole log and every other one summarised; ``whole``
    gives every episode with its whole log instead.
    """
    home = HomeRow.the_one(session)
    child = session.get(ChildRow, child_id)
    if child is None:
        raise NotFound("There is no child with that id in this store.")
    photos = newest_first(
        [
            mapping.photo_info(r)
            for r in session.scalars(
                select(PhotoRow).options(*WITHOUT_PIXELS).where(PhotoRow.child_id == child_id)
            )
        ]
    )
    records = ChildRecords(
        home=mapping.home(home),
        child=mapping.child(child),
        forms=_latest_forms(session, child_id)[child_id],
        photos=tuple(photos),
        missing_risk=tuple(risk_entries(session, child_id)),
    )
    if whole:
        episodes = session.scalars(
            select(EpisodeRow)
            .where(EpisodeRow.child_id == child_id)
            .order_by(EpisodeRow.aware_at.desc())
        ).all()
        logs = _logs(session, [e.id for e in episodes])
        return replace(
            records,
            episodes=tuple(
                EpisodeRecord(episode=mapping.episode(e), log=tuple(logs[e.id])) for e in episodes
            ),
        )
    every = history.digests(session, child_id)
    now = history.current(every)
    return replace(
        records,
        episodes=() if now is None else (_record(session, now.episode_id),),
        history=tuple(d.past for d in every if d is not now),
    )


def every_child_records(session: Session) -> list[ChildRecords]:
    """Every child's records as :func:`child_records` gives them, in one read for the home.

    A handful of queries for the whole home rather than a handful per child: the children
    list and the handover read every child at once.
    """
    home = HomeRow.the_one(session)
    kept = mapping.home(home)
    children = session.scalars(
        select(ChildRow).order_by(ChildRow.last_name, ChildRow.first_name)
    ).all()
    photos: dict[str, list[PhotoInfo]] = defaultdict(list)
    for row in session.scalars(select(PhotoRow).options(*WITHOUT_PIXELS)):
        photos[row.child_id].append(mapping.photo_info(row))
    forms = _latest_forms(session, None)
    every = history.digests_by_child(session)
    risks = risk_entries_by_child(session)
    now = {c: history.current(d) for c, d in every.items()}
    current = [d.episode_id for d in now.values() if d is not None]
    logs = _logs(session, current)
    headers = {
        r.id: mapping.episode(r)
        for r in session.scalars(select(EpisodeRow).where(EpisodeRow.id.in_(current)))
    }
    found = []
    for child in children:
        mine = now.get(child.id)
        found.append(
            ChildRecords(
                home=kept,
                child=mapping.child(child),
                forms=forms[child.id],
                photos=tuple(newest_first(photos[child.id])),
                episodes=()
                if mine is None
                else (EpisodeRecord(headers[mine.episode_id], tuple(logs[mine.episode_id])),),
                history=tuple(d.past for d in every.get(child.id, []) if d is not mine),
                missing_risk=tuple(risks.get(child.id, [])),
            )
        )
    return found
