"""The administrator every test store is made with, and a sample child to add to one."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from desktop.domain.clock import Clock, FixedClock
from desktop.domain.model import Child, ChildDetails
from desktop.store.keys.device import DeviceSecrets
from desktop.store.store import Store

ADMIN = "Ann Administrator"
PASSPHRASE = "correct horse battery staple"


def add_child(store: Store, first: str = "Zephyrine", last: str = "Quillfeather") -> Child:
    return store.children.add(
        ChildDetails(first_name=first, last_name=last, date_of_birth=date(2011, 4, 2))
    )


def reopen(
    store_dir: Path,
    clock: Clock,
    device: DeviceSecrets,
    *,
    name: str = ADMIN,
    passphrase: str = PASSPHRASE,
) -> Store:
    """Sign in again, as a person would after closing the app."""
    return Store.open(store_dir, name=name, passphrase=passphrase, clock=clock, device=device)


def flip_byte(path: Path, offset: int) -> None:
    """Damage one bit of a file, as a failing disk or a tamperer would."""
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def advance(clock: FixedClock, minutes: int) -> None:
    """Move the test clock on, as time passes during an episode."""
    clock.moment += timedelta(minutes=minutes)


def close_episode(store: Store, episode_id: str, reason: str = "Back and settled") -> None:
    """Close an episode whose follow-ups a test does not need: a manager waives them first.

    The store refuses to close an episode whose follow-ups are not done (or waived).
    """
    store.episodes.append(episode_id, "follow_ups_waived", {"reason": "Not needed for this test"})
    store.episodes.append(episode_id, "closed", {"reason": reason})
