"""Staff accounts: a row in the database and a key slot in the key file, always together.

Every change to accounts is made holding the store's key lock (:mod:`desktop.store.keys.lock`),
so two sessions (two windows, the command line, two people on one PC) take turns and each
applies only its own change to the key file as it is then. Adding an account writes its slot
while its row's transaction is open, then commits: a crash or a full disk between the two
leaves at worst a slot with no account, which is ignored and tidied away
(:meth:`Accounts.repair`). Removing one closes its row first, then takes its slots away: a crash
between leaves a closed account, which cannot sign in. An account whose slot is missing (a key
file restored from an older backup) is kept: resetting its passphrase gives it a slot again.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.errors import BadInput, NotFound, NotPermitted
from desktop.domain.model import Role, Staff
from desktop.domain.permissions import Action, allows
from desktop.store import mapping
from desktop.store.context import StoreContext
from desktop.store.keys import keyfile
from desktop.store.keys.kdf import KdfParams
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.signing.crypto import Signer, new_seed
from desktop.store.tables import StaffRow

REKEY_NOTE = (
    "Their passphrase no longer opens this store. Copies made before now (backups, or the folder "
    "copied elsewhere) still hold their old key slot: re-keying the store is how to make sure "
    "those copies cannot be opened with it. This version cannot re-key a store yet, so keep such "
    "copies locked away or delete them."
)
"""What removing an account cannot undo, said wherever an account is removed."""


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

    def _still_open(self, staff_id: str) -> bool:
        """Whether the account is open now (asked with the key lock held)."""
        with self._ctx.db.session() as session:
            row = session.get(StaffRow, staff_id)
            return row is not None and row.active

    def add(self, *, name: str, role: Role, passphrase: str, kdf: KdfParams | None = None) -> Staff:
        """Create an account with its own key slot (administrators only)."""
        self._ctx.require(Action.MANAGE_ACCOUNTS)
        if not name.strip():
            raise BadInput("Enter the staff member's name.")
        staff = Staff(
            id=str(uuid.uuid4()), name=name.strip(), role=role, created_at=self._ctx.clock.now()
        )
        seed = new_seed()  # their own signing key, certified below by the administrator's
        slot = self._keys.passphrase_slot(staff, passphrase, kdf, seed)  # slow: before the lock
        tag = self._keys.name_tag(staff.name)
        with self._keys.locked():  # one account change at a time, across processes
            self._add_locked(staff, slot, tag, Signer(seed, staff.id))
        return staff

    def _add_locked(self, staff: Staff, slot: keyfile.Slot, tag: str, key: Signer) -> None:
        slot_written = False
        try:
            with self._ctx.db.session() as session:
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
                self._ctx.sign(session, "account", staff.id, "added")
                self._issue_key(session, key, "new account")
                self._keys.change_slots(with_new_slot)
                slot_written = True
        except BaseException:
            if slot_written:  # the row did not commit: take the slot back if the disk allows
                self._forget_slot(slot.id)
            raise

    def _issue_key(self, session: Session, key: Signer, event: str) -> None:
        """Put ``key`` on record, certified by the signature of whoever is signed in."""
        ledger = self._ctx.ledger
        if ledger is not None:
            driver: Any = session.connection().connection.dbapi_connection
            ledger.issue_key(driver.cursor(), key, event)

    def _forget_slot(self, slot_id: str) -> None:
        """Take back the slot of an account that never committed (ignored, and tidied, if not)."""
        try:
            self._keys.change_slots(lambda slots: tuple(s for s in slots if s.id != slot_id))
        except Exception:
            return

    def reset_passphrase(self, *, name: str, passphrase: str, kdf: KdfParams | None = None) -> None:
        """Give a staff member a new passphrase (recovery key or an administrator)."""
        me = self._ctx.staff
        if (
            me is not None
            and not allows(me.role, Action.MANAGE_ACCOUNTS)
            and self._keys.name_tag(name) != self._keys.name_tag(me.name)
        ):
            raise NotPermitted("Only an administrator can reset someone else's passphrase.")
        staff = self._member(name)
        seed = new_seed()  # a new passphrase comes with a new signing key, certified
        slot, resume = self._keys.passphrase_slot_with_resume(staff, passphrase, kdf, seed)
        with self._keys.locked():
            if not self._still_open(staff.id):  # closed meanwhile: a reset must not reopen it
                raise BadInput(f"{staff.name}'s account is closed, so it has no passphrase.")
            # The new key goes on record before into the slot: a key on record but never used
            # is harmless, while a slot holding a key off record would sign what cannot verify.
            own = me is not None and me.id == staff.id
            with self._ctx.db.session() as session:
                self._issue_key(
                    session, Signer(seed, staff.id), "new passphrase" if own else "reset"
                )
            self._keys.change_slots(
                lambda slots: (*(s for s in slots if s.staff_id != staff.id), slot)
            )
        if me is not None and me.id == staff.id:  # their next sign-in uses the new slot
            self._keys.resume = resume
            self._keys.signing_seed = seed
            if self._ctx.ledger is not None and self._ctx.ledger.signer is not None:
                self._ctx.ledger.signer = Signer(seed, staff.id)

    def change_own_passphrase(self, passphrase: str, kdf: KdfParams | None = None) -> None:
        """Change the signed-in person's own passphrase (any role)."""
        me = self._ctx.author()
        self.reset_passphrase(name=me.name, passphrase=passphrase, kdf=kdf)

    def _member(self, name: str) -> Staff:
        """The account with that name, an open one before any closed one of the same name."""
        with self._ctx.db.session() as session:
            rows = session.scalars(
                select(StaffRow).order_by(StaffRow.active.desc(), StaffRow.created_at)
            ).all()
            found = next((r for r in rows if _same_name(r.name, name)), None)
            if found is None:
                raise NotFound("There is no account with that name.")
            return mapping.staff(found)

    def disable(self, *, name: str) -> None:
        """Close an account but keep its passphrase; its open sessions end at their next step."""
        me = self._ctx.require(Action.MANAGE_ACCOUNTS)
        staff = self._member(name)
        if staff.id == me.id:
            raise BadInput("You cannot close your own account. Ask another administrator.")
        with self._keys.locked(), self._ctx.db.session() as session:
            row = session.get(StaffRow, staff.id)
            if row is not None:
                row.active = False
                self._ctx.sign(session, "account", staff.id, "closed")

    def remove(self, *, name: str) -> None:
        """Close an account and delete its key slots; its open sessions end at their next step.

        The row stays, closed, so entries keep the name of whoever made them. Copies of the
        store made earlier (backups) still hold the old key file, slot included: :data:`REKEY_NOTE`.
        """
        me = self._ctx.require(Action.MANAGE_ACCOUNTS)
        staff = self._member(name)
        if staff.id == me.id:
            raise BadInput("You cannot remove your own account. Ask another administrator.")
        with self._keys.locked():
            with self._ctx.db.session() as session:
                row = session.get(StaffRow, staff.id)
                if row is not None:
                    row.active = False
                    self._ctx.sign(session, "account", staff.id, "removed")
            self._keys.change_slots(lambda slots: tuple(s for s in slots if s.staff_id != staff.id))

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
        with self._keys.locked():  # a session adding an account finishes first
            with self._ctx.db.session() as session:
                accounts = set(session.scalars(select(StaffRow.id)))
            slots = self._keys.on_disk().slots
            orphans = {s.id for s in slots if s.kind == "passphrase" and s.staff_id not in accounts}
            if not orphans:
                return []
            self._keys.change_slots(lambda kept: tuple(s for s in kept if s.id not in orphans))
        return [f"Removed {len(orphans)} sign-in left unfinished by an interruption."]
