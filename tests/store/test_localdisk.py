"""A store folder on a network share is refused, with the reason, at setup and at sign-in."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.domain.model import Home
from desktop.store import localdisk
from desktop.store.errors import StorageError
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.support.sample import ADMIN, PASSPHRASE, reopen

TABLE = """\
/dev/sda2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
//nas/care /mnt/care cifs rw,relatime,vers=3.1.1 0 0
nas:/export/homes /home/shared nfs4 rw,relatime 0 0
carer@laptop:/srv /media/remote\\040files fuse.sshfs rw,nosuid 0 0
/dev/sdb1 /mnt/care/local-usb vfat rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/home/carer/Philomena", "ext4"),
        ("/tmp/store", "tmpfs"),
        ("/mnt/care/store", "cifs"),
        ("/mnt/care", "cifs"),
        ("/mnt/careful/store", "ext4"),  # a name that merely begins like a mount point
        ("/home/shared/oak-house", "nfs4"),
        ("/media/remote files/store", "fuse.sshfs"),
        ("/mnt/care/local-usb/store", "vfat"),  # a local disk mounted inside a share
    ],
)
def test_the_filesystem_of_a_folder_is_its_longest_mount_point(path, fstype):
    assert localdisk.filesystem_type(Path(path), TABLE) == fstype


@pytest.mark.parametrize(
    ("fstype", "network"),
    [
        ("ext4", False),
        ("btrfs", False),
        ("tmpfs", False),
        ("vfat", False),
        ("fuse.portal", False),
        ("apfs", False),
        (None, False),
        ("nfs", True),
        ("nfs4", True),
        ("cifs", True),
        ("smb3", True),
        ("smbfs", True),
        ("9p", True),
        ("fuse.sshfs", True),
        ("webdav", True),
        ("afpfs", True),
    ],
)
def test_network_filesystem_types(fstype, network):
    assert localdisk.is_network_type(fstype) is network


@pytest.mark.parametrize(
    ("path", "unc"),
    [
        (r"\\nas\care\store", True),
        ("//nas/care/store", True),
        (r"\\?\UNC\nas\care\store", True),
        (r"\\?\C:\Users\carer\Philomena", False),
        (r"C:\Users\carer\Philomena", False),
        ("/home/carer", False),
    ],
)
def test_windows_network_paths(path, unc):
    assert localdisk.is_unc(path) is unc


def _mounted_on_a_share(monkeypatch, tmp_path, fstype):
    table = tmp_path / "mounts"
    table.write_text(f"/dev/sda2 / ext4 rw 0 0\n//nas/care {tmp_path} {fstype} rw 0 0\n")
    monkeypatch.setattr(localdisk, "MOUNT_TABLE", table)


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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/mounts")
def test_setup_on_a_network_share_is_refused_and_makes_nothing(
    monkeypatch, tmp_path, clock, no_keyring
):
    _mounted_on_a_share(monkeypatch, tmp_path, "cifs")
    folder = tmp_path / "new-store"
    with pytest.raises(StorageError, match=r"is on a network share \(cifs\).*own disk"):
        _create(folder, clock, no_keyring)
    assert not folder.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/mounts")
def test_a_store_moved_onto_a_network_share_is_refused_at_sign_in(
    monkeypatch, tmp_path, clock, no_keyring
):
    folder = tmp_path / "store"
    _create(folder, clock, no_keyring).store.close()
    _mounted_on_a_share(monkeypatch, tmp_path, "nfs4")
    with pytest.raises(StorageError, match=r"network share \(nfs4\)"):
        reopen(folder, clock, no_keyring)
    monkeypatch.undo()
    reopen(folder, clock, no_keyring).close()  # back on a local disk, it opens


def test_a_local_folder_is_not_a_network_share(tmp_path):
    assert localdisk.network_kind(tmp_path) is None
