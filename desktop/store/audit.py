"""The store's own audit log: sign-ins, sign-outs, exports, prints and e-mail drafts.

It records who, when and what kind of thing happened (and which child's records an export was
about), never what was exported or typed. Reading it is a report, for managers and up.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.domain.audit import Audited, AuditEntry
from desktop.domain.permissions import Action
from desktop.store.context import StoreContext
from desktop.store.tables import AuditRow

_OUTPUTS = frozenset(
    {Audited.EXPORT, Audited.PRINT, Audited.EMAIL_DRAFT, Audited.SENSITIVE_INCLUDED}
)


class Audit:
    """Append to and read the audit log."""

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def record(self, what: Audited, *, child_id: str | None = None) -> None:
        """Add one entry for the signed-in person; an output needs the right to export."""
        if what in _OUTPUTS:
            self._ctx.require(Action.EXPORT_PACK)
        if what is Audited.REPORT:
            self._ctx.require(Action.RUN_REPORTS)
        staff = self._ctx.staff
        with self._ctx.db.session() as session:
            session.add(
                AuditRow(
                    at=self._ctx.clock.now(),
                    staff_id=staff.id if staff is not None else None,
                    what=what.value,
                    child_id=child_id,
                )
            )

    def entries(self) -> list[AuditEntry]:
        """Every entry, oldest first (a report: managers and administrators)."""
        self._ctx.require(Action.RUN_REPORTS)
        with self._ctx.db.session() as session:
            rows = session.scalars(select(AuditRow).order_by(AuditRow.id)).all()
            return [
                AuditEntry(
                    id=r.id, at=r.at, staff_id=r.staff_id, what=Audited(r.what), child_id=r.child_id
                )
                for r in rows
            ]
