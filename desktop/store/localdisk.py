"""Refusing a store folder on a network share, with the reason.

The database runs in SQLite's WAL mode, whose readers and writers meet in a memory-mapped
``-shm`` file: that works only where every process sees the same memory, on a local disk. On a
network share (SMB, NFS, sshfs, ...) locks and shared memory are not kept between computers,
so two sessions can overwrite each other's commits and corrupt the log. SQLite's own
documentation says WAL does not work over a network filesystem. So the store is set up and
opened only on a local disk, and a network share is named plainly rather than left to fail
later. Detection is by filesystem type: ``/proc/mounts`` on Linux, the drive type on Windows,
``statfs`` on macOS (best effort: an unknown answer lets the folder through).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
from pathlib import Path, PureWindowsPath

from desktop.store.errors import StorageError

NETWORK_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ncpfs",
        "coda",
        "ceph",
        "glusterfs",
        "lustre",
        "davfs",
        "webdav",
        "afpfs",
        "sshfs",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.ceph",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.s3fs",
        "fuse.gcsfuse",
    }
)
"""Filesystem types (as Linux and macOS name them) that reach another computer's disk."""

MOUNT_TABLE = Path("/proc/mounts")
"""Linux's list of mounted filesystems, with each one's type."""

DRIVE_REMOTE = 4
"""``GetDriveTypeW``'s answer for a network drive."""


def _unescape(field: str) -> str:
    """A mount point as ``/proc/mounts`` writes it (spaces and tabs as octal escapes)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def filesystem_type(path: Path, mount_table: str) -> str | None:
    """The type of the filesystem ``path`` is on, from a ``/proc/mounts``-style table.

    The mount point that is the longest leading part of the path wins (the last such line,
    when a folder is mounted over twice).
    """
    best: tuple[int, str] | None = None
    parts = path.parts
    for line in mount_table.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = Path(_unescape(fields[1])).parts
        if parts[: len(point)] == point and (best is None or len(point) >= best[0]):
            best = (len(point), fields[2])
    return None if best is None else best[1]


def is_network_type(fstype: str | None) -> bool:
    """True for a filesystem type that is a network share."""
    return fstype is not None and fstype.lower() in NETWORK_TYPES


def is_unc(path: str) -> bool:
    r"""True for a Windows network path (``\\server\share``), not a local ``\\?\C:\`` one."""
    if not path.startswith(("\\\\", "//")):
        return False
    rest = path[2:].replace("/", "\\")
    if rest.startswith(("?\\", ".\\")):
        return rest[2:].upper().startswith("UNC\\")
    return True


def _linux_type(path: Path) -> str | None:
    try:
        table = MOUNT_TABLE.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return filesystem_type(path, table)


def _windows_remote(path: Path) -> bool:
    if is_unc(str(path)):
        return True
    drive = PureWindowsPath(str(path)).drive
    if not drive:
        return False
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return False
    return bool(windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE)


def _mac_type(path: Path) -> str | None:
    """``statfs``'s ``f_fstypename`` (offset 72 of the 64-bit-inode ``struct statfs``)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    libc = ctypes.CDLL(name, use_errno=True)
    call = getattr(libc, "statfs$INODE64", None) or libc.statfs
    buffer = ctypes.create_string_buffer(4096)
    if call(os.fsencode(path), buffer) != 0:
        return None
    return buffer.raw[72:88].split(b"\0", 1)[0].decode("ascii", "replace") or None


def _existing(path: Path) -> Path:
    """The path itself, or the nearest folder above it that exists (setup makes the rest)."""
    path = path.absolute()
    for candidate in (path, *path.parents):
        if candidate.exists():
            with contextlib.suppress(OSError):
                return candidate.resolve()
            return candidate
    return path


def network_kind(folder: Path, platform: str = sys.platform) -> str | None:
    """What kind of network share ``folder`` is on (None: a local disk, or unknown)."""
    path = _existing(folder)
    if platform == "win32":
        return "a network drive" if _windows_remote(path) else None
    fstype = None
    with contextlib.suppress(OSError, AttributeError, ValueError):
        fstype = _linux_type(path) if platform.startswith("linux") else None
        if platform == "darwin":
            fstype = _mac_type(path)
    return f"a network share ({fstype})" if is_network_type(fstype) else None


def refuse_network_folder(folder: Path) -> None:
    """Raise :class:`StorageError` naming the reason when ``folder`` is on a network share."""
    kind = network_kind(folder)
    if kind is not None:
        raise StorageError(
            f"The store folder {folder} is on {kind}. Philomena Desk keeps its records in a "
            "database that needs a disk inside this computer: on a network share two "
            "sessions cannot take turns safely, and entries could be lost or damaged. Keep "
            "the store on this computer's own disk, and put backups on the share instead."
        )
