"""A child's standing risk of going missing, and the review meetings held while it is high.

Append-only: a new grading is a new row, so the record always shows every earlier grading with
when it was decided, who decided it and who recorded it. Recording a grading lower than the
child's current one needs a manager (it stops the review meetings a child at high risk needs).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import BadInput, NotFound
from desktop.domain.missing_risk import (
    DECIDED_BY_MAX_LENGTH,
    MissingRisk,
    RiskEntry,
    RiskEntryKind,
    current_level,
)
from desktop.domain.model import Staff
from desktop.domain.permissions import Action
from desktop.store.context import StoreContext
from desktop.store.tables import ChildRow, MissingRiskRow, StaffRow

_RANK = {level: i for i, level in enumerate(MissingRisk)}


def risk_entries(session: Session, child_id: str) -> list[RiskEntry]:
    """Every entry of the child's standing-risk record, with who recorded it, in time order."""
    return risk_entries_by_child(session, child_id).get(child_id, [])


def risk_entries_by_child(
    session: Session, child_id: str | None = None
) -> dict[str, list[RiskEntry]]:
    """Each child's standing-risk record in time order: one child's, or the whole home's at once."""
    query = (
        select(MissingRiskRow, StaffRow.name)
        .join(StaffRow, StaffRow.id == MissingRiskRow.recorded_by)
        .order_by(MissingRiskRow.at, MissingRiskRow.id)
    )
    if child_id is not None:
        query = query.where(MissingRiskRow.child_id == child_id)
    found: dict[str, list[RiskEntry]] = {}
    for row, name in session.execute(query).all():
        found.setdefault(row.child_id, []).append(_entry(row, name))
    return found


def _entry(row: MissingRiskRow, name: str) -> RiskEntry:
    return RiskEntry(
        id=row.id,
        child_id=row.child_id,
        kind=RiskEntryKind(row.kind),
        at=row.at,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
        level=MissingRisk(row.level) if row.level else None,
        decided_by=row.decided_by,
        recorded_by_name=name,
    )


class MissingRiskRecords:
    """Record and read children's standing gradings of risk of going missing."""

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def entries(self, child_id: str) -> list[RiskEntry]:
        """The child's whole standing-risk record, oldest first."""
        with self._ctx.db.session() as session:
            self._child(session, child_id)
            return risk_entries(session, child_id)

    def record_level(
        self,
        child_id: str,
        level: MissingRisk | str,
        *,
        decided_by: str,
        decided_at: datetime | None = None,
    ) -> RiskEntry:
        """Record a grading decided (by the social worker, the MASH …), keeping earlier ones."""
        author = self._ctx.require(Action.RECORD_MISSING_RISK)
        try:
            chosen = MissingRisk(level)
        except ValueError:
            names = ", ".join(m.value for m in MissingRisk)
            raise BadInput(f"Choose the risk of going missing: one of {names}.") from None
        who = " ".join(decided_by.split())
        if not who:
            raise BadInput("Say who decided the risk of going missing (e.g. the social worker).")
        if len(who) > DECIDED_BY_MAX_LENGTH:
            raise BadInput(
                f"Who decided it is {len(who)} characters long: keep it to "
                f"{DECIDED_BY_MAX_LENGTH} or fewer."
            )
        at = self._moment(decided_at)
        with self._ctx.db.session() as session:
            self._child(session, child_id)
            before = current_level(risk_entries(session, child_id), now=at)
            if before and before.level and _RANK[chosen] < _RANK[before.level]:
                self._ctx.require(Action.LOWER_MISSING_RISK)
            return self._add(session, author, child_id, RiskEntryKind.LEVEL, at, chosen, who)

    def record_review(self, child_id: str, *, held_at: datetime | None = None) -> RiskEntry:
        """Record a review meeting held for a child at high risk of going missing."""
        author = self._ctx.require(Action.LOG)
        at = self._moment(held_at)
        with self._ctx.db.session() as session:
            self._child(session, child_id)
            level = current_level(risk_entries(session, child_id), now=at)
            if level is None or level.level is not MissingRisk.HIGH:
                raise BadInput(
                    "A review meeting is recorded for a child graded at high risk of going "
                    "missing: the child was not at high risk then. Record the grading first."
                )
            return self._add(session, author, child_id, RiskEntryKind.REVIEW, at)

    def _add(
        self,
        session: Session,
        author: Staff,
        child_id: str,
        kind: RiskEntryKind,
        at: datetime,
        level: MissingRisk | None = None,
        decided_by: str = "",
    ) -> RiskEntry:
        """Append one entry to the child's record and sign it, in the caller's transaction."""
        row = MissingRiskRow(
            child_id=child_id,
            kind=kind.value,
            level=level.value if level else None,
            at=at,
            decided_by=decided_by,
            recorded_at=self._ctx.clock.now(),
            recorded_by=author.id,
        )
        session.add(row)
        session.flush()
        self._ctx.sign(session, "missing_risk", str(row.id), "recorded")
        return _entry(row, author.name)

    def _moment(self, given: datetime | None) -> datetime:
        now = self._ctx.clock.now()
        if given is None:
            return now
        if given.tzinfo is None:
            raise BadInput("Give the time with its time zone.")
        if given > now:
            raise BadInput("That time is in the future: record what has been decided or held.")
        return given

    @staticmethod
    def _child(session: Session, child_id: str) -> None:
        if session.get(ChildRow, child_id) is None:
            raise NotFound("There is no child with that id in this store.")
