"""A process killed at any step of a backup leaves the store and every earlier backup intact."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from desktop.store import backups
from desktop.store.restoring import verify_backup
from desktop.store.store import Store
from tests.support.crash import KILLED, run_and_kill
from tests.support.sample import ADMIN, PASSPHRASE, add_child

SCRIPT = """
from desktop.store import backups
from desktop.store.store import Store

with Store.open(Path({folder!r}), name={admin!r}, passphrase={passphrase!r}, clock=clock,
                device=device) as store:
    {inject}
    store.back_up(Path({target!r}))
"""

STEPS = {
    "as-the-copy-begins": "die_after(backups.database, 'connect')",
    "after-the-database-is-copied": "die_after(backups, '_copy_database')",
    "after-the-key-file-is-copied": "die_after(backups, '_write')",
    "just-before-it-is-renamed-into-place": "die_before(os, 'rename')",
}


@pytest.mark.parametrize("step", STEPS)
def test_killed_during_a_backup(step, shared, tmp_path, clock, no_keyring):
    target = tmp_path / "usb"
    with Store.open(
        shared.folder, name=ADMIN, passphrase=PASSPHRASE, clock=clock, device=no_keyring
    ) as store:
        child = add_child(store)
        earlier = store.back_up(target)
    earlier_files = {p.name: p.read_bytes() for p in earlier.folder.iterdir()}

    result = run_and_kill(
        SCRIPT.format(
            folder=str(shared.folder),
            admin=ADMIN,
            passphrase=PASSPHRASE,
            target=str(target),
            inject=STEPS[step],
        )
    )
    assert result.returncode == KILLED, result.stderr
    assert list(target.glob(".tmp-*")), "the backup was stopped part-way"

    assert [b.folder for b in backups.list_backups(target)] == [earlier.folder]
    assert {p.name: p.read_bytes() for p in earlier.folder.iterdir()} == earlier_files
    assert not verify_backup(earlier.folder, shared.recovery_key).problems
    with Store.open(
        shared.folder, name=ADMIN, passphrase=PASSPHRASE, clock=clock, device=no_keyring
    ) as store:
        assert not store.verify().problems
        assert store.children.get(child.id) == child
        for stray in target.glob(".tmp-*"):  # what the killed backup left, now long ago
            old = (clock.now() - timedelta(hours=1)).timestamp()
            os.utime(stray, (old, old))
        clock.moment += timedelta(minutes=1)
        store.back_up(target)
    assert len(backups.list_backups(target)) == 2
    assert not list(target.glob(".tmp-*"))
