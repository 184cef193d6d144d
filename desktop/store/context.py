"""What every part of an open store shares: the database, the clock, and who is signed in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.clock import Clock
from desktop.domain.errors import BadInput
from desktop.domain.model import Role, Staff
from desktop.domain.permissions import Action, require
from desktop.store.database import Database
from desktop.store.head_record import HeadRecord
from desktop.store.signing.ledger import Ledger


@dataclass(frozen=True, slots=True)
class StoreContext:
    """One signed-in session of a store (``staff`` is None when opened with the recovery key)."""

    folder: Path
    db: Database
    clock: Clock
    staff: Staff | None
    head: HeadRecord | None = None
    """Told after each commit that adds log entries (None: nothing to keep level)."""

    def logged(self) -> None:
        """Entries were committed: bring the head record level with the database."""
        if self.head is not None:
            self.head.update()

    ledger: Ledger | None = None
    """Signs every change to a record (None: a store part used without signing, in tests)."""

    def author(self) -> Staff:
        """Who is making a change; the recovery key alone may not make records."""
        if self.staff is None:
            raise BadInput(
                "The recovery key can enrol this computer and reset passphrases. To make "
                "other changes, sign in with your own name and passphrase."
            )
        return self.staff

    def require(self, action: Action) -> Staff:
        """The author, if their role allows ``action`` (the refusal says who may)."""
        staff = self.author()
        require(staff.role, action)
        return staff

    def role(self) -> Role | None:
        """The signed-in person's role (None with the recovery key)."""
        return self.staff.role if self.staff is not None else None

    def sign(self, session: Session, kind: str, ref: str, event: str) -> None:
        """Sign a change to one record, in the session's transaction (flushed first)."""
        if self.ledger is None:
            return
        session.flush()
        driver: Any = session.connection().connection.dbapi_connection
        self.ledger.add(driver.cursor(), kind, ref, event)
