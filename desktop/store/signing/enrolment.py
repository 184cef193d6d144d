"""At sign-in: make the signed-in person's signing key ready, and seal an upgraded store.

Whoever signs in without a signing key in their slot gets one (the slot is sealed again under the
same passphrase), and its public half goes on record, certified by their own signature. The first
administrator to sign in to a store with no signatures yet signs the checkpoint that seals every
earlier record. A session opened with the recovery key signs with the recovery key's own key.
"""

from __future__ import annotations

from desktop.domain.model import Role, Staff
from desktop.store.database import Database
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.signing.crypto import Signer, new_seed
from desktop.store.signing.ledger import Ledger, read_head


def _has_checkpoint(db: Database) -> bool:
    with db.transaction() as cursor:
        return read_head(cursor) is not None


def prepare(db: Database, keys: StoreKeys, ledger: Ledger, staff: Staff | None) -> int | None:
    """Make this session's signer ready; the number of records sealed if this sealed the store."""
    if staff is None:
        if keys.recovery_seed is None:
            return None
        signer = Signer(keys.recovery_seed, None)
        with db.transaction() as cursor:
            if read_head(cursor) is not None and not ledger.key_on_record(cursor, signer):
                ledger.register_key(cursor, signer, issued_by=signer, event="recovery key")
        ledger.signer = signer
        return None
    started = _has_checkpoint(db)
    if not started and staff.role is not Role.ADMINISTRATOR:
        return None  # an administrator's checkpoint will seal what this session records
    sealed: int | None = None
    if keys.signing_seed is None:  # into their slot first: a key off record is put on it below
        keys.keep_signing_seed(new_seed())
    assert keys.signing_seed is not None
    signer = Signer(keys.signing_seed, staff.id)
    recovery = Signer(keys.recovery_seed, None) if keys.recovery_seed else None
    with db.transaction() as cursor:  # one session at a time seals (BEGIN IMMEDIATE)
        if read_head(cursor) is None:
            sealed = ledger.checkpoint(cursor, signer, recovery=recovery)
        elif not ledger.key_on_record(cursor, signer):
            ledger.register_key(cursor, signer, issued_by=signer, event="made at sign-in")
    ledger.signer = signer
    return sealed
