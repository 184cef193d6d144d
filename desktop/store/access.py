"""An open session loses access at its next step once its account is closed or removed.

A member of staff who leaves may have left the app open on the office PC. Every read and write a
session makes goes through :class:`SignedInDatabase`, which first asks whether the key file on
disk still holds a way in for the account (a passphrase slot, or a recovery slot for a session
opened with the recovery key) and, in the same transaction, whether the account is still open.
Both checks are cheap: the key file is read again only when it has been replaced.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy.orm import Session

from desktop.store.database import Database
from desktop.store.errors import AccessWithdrawn
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.tables import StaffRow

REMOVED = (
    "Your sign-in has been removed from this store, so this session has ended and nothing more "
    "was read or saved. Ask an administrator if you still need access."
)
CLOSED = (
    "Your account has been closed, so this session has ended and nothing more was read or "
    "saved. Ask an administrator if you still need access."
)
RECOVERY_GONE = (
    "The recovery key this session was opened with has been replaced, so the session has "
    "ended. Open the store again with the new recovery key or your own passphrase."
)


class SignedInDatabase(Database):
    """The store's database as one signed-in session sees it: open only while they may be in."""

    def __init__(self, db: Database, keys: StoreKeys, staff_id: str | None) -> None:
        super().__init__(db.engine)
        self._keys = keys
        self._staff_id = staff_id
        self.watchers: list[Callable[[AccessWithdrawn], None]] = []
        """Told (on whatever thread noticed) before the refusal is raised: the window locks."""

    def _withdraw(self, message: str) -> None:
        refusal = AccessWithdrawn(message)
        for watcher in self.watchers:
            watcher(refusal)
        raise refusal

    def _check_key_file(self) -> None:
        if not self._keys.lets_in(self._staff_id):
            self._withdraw(REMOVED if self._staff_id is not None else RECOVERY_GONE)

    def _refuse_closed(self, active: Any) -> None:
        if self._staff_id is not None and not active:
            self._withdraw(CLOSED)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One ORM transaction, refused when this session's account may no longer be in."""
        self._check_key_file()
        with super().session() as session:
            if self._staff_id is not None:
                row = session.get(StaffRow, self._staff_id)
                self._refuse_closed(row is not None and row.active)
            yield session

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Any]:
        """A driver-level transaction, refused the same way."""
        self._check_key_file()
        with super().transaction() as cursor:
            if self._staff_id is not None:
                cursor.execute("SELECT active FROM staff WHERE id = ?", (self._staff_id,))
                found = cursor.fetchone()
                self._refuse_closed(found is not None and found[0])
            yield cursor
