from __future__ import annotations

import errno
import os

import pytest

from desktop.domain.errors import BadInput
from desktop.domain.model import Home
from desktop.store import creating
from desktop.store.errors import NotAStore, StorageError, StoreExists
from desktop.store.keys.device import KeyringSecrets, NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import is_store
from desktop.store.store import Store
from tests.support.crash import KILLED, run_and_kill
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


@pytest.mark.parametrize(
    ("passphrase", "why"),
    [("elevenchars", "at least 12"), ("Password 1234", "most common"), ("qwertyuiop123", "common")],
)
def test_short_and_common_passphrases_are_refused(tmp_path, clock, device, passphrase, why):
    with pytest.raises(BadInput, match=why):
        Store.create(
            tmp_path / "s",
            home=Home(name="H"),
            admin_name="A",
            passphrase=passphrase,
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
    assert names <= {
        "keys.json",
        "store.db",
        "store.db-wal",
        "store.db-shm",
        "attempts.json",
        "store.head",
        "store.head.lock",
    }


# --- an interrupted setup: restartable, and said to be so ------------------------------------


def _create(folder, clock, device):
    return Store.create(
        folder,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=clock,
        device=device,
        kdf=TEST_ONLY_PARAMS,
    )


def _fail_os_replace(monkeypatch, on_call: int) -> None:
    """Make the ``on_call``-th rename fail as a full or failing disk would."""
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        calls["n"] += 1
        if calls["n"] == on_call:
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(creating.os, "replace", replace)


def _raise_storage(*args, **kwargs):
    raise StorageError("The disk is full. Free some space, then try again; nothing was lost.")


FAILURES = {
    "building-the-database": lambda mp: mp.setattr(creating, "_build_database", _raise_storage),
    "writing-the-key-file": lambda mp: mp.setattr(creating.keyfile, "write", _raise_storage),
    "moving-the-database": lambda mp: _fail_os_replace(mp, 1),
    "moving-the-key-file": lambda mp: _fail_os_replace(mp, 2),
}


@pytest.mark.parametrize("step", list(FAILURES))
def test_a_setup_that_fails_at_any_step_can_be_run_again(
    store_dir, clock, no_keyring, monkeypatch, step
):
    FAILURES[step](monkeypatch)
    with pytest.raises(StorageError):
        _create(store_dir, clock, no_keyring)
    monkeypatch.undo()
    with pytest.raises(NotAStore, match="interrupted"):
        reopen(store_dir, clock, no_keyring)
    assert not is_store(store_dir)
    made = _create(store_dir, clock, no_keyring)
    assert made.restarted
    made.store.close()
    with reopen(store_dir, clock, no_keyring) as store:
        assert store.home().name == "Oak House"
        assert not store.verify().problems
    assert {p.name for p in store_dir.iterdir()} <= {
        "keys.json",
        "store.db",
        "attempts.json",
        "keys.lock",
    }


CREATE_IN_ANOTHER_PROCESS = """
from desktop.domain.model import Home
from desktop.store import creating
from desktop.store.layout import is_store
from desktop.store.store import Store

{inject}
Store.create(Path({folder!r}), home=Home(name="Oak House"), admin_name={admin!r},
             passphrase={passphrase!r}, clock=clock, device=device, kdf=TEST_ONLY_PARAMS)
"""

KILLS = {
    "while-building-the-database": "die_after(creating, 'upgrade')",
    "after-building-the-database": "die_after(creating, '_build_database')",
    "after-writing-the-key-file": "die_after(creating.keyfile, 'write')",
    "after-writing-the-digest": "die_after(creating.fsutil, 'atomic_write')",
    "after-moving-the-database": (
        "real_replace = os.replace\n"
        "def replace(src, dst):\n"
        "    real_replace(src, dst)\n"
        "    if str(dst).endswith('store.db'):\n"
        "        os._exit(77)\n"
        "creating.os.replace = replace"
    ),
}


@pytest.mark.parametrize("step", list(KILLS))
def test_a_setup_killed_at_any_step_can_be_run_again(tmp_path, clock, no_keyring, step):
    folder = tmp_path / "store"
    result = run_and_kill(
        CREATE_IN_ANOTHER_PROCESS.format(
            folder=str(folder), admin=ADMIN, passphrase=PASSPHRASE, inject=KILLS[step]
        )
    )
    assert result.returncode == KILLED, result.stderr
    assert not is_store(folder)
    with pytest.raises(NotAStore, match="interrupted"):
        reopen(folder, clock, no_keyring)
    made = _create(folder, clock, no_keyring)
    assert made.restarted
    made.store.close()
    with reopen(folder, clock, no_keyring) as store:
        assert not store.verify().problems


def test_a_setup_killed_after_the_key_file_arrived_is_a_whole_store(tmp_path, clock, no_keyring):
    folder = tmp_path / "store"
    tidying = "creating.shutil.rmtree = lambda *args, **kwargs: os._exit(77)"
    result = run_and_kill(
        CREATE_IN_ANOTHER_PROCESS.format(
            folder=str(folder), admin=ADMIN, passphrase=PASSPHRASE, inject=tidying
        )
    )
    assert result.returncode == KILLED, result.stderr
    assert is_store(folder)  # the key file is in place: the store exists
    with reopen(folder, clock, no_keyring) as store:
        assert not store.verify().problems
    with pytest.raises(StoreExists):
        _create(folder, clock, no_keyring)


def test_a_database_whose_key_file_is_missing_is_never_deleted(store_dir, clock, no_keyring):
    _create(store_dir, clock, no_keyring).store.close()
    (store_dir / "keys.json").unlink()
    before = (store_dir / "store.db").read_bytes()
    with pytest.raises(NotAStore, match=r"Restore keys\.json"):
        reopen(store_dir, clock, no_keyring)
    with pytest.raises(StoreExists, match="key file is missing"):
        _create(store_dir, clock, no_keyring)
    assert (store_dir / "store.db").read_bytes() == before
