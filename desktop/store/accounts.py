"""Staff accounts: a row in the database and a key slot in the key file, always together.

Every change to the key file is made while holding the database's write lock, so two sessions
(two windows, or two computers sharing the folder) take turns and never undo each other's
change. Adding an account writes its slot while the same transaction that adds its row holds
that lock, then commits: a crash or a full disk between the two leaves at worst a slot with no
account, which is ignored and tidied away (:meth:`Accounts.repair`). An account whose slot is
missing (a key file restored from an older backup) is kept: resetting its passphrase gives it a
slot again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select

from desktop.domain.errors import BadInput, NotFound
from desktop.domain.model import Role, Staff
from desktop.store import mapping
from desktop.store.context import StoreContext
from desktop.store.keys import keyfile
from desktop.store.keys.kdf import KdfParams
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.tables import StaffRow

SlotChange = Callable[[tuple[keyfile.Slot, ...]], tuple[keyfile.Slot, ...]]


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


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

    def _change_slots(self, change: SlotChange) -> None:
        """Change the key file with the database's write lock held: one change at a time."""
        with self._ctx.db.session() as session:
            session.connection()  # BEGIN IMMEDIATE
            self._keys.change_slots(change)

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
        slot_written = False
        try:
            with self._ctx.db.session() as session:
                session.connection()  # BEGIN IMMEDIATE: this session's turn to change accounts
                rows = list(session.scalars(select(StaffRow)))
                accounts = {r.id for r in rows}

                def with_new_slot(slots: tuple[keyfile.Slot, ...]) -> tuple[keyfile.Slot, ...]:
                    # A slot with no account was left by an interrupted add: it names no one.
                    live = tuple(s for s in slots if s.staff_id is None or s.staff_id in accounts)
                    if any(s.name_tag == tag for s in live):
                        raise BadInput(
                            "There is already an account with that name. Use a fuller name."
                        )
                    return (*live, slot)

                if any(r.active and _same_name(r.name, staff.name) for r in rows):
                    taken = next(r for r in rows if r.active and _same_name(r.name, staff.name))
                    if not any(s.staff_id == taken.id for s in self._keys.on_disk().slots):
                        raise BadInput(
                            f"{taken.name} already has an account, but no passphrase in this "
                            "store's key file (it may have been restored from an older "
                            "backup). Reset their passphrase instead of adding them again."
                        )
                session.add(mapping.staff_row(staff))
                session.flush()
                self._keys.change_slots(with_new_slot)
                slot_written = True
        except BaseException:
            if slot_written:  # the row did not commit: take the slot back if the disk allows
                self._forget_slot(slot.id)
            raise
        return staff

    def _forget_slot(self, slot_id: str) -> None:
        """Take back the slot of an account that never committed (ignored, and tidied, if not)."""
        try:
            self._change_slots(lambda slots: tuple(s for s in slots if s.id != slot_id))
        except Exception:
            return

    def reset_passphrase(self, *, name: str, passphrase: str, kdf: KdfParams | None = None) -> None:
        """Give a staff member a new passphrase (recovery key or an administrator)."""
        me = self._ctx.staff
        if (
            me is not None
            and me.role is not Role.ADMINISTRATOR
            and self._keys.name_tag(name) != self._keys.name_tag(me.name)
        ):
            raise BadInput("Only an administrator can reset someone else's passphrase.")
        staff = next((s for s in self.members() if _same_name(s.name, name)), None)
        if staff is None:
            raise NotFound("There is no account with that name.")
        slot, resume = self._keys.passphrase_slot_with_resume(staff, passphrase, kdf)
        self._change_slots(lambda slots: (*(s for s in slots if s.staff_id != staff.id), slot))
        if me is not None and me.id == staff.id:  # their next sign-in uses the new slot
            self._keys.resume = resume

    def members(self) -> list[Staff]:
        """Every account, oldest first."""
        with self._ctx.db.session() as session:
            rows = session.scalars(select(StaffRow).order_by(StaffRow.created_at)).all()
            return [mapping.staff(r) for r in rows]

    def without_passphrase(self) -> list[Staff]:
        """Open accounts with no passphrase in the key file: they need a reset to sign in."""
        with self._ctx.db.session() as session:
            rows = session.scalars(select(StaffRow).where(StaffRow.active)).all()
            members = [mapping.staff(r) for r in rows]
        with_slot = {s.staff_id for s in self._keys.on_disk().slots if s.kind == "passphrase"}
        return [m for m in members if m.id not in with_slot]

    def enrol_this_account(self) -> bool:
        """Let passphrases work on this computer account; False when it has no keyring."""
        return self._keys.enrol_this_account()

    def weak_slots(self) -> int:
        """How many key slots use weaker-than-production key derivation."""
        return self._keys.weak_slots()

    def repair(self) -> list[str]:
        """Remove key slots whose account was never committed (a crash while adding one)."""
        with self._ctx.db.session() as session:
            session.connection()  # BEGIN IMMEDIATE: a session adding an account finishes first
            accounts = set(session.scalars(select(StaffRow.id)))
            slots = self._keys.on_disk().slots
            orphans = {s.id for s in slots if s.kind == "passphrase" and s.staff_id not in accounts}
            if not orphans:
                return []
            self._keys.change_slots(lambda kept: tuple(s for s in kept if s.id not in orphans))
        return [f"Removed {len(orphans)} sign-in left unfinished by an interruption."]
