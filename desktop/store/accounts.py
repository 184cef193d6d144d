"""Staff accounts: a row in the database and a key slot in the key file, always together.

Adding an account writes the slot while the database transaction that adds the row still holds
the write lock, then commits: a crash or a full disk between the two leaves at worst a slot with
no account, which :meth:`Accounts.repair` removes the next time the store opens. A second
session waits on the same lock, so it never mistakes a half-added account for debris.
"""

from __future__ import annotations

import contextlib
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import BadInput, NotFound, PhilomenaError
from desktop.domain.model import Role, Staff
from desktop.store import mapping
from desktop.store.context import StoreContext
from desktop.store.keys import keyfile
from desktop.store.keys.kdf import KdfParams
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.tables import (
    ChildRow,
    EpisodeRow,
    FormRecordRow,
    LogEntryRow,
    PhotoRow,
    StaffRow,
)


class Accounts:
    """Who may sign in, and with which passphrase."""

    def __init__(self, ctx: StoreContext, keys: StoreKeys) -> None:
        self._ctx = ctx
        self._keys = keys

    @property
    def store_id(self) -> str:
        """The store's random id (not personal)."""
        return self._keys.store_id

    @property
    def device_bound(self) -> bool:
        """True when passphrases work only on enrolled computer accounts."""
        return self._keys.device_bound

    def add(self, *, name: str, role: Role, passphrase: str, kdf: KdfParams | None = None) -> Staff:
        """Create an account with its own key slot (administrators only)."""
        self._ctx.require_role(Role.ADMINISTRATOR)
        if not name.strip():
            raise BadInput("Enter the staff member's name.")
        staff = Staff(
            id=str(uuid.uuid4()), name=name.strip(), role=role, created_at=self._ctx.clock.now()
        )
        slot = self._keys.passphrase_slot(staff, passphrase, kdf)  # slow: before the lock
        tag = self._keys.name_tag(staff.name)

        def with_new_slot(slots: tuple[keyfile.Slot, ...]) -> tuple[keyfile.Slot, ...]:
            if any(s.name_tag == tag for s in slots):
                raise BadInput("There is already an account with that name. Use a fuller name.")
            return (*slots, slot)

        slot_written = False
        try:
            with self._ctx.db.session() as session:
                session.add(mapping.staff_row(staff))
                session.flush()  # holds the write lock; the row is not visible to others yet
                self._keys.change_slots(with_new_slot)
                slot_written = True
        except BaseException:
            if slot_written:  # the row did not commit: take the slot back
                self._forget_slot(slot.id)
            raise
        return staff

    def _forget_slot(self, slot_id: str) -> None:
        """Take back the slot of an account that never committed (repair does it otherwise)."""
        with contextlib.suppress(PhilomenaError):
            self._keys.change_slots(lambda slots: tuple(s for s in slots if s.id != slot_id))

    def reset_passphrase(self, *, name: str, passphrase: str, kdf: KdfParams | None = None) -> None:
        """Give a staff member a new passphrase (recovery key or an administrator)."""
        me = self._ctx.staff
        if (
            me is not None
            and me.role is not Role.ADMINISTRATOR
            and self._keys.name_tag(name) != self._keys.name_tag(me.name)
        ):
            raise BadInput("Only an administrator can reset someone else's passphrase.")
        wanted = " ".join(name.split()).casefold()
        staff = next((s for s in self.members() if s.name.casefold() == wanted), None)
        if staff is None:
            raise NotFound("There is no account with that name.")
        slot = self._keys.passphrase_slot(staff, passphrase, kdf)
        self._keys.change_slots(lambda slots: (*(s for s in slots if s.staff_id != staff.id), slot))

    def members(self) -> list[Staff]:
        """Every account, oldest first."""
        with self._ctx.db.session() as session:
            rows = session.scalars(select(StaffRow).order_by(StaffRow.created_at)).all()
            return [mapping.staff(r) for r in rows]

    def enrol_this_account(self) -> bool:
        """Let passphrases work on this computer account; False when it has no keyring."""
        return self._keys.enrol_this_account()

    def weak_slots(self) -> int:
        """How many key slots use weaker-than-production key derivation."""
        return self._keys.weak_slots()

    def repair(self) -> list[str]:
        """Undo what a crash while adding an account left behind; say what was done.

        A slot whose account row was never committed is removed. An active account with no
        slot (left by earlier releases, which committed the row first) can never sign in: it
        is deleted if nothing refers to it, and closed otherwise.
        """
        done: list[str] = []
        with self._ctx.db.session() as session:
            session.connection()  # BEGIN IMMEDIATE: a session adding an account finishes first
            rows = {r.id: r for r in session.scalars(select(StaffRow))}
            slots = self._keys.on_disk().slots
            orphans = {s.id for s in slots if s.kind == "passphrase" and s.staff_id not in rows}
            if orphans:
                self._keys.change_slots(lambda kept: tuple(s for s in kept if s.id not in orphans))
                done.append(f"Removed {len(orphans)} sign-in left unfinished by an interruption.")
            with_slot = {s.staff_id for s in slots if s.kind == "passphrase"}
            for row in rows.values():
                if not row.active or row.id in with_slot:
                    continue
                if _referenced(session, row.id):
                    row.active = False
                else:
                    session.delete(row)
                done.append("Removed an account left unfinished by an interruption.")
        return done


def _referenced(session: Session, staff_id: str) -> bool:
    """True when any record names this account as its author."""
    checks = (
        select(ChildRow.id).where(ChildRow.created_by == staff_id),
        select(FormRecordRow.id).where(FormRecordRow.saved_by == staff_id),
        select(PhotoRow.id).where(PhotoRow.added_by == staff_id),
        select(EpisodeRow.id).where(EpisodeRow.started_by == staff_id),
        select(LogEntryRow.id).where(LogEntryRow.author_id == staff_id),
    )
    return any(session.execute(q.limit(1)).first() is not None for q in checks)
