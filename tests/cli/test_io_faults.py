"""Disk faults and a network share, as the command line reports them: a plain sentence on
standard error, the storage exit code, and nothing changed."""

from __future__ import annotations

import errno
import os
import sys

import pytest

from desktop.domain.errors import ExitCode
from desktop.store import localdisk

NEW = "a brand new passphrase"


@pytest.mark.parametrize("site", ["write", "fsync", "replace"])
def test_a_failing_disk_during_a_passphrase_reset_is_named_and_changes_nothing(
    initialised, monkeypatch, site
):
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, site, fail)
    code, out, err = initialised(
        "reset-passphrase", "Ann Admin", env={"PHILOMENA_NEW_PASSPHRASE": NEW}
    )
    monkeypatch.undo()
    assert code == ExitCode.STORAGE
    assert "The store could not be read or written (Input/output error)." in err
    assert "has been changed" not in out
    code, _, err = initialised("children")  # the old passphrase still opens it
    assert code == 0, err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the Linux mount table")
def test_init_on_a_network_share_is_refused_with_the_reason(run, tmp_path, monkeypatch):
    table = tmp_path / "mounts"
    table.write_text(f"/dev/sda2 / ext4 rw 0 0\nnas:/care {tmp_path} nfs4 rw 0 0\n")
    monkeypatch.setattr(localdisk, "MOUNT_TABLE", table)
    code, _, err = run("init", "--home", "Birch House", "--protocol", "portsmouth")
    assert code == ExitCode.STORAGE
    assert "is on a network share (nfs4)" in err and "own disk" in err
    assert not run.store.exists()


def test_verify_names_entries_lost_with_the_wal(initialised, tmp_path):
    import shutil

    from desktop.store.store import Store
    from tests.cli.conftest import PASS

    initialised.add_child("Aisha")
    code, _, err = initialised("episode", "start", "--child", "Aisha", "--whereabouts", "unknown")
    assert code == 0, err
    copy = tmp_path / "copied-while-open"
    copy.mkdir()
    with Store.open(
        initialised.store,
        name="Ann Admin",
        passphrase=PASS,
        clock=initialised.clock,
        device=initialised.device,
    ) as store:
        (episode,) = store.episodes.for_child(store.children.all()[0].id)
        store.episodes.append(episode.id, "note", {"note": "searched the garden"})
        for name in ("store.db", "keys.json", "store.head"):  # not store.db-wal
            shutil.copyfile(initialised.store / name, copy / name)
    code, _, err = initialised("--store", str(copy), "verify", store=False)
    assert code == ExitCode.DATABASE_DAMAGED
    assert "The last log entry (number 2, recorded after" in err
    assert "store.db-wal) was lost" in err
