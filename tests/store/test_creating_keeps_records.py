"""Setup never deletes the database of a store that was really used.

The folder a setup is built in can be left beside a finished store (a kill while tidying, a
folder the system would not let go of). If ``keys.json`` later goes missing, that leftover must
not turn the store into "an interrupted setup": setup removes a database only when the setup
folder proves it is its own, and opening a whole store tidies the leftover away.
"""

from __future__ import annotations

import pytest

from desktop.domain.model import Home
from desktop.store import creating
from desktop.store.errors import NotAStore, StoreExists
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import SETUP_FOLDER, is_store
from desktop.store.store import Store
from tests.support.crash import KILLED, run_and_kill
from tests.support.sample import ADMIN, PASSPHRASE, add_child, reopen


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


def _store_whose_tidying_did_not_happen(folder, clock, device, monkeypatch):
    """A whole store, with the staging folder left beside it (the folder would not go)."""
    monkeypatch.setattr(creating.shutil, "rmtree", lambda *args, **kwargs: None)
    _create(folder, clock, device).store.close()
    monkeypatch.undo()
    assert is_store(folder) and (folder / SETUP_FOLDER).is_dir()


def _months_of_records(folder, clock, device):
    with reopen(folder, clock, device) as store:
        add_child(store)
        add_child(store, "Orla", "Brightwater")


def test_setup_never_deletes_a_used_database_when_staging_was_left_behind(
    store_dir, clock, no_keyring, monkeypatch
):
    _store_whose_tidying_did_not_happen(store_dir, clock, no_keyring, monkeypatch)
    _months_of_records(store_dir, clock, no_keyring)
    (store_dir / "keys.json").rename(store_dir.parent / "keys.json.moved-away")
    before = (store_dir / "store.db").read_bytes()

    with pytest.raises(StoreExists):
        _create(store_dir, clock, no_keyring)

    assert (store_dir / "store.db").exists(), "setup deleted the database of a real store"
    assert (store_dir / "store.db").read_bytes() == before


def test_opening_a_used_store_without_its_key_file_never_says_nothing_was_kept(
    store_dir, clock, no_keyring, monkeypatch
):
    _store_whose_tidying_did_not_happen(store_dir, clock, no_keyring, monkeypatch)
    _months_of_records(store_dir, clock, no_keyring)
    (store_dir / "keys.json").unlink()

    with pytest.raises(NotAStore) as raised:
        reopen(store_dir, clock, no_keyring)
    message = raised.value.message
    assert "nothing was kept" not in message
    assert "Restore keys.json" in message


CREATE_KILLED_WHILE_TIDYING = """
from desktop.domain.model import Home
from desktop.store import creating
from desktop.store.store import Store

creating.shutil.rmtree = lambda *args, **kwargs: os._exit(77)
Store.create(Path({folder!r}), home=Home(name="Oak House"), admin_name={admin!r},
             passphrase={passphrase!r}, clock=clock, device=device, kdf=TEST_ONLY_PARAMS)
"""


def test_a_kill_while_tidying_setup_later_costs_the_whole_database(tmp_path, clock, no_keyring):
    folder = tmp_path / "store"
    result = run_and_kill(
        CREATE_KILLED_WHILE_TIDYING.format(folder=str(folder), admin=ADMIN, passphrase=PASSPHRASE)
    )
    assert result.returncode == KILLED, result.stderr
    _months_of_records(folder, clock, no_keyring)  # the store is whole and in daily use
    assert not (folder / SETUP_FOLDER).exists()  # opening a whole store tidies the leftover
    (folder / "keys.json").unlink()

    with pytest.raises(StoreExists):
        _create(folder, clock, no_keyring)
    assert (folder / "store.db").exists(), "setup deleted the database of a real store"
