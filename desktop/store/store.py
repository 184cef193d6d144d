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
from datetime import datetime
from pathlib import Path

from desktop.domain.audit import Audited
from desktop.domain.clock import Clock
from desktop.domain.errors import BadInput, PhilomenaError
from desktop.domain.model import Home, Staff
from desktop.domain.passphrases import needs_changing
from desktop.domain.permissions import Action
from desktop.protocol.absences import AbsenceRow
from desktop.protocol.situation import ChildRecords
from desktop.store import backups, creating, opening
from desktop.store.absence_log import absence_rows
from desktop.store.access import SignedInDatabase
from desktop.store.accounts import Accounts
from desktop.store.audit import Audit
from desktop.store.children import Children
from desktop.store.context import StoreContext
from desktop.store.database import Database
from desktop.store.episodes import Episodes
from desktop.store.errors import AccessWithdrawn, DatabaseDamaged, StorageError
from desktop.store.forms import Forms
from desktop.store.head_record import HeadRecord
from desktop.store.keys.device import DeviceSecrets
from desktop.store.keys.kdf import KdfParams
from desktop.store.keys.resume import ResumeKey
from desktop.store.keys.store_keys import StoreKeys
from desktop.store.layout import default_backups_folder, is_store
from desktop.store.migrating import head_revision
from desktop.store.missing_risk import MissingRiskRecords
from desktop.store.photos import Photos
from desktop.store.records import child_records, every_child_records
from desktop.store.signing import enrolment, witness, witnesses
from desktop.store.signing.crypto import Signer
from desktop.store.signing.ledger import Head, Ledger, read_head
from desktop.store.verifying import (
    Steps,
    VerifyCancelled,
    VerifyReport,
    quick_check,
    reading,
    verify,
)

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


def own_key(keys: StoreKeys, staff: Staff | None) -> Signer | None:
    """The signing key in the signed-in person's own slot (None: none there, or recovery)."""
    if staff is None or keys.signing_seed is None:
        return None
    return Signer(keys.signing_seed, staff.id)


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
        self._head = HeadRecord(folder, db.engine, keys.chain_key)
        self.ledger = Ledger(keys.store_id, keys.chain_key, clock)
        ctx = self._ctx = StoreContext(
            folder=folder,
            db=self.db,
            clock=clock,
            staff=staff,
            head=self._head,
            ledger=self.ledger,
        )
        self.accounts = Accounts(ctx, keys)
        self.children = Children(ctx)
        self.photos = Photos(ctx, self.children)
        self.forms = Forms(ctx, self.children, self.photos)
        self.episodes = Episodes(ctx, keys.chain_key, self.children, self.forms, self.accounts)
        self.audit = Audit(ctx)
        self.missing_risk = MissingRiskRecords(ctx)
        self.repairs: list[str] = []
        """What opening put right after an interruption, to tell whoever signed in."""
        self.losses: list[str] = []
        """Newest records found missing on opening (a lost or damaged ``-wal``): say so."""
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
        try:
            enrolment.prepare(store.db, made.keys, store.ledger, store.staff)
        except BaseException:
            store.close()
            raise
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
            store.losses = list(unlocked.findings)
            store.repairs[:0] = store.losses  # entries found missing come first
            # A read-only, full or damaged store still opens (verify names the damage); its
            # session then signs nothing, and a change it tries is refused as unsigned.
            with contextlib.suppress(PhilomenaError, MemoryError):
                store._prepare_signing()
            with contextlib.suppress(MemoryError):  # SQLCipher's word for some damaged pages
                store.sign_in_check = store.quick_check()
            store._record(Audited.SIGN_IN)
        except BaseException:
            store.close()
            raise
        return store

    def _prepare_signing(self) -> None:
        """Make this person's signing key ready; seal an upgraded store's earlier records."""
        sealed = enrolment.prepare(self.db, self._keys, self.ledger, self.staff)
        if sealed:
            self.repairs.append(
                f"Records are now signed by their authors. The {sealed} records made before "
                "this version were sealed with your signature."
            )

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
        """Sign out: note it in the audit log, then checkpoint and close every connection.

        The checkpoint moves every commit from ``store.db-wal`` into ``store.db``, so a closed
        store is one self-contained database file; the head record then says so.
        """
        if not self._closed:
            self._closed = True
            self._record(Audited.SIGN_OUT)
            with contextlib.suppress(PhilomenaError, MemoryError):
                self.keep_witness()
            self._head.close()
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

    def absence_log(
        self, *, since: datetime | None = None, until: datetime | None = None
    ) -> list[AbsenceRow]:
        """Every episode across the home as the manager's absence log lists it (managers only)."""
        self._ctx.require(Action.RUN_REPORTS)
        with self.db.session() as session:
            return absence_rows(session, since=since, until=until)

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
            signer=self.ledger.signer,
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

    def verify(
        self, steps: Steps | None = None, *, witness_code: str | None = None
    ) -> VerifyReport:
        """Check the key file, every page, the schema, the log, the signatures and the slots.

        The store is compared with every witness found: its backups' manifests, this computer
        account's keyring, and ``witness_code`` when one was written down and typed back.
        ``steps`` hears the progress and can stop the check part-way (:class:`VerifyCancelled`).
        """
        try:
            missing = len(self.accounts.without_passphrase())
        except PhilomenaError:  # a damaged key file or database: verify names it
            missing = 0
        found = witnesses.gather(self.folder, self._keys)
        if witness_code is not None:
            typed = witness.parse_code(witness_code)
            if typed is None:
                raise BadInput(
                    "That is not a witness code: it is groups of four letters and digits, as "
                    "shown by Philomena Desk. Check it for typing mistakes."
                )
            found.append(typed)
        report = verify(
            self.db,
            self._keys,
            without_passphrase=missing,
            witnesses=found,
            signer=own_key(self._keys, self.staff),
            steps=steps,
        )
        lost, checks = self._head.problems(self.clock.now())
        report.problems.extend(DatabaseDamaged(p) for p in lost)
        report.checks.extend(checks)
        return report

    # --- the witness ----------------------------------------------------------------------

    def head(self) -> Head | None:
        """The signed records' head now (None: nothing is signed yet)."""
        with self.db.session():  # a session whose access was withdrawn reads nothing
            pass
        with reading(self.db) as cursor:
            return read_head(cursor)

    def witness_code(self) -> str | None:
        """The short code for today's head, for staff to write down (None: nothing signed)."""
        head = self.head()
        return None if head is None else witness.code(head)

    def keep_witness(self, *, restored: bool = False) -> witness.Kept:
        """Keep the signed head in this computer account's keyring, and say whether it was kept.

        A newer witness there is kept, unless ``restored``: an older backup was just restored on
        purpose, with the recovery key, and is from now on the store's history.
        """
        head, signer = self.head(), self.ledger.signer
        if head is None or signer is None:
            return witness.Kept.NOT_SIGNED
        made = witness.make(head, signer, self._keys.store_id, self.clock.now(), "")
        return witness.keep_in_keyring(
            self._keys.device, self._keys.store_id, made, replace_newer=restored
        )

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
