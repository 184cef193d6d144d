"""Before a migration changes an older store, the store is backed up as it was."""

from __future__ import annotations

import shutil

import pytest

from desktop.store import backups
from desktop.store.backups import BackupFailed
from desktop.store.database import connect
from desktop.store.layout import DATABASE_NAME, default_backups_folder
from desktop.store.migrating import head_revision
from desktop.store.restoring import restore, verify_backup
from desktop.store.store import Store
from tests.fixtures import make_fixture_stores as fx


@pytest.mark.parametrize("revision", ["0001", "0003"])
def test_an_upgrade_is_preceded_by_a_backup_of_the_older_store(
    revision, tmp_path, clock, no_keyring
):
    folder = tmp_path / "store"
    shutil.copytree(fx.STORES / revision, folder)
    with Store.open(
        folder, name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE, clock=clock, device=no_keyring
    ) as store:
        assert store.home().backup_every_hours == 24
        before = store.verify()
    assert not before.problems
    (made,) = backups.list_backups(default_backups_folder(folder))
    assert (made.schema, made.reason) == (revision, "before upgrade")
    assert made.head.count == 8  # the fixture's eight log entries

    report = verify_backup(made.folder, fx.recovery_key())
    assert not report.problems
    assert any("older; it is brought up to date when restored" in w for w in report.warnings)
    restore(made.folder, tmp_path / "restored", fx.recovery_key())
    with Store.open_with_recovery_key(
        tmp_path / "restored", recovery_key=fx.recovery_key(), clock=clock, device=no_keyring
    ) as restored:
        assert not restored.verify().problems


def test_a_store_already_current_is_not_backed_up_on_opening(tmp_path, clock, no_keyring):
    folder = tmp_path / "store"
    shutil.copytree(fx.STORES / head_revision(), folder)
    with Store.open(
        folder, name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE, clock=clock, device=no_keyring
    ):
        pass
    assert not default_backups_folder(folder).exists()


def test_an_upgrade_that_cannot_be_backed_up_first_is_not_made(tmp_path, clock, no_keyring):
    folder = tmp_path / "store"
    shutil.copytree(fx.STORES / "0003", folder)
    default_backups_folder(folder).write_text("a file where the backups folder would go")
    with pytest.raises(BackupFailed, match="The store was not upgraded"):
        Store.open(
            folder, name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE, clock=clock, device=no_keyring
        )
    conn = connect(folder / DATABASE_NAME, fx.DATA_KEY)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0003",)]
    finally:
        conn.close()
