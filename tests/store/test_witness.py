"""The witness kept outside the store: in backups, in the keyring and as a code."""

from __future__ import annotations

import json
import shutil

from desktop.store.backups import list_backups
from desktop.store.layout import BACKUP_MANIFEST_NAME
from desktop.store.restoring import restore
from desktop.store.signing import witness
from desktop.store.store import Store
from tests.support.sample import add_child, reopen


def _forget_keyring_witnesses(keyring_backend) -> None:
    for entry in [k for k in keyring_backend.secrets if k[1].startswith("witness:")]:
        del keyring_backend.secrets[entry]


def test_every_backup_carries_the_signed_head(store):
    add_child(store)
    made = store.back_up()
    raw = json.loads((made.folder / BACKUP_MANIFEST_NAME).read_text())
    head = store.head()
    assert head is not None
    assert raw["witness"]["count"] == head.count and raw["witness"]["hash"] == head.hash
    assert raw["witness"]["signature"]  # signed by whoever made the backup


def test_closing_keeps_the_head_in_the_keyring_and_never_an_older_one(
    created, store_dir, clock, device, keyring_backend
):
    created.store.close()
    kept = witness.from_keyring(device, created.store.accounts.store_id)
    assert kept is not None and kept.signature is not None
    with reopen(store_dir, clock, device) as store:
        add_child(store)
    newer = witness.from_keyring(device, created.store.accounts.store_id)
    assert newer is not None and newer.count > kept.count
    refused = witness.keep_in_keyring(device, created.store.accounts.store_id, kept)
    assert refused is witness.Kept.NEWER_KEPT


def test_no_keyring_means_no_keyring_witness_and_no_error(shared, clock, no_keyring):
    with Store.open(
        shared.folder,
        name="Ann Administrator",
        passphrase="correct horse battery staple",
        clock=clock,
        device=no_keyring,
    ) as store:
        assert store.keep_witness() is witness.Kept.NO_KEYRING
        assert any("No witness was found" in w for w in store.verify().warnings)


def test_an_older_copy_is_named_by_a_newer_backups_witness(
    created, store_dir, clock, device, keyring_backend, tmp_path
):
    created.store.close()
    older = tmp_path / "older"
    shutil.copytree(store_dir, older)
    with reopen(store_dir, clock, device) as store:
        add_child(store)
        store.back_up()
    _forget_keyring_witnesses(keyring_backend)  # only the backup beside the store is left
    for name in ("store.db", "keys.json"):
        shutil.copyfile(older / name, store_dir / name)
    with reopen(store_dir, clock, device) as store:
        problems = [p.message for p in store.verify().problems]
    assert any("older than its witness (a backup, made" in p for p in problems)


def test_a_restored_older_backup_is_named_older_than_the_keyrings_witness(
    created, store_dir, clock, device, tmp_path
):
    store = created.store
    old = store.back_up()
    add_child(store)
    store.close()  # the keyring now holds the newer head
    restore(old.folder, tmp_path / "restored", created.recovery_key)
    with Store.open_with_recovery_key(
        tmp_path / "restored", recovery_key=created.recovery_key, clock=clock, device=device
    ) as restored:
        problems = [p.message for p in restored.verify().problems]
    assert any("older than its witness (this computer's keyring" in p for p in problems)
    assert len(list_backups(old.folder.parent)) == 1


def test_the_code_survives_typing_and_catches_a_different_history(store):
    head = store.head()
    assert head is not None
    code = store.witness_code()
    assert code is not None
    typed = witness.parse_code(code.lower().replace("-", "  "))
    assert typed is not None and typed.count == head.count and head.hash.startswith(typed.hash)
    other = witness.parse_code(witness.code(type(head)(head.count, "f" * 64)))
    assert other is not None
    report = store.verify(witness_code=witness.code(type(head)(head.count, "f" * 64)))
    assert any("history differs from its witness" in p.message for p in report.problems)


def test_a_keyring_that_refuses_is_said_apart_from_having_none(
    created, keyring_backend, monkeypatch
):
    import keyring.errors

    def refuse(*_args):
        raise keyring.errors.PasswordSetError("locked")

    monkeypatch.setattr(keyring_backend, "set_password", refuse)
    assert created.store.keep_witness() is witness.Kept.KEYRING_FAILED
