"""Finding the witnesses kept outside a store: its backups' manifests and the keyring."""

from __future__ import annotations

from pathlib import Path

from desktop.store.backups import list_backups, manifest_witness, newest_known
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.layout import default_backups_folder
from desktop.store.signing.witness import Witness, from_keyring


def gather(store: Path, keys: StoreKeys) -> list[Witness]:
    """Every witness this computer can find for the store (newest backups and the keyring)."""
    found: list[Witness] = []
    folders = [b.folder for b in list_backups(default_backups_folder(store))]
    known = newest_known(store)
    if known is not None and known.folder not in folders:
        folders.append(known.folder)
    for folder in folders:
        seen = manifest_witness(folder)
        if seen is not None:
            found.append(seen)
    in_keyring = from_keyring(keys.device, keys.store_id)
    if in_keyring is not None:
        found.append(in_keyring)
    return found
