"""What every part of an open store shares: the database, the clock, and who is signed in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.domain.clock import Clock
from desktop.domain.errors import BadInput
from desktop.domain.model import Role, Staff
from desktop.store.database import Database


@dataclass(frozen=True, slots=True)
class StoreContext:
    """One signed-in session of a store (``staff`` is None when opened with the recovery key)."""

    folder: Path
    db: Database
    clock: Clock
    staff: Staff | None

    def author(self) -> Staff:
        """Who is making a change; the recovery key alone may not make records."""
        if self.staff is None:
            raise BadInput(
                "The recovery key can enrol this computer and reset passphrases. To make "
                "other changes, sign in with your own name and passphrase."
            )
        return self.staff

    def require_role(self, *roles: Role) -> Staff:
        """The author, if they hold one of ``roles``."""
        staff = self.author()
        if staff.role not in roles:
            raise BadInput("Only an administrator can do that. Ask an administrator.")
        return staff
