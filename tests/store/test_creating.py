from __future__ import annotations

import pytest

from desktop.domain.errors import BadInput
from desktop.domain.model import Home
from desktop.store.errors import (
    StoreExists,
)
from desktop.store.keys.device import KeyringSecrets, NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.support.keyrings import MemoryKeyring
from tests.support.sample import ADMIN, PASSPHRASE, reopen

SECRET_NAME = "Zephyrine Quillfeather"


def test_no_keyring_store_works_unbound(store_dir, clock, no_keyring):
    created = Store.create(
        store_dir,
        home=Home(name="Ash House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=clock,
        device=no_keyring,
        kdf=TEST_ONLY_PARAMS,
    )
    assert not created.device_bound
    created.store.close()
    with reopen(store_dir, clock, no_keyring) as store:
        report = store.verify()
        assert any("not bound" in w for w in report.warnings)
        assert not report.problems


def test_short_passphrases_are_refused(tmp_path, clock, device):
    with pytest.raises(BadInput, match="at least 10"):
        Store.create(
            tmp_path / "s",
            home=Home(name="H"),
            admin_name="A",
            passphrase="short",
            clock=clock,
            device=device,
            kdf=TEST_ONLY_PARAMS,
        )
    assert not (tmp_path / "s").exists()


def test_creating_over_an_existing_store_is_refused(created, store_dir, clock, device):
    with pytest.raises(StoreExists):
        Store.create(
            store_dir,
            home=Home(name="Again"),
            admin_name=ADMIN,
            passphrase=PASSPHRASE,
            clock=clock,
            device=device,
            kdf=TEST_ONLY_PARAMS,
        )


def test_untrustworthy_keyring_backends_are_not_used():
    from keyring.backends import fail

    class PlaintextFile(MemoryKeyring):
        pass

    PlaintextFile.__module__ = "keyrings.alt.file"
    assert not KeyringSecrets(fail.Keyring()).available()
    assert not KeyringSecrets(PlaintextFile()).available()
    assert KeyringSecrets(MemoryKeyring()).available()


def test_a_store_made_with_an_untrustworthy_keyring_is_unbound(store_dir, clock):
    from keyring.backends import fail

    created = Store.create(
        store_dir,
        home=Home(name="H"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=clock,
        device=KeyringSecrets(fail.Keyring()),
        kdf=TEST_ONLY_PARAMS,
    )
    created.store.close()
    assert not created.device_bound
    reopen(store_dir, clock, NoSecrets()).close()


def test_no_unexpected_files_in_the_store_folder(created, store_dir):
    created.store.close()
    names = {p.name for p in store_dir.iterdir()}
    assert names <= {"keys.json", "store.db", "store.db-wal", "store.db-shm", "attempts.json"}
