"""The keys of an open store, and every change to its key file.

The database code never sees a passphrase or a slot: it gets the data key from here. Every
change takes the store's key lock, re-reads the key file from disk and applies only itself to
what it finds, written only over the generation it read: so a second session's change (a
colleague's new account, a reset passphrase, a removal) is built on, never undone.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring.errors

from desktop.domain.errors import BadInput, PhilomenaError
from desktop.domain.model import Staff
from desktop.domain.passphrases import passphrase_problem
from desktop.store.errors import KeyFileDamaged, StorageError
from desktop.store.keys import keyfile, lock
from desktop.store.keys.device import DeviceSecrets
from desktop.store.keys.kdf import KdfParams, calibrate
from desktop.store.keys.resume import ResumeKey
from desktop.store.layout import KEY_FILE_NAME

PAYLOAD_LENGTH = 64
"""A slot wraps the 32-byte data key followed by the 32-byte chain key..."""
SIGNING_PAYLOAD_LENGTH = 96
"""...and a staff member's slot, since records are signed, their own 32-byte signing key."""
FIRST_RELEASE_PAYLOAD_LENGTH = 32
"""The first release's slots wrapped the data key alone: it kept no timed log yet."""
SWAP_TRIES = 5
"""How often a change is built again on a file that changed under it before giving up."""
OVERTAKEN = (
    "The key file kept being changed by something that does not take turns (perhaps an older "
    "copy of Philomena Desk), so nothing was changed. Close other copies, then try again."
)


def validate_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short or too common to stand up to guessing."""
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise BadInput(problem)


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
        elif len(payload) in (PAYLOAD_LENGTH, SIGNING_PAYLOAD_LENGTH):
            self.data_key, self.chain_key = payload[:32], payload[32:64]
        else:
            raise KeyFileDamaged("The key file (keys.json) holds keys of the wrong size.")
        if self.chain_key == keyfile.first_release_chain_key(self.data_key):
            self.first_release = True  # a first-release slot given a signing key since
        self.signing_seed: bytes | None = payload[64:] or None
        """The signed-in person's own signing key (None: made at this sign-in, or recovery)."""
        self.recovery_seed: bytes | None = None
        """The recovery key's signing key, when the store was opened with the recovery key."""
        self.own_slot: tuple[keyfile.Slot, bytes] | None = None
        """The slot that signed this person in and its key, to put a new signing key in it."""
        self._turn = threading.RLock()
        self._held = 0
        self._seen: tuple[int, int, int] | None = None

    @property
    def payload(self) -> bytes:
        """What every slot wraps (a staff member's slot adds their own signing key)."""
        return self.data_key + self.chain_key

    def keep_signing_seed(self, seed: bytes) -> None:
        """Put a new signing key in the signed-in person's own slot (same passphrase, new seal)."""
        if self.own_slot is None:
            raise StorageError("Only a passphrase slot can hold a signing key.")
        slot, kek = self.own_slot
        payload = self.payload + seed

        def rewrapped(slots: tuple[keyfile.Slot, ...]) -> tuple[keyfile.Slot, ...]:
            if not any(s.id == slot.id for s in slots):
                raise StorageError(
                    "Your passphrase was changed in another window, so your signing key could "
                    "not be kept. Sign out and in again."
                )
            current = next(s for s in slots if s.id == slot.id)
            new = keyfile.rewrap(self.key_file, current, kek, payload)
            return tuple(new if s.id == slot.id else s for s in slots)

        self.change_slots(rewrapped)
        self.signing_seed = seed

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

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's key lock for the block; nested blocks share the one hold."""
        with self._turn:
            if self._held:
                self._held += 1
                try:
                    yield
                finally:
                    self._held -= 1
                return
            with lock.exclusive(self.folder):
                self._held = 1
                try:
                    yield
                finally:
                    self._held = 0

    def change_slots(
        self, change: Callable[[tuple[keyfile.Slot, ...]], tuple[keyfile.Slot, ...]]
    ) -> None:
        """Apply ``change`` to the slots on disk, under the key lock, as the next generation.

        ``change`` sees the slots as they are now, not as they were at sign-in, and must
        change only its own. Should the file change under it all the same (a writer that took
        no lock), it is applied again to the newer file.
        """
        with self.locked():
            for _ in range(SWAP_TRIES):
                current = self.on_disk()
                changed = current.changed(change(current.slots))
                if keyfile.swap(self.folder, current.generation, changed, self.data_key):
                    self.key_file = keyfile.read(self.folder)
                    return
        raise StorageError(OVERTAKEN)

    def lets_in(self, staff_id: str | None) -> bool:
        """False once the key file on disk holds no way in for this session's account.

        That is no passphrase slot of ``staff_id`` (removed), or no recovery slot for a session
        opened with the recovery key. Read again only when the file has been replaced. A file
        that cannot be read or authenticated ends no session: signing in and verify name it.
        """
        try:
            stat = (self.folder / KEY_FILE_NAME).stat()
            seen = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if seen != self._seen:
                current = keyfile.read(self.folder)
                keyfile.check_mac(current, self.data_key)
                self.key_file, self._seen = current, seen
        except (OSError, PhilomenaError):
            return True
        if staff_id is None:
            return any(s.kind == "recovery" for s in self.key_file.slots)
        return any(s.kind == "passphrase" and s.staff_id == staff_id for s in self.key_file.slots)

    def passphrase_slot(
        self, staff: Staff, passphrase: str, params: KdfParams | None, seed: bytes = b""
    ) -> keyfile.Slot:
        """A new slot opening this store with ``staff``'s name and passphrase."""
        return self.passphrase_slot_with_resume(staff, passphrase, params, seed)[0]

    def passphrase_slot_with_resume(
        self, staff: Staff, passphrase: str, params: KdfParams | None, seed: bytes = b""
    ) -> tuple[keyfile.Slot, ResumeKey]:
        """A new passphrase slot for ``staff``, and the resume key their sign-in will recover."""
        validate_passphrase(passphrase)
        slot, kek = keyfile.make_slot_with_kek(
            self.key_file,
            kind="passphrase",
            secret=passphrase.encode(),
            payload=self.payload + seed,
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
