"""The witness: the ledger's head (count and hash), signed, kept outside the store.

A store rolled back to an older copy is whole and consistent in itself; only something kept
elsewhere can show that it once held more. The witness is kept in every backup's manifest, in
this computer account's keyring where there is one, and as a short code staff can write down.
``verify`` compares the store with the newest witness it finds.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import keyring.errors

from desktop.store.keys.device import DeviceSecrets
from desktop.store.signing.crypto import Signer, verifies
from desktop.store.signing.ledger import Head

_CODE_HASH_BYTES = 10
_CODE_CHECK_BYTES = 2


@dataclass(frozen=True, slots=True)
class Witness:
    """A head seen at some moment, where it was kept, and (except a code) who signed it."""

    count: int
    hash: str
    """The full hash, or for a written-down code its first 20 hex digits."""
    source: str
    made_at: datetime | None = None
    key_id: str | None = None
    signature: bytes | None = None

    def matches(self, row_hash: str) -> bool:
        """True when the store's row number ``count`` has this hash."""
        return row_hash.startswith(self.hash) and len(self.hash) >= 2 * _CODE_HASH_BYTES

    def signed_by(self, public_key: bytes, store_id: str) -> bool:
        """True when the witness carries a good signature by ``public_key``."""
        if self.signature is None:
            return False
        return verifies(public_key, self.signature, _message(store_id, self.count, self.hash))


def _message(store_id: str, count: int, hash_hex: str) -> bytes:
    return f"philomena witness:{store_id}:{count}:{hash_hex}".encode()


def make(head: Head, signer: Signer, store_id: str, made_at: datetime, source: str) -> Witness:
    """Sign the head as it is now."""
    signature = signer.sign(_message(store_id, head.count, head.hash))
    return Witness(head.count, head.hash, source, made_at, signer.key_id, signature)


def to_json(witness: Witness) -> dict[str, Any]:
    """The witness as a manifest or the keyring keeps it."""
    return {
        "count": witness.count,
        "hash": witness.hash,
        "made_at": witness.made_at.isoformat() if witness.made_at else None,
        "key_id": witness.key_id,
        "signature": base64.b64encode(witness.signature).decode() if witness.signature else None,
    }


def from_json(raw: Any, source: str) -> Witness | None:
    """A witness read back (None when there is none, or it cannot be read)."""
    try:
        signature = raw["signature"]
        made_at = raw["made_at"]
        return Witness(
            count=int(raw["count"]),
            hash=str(raw["hash"]),
            source=source,
            made_at=datetime.fromisoformat(made_at) if made_at else None,
            key_id=raw["key_id"],
            signature=base64.b64decode(signature) if signature else None,
        )
    except (KeyError, TypeError, ValueError):
        return None


# --- the printable code ----------------------------------------------------------------------


def code(head: Head) -> str:
    """A short code for the head: the count and the start of the hash, with a check."""
    body = head.count.to_bytes(5, "big") + bytes.fromhex(head.hash)[:_CODE_HASH_BYTES]
    check = hashlib.sha256(body).digest()[:_CODE_CHECK_BYTES]
    text = base64.b32encode(body + check).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_code(text: str) -> Witness | None:
    """The head a written-down code stands for (None: mistyped, or not a code)."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(
        str.maketrans("018", "OIB")
    )
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:
        return None
    body, check = raw[:-_CODE_CHECK_BYTES], raw[-_CODE_CHECK_BYTES:]
    if len(body) != 5 + _CODE_HASH_BYTES or hashlib.sha256(body).digest()[:2] != check:
        return None
    return Witness(int.from_bytes(body[:5], "big"), body[5:].hex(), "the code you gave")


# --- the keyring ----------------------------------------------------------------------------


def _keyring_name(store_id: str) -> str:
    return f"witness:{store_id}"


class Kept(StrEnum):
    """What became of a witness offered to the keyring, in words for whoever asked."""

    KEPT = "This computer's keyring keeps it too."
    NO_KEYRING = (
        "This computer has no keyring, so the written code and the backups are the only witnesses."
    )
    NEWER_KEPT = (
        "This computer's keyring already keeps a newer witness than this store's records: "
        "it was kept, as the proof that this copy is older."
    )
    KEYRING_FAILED = (
        "This computer's keyring refused to keep it, so the written code and the backups are "
        "the only witnesses."
    )
    NOT_SIGNED = "Nothing was kept in this computer's keyring: the records are not signed yet."


def keep_in_keyring(
    device: DeviceSecrets, store_id: str, witness: Witness, *, replace_newer: bool = False
) -> Kept:
    """Keep the witness in this computer account's keyring, and say whether it was kept.

    A newer witness is never replaced by an older one (a rolled-back copy opened here must not
    overwrite the proof that it is old).
    """
    if not device.available():
        return Kept.NO_KEYRING
    known = from_keyring(device, store_id)
    if known is not None and known.count > witness.count and not replace_newer:
        return Kept.NEWER_KEPT
    data = json.dumps(to_json(witness)).encode()
    try:
        device.put(_keyring_name(store_id), data)
    except keyring.errors.KeyringError:
        return Kept.KEYRING_FAILED
    return Kept.KEPT


def from_keyring(device: DeviceSecrets, store_id: str) -> Witness | None:
    """The witness this computer account's keyring holds for the store, if any."""
    with contextlib.suppress(keyring.errors.KeyringError, ValueError):
        raw = device.get(_keyring_name(store_id))
        if raw:
            return from_json(json.loads(raw), "this computer's keyring")
    return None
