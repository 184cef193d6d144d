"""Shared fixtures: offscreen Qt, a controlled clock, an in-memory keyring, fast test stores."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import settings

from desktop.domain.clock import LONDON, FixedClock
from desktop.domain.model import Child, Episode, Home
from desktop.store.keys.device import KeyringSecrets, NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import CreatedStore, Store
from tests.support.keyrings import MemoryKeyring
from tests.support.sample import ADMIN, PASSPHRASE, add_child

# CI runs the same examples every time, so a landing never hangs on a lucky draw; a developer's
# runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real data folder and keyring."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in (
        "PHILOMENA_STORE",
        "PHILOMENA_PASSPHRASE",
        "PHILOMENA_USER",
        "PHILOMENA_RECOVERY_KEY",
        "PHILOMENA_NEW_PASSPHRASE",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 1, 15, 0, tzinfo=LONDON))


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def device(keyring_backend: MemoryKeyring) -> KeyringSecrets:
    return KeyringSecrets(keyring_backend)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def created(store_dir: Path, clock: FixedClock, device: KeyringSecrets) -> Iterator[CreatedStore]:
    result = Store.create(
        store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=clock,
        device=device,
        kdf=TEST_ONLY_PARAMS,
    )
    yield result
    result.store.close()


@pytest.fixture
def store(created: CreatedStore) -> Store:
    return created.store


@pytest.fixture
def no_keyring() -> NoSecrets:
    return NoSecrets()


@pytest.fixture
def child(store: Store) -> Child:
    return add_child(store)


@pytest.fixture
def episode(store: Store, child: Child) -> Episode:
    """An episode started now: whereabouts unknown, last seen at the bus station in a red coat."""
    return store.episodes.start(
        child.id,
        whereabouts="unknown",
        details={"last_seen_where": "Bus station", "clothing": "Red coat"},
    )
