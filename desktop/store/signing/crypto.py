"""Ed25519 keys as the store keeps them: a 32-byte seed in a key slot, a public key on record."""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEED_LENGTH = 32


def new_seed() -> bytes:
    """A fresh private key's seed."""
    return os.urandom(SEED_LENGTH)


def recovery_seed(recovery_secret: bytes, store_id: str) -> bytes:
    """The recovery key's own signing key: only the recovery key yields it, in this store only."""
    return HKDF(
        algorithm=hashes.SHA256(), length=SEED_LENGTH, salt=store_id.encode(), info=b"signing"
    ).derive(recovery_secret)


class Signer:
    """One person's private key, held in memory while they are signed in."""

    __slots__ = ("_private", "key_id", "public_key", "staff_id")

    def __init__(self, seed: bytes, staff_id: str | None) -> None:
        self._private = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_key = public_bytes(self._private.public_key())
        self.key_id = key_id(self.public_key)
        self.staff_id = staff_id
        """Whose key it is; None for the recovery key."""

    def __repr__(self) -> str:
        return f"Signer(key_id={self.key_id!r})"  # never the key

    def sign(self, message: bytes) -> bytes:
        """A 64-byte Ed25519 signature."""
        return self._private.sign(message)


def public_bytes(key: Ed25519PublicKey) -> bytes:
    """The raw 32 bytes of a public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: bytes) -> str:
    """A public key's fingerprint, as records name it."""
    return hashlib.sha256(public_key).hexdigest()[:32]


def verifies(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """True when ``signature`` is the holder of ``public_key``'s signature of ``message``."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
