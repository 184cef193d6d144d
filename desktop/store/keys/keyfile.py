"""The key file: the store's random data key, wrapped once per key slot.

Each slot wraps the 256-bit data key with AES-256-GCM under a key derived by Argon2id from a
staff passphrase (mixed with the device secret when bound) or from the recovery key. The slot's
own description is the GCM associated data, so changing a slot's cost, owner or binding breaks it.
The whole file carries a SHA-256 checksum (damage is named even before anyone signs in) and an
HMAC under the data key (deliberate changes are named once someone does). Its generation counts
the changes made to it: a change is written only over the generation it was built on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.store import fsutil
from desktop.store.errors import KeyFileDamaged, NewerVersion, WrongCredentials
from desktop.store.keys.kdf import KdfParams, derive
from desktop.store.layout import KEY_FILE_NAME

FORMAT = "philomena-desk-keys"
FORMAT_VERSION = 2
"""Version 2 added the generation counter; version 1 files are read as generation 0."""

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RECOVERY_BYTES = 20
_RECOVERY_GROUPS = 9


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text, validate=True)


def _subkey(data_key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(data_key)


# --- recovery keys -------------------------------------------------------------------------


def _crockford(data: bytes, length: int) -> str:
    number = int.from_bytes(data, "big")
    chars = []
    for _ in range(length):
        chars.append(_CROCKFORD[number & 31])
        number >>= 5
    return "".join(reversed(chars))


def generate_recovery_key() -> str:
    """A 160-bit key as nine groups of four characters; the last group catches typos."""
    raw = secrets.token_bytes(_RECOVERY_BYTES)
    body = _crockford(raw, 32)
    check = _crockford(hashlib.sha256(raw).digest()[:3], 4)
    text = body + check
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """Turn a typed recovery key back into its bytes, forgiving case, spaces and look-alikes."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("OILU", "011V"))
    if len(cleaned) != 4 * _RECOVERY_GROUPS or any(ch not in _CROCKFORD for ch in cleaned):
        raise WrongCredentials(
            "That is not a recovery key: a recovery key is 9 groups of 4 letters and digits, "
            "like ABCD-EFGH-… as printed at setup."
        )
    number = 0
    for ch in cleaned[:32]:
        number = (number << 5) | _CROCKFORD.index(ch)
    raw = number.to_bytes(_RECOVERY_BYTES, "big")
    if _crockford(hashlib.sha256(raw).digest()[:3], 4) != cleaned[32:]:
        raise WrongCredentials(
            "That recovery key has a typing mistake: check each group against the printed sheet."
        )
    return raw


def name_tag(name_salt: bytes, name: str) -> str:
    """Find a staff member's slot by name without keeping the name in the key file."""
    normal = unicodedata.normalize("NFC", " ".join(name.split())).casefold()
    return hmac.new(name_salt, normal.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


# --- the file ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Slot:
    """One way in: a staff passphrase or the recovery key."""

    id: str
    kind: str  # "passphrase" or "recovery"
    params: KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes
    device_bound: bool = False
    staff_id: str | None = None
    name_tag: str | None = None

    def description(self) -> dict[str, Any]:
        """Everything about the slot except its ciphertext."""
        return {
            "id": self.id,
            "kind": self.kind,
            "staff_id": self.staff_id,
            "name_tag": self.name_tag,
            "device_bound": self.device_bound,
            "kdf": {
                "name": "argon2id",
                "memory_kib": self.params.memory_kib,
                "iterations": self.params.iterations,
                "lanes": self.params.lanes,
                "salt": _b64(self.salt),
            },
        }

    def to_json(self) -> dict[str, Any]:
        """The slot as stored in the file."""
        return self.description() | {"nonce": _b64(self.nonce), "wrapped": _b64(self.wrapped)}


@dataclass(frozen=True, slots=True)
class KeyFile:
    """Parsed contents of ``keys.json``."""

    store_id: str
    name_salt: bytes
    slots: tuple[Slot, ...] = ()
    device_secret_nonce: bytes | None = None
    device_secret_wrapped: bytes | None = None
    generation: int = 0
    """How many changes the file has had (version 2 on): each change writes one more."""
    version: int = FORMAT_VERSION
    mac: str = field(default="", compare=False)

    @property
    def device_bound(self) -> bool:
        """True when passphrase slots need this OS account's device secret."""
        return self.device_secret_wrapped is not None

    def body(self) -> dict[str, Any]:
        """The authenticated content (everything but the MAC and checksum)."""
        device: dict[str, str] | None = None
        if self.device_secret_wrapped is not None and self.device_secret_nonce is not None:
            device = {
                "nonce": _b64(self.device_secret_nonce),
                "wrapped": _b64(self.device_secret_wrapped),
            }
        body: dict[str, Any] = {
            "format": FORMAT,
            "version": self.version,
            "store_id": self.store_id,
            "name_salt": _b64(self.name_salt),
            "device_secret": device,
            "slots": [s.to_json() for s in self.slots],
        }
        if self.version >= 2:
            body["generation"] = self.generation
        return body

    def changed(self, slots: tuple[Slot, ...]) -> KeyFile:
        """The same file with ``slots`` instead of its own, as the next generation."""
        return replace(
            self, slots=slots, generation=self.generation + 1, version=FORMAT_VERSION, mac=""
        )


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def new_key_file() -> KeyFile:
    """A key file for a new store, with no slots yet."""
    return KeyFile(store_id=str(uuid.uuid4()), name_salt=secrets.token_bytes(16))


def _aad(store_id: str, slot_description: dict[str, Any]) -> bytes:
    return _canonical({"store_id": store_id, "slot": slot_description})


def make_slot(
    key_file: KeyFile,
    *,
    kind: str,
    secret: bytes,
    payload: bytes,
    params: KdfParams,
    pepper: bytes | None = None,
    staff_id: str | None = None,
    tag: str | None = None,
) -> Slot:
    """Wrap ``payload`` (the store's keys) under a key derived from ``secret`` (and ``pepper``)."""
    slot, _ = make_slot_with_kek(
        key_file,
        kind=kind,
        secret=secret,
        payload=payload,
        params=params,
        pepper=pepper,
        staff_id=staff_id,
        tag=tag,
    )
    return slot


def make_slot_with_kek(
    key_file: KeyFile,
    *,
    kind: str,
    secret: bytes,
    payload: bytes,
    params: KdfParams,
    pepper: bytes | None = None,
    staff_id: str | None = None,
    tag: str | None = None,
) -> tuple[Slot, bytes]:
    """A new slot, and the key that wraps it (for a :class:`ResumeKey`; never stored)."""
    slot = Slot(
        id=str(uuid.uuid4()),
        kind=kind,
        params=params,
        salt=secrets.token_bytes(16),
        nonce=secrets.token_bytes(12),
        wrapped=b"",
        device_bound=pepper is not None,
        staff_id=staff_id,
        name_tag=tag,
    )
    kek = derive(secret, slot.salt, params, pepper=pepper)
    wrapped = AESGCM(kek).encrypt(slot.nonce, payload, _aad(key_file.store_id, slot.description()))
    return replace(slot, wrapped=wrapped), kek


def open_slot(key_file: KeyFile, slot: Slot, secret: bytes, pepper: bytes | None) -> bytes | None:
    """Return the slot's payload (the store's keys), or None when the secret is wrong."""
    opened = open_slot_with_kek(key_file, slot, secret, pepper)
    return None if opened is None else opened[0]


def open_slot_with_kek(
    key_file: KeyFile, slot: Slot, secret: bytes, pepper: bytes | None
) -> tuple[bytes, bytes] | None:
    """The slot's payload and the key that unwrapped it, or None when the secret is wrong.

    The key is what only this slot's secret yields: a :class:`ResumeKey` is derived from it.
    """
    kek = derive(secret, slot.salt, slot.params, pepper=pepper if slot.device_bound else None)
    try:
        payload = AESGCM(kek).decrypt(
            slot.nonce, slot.wrapped, _aad(key_file.store_id, slot.description())
        )
    except InvalidTag:
        return None
    return payload, kek


def rewrap(key_file: KeyFile, slot: Slot, kek: bytes, payload: bytes) -> Slot:
    """The same slot (same passphrase and salt) sealing a new payload under a fresh nonce."""
    nonce = secrets.token_bytes(12)
    fresh = replace(slot, nonce=nonce)
    wrapped = AESGCM(kek).encrypt(nonce, payload, _aad(key_file.store_id, fresh.description()))
    return replace(fresh, wrapped=wrapped)


def wrap_device_secret(key_file: KeyFile, data_key: bytes, device_secret: bytes) -> KeyFile:
    """Keep the device secret under the data key, so the recovery key can enrol a new account."""
    nonce = secrets.token_bytes(12)
    wrapped = AESGCM(_subkey(data_key, b"device secret")).encrypt(
        nonce, device_secret, key_file.store_id.encode()
    )
    return replace(key_file, device_secret_nonce=nonce, device_secret_wrapped=wrapped)


def unwrap_device_secret(key_file: KeyFile, data_key: bytes) -> bytes | None:
    """The device secret, if the store is bound."""
    if key_file.device_secret_wrapped is None or key_file.device_secret_nonce is None:
        return None
    try:
        return AESGCM(_subkey(data_key, b"device secret")).decrypt(
            key_file.device_secret_nonce,
            key_file.device_secret_wrapped,
            key_file.store_id.encode(),
        )
    except InvalidTag:
        raise KeyFileDamaged(
            "The key file has been altered: its device-binding record does not match."
        ) from None


def serialise(key_file: KeyFile, data_key: bytes) -> bytes:
    """The file's bytes, with its MAC and checksum."""
    body = key_file.body()
    mac = hmac.new(_subkey(data_key, b"key file mac"), _canonical(body), hashlib.sha256).hexdigest()
    signed = body | {"mac": mac}
    checksum = hashlib.sha256(_canonical(signed)).hexdigest()
    return (json.dumps(signed | {"checksum": checksum}, indent=2, sort_keys=True) + "\n").encode()


def _slot_from_json(raw: Any) -> Slot:
    kdf = raw["kdf"]
    if kdf["name"] != "argon2id":
        raise ValueError("unknown key derivation")
    return Slot(
        id=str(raw["id"]),
        kind=str(raw["kind"]),
        params=KdfParams(
            memory_kib=int(kdf["memory_kib"]),
            iterations=int(kdf["iterations"]),
            lanes=int(kdf["lanes"]),
        ),
        salt=_unb64(kdf["salt"]),
        nonce=_unb64(raw["nonce"]),
        wrapped=_unb64(raw["wrapped"]),
        device_bound=bool(raw["device_bound"]),
        staff_id=raw.get("staff_id"),
        name_tag=raw.get("name_tag"),
    )


def parse(data: bytes) -> KeyFile:
    """Read the key file, naming damage before any key is tried."""
    damaged = KeyFileDamaged(
        "The key file (keys.json) is damaged: it cannot be read. Restore it from a backup; "
        "the database has not been touched."
    )
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise damaged from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise damaged
    version = raw.get("version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise NewerVersion(
            "This store was made by a newer version of Philomena Desk. Install the newer "
            "version to open it; nothing has been changed."
        )
    checksum = raw.pop("checksum", None)
    if checksum != hashlib.sha256(_canonical(raw)).hexdigest():
        raise KeyFileDamaged(
            "The key file (keys.json) is damaged: its checksum does not match its contents. "
            "Restore it from a backup; the database has not been touched."
        )
    try:
        device = raw["device_secret"]
        generation = int(raw["generation"]) if version != 1 else 0
        return KeyFile(
            store_id=str(raw["store_id"]),
            name_salt=_unb64(raw["name_salt"]),
            slots=tuple(_slot_from_json(s) for s in raw["slots"]),
            device_secret_nonce=_unb64(device["nonce"]) if device else None,
            device_secret_wrapped=_unb64(device["wrapped"]) if device else None,
            generation=generation,
            version=int(version) if isinstance(version, int) else FORMAT_VERSION,
            mac=str(raw["mac"]),
        )
    except (KeyError, TypeError, ValueError):
        raise damaged from None


def check_mac(key_file: KeyFile, data_key: bytes) -> None:
    """Raise :class:`KeyFileDamaged` when the file was changed by someone without the app."""
    expected = hmac.new(
        _subkey(data_key, b"key file mac"), _canonical(key_file.body()), hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(expected, key_file.mac):
        raise KeyFileDamaged(
            "The key file (keys.json) has been altered outside Philomena Desk: its "
            "authentication code does not match. Restore it from a backup."
        )


def read(folder: Path) -> KeyFile:
    """Read and parse the key file in ``folder``."""
    return parse(fsutil.read_bytes(folder / KEY_FILE_NAME))


def write(folder: Path, key_file: KeyFile, data_key: bytes) -> None:
    """Replace the key file atomically, owner-only, synced to disk."""
    fsutil.atomic_write(folder / KEY_FILE_NAME, serialise(key_file, data_key))


def generation_on_disk(folder: Path) -> int:
    """The generation of the key file as it is now on disk."""
    return read(folder).generation


def swap(folder: Path, expected: int, key_file: KeyFile, data_key: bytes) -> bool:
    """Write ``key_file`` only if the file on disk is still generation ``expected``.

    The check is made with the new file already written beside the old and synced, the
    moment before the rename, so a writer that did not take the key lock is still caught
    (unless it writes in that instant). False, with nothing changed, when it was overtaken.
    """
    return fsutil.atomic_write(
        folder / KEY_FILE_NAME,
        serialise(key_file, data_key),
        proceed=lambda: generation_on_disk(folder) == expected,
    )


def first_release_chain_key(data_key: bytes) -> bytes:
    """The log's key for a store set up by the first release, whose slots hold no chain key.

    That release kept no log, so nothing was ever linked with another key; deriving this one
    lets every slot of such a store open the log alike. New slots carry it like any chain key.
    """
    return _subkey(data_key, b"first-release log chain")


def secure_random_key() -> bytes:
    """A fresh 256-bit key."""
    return os.urandom(32)
