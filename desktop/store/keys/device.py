"""Device binding through the operating system's keyring.

A random device secret lives in the keyring of each enrolled OS account; passphrase slots mix it
into their key derivation, so a copy of the store folder taken off the PC does not open with a
passphrase alone. Where no trustworthy keyring exists the store works unbound and says so.
"""

from __future__ import annotations

import base64
from typing import Protocol

import keyring
import keyring.backend
import keyring.errors

SERVICE = "philomena-desk"

_UNTRUSTED_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")
"""Backends that either store secrets in plaintext files or store nothing at all."""


class DeviceSecrets(Protocol):
    """Where this OS account keeps each store's device secret."""

    def available(self) -> bool:
        """True when secrets can be kept safely here."""
        ...

    def get(self, store_id: str) -> bytes | None:
        """The store's device secret on this account, if enrolled."""
        ...

    def put(self, store_id: str, secret: bytes) -> None:
        """Keep the store's device secret on this account."""
        ...


class KeyringSecrets:
    """Device secrets in the OS keyring (or a backend given by tests)."""

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend

    def _ring(self) -> keyring.backend.KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def available(self) -> bool:
        """False for the fail/null backends and for plaintext ``keyrings.alt`` files."""
        ring = self._ring()
        names = [type(ring).__module__]
        names += [type(b).__module__ for b in getattr(ring, "backends", [])]
        usable = [n for n in names if not n.startswith(_UNTRUSTED_MODULES)]
        if not usable or names[0].startswith(_UNTRUSTED_MODULES):
            return False
        try:
            ring.get_password(SERVICE, "probe")
        except keyring.errors.KeyringError:
            return False
        return True

    def get(self, store_id: str) -> bytes | None:
        """Return the secret, or None when this account is not enrolled or has no keyring."""
        if not self.available():
            return None
        try:
            raw = self._ring().get_password(SERVICE, store_id)
        except keyring.errors.KeyringError:
            return None
        return base64.b64decode(raw) if raw else None

    def put(self, store_id: str, secret: bytes) -> None:
        """Keep the secret; raises :class:`keyring.errors.KeyringError` when it cannot."""
        self._ring().set_password(SERVICE, store_id, base64.b64encode(secret).decode("ascii"))


class NoSecrets:
    """For a machine with no keyring at all (and for tests of that path)."""

    def available(self) -> bool:
        """Never available."""
        return False

    def get(self, store_id: str) -> bytes | None:
        """Nothing is ever kept."""
        return None

    def put(self, store_id: str, secret: bytes) -> None:
        """Refuse, as a real missing keyring would."""
        raise keyring.errors.NoKeyringError("No keyring is available on this computer.")
