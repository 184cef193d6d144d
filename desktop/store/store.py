"""The encrypted store: one folder holding ``keys.json`` and the SQLCipher database ``store.db``.

Every method returns plain domain objects; SQLAlchemy rows never leave this module, and database
errors are turned into plain-English errors that carry no personal data (SQL parameters are
hidden from exception text too).
"""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import keyring.errors
import sqlcipher3
from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from desktop.domain.clock import Clock
from desktop.domain.errors import BadInput, NotFound, PhilomenaError
from desktop.domain.model import (
    Child,
    ChildDetails,
    FormVersion,
    Home,
    PhotoInfo,
    Role,
    Staff,
)
from desktop.formspec import FieldKind, FormSpec, completeness, validate_values
from desktop.formspec.prefill import with_prefill
from desktop.store import fsutil, keyfile, photos
from desktop.store.database import DATABASE_NAME, make_engine
from desktop.store.device import DeviceSecrets
from desktop.store.episodes import EpisodeMixin
from desktop.store.errors import (
    DatabaseDamaged,
    KeyFileDamaged,
    NewerVersion,
    NotAStore,
    NotEnrolled,
    StorageError,
    StoreExists,
    WrongCredentials,
)
from desktop.store.kdf import KdfParams, calibrate
from desktop.store.layout import is_store
from desktop.store.lockout import Lockout
from desktop.store.models import (
    ChildRow,
    FormRecordRow,
    HomeRow,
    PhotoRow,
    StaffRow,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
MIN_PASSPHRASE_LENGTH = 10


def _alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config  # Alembic is slow to import: load it only when needed

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The schema revision this release writes."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _classify(exc: BaseException) -> PhilomenaError:
    """Map a database failure to a message that names the cause, never the data."""
    text_ = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text_ or "database or disk is full" in text_:
        return StorageError("The disk is full. Free some space, then try again; nothing was lost.")
    if "readonly" in text_ or "read-only" in text_:
        return StorageError("The store is on a read-only disk or folder. Nothing was changed.")
    if "append-only" in text_:
        return BadInput("Log entries cannot be changed or deleted; add a correction instead.")
    if "not a database" in text_ or "malformed" in text_ or "corrupt" in text_:
        return DatabaseDamaged(
            "The database (store.db) is damaged or has been altered: it failed its "
            "authentication check. Restore it from a backup."
        )
    if "disk i/o" in text_ or "unable to open" in text_:
        return StorageError("The store could not be read or written (a disk input/output error).")
    return StorageError("The database refused the change. Nothing was saved.")


def validate_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to stand up to guessing."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise BadInput(
            f"Choose a passphrase of at least {MIN_PASSPHRASE_LENGTH} characters; "
            "a few ordinary words together is easy to remember and hard to guess."
        )


@dataclass(frozen=True, slots=True)
class CreatedStore:
    """What setup hands back: the open store and the recovery key to show once."""

    store: Store
    recovery_key: str
    device_bound: bool


@dataclass(slots=True)
class VerifyReport:
    """What ``verify`` found; ``problems`` empty means all is well."""

    checks: list[str] = field(default_factory=list)
    problems: list[PhilomenaError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _paths(folder: Path) -> tuple[Path, Path]:
    return folder / keyfile.KEY_FILE_NAME, folder / DATABASE_NAME


class Store(EpisodeMixin):
    """An unlocked store, signed in as one staff member (or with the recovery key)."""

    def __init__(
        self,
        folder: Path,
        *,
        engine: Engine,
        key_file: keyfile.KeyFile,
        data_key: bytes,
        chain_key: bytes,
        staff: Staff | None,
        clock: Clock,
        device: DeviceSecrets,
    ) -> None:
        self.folder = folder
        self._engine = engine
        self._key_file = key_file
        self._data_key = data_key
        self._chain_key = chain_key
        self.staff = staff
        self.clock = clock
        self._device = device

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
        if is_store(folder) or (folder / DATABASE_NAME).exists():
            raise StoreExists(f"A store already exists in {folder}. Open it instead.")
        if not admin_name.strip():
            raise BadInput("Enter the administrator's name.")
        validate_passphrase(passphrase)
        params = kdf or calibrate()
        fsutil.make_private_dir(folder)
        data_key = keyfile.secure_random_key()
        chain_key = keyfile.secure_random_key()  # kept apart from the database key
        payload = data_key + chain_key
        key_file = keyfile.new_key_file()
        pepper: bytes | None = None
        if device.available():
            pepper = secrets.token_bytes(32)
            try:
                device.put(key_file.store_id, pepper)
            except keyring.errors.KeyringError:
                pepper = None
        if pepper is not None:
            key_file = keyfile.wrap_device_secret(key_file, data_key, pepper)
        admin = Staff(
            id=str(uuid.uuid4()),
            name=admin_name.strip(),
            role=Role.ADMINISTRATOR,
            created_at=clock.now(),
        )
        recovery_key = keyfile.generate_recovery_key()
        slots = (
            keyfile.make_slot(
                key_file,
                kind="passphrase",
                secret=passphrase.encode(),
                payload=payload,
                params=params,
                pepper=pepper,
                staff_id=admin.id,
                tag=keyfile.name_tag(key_file.name_salt, admin.name),
            ),
            keyfile.make_slot(
                key_file,
                kind="recovery",
                secret=keyfile.parse_recovery_key(recovery_key),
                payload=payload,
                params=params,
            ),
        )
        key_file = keyfile.KeyFile(
            store_id=key_file.store_id,
            name_salt=key_file.name_salt,
            slots=slots,
            device_secret_nonce=key_file.device_secret_nonce,
            device_secret_wrapped=key_file.device_secret_wrapped,
        )
        engine = make_engine(folder / DATABASE_NAME, data_key)
        try:
            with engine.connect() as conn:
                from alembic import command

                command.upgrade(_alembic_config(conn), "head")
                conn.commit()
            with Session(engine) as session, session.begin():
                session.add(_home_row(home))
                session.add(_staff_row(admin))
        except DBAPIError as exc:
            engine.dispose()
            raise _classify(exc) from None
        keyfile.write(folder, key_file, data_key)
        with contextlib.suppress(OSError):
            (folder / DATABASE_NAME).chmod(0o600)
        store = cls(
            folder,
            engine=engine,
            key_file=key_file,
            data_key=data_key,
            chain_key=chain_key,
            staff=admin,
            clock=clock,
            device=device,
        )
        return CreatedStore(store=store, recovery_key=recovery_key, device_bound=pepper is not None)

    @classmethod
    def _read_key_file(cls, folder: Path) -> keyfile.KeyFile:
        key_path, db_path = _paths(folder)
        if not folder.is_dir():
            raise NotAStore(f"There is no store at {folder}: the folder does not exist.")
        if not key_path.exists():
            raise NotAStore(
                f"{folder} is not a Philomena Desk store: it has no key file (keys.json)."
            )
        try:
            key_file = keyfile.read(folder)
        except FileNotFoundError:
            raise NotAStore(f"{folder} is not a Philomena Desk store.") from None
        if not db_path.exists():
            raise DatabaseDamaged(
                "The database (store.db) is missing from the store folder. Restore it from a "
                "backup."
            )
        return key_file

    @classmethod
    def open(
        cls,
        folder: Path,
        *,
        name: str,
        passphrase: str,
        clock: Clock,
        device: DeviceSecrets,
    ) -> Store:
        """Sign in as a staff member."""
        key_file = cls._read_key_file(folder)
        lockout = Lockout(folder, clock)
        lockout.check()
        tag = keyfile.name_tag(key_file.name_salt, name)
        candidates = [s for s in key_file.slots if s.kind == "passphrase" and s.name_tag == tag]
        pepper = device.get(key_file.store_id)
        if candidates and all(s.device_bound for s in candidates) and pepper is None:
            reason = (
                "this computer has no keyring"
                if not device.available()
                else "this computer account has not been enrolled"
            )
            raise NotEnrolled(
                "This store is bound to the computer it was set up on, and "
                f"{reason}. Open it once with the recovery key to enrol this computer account."
            )
        for slot in candidates:
            payload = keyfile.open_slot(key_file, slot, passphrase.encode(), pepper)
            if payload is not None:
                lockout.succeeded()
                return cls._unlock(folder, key_file, payload, slot.staff_id, clock, device)
        raise _refused(lockout, "That name and passphrase do not match an account in this store.")

    @classmethod
    def open_with_recovery_key(
        cls, folder: Path, *, recovery_key: str, clock: Clock, device: DeviceSecrets
    ) -> Store:
        """Open with the recovery key: for a new PC, a new OS account or a forgotten passphrase."""
        key_file = cls._read_key_file(folder)
        lockout = Lockout(folder, clock)
        lockout.check()
        secret = keyfile.parse_recovery_key(recovery_key)
        for slot in key_file.slots:
            if slot.kind != "recovery":
                continue
            payload = keyfile.open_slot(key_file, slot, secret, None)
            if payload is not None:
                lockout.succeeded()
                return cls._unlock(folder, key_file, payload, None, clock, device)
        raise _refused(lockout, "That recovery key does not open this store.")

    @classmethod
    def _unlock(
        cls,
        folder: Path,
        key_file: keyfile.KeyFile,
        payload: bytes,
        staff_id: str | None,
        clock: Clock,
        device: DeviceSecrets,
    ) -> Store:
        if len(payload) != 64:
            raise KeyFileDamaged("The key file (keys.json) holds keys of the wrong size.")
        data_key, chain_key = payload[:32], payload[32:]
        keyfile.check_mac(key_file, data_key)
        engine = make_engine(folder / DATABASE_NAME, data_key)
        try:
            _migrate(engine, chain_key)
            staff: Staff | None = None
            if staff_id is not None:
                with Session(engine) as session:
                    row = session.get(StaffRow, staff_id)
                    if row is None or not row.active:
                        raise WrongCredentials(
                            "That account has been closed. Ask an administrator."
                        )
                    staff = _staff(row)
        except PhilomenaError:
            engine.dispose()
            raise
        except (DBAPIError, sqlcipher3.DatabaseError) as exc:
            engine.dispose()
            raise _classify(exc) from None
        return cls(
            folder,
            engine=engine,
            key_file=key_file,
            data_key=data_key,
            chain_key=chain_key,
            staff=staff,
            clock=clock,
            device=device,
        )

    def close(self) -> None:
        """Close every connection; SQLite checkpoints the WAL into the database."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- plumbing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def _session(self) -> Iterator[Session]:
        """One transaction; database errors become plain-English errors with no data in them."""
        try:
            with Session(self._engine, expire_on_commit=False) as session, session.begin():
                yield session
        except (DBAPIError, sqlcipher3.DatabaseError) as exc:
            raise _classify(exc) from None
        except SQLAlchemyError:
            raise StorageError("The database refused the change. Nothing was saved.") from None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Any]:
        """A driver-level transaction (a DB-API cursor), for the hot path of the log.

        Appending is what staff wait on, so it skips the ORM and Core layers; the connection
        still comes from the same pool, with the same keyed, durable settings.
        """
        raw = self._engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
            except BaseException:
                raw.rollback()
                raise
            raw.commit()
        except (DBAPIError, sqlcipher3.DatabaseError) as exc:
            raise _classify(exc) from None
        finally:
            raw.close()

    def _author(self) -> Staff:
        if self.staff is None:
            raise BadInput(
                "The recovery key can enrol this computer and reset passphrases. To make "
                "other changes, sign in with your own name and passphrase."
            )
        return self.staff

    def _require_role(self, *roles: Role) -> Staff:
        staff = self._author()
        if staff.role not in roles:
            raise BadInput("Only an administrator can do that. Ask an administrator.")
        return staff

    # --- accounts and keys -----------------------------------------------------------------

    @property
    def store_id(self) -> str:
        """The store's random id (not personal)."""
        return self._key_file.store_id

    @property
    def device_bound(self) -> bool:
        """True when passphrases work only on enrolled computer accounts."""
        return self._key_file.device_bound

    def _replace_key_file(self, key_file: keyfile.KeyFile) -> None:
        keyfile.write(self.folder, key_file, self._data_key)
        self._key_file = keyfile.read(self.folder)

    def enrol_this_account(self) -> bool:
        """Put the device secret in this OS account's keyring; False when there is none."""
        secret = keyfile.unwrap_device_secret(self._key_file, self._data_key)
        if secret is None or not self._device.available():
            return False
        try:
            self._device.put(self._key_file.store_id, secret)
        except keyring.errors.KeyringError:
            return False
        return True

    def _passphrase_slot(
        self, staff: Staff, passphrase: str, params: KdfParams | None
    ) -> keyfile.Slot:
        validate_passphrase(passphrase)
        pepper = keyfile.unwrap_device_secret(self._key_file, self._data_key)
        return keyfile.make_slot(
            self._key_file,
            kind="passphrase",
            secret=passphrase.encode(),
            payload=self._data_key + self._chain_key,
            params=params or calibrate(),
            pepper=pepper,
            staff_id=staff.id,
            tag=keyfile.name_tag(self._key_file.name_salt, staff.name),
        )

    def add_staff(
        self, *, name: str, role: Role, passphrase: str, kdf: KdfParams | None = None
    ) -> Staff:
        """Create an account with its own key slot (administrators only)."""
        self._require_role(Role.ADMINISTRATOR)
        if not name.strip():
            raise BadInput("Enter the staff member's name.")
        tag = keyfile.name_tag(self._key_file.name_salt, name)
        if any(s.name_tag == tag for s in self._key_file.slots):
            raise BadInput("There is already an account with that name. Use a fuller name.")
        staff = Staff(
            id=str(uuid.uuid4()), name=name.strip(), role=role, created_at=self.clock.now()
        )
        slot = self._passphrase_slot(staff, passphrase, kdf)
        with self._session() as session:
            session.add(_staff_row(staff))
        self._replace_key_file(
            keyfile.KeyFile(
                store_id=self._key_file.store_id,
                name_salt=self._key_file.name_salt,
                slots=(*self._key_file.slots, slot),
                device_secret_nonce=self._key_file.device_secret_nonce,
                device_secret_wrapped=self._key_file.device_secret_wrapped,
            )
        )
        return staff

    def reset_passphrase(self, *, name: str, passphrase: str, kdf: KdfParams | None = None) -> None:
        """Give a staff member a new passphrase (recovery key or an administrator)."""
        salt = self._key_file.name_salt
        if (
            self.staff is not None
            and self.staff.role is not Role.ADMINISTRATOR
            and keyfile.name_tag(salt, name) != keyfile.name_tag(salt, self.staff.name)
        ):
            raise BadInput("Only an administrator can reset someone else's passphrase.")
        staff = next(
            (
                s
                for s in self.staff_members()
                if s.name.casefold() == " ".join(name.split()).casefold()
            ),
            None,
        )
        if staff is None:
            raise NotFound("There is no account with that name.")
        slot = self._passphrase_slot(staff, passphrase, kdf)
        kept = tuple(s for s in self._key_file.slots if s.staff_id != staff.id)
        self._replace_key_file(
            keyfile.KeyFile(
                store_id=self._key_file.store_id,
                name_salt=self._key_file.name_salt,
                slots=(*kept, slot),
                device_secret_nonce=self._key_file.device_secret_nonce,
                device_secret_wrapped=self._key_file.device_secret_wrapped,
            )
        )

    def staff_members(self) -> list[Staff]:
        """Every account, oldest first."""
        with self._session() as session:
            rows = session.scalars(select(StaffRow).order_by(StaffRow.created_at)).all()
            return [_staff(r) for r in rows]

    def weak_slots(self) -> int:
        """How many key slots use weaker-than-production key derivation."""
        return sum(1 for s in self._key_file.slots if not s.params.is_production_strength)

    # --- the home ----------------------------------------------------------------------------

    def home(self) -> Home:
        """The home's settings."""
        with self._session() as session:
            row = session.get(HomeRow, 1)
            if row is None:
                raise DatabaseDamaged("The database has no home record; restore a backup.")
            return Home(
                name=row.name,
                protocol_id=row.protocol_id,
                overnight_start=time.fromisoformat(row.overnight_start),
                overnight_end=time.fromisoformat(row.overnight_end),
                photo_max_age_days=row.photo_max_age_days,
                review_interval_minutes=row.review_interval_minutes,
                timezone=row.timezone,
            )

    # --- children ---------------------------------------------------------------------------

    def add_child(self, details: ChildDetails) -> Child:
        """Add a child to the home's records."""
        author = self._author()
        problems = details.validate(today=self.clock.now().date())
        if problems:
            raise BadInput(" ".join(problems.values()))
        row = ChildRow(
            id=str(uuid.uuid4()),
            created_at=self.clock.now(),
            created_by=author.id,
            first_name=details.first_name.strip(),
            last_name=details.last_name.strip(),
            preferred_name=details.preferred_name.strip(),
            aliases=list(details.aliases),
            date_of_birth=details.date_of_birth,
            placement_start=details.placement_start,
            placement_end=details.placement_end,
            legal_status=details.legal_status,
            responsible_authority=details.responsible_authority,
            host_authority=details.host_authority,
            responsible_protocol_id=details.responsible_protocol_id,
            social_worker=details.social_worker,
            edt_contact=details.edt_contact,
        )
        with self._session() as session:
            session.add(row)
        return _child(row)

    def children(self, *, include_left: bool = True) -> list[Child]:
        """Children in the store, by name."""
        with self._session() as session:
            rows = session.scalars(
                select(ChildRow).order_by(ChildRow.last_name, ChildRow.first_name)
            ).all()
        today = self.clock.now().date()
        return [
            _child(r)
            for r in rows
            if include_left or r.placement_end is None or r.placement_end >= today
        ]

    def child(self, child_id: str) -> Child:
        """One child by id."""
        with self._session() as session:
            row = session.get(ChildRow, child_id)
            if row is None:
                raise NotFound("There is no child with that id in this store.")
            return _child(row)

    def find_child(self, name_or_id: str) -> Child:
        """A child by id, or by a name or alias that matches exactly one child."""
        wanted = " ".join(name_or_id.split()).casefold()
        matches = []
        for c in self.children():
            names = {
                c.id,
                c.first_name,
                c.preferred_name,
                f"{c.first_name} {c.last_name}",
                f"{c.preferred_name} {c.last_name}",
                *c.aliases,
            }
            if wanted in {n.casefold() for n in names if n}:
                matches.append(c)
        if not matches:
            raise NotFound("No child in this store has that name or id.")
        if len(matches) > 1:
            raise NotFound("More than one child has that name: use the child's id instead.")
        return matches[0]

    # --- forms ------------------------------------------------------------------------------

    def save_form(
        self,
        child_id: str,
        spec: FormSpec,
        values: dict[str, Any],
        *,
        episode_id: str | None = None,
    ) -> FormVersion:
        """Save a new version of a form; earlier versions are kept unchanged."""
        author = self._author()
        problems = validate_values(spec, values)
        if problems:
            raise BadInput(
                "Some answers need attention: "
                + " ".join(
                    f"{spec.field(k).label if k in {f.id for f in spec.fields()} else k}: {v}"
                    for k, v in problems.items()
                )
            )
        self.child(child_id)
        with self._session() as session:
            current = session.scalar(
                select(func.max(FormRecordRow.number)).where(
                    FormRecordRow.child_id == child_id,
                    FormRecordRow.form_id == spec.id,
                    FormRecordRow.episode_id.is_(None)
                    if episode_id is None
                    else FormRecordRow.episode_id == episode_id,
                )
            )
            row = FormRecordRow(
                child_id=child_id,
                episode_id=episode_id,
                form_id=spec.id,
                definition_version=spec.version,
                number=(current or 0) + 1,
                data=dict(values),
                saved_at=self.clock.now(),
                saved_by=author.id,
            )
            session.add(row)
            session.flush()
            return _form_version(row, author.name)

    def form_versions(
        self, child_id: str, form_id: str, *, episode_id: str | None = None
    ) -> list[FormVersion]:
        """Every saved version of a child's form (or of one episode's form), newest first."""
        in_episode = (
            FormRecordRow.episode_id.is_(None)
            if episode_id is None
            else FormRecordRow.episode_id == episode_id
        )
        with self._session() as session:
            rows = session.execute(
                select(FormRecordRow, StaffRow.name)
                .join(StaffRow, StaffRow.id == FormRecordRow.saved_by)
                .where(
                    FormRecordRow.child_id == child_id,
                    FormRecordRow.form_id == form_id,
                    in_episode,
                )
                .order_by(FormRecordRow.number.desc())
            ).all()
            return [_form_version(r, name) for r, name in rows]

    def latest_form(self, child_id: str, form_id: str) -> FormVersion | None:
        """The newest version, which is what exports print."""
        versions = self.form_versions(child_id, form_id)
        return versions[0] if versions else None

    def form_values(self, child_id: str, spec: FormSpec) -> dict[str, Any]:
        """The answers exports and completeness use.

        The newest saved version, with the child's record and newest photo filling in anything
        never answered, so a carer never types a date of birth twice.
        """
        child = self.child(child_id)
        latest = self.latest_form(child_id, spec.id)
        values = with_prefill(spec, child, latest.values if latest else {})
        newest = next(iter(self.photos(child_id)), None)
        if newest is not None:
            for field in spec.fields():
                if field.kind is FieldKind.PHOTO and not values.get(field.id):
                    values[field.id] = newest.id
        return values

    def form_completeness(self, child_id: str, spec: FormSpec) -> tuple[int, list[str]]:
        """Percent of police-needed answers given, and labels of those still empty."""
        percent, missing = completeness(spec, self.form_values(child_id, spec))
        return percent, [f.label for f in missing]

    # --- photographs ------------------------------------------------------------------------

    def add_photo(
        self,
        child_id: str,
        data: bytes,
        *,
        taken_on: date | None = None,
        description: str = "",
        consent_by: str = "",
        consent_on: date | None = None,
    ) -> PhotoInfo:
        """Check and clean an image, then keep it; nothing is stored if it is refused."""
        author = self._author()
        self.child(child_id)
        processed = photos.process(data)
        when = taken_on or processed.taken_on
        if when is not None and when > self.clock.now().date():
            raise BadInput("The date the photo was taken is in the future.")
        row = PhotoRow(
            id=str(uuid.uuid4()),
            child_id=child_id,
            image=processed.jpeg,
            thumbnail=processed.thumbnail,
            width=processed.width,
            height=processed.height,
            sha256=processed.sha256,
            taken_on=when,
            taken_on_source="entered" if taken_on else ("exif" if when else "unknown"),
            description=description.strip(),
            consent_by=consent_by.strip(),
            consent_on=consent_on,
            added_at=self.clock.now(),
            added_by=author.id,
        )
        with self._session() as session:
            session.add(row)
        return _photo_info(row)

    def photos(self, child_id: str) -> list[PhotoInfo]:
        """A child's photos, most recent first (by date taken, then date added)."""
        with self._session() as session:
            rows = session.scalars(select(PhotoRow).where(PhotoRow.child_id == child_id)).all()
            infos = [_photo_info(r) for r in rows]
        return sorted(
            infos, key=lambda p: (p.taken_on or p.added_at.date(), p.added_at), reverse=True
        )

    def photo_image(self, photo_id: str, *, thumbnail: bool = False) -> bytes:
        """The clean JPEG bytes of a photo."""
        column = PhotoRow.thumbnail if thumbnail else PhotoRow.image
        with self._session() as session:
            data = session.scalar(select(column).where(PhotoRow.id == photo_id))
        if data is None:
            raise NotFound("There is no such photograph.")
        return data

    def photo_out_of_date(self, child_id: str) -> bool:
        """True when the newest photo is older than the home's limit, or there is none."""
        newest = next(iter(self.photos(child_id)), None)
        if newest is None:
            return True
        taken = newest.taken_on or newest.added_at.date()
        return (self.clock.now().date() - taken).days > self.home().photo_max_age_days

    # --- integrity -------------------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """Check the key file, every database page, the schema and the key slots' strength."""
        from alembic.runtime.migration import MigrationContext

        report = VerifyReport()
        try:
            on_disk = keyfile.read(self.folder)
            keyfile.check_mac(on_disk, self._data_key)
            report.checks.append("Key file: intact and authenticated.")
        except PhilomenaError as exc:
            report.problems.append(exc)
        try:
            with self._engine.connect() as conn:
                cipher = conn.exec_driver_sql("PRAGMA cipher_integrity_check").all()
                if cipher:
                    pages = ", ".join(str(r[0]) for r in cipher[:5])
                    report.problems.append(
                        DatabaseDamaged(
                            "The database (store.db) has been altered or damaged: "
                            f"{len(cipher)} page(s) failed authentication ({pages}). "
                            "Restore it from a backup."
                        )
                    )
                else:
                    report.checks.append("Database: every page authenticated.")
                integrity = conn.exec_driver_sql("PRAGMA integrity_check").all()
                if [r[0] for r in integrity] != ["ok"]:
                    report.problems.append(
                        DatabaseDamaged(
                            "The database (store.db) is damaged: its structure check failed. "
                            "Restore it from a backup."
                        )
                    )
                else:
                    report.checks.append("Database: structure intact.")
                if conn.exec_driver_sql("PRAGMA foreign_key_check").all():
                    report.problems.append(
                        DatabaseDamaged(
                            "The database (store.db) has records that point at missing records."
                        )
                    )
                revision = MigrationContext.configure(conn).get_current_revision()
                if revision == head_revision():
                    report.checks.append(f"Schema: version {revision}, current.")
                else:
                    report.problems.append(
                        DatabaseDamaged(
                            f"The database schema is at version {revision}, expected "
                            f"{head_revision()}."
                        )
                    )
        except (DBAPIError, sqlcipher3.DatabaseError) as exc:
            report.problems.append(_classify(exc))
        try:
            for problem in self.chain_problems():
                report.problems.append(
                    DatabaseDamaged(f"The timed log has been altered: {problem}")
                )
            if not any("timed log" in p.message for p in report.problems):
                report.checks.append("Timed log: every entry authenticated and in order.")
        except PhilomenaError as exc:
            report.problems.append(exc)
        weak = self.weak_slots()
        if weak:
            report.warnings.append(
                f"{weak} key slot(s) use weaker than production key derivation "
                "(made for testing). Reset those passphrases before real use."
            )
        else:
            report.checks.append("Key slots: production-strength key derivation.")
        if not self.device_bound:
            report.warnings.append(
                "This store is not bound to a computer (no keyring was available at setup): "
                "a copy of the folder opens with a passphrase alone."
            )
        return report


def _refused(lockout: Lockout, message: str) -> WrongCredentials:
    """Count a wrong try and say how long to wait before the next."""
    wait = lockout.failed()
    if wait:
        message += f" Wait {wait} seconds before trying again."
    return WrongCredentials(message, wait_seconds=wait)


def _migrate(engine: Engine, chain_key: bytes) -> None:
    """Bring an older schema up to date; refuse one made by a newer release.

    Migrations get the chain key too, for any that must link existing log entries.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
            revision = MigrationContext.configure(conn).get_current_revision()
            scripts = ScriptDirectory.from_config(_alembic_config())
            known = {s.revision for s in scripts.walk_revisions()}
            if revision is not None and revision not in known:
                raise NewerVersion(
                    "This store was made by a newer version of Philomena Desk (schema "
                    f"{revision}). Install the newer version to open it; nothing was changed."
                )
            if revision != scripts.get_current_head():
                config = _alembic_config(conn)
                config.attributes["chain_key"] = chain_key
                command.upgrade(config, "head")
                conn.commit()
    except PhilomenaError:
        raise
    except (DBAPIError, sqlcipher3.DatabaseError) as exc:
        raise _classify(exc) from None


# --- row <-> domain ---------------------------------------------------------------------------


def _home_row(home: Home) -> HomeRow:
    return HomeRow(
        id=1,
        name=home.name,
        protocol_id=home.protocol_id,
        overnight_start=home.overnight_start.strftime("%H:%M"),
        overnight_end=home.overnight_end.strftime("%H:%M"),
        photo_max_age_days=home.photo_max_age_days,
        review_interval_minutes=home.review_interval_minutes,
        timezone=home.timezone,
    )


def _staff_row(staff: Staff) -> StaffRow:
    return StaffRow(
        id=staff.id,
        name=staff.name,
        role=staff.role.value,
        created_at=staff.created_at,
        active=True,
    )


def _staff(row: StaffRow) -> Staff:
    return Staff(id=row.id, name=row.name, role=Role(row.role), created_at=row.created_at)


def _child(row: ChildRow) -> Child:
    return Child(
        id=row.id,
        created_at=row.created_at,
        first_name=row.first_name,
        last_name=row.last_name,
        preferred_name=row.preferred_name,
        aliases=tuple(row.aliases or ()),
        date_of_birth=row.date_of_birth,
        placement_start=row.placement_start,
        placement_end=row.placement_end,
        legal_status=row.legal_status,
        responsible_authority=row.responsible_authority,
        host_authority=row.host_authority,
        responsible_protocol_id=row.responsible_protocol_id,
        social_worker=row.social_worker,
        edt_contact=row.edt_contact,
    )


def _form_version(row: FormRecordRow, saved_by_name: str) -> FormVersion:
    return FormVersion(
        id=row.id,
        child_id=row.child_id,
        form_id=row.form_id,
        definition_version=row.definition_version,
        number=row.number,
        values=dict(row.data),
        saved_at=row.saved_at,
        saved_by=row.saved_by,
        saved_by_name=saved_by_name,
        episode_id=row.episode_id,
    )


def _photo_info(row: PhotoRow) -> PhotoInfo:
    return PhotoInfo(
        id=row.id,
        child_id=row.child_id,
        width=row.width,
        height=row.height,
        taken_on=row.taken_on,
        taken_on_source=row.taken_on_source,
        description=row.description,
        consent_by=row.consent_by,
        consent_on=row.consent_on,
        added_at=row.added_at,
        added_by=row.added_by,
        sha256=row.sha256,
    )


__all__ = ["CreatedStore", "Store", "VerifyReport", "head_revision", "is_store"]
