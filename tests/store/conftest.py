"""Stores the store tests share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.domain.model import Home
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.support.sample import ADMIN, PASSPHRASE


@dataclass(frozen=True)
class Shared:
    """A store other processes can open too, and its recovery key."""

    folder: Path
    recovery_key: str


@pytest.fixture
def shared(tmp_path, clock, no_keyring) -> Shared:
    """Made with no keyring, so nothing needed to open it lives only in this process."""
    folder = tmp_path / "shared"
    made = Store.create(
        folder,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=clock,
        device=no_keyring,
        kdf=TEST_ONLY_PARAMS,
    )
    made.store.close()
    return Shared(folder, made.recovery_key)
