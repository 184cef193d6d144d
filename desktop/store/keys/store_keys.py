"""The keys of an open store, and every change to its key file.

The database code never sees a passphrase or a slot: it gets the data key from here. Every
change re-reads the key file from disk first, so a second session's change (a colleague's new
account, a reset passphrase) is built on rather than overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import keyring.errors

from desktop.domain.errors import BadInput
from desktop.domain.first_run import MIN_PASSPHRASE_LENGTH
from desktop.domain.model import Staff
from desktop.store.errors import KeyFileDamaged
from desktop.store.keys import keyfile
from desktop.store.keys.device import DeviceSecrets
from desktop.store.keys.kdf import KdfParams, calibrate
from desktop.store.keys.resume import ResumeKey

PAYLOAD_LENGTH = 64
"""A slot wraps the 32-byte data key followed by the 32-byte chain key."""
FIRST_RELEASE_PAYLOAD_LENGTH = 32
"""The first release's slots wrapped the data key alone: it kept no timed log yet."""


def validate_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to stand up to guessing."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise BadInput(
            f"Choose a passphrase of at least {MIN_PASSPHRASE_LENGTH} characters; "
            "a few ordinary words together is easy to remember and hard to guess."
        )


class StoreKeys:
    """The data key, the log's chain key and the key file they were unwrapped from."""

    def __init__(
        self, folder: Path, key_file: keyfile.KeyFile, payload: bytes, device: DeviceSecrets
    ) -> None:
        self.folder = folder
        self.key_file = key_file
        self.device = device
        self.resume: ResumeKey | None = None
        """The signed-in person's resume key (None with the recovery key); memory only."""
        self.first_release = len(payload) == FIRST_RELEASE_PAYLOAD_LENGTH
        """Made by the first release: the log's key is derived from the data key."""
        if self.first_release:
            self.data_key = payload
            self.chain_key = keyfile.first_release_chain_key(payload)
        elif len(payload) == PAYLOAD_LENGTH:
            self.data_key, self.chain_key = payload[:32], payload[32:]
        else:
            raise KeyFileDamaged("The key file (keys.json) holds keys of the wrong size.")

    @property
    def payload(self) -> bytes:
        """What every slot wraps."""
        return self.data_key + self.chain_key

    @property
    def store_id(self) -> str:
        """The store's random id (not personal)."""
        return self.key_file.store_id

    @property
    def device_bound(self) -> bool:
        """True when passphrases work only on enrolled computer accounts."""
        return self.key_file.device_bound

    def name_tag(self, name: str) -> str:
        """The keyed fingerprint the key file holds instead of a name."""
        return keyfile.name_tag(self.key_file.name_salt, name)

    def on_disk(self) -> keyfile.KeyFile:
        """The key file as it is now on disk, authenticated with the data key."""
        current = keyfile.read(self.folder)
        keyfile.check_mac(current, self.data_key)
        return current

    def change_slots(
        self, change: Callable[[tuple[keyfile.Slot, ...]], tuple[keyfile.Slot, ...]]
    ) -> None:
        """Apply ``change`` to the slots on disk and write the file back atomically."""
        current = self.on_disk()
        keyfile.write(self.folder, replace(current, slots=change(current.slots)), self.data_key)
        self.key_file = keyfile.read(self.folder)

    def passphrase_slot(
        self, staff: Staff, passphrase: str, params: KdfParams | None
    ) -> keyfile.Slot:
        """A new slot opening this store with ``staff``'s name and passphrase."""
        return self.passphrase_slot_with_resume(staff, passphrase, params)[0]

    def passphrase_slot_with_resume(
        self, staff: Staff, passphrase: str, params: KdfParams | None
    ) -> tuple[keyfile.Slot, ResumeKey]:
        """A new passphrase slot for ``staff``, and the resume key their sign-in will recover."""
        validate_passphrase(passphrase)
        slot, kek = keyfile.make_slot_with_kek(
            self.key_file,
            kind="passphrase",
            secret=passphrase.encode(),
            payload=self.payload,
            params=params or calibrate(),
            pepper=keyfile.unwrap_device_secret(self.key_file, self.data_key),
            staff_id=staff.id,
            tag=self.name_tag(staff.name),
        )
        return slot, ResumeKey(kek, store_id=self.store_id, staff_id=staff.id)

    def enrol_this_account(self) -> bool:
        """Put the device secret in this OS account's keyring; False when there is none."""
        secret = keyfile.unwrap_device_secret(self.key_file, self.data_key)
        if secret is None or not self.device.available():
            return False
        try:
            self.device.put(self.key_file.store_id, secret)
        except keyring.errors.KeyringError:
            return False
        return True

    def weak_slots(self) -> int:
        """How many key slots use weaker-than-production key derivation."""
        return sum(1 for s in self.key_file.slots if not s.params.is_production_strength)
