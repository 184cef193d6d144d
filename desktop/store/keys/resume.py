"""A key only one person's sign-in recovers, for holding their unsaved work across a lock.

When someone locks the app (or it locks itself after a quiet spell), what they were doing is
sealed in memory under their :class:`ResumeKey`, and the key is forgotten with the rest of the
session. It is derived from the key-encryption key of the passphrase slot that signed them in —
Argon2id over their passphrase and the slot's salt — so the same person signing in again derives
it again, while anyone else (who gets the same data key from their own slot) cannot. A reset
passphrase makes a new slot and so a new key: what was sealed before simply no longer opens.
Nothing here is ever written to disk.
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_PURPOSE = b"philomena-desk resume after lock"
_SALT_LENGTH = 16
_NONCE_LENGTH = 12
_VERSION = b"\x01"


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


class ResumeKey:
    """Seals and opens one person's resume snapshot; held only while they are signed in."""

    __slots__ = ("_context", "_secret", "staff_id")

    def __init__(self, slot_kek: bytes, *, store_id: str, staff_id: str) -> None:
        self.staff_id = staff_id
        self._context = f"{store_id}\n{staff_id}".encode()
        self._secret = _hkdf(slot_kek, self._context, _PURPOSE)

    def __repr__(self) -> str:
        return f"ResumeKey(staff_id={self.staff_id!r})"  # never the secret

    def seal(self, plaintext: bytes) -> bytes:
        """Encrypt under a fresh key for this lock (AES-256-GCM); bound to this store and person."""
        salt = secrets.token_bytes(_SALT_LENGTH)
        nonce = secrets.token_bytes(_NONCE_LENGTH)
        key = _hkdf(self._secret, salt, _PURPOSE + b" seal")
        sealed = AESGCM(key).encrypt(nonce, plaintext, _VERSION + self._context)
        return _VERSION + salt + nonce + sealed

    def open(self, sealed: bytes) -> bytes | None:
        """The plaintext, or None when sealed by someone else, another slot, or damaged."""
        head = 1 + _SALT_LENGTH + _NONCE_LENGTH
        if len(sealed) <= head or sealed[:1] != _VERSION:
            return None
        salt, nonce = sealed[1 : 1 + _SALT_LENGTH], sealed[1 + _SALT_LENGTH : head]
        key = _hkdf(self._secret, salt, _PURPOSE + b" seal")
        try:
            return AESGCM(key).decrypt(nonce, sealed[head:], _VERSION + self._context)
        except InvalidTag:
            return None
