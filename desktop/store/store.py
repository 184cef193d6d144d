"""The encrypted store: one folder holding ``keys.json`` and the SQLCipher database ``store.db``.

:class:`Store` is a small facade over one part per concern — ``accounts``, ``children``,
``forms``, ``photos``, ``episodes`` — the way a collection holds its managers. Every part
returns plain domain records; database rows never leave the store, and database errors become
plain-English errors that carry no personal data.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.audit import Audited
from desktop.domain.clock import Clock
from desktop.domain.errors import PhilomenaError
from desktop.domain.model import Home, Staff
from desktop.domain.passphrases import needs_changing
from desktop.domain.permissions import Action
from desktop.protocol.situation import ChildRecords
from desktop.store import backups, creating, opening
from desktop.store.access import SignedInDatabase
from desktop.store.accounts import Accounts
from desktop.store.audit import Audit
from desktop.store.children import Children
from desktop.store.context import StoreContext
from desktop.store.database import Database
from desktop.store.episodes import Episodes
from desktop.store.errors import AccessWithdrawn, StorageError
from desktop.store.forms import Forms
from desktop.store.keys.device import DeviceSecrets
from desktop.store.keys.kdf import KdfParams
from desktop.store.keys.resume import ResumeKey
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.layout import default_backups_folder, is_store
from desktop.store.migrating import head_revision
from desktop.store.photos import Photos
from desktop.store.records import child_records, every_child_records
from desktop.store.verifying import Steps, VerifyCancelled, VerifyReport, quick_check, verify

RESTARTED_NOTE = (
    "An earlier setup in this folder was interrupted before it finished; nothing from it was "
    "kept, and setup started afresh."
)


@dataclass(frozen=True, slots=True)
class CreatedStore:
    """What setup hands back: the open store and the recovery key to show once."""

    store: Store
    recovery_key: str
    device_bound: bool
    restarted: bool = False
    """An earlier setup in the folder was interrupted and has been cleared away."""


class Store:
    """An unlocked store, signed in as one staff member (or with the recovery key)."""

    def __init__(
        self, folder: Path, *, db: Database, keys: StoreKeys, staff: Staff | None, clock: Clock
    ) -> None:
        self.folder = folder
        self._signed_in = SignedInDatabase(db, keys, staff.id if staff is not None else None)
        self.db: Database = self._signed_in
        self.staff = staff
        self.clock = clock
        self._keys = keys
        ctx = self._ctx = StoreContext(folder=folder, db=self.db, clock=clock, staff=staff)
        self.accounts = Accounts(ctx, keys)
        self.children = Children(ctx)
        self.photos = Photos(ctx, self.children)
        self.forms = Forms(ctx, self.children, self.photos)
        self.episodes = Episodes(ctx, keys.chain_key, self.children, self.forms, self.accounts)
        self.audit = Audit(ctx)
        self.repairs: list[str] = []
        """What opening put right after an interruption, to tell whoever signed in."""
        self.passphrase_needs_changing = False
        """The passphrase that opened the store breaks today's rules: ask for a new one."""
        self.sign_in_check: VerifyReport | None = None
        """What the quick check at sign-in found (None: it was not made)."""
        self._closed = False

    # --- lifecycle -------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        folder: Path,
        *,
        home: Home,
        admin_name: str,
        passphrase: str,
        clock: Clock,
        device: DeviceSecrets,
        kdf: KdfParams | None = None,
    ) -> CreatedStore:
        """Set up a new store with its first administrator and a recovery key."""
        made = creating.create(
            folder,
            home=home,
            admin_name=admin_name,
            passphrase=passphrase,
            clock=clock,
            device=device,
            kdf=kdf,
        )
        store = cls(folder, db=made.db, keys=made.keys, staff=made.admin, clock=clock)
        store._record(Audited.SIGN_IN)
        return CreatedStore(
            store=store,
            recovery_key=made.recovery_key,
            device_bound=made.device_bound,
            restarted=made.restarted,
        )

    @classmethod
    def open(
        cls, folder: Path, *, name: str, passphrase: str, clock: Clock, device: DeviceSecrets
    ) -> Store:
        """Sign in as a staff member."""
        unlocked = opening.with_passphrase(
            folder, name=name, passphrase=passphrase, clock=clock, device=device
        )
        store = cls._opened(folder, unlocked, clock)
        store.passphrase_needs_changing = needs_changing(passphrase)
        return store

    @classmethod
    def open_with_recovery_key(
        cls, folder: Path, *, recovery_key: str, clock: Clock, device: DeviceSecrets
    ) -> Store:
        """Open with the recovery key: for a new PC, a new OS account or a forgotten passphrase."""
        unlocked = opening.with_recovery_key(
            folder, recovery_key=recovery_key, clock=clock, device=device
        )
        return cls._opened(folder, unlocked, clock)

    @classmethod
    def _opened(cls, folder: Path, unlocked: opening.Unlocked, clock: Clock) -> Store:
        store = cls(folder, db=unlocked.db, keys=unlocked.keys, staff=unlocked.staff, clock=clock)
        try:
            opening.tidy(folder, clock.now())
            with contextlib.suppress(StorageError):  # a read-only store still opens for reading
                store.repairs = store.accounts.repair()
            with contextlib.suppress(MemoryError):  # SQLCipher's word for some damaged pages
                store.sign_in_check = store.quick_check()
            store._record(Audited.SIGN_IN)
        except BaseException:
            store.close()
            raise
        return store

    def when_access_withdrawn(self, watcher: Callable[[AccessWithdrawn], None]) -> None:
        """Call ``watcher`` when this session is refused because its account was closed.

        Or removed: on the thread that noticed, before the refusal is raised.
        """
        self._signed_in.watchers.append(watcher)

    @property
    def resume_key(self) -> ResumeKey | None:
        """The signed-in person's key for work held over a lock (None: the recovery key).

        Only this person's passphrase recovers it; it is forgotten when the store closes.
        """
        return self._keys.resume

    def _record(self, what: Audited) -> None:
        """Add to the audit log; a read-only store, or a closed account, still opens and closes.

        So does a damaged one (SQLCipher may report a damaged page as out of memory): verify
        names the damage, and signing out must never leave the store open.
        """
        with contextlib.suppress(PhilomenaError, MemoryError):
            self.audit.record(what)

    def close(self) -> None:
        """Sign out: note it in the audit log, then close every connection (SQLite checkpoints)."""
        if not self._closed:
            self._closed = True
            self._record(Audited.SIGN_OUT)
        self._keys.resume = None
        self.db.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- across the parts --------------------------------------------------------------------

    def home(self) -> Home:
        """The home's settings."""
        return self.children.home()

    def records(self, child_id: str, *, whole: bool = False) -> ChildRecords:
        """Everything the protocol reads about a child, in one read.

        Past episodes come summarised (see :mod:`desktop.store.history`); ``whole`` reads every
        episode's whole log instead, for a caller that shows them.
        """
        with self.db.session() as session:
            return child_records(session, child_id, whole=whole)

    def every_child_records(self) -> list[ChildRecords]:
        """Every child's records (as :meth:`records` gives them), by name, in one read."""
        with self.db.session() as session:
            return every_child_records(session)

    # --- backups ---------------------------------------------------------------------------

    @property
    def backups_folder(self) -> Path:
        """Where scheduled backups go: beside the store's folder."""
        return default_backups_folder(self.folder)

    def back_up(self, target: Path | None = None) -> backups.BackupInfo:
        """Make an encrypted backup now: to ``target``, or into the rotated backups folder.

        Only the backups folder is rotated; a backup to a chosen folder is never removed. Only
        an administrator chooses where a copy of the records goes.
        """
        if target is not None:
            self._ctx.require(Action.MANAGE_BACKUPS)
        with self.db.session():  # a session whose access was withdrawn backs nothing up
            pass
        folder = target if target is not None else self.backups_folder
        made = backups.make_backup(
            self.db,
            self._keys,
            folder,
            clock=self.clock,
            reason="chosen folder" if target is not None else "scheduled",
        )
        if target is None:
            backups.rotate(folder)
        return made

    def last_backup(self) -> backups.KnownBackup | None:
        """The newest good backup this store knows of (None: none yet)."""
        return backups.newest_known(self.folder)

    def back_up_if_due(self) -> backups.BackupInfo | None:
        """Make the scheduled backup when the home's schedule calls for one."""
        if not backups.is_due(self.last_backup(), self.home().backup_every_hours, self.clock.now()):
            return None
        return self.back_up()

    def backup_status(self) -> backups.BackupStatus:
        """When the last good backup was made, and whether that is too long ago."""
        return backups.status(self.last_backup(), self.home().backup_every_hours, self.clock.now())

    def verify(self, steps: Steps | None = None) -> VerifyReport:
        """Check the key file, every database page, the schema, the log's chain and the slots.

        ``steps`` hears the progress and can stop the check part-way (:class:`VerifyCancelled`).
        """
        try:
            missing = len(self.accounts.without_passphrase())
        except PhilomenaError:  # a damaged key file or database: verify names it
            missing = 0
        return verify(self.db, self._keys, without_passphrase=missing, steps=steps)

    def quick_check(self) -> VerifyReport:
        """The check every sign-in makes: the key file and the log's newest entry."""
        return quick_check(self.db, self._keys)


__all__ = [
    "RESTARTED_NOTE",
    "CreatedStore",
    "ResumeKey",
    "Steps",
    "Store",
    "VerifyCancelled",
    "VerifyReport",
    "head_revision",
    "is_store",
]
