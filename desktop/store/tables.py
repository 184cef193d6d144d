"""Tables of the store. Alembic owns the schema; these mappings mirror its head revision."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.types import TypeDecorator

from desktop.store.errors import DatabaseDamaged


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes kept as UTC ISO 8601 text, so ordering and clock changes are exact."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        """Refuse naive times; store UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: every stored time carries its zone")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        """Read back an aware UTC time."""
        return None if value is None else datetime.fromisoformat(value)


class IsoDate(TypeDecorator[date]):
    """Calendar dates as ``YYYY-MM-DD`` text."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect: Dialect) -> str | None:
        """Store ISO text."""
        return None if value is None else value.isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> date | None:
        """Read ISO text."""
        return None if value is None else date.fromisoformat(value)


class Base(DeclarativeBase):
    """Declarative base for the store's tables."""


class HomeRow(Base):
    """The home's settings (one row)."""

    __tablename__ = "home"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    protocol_id: Mapped[str] = mapped_column(String(40))
    overnight_start: Mapped[str] = mapped_column(String(5))
    overnight_end: Mapped[str] = mapped_column(String(5))
    photo_max_age_days: Mapped[int] = mapped_column(Integer)
    review_interval_minutes: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))
    backup_every_hours: Mapped[int] = mapped_column(Integer, default=24)
    idle_lock_minutes: Mapped[int] = mapped_column(Integer, default=5)
    form_review_months: Mapped[int] = mapped_column(Integer, default=6)

    @staticmethod
    def the_one(session: Session) -> HomeRow:
        """The home's row; a store without one is damaged, and restoring a backup mends it."""
        row = session.get(HomeRow, 1)
        if row is None:
            raise DatabaseDamaged("The database has no home record; restore a backup.")
        return row


class StaffRow(Base):
    """Staff accounts; key slots live in the key file."""

    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(default=True)


class ChildRow(Base):
    """Children and their placement details."""

    __tablename__ = "child"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    first_name: Mapped[str] = mapped_column(Text)
    last_name: Mapped[str] = mapped_column(Text)
    preferred_name: Mapped[str] = mapped_column(Text, default="")
    english_name: Mapped[str] = mapped_column(Text, default="", server_default="")
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    date_of_birth: Mapped[date] = mapped_column(IsoDate)
    placement_start: Mapped[date | None] = mapped_column(IsoDate, nullable=True)
    placement_end: Mapped[date | None] = mapped_column(IsoDate, nullable=True)
    placement_planned: Mapped[bool | None] = mapped_column(nullable=True)
    legal_status: Mapped[str] = mapped_column(Text, default="")
    responsible_authority: Mapped[str] = mapped_column(Text, default="")
    authority_child_id: Mapped[str] = mapped_column(Text, default="", server_default="")
    host_authority: Mapped[str] = mapped_column(Text, default="")
    responsible_protocol_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    social_worker: Mapped[str] = mapped_column(Text, default="")
    edt_contact: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    created_by: Mapped[str] = mapped_column(ForeignKey("staff.id"))


class FormRecordRow(Base):
    """Every saved version of every form, never overwritten."""

    __tablename__ = "form_record"
    __table_args__ = (UniqueConstraint("child_id", "form_id", "episode_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    episode_id: Mapped[str | None] = mapped_column(ForeignKey("episode.id"), nullable=True)
    form_id: Mapped[str] = mapped_column(String(40))
    definition_version: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime)
    saved_by: Mapped[str] = mapped_column(ForeignKey("staff.id"))


class PhotoRow(Base):
    """Cleaned photographs with their thumbnails."""

    __tablename__ = "photo"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    image: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    taken_on: Mapped[date | None] = mapped_column(IsoDate, nullable=True)
    taken_on_source: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="")
    consent_by: Mapped[str] = mapped_column(Text, default="")
    consent_on: Mapped[date | None] = mapped_column(IsoDate, nullable=True)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime)
    added_by: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    on_cover: Mapped[bool] = mapped_column(default=True, server_default="1")


class EpisodeRow(Base):
    """Absence and missing episodes."""

    __tablename__ = "episode"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    aware_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_by: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    linked_group: Mapped[str | None] = mapped_column(String(36), nullable=True)


class LogEntryRow(Base):
    """The timed, append-only log."""

    __tablename__ = "log_entry"
    __table_args__ = (
        Index("ix_log_entry_episode_seq", "episode_id", "seq", unique=True),
        Index("ix_log_entry_episode_kind", "episode_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    episode_id: Mapped[str] = mapped_column(ForeignKey("episode.id"), index=True)
    event_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    author_id: Mapped[str] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(40))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("log_entry.id"), nullable=True)
    chain: Mapped[str] = mapped_column(String(64), default="")
    seq: Mapped[int] = mapped_column(Integer, server_default="0")


class LogHeadRow(Base):
    """The newest entry of the chain, with a MAC so a cut-off tail is caught."""

    __tablename__ = "log_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
    last_chain: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


class AuditRow(Base):
    """One sign-in, sign-out, export, print or e-mail draft: who, when, what — never content."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    what: Mapped[str] = mapped_column(String(40))
    child_id: Mapped[str | None] = mapped_column(ForeignKey("child.id"), nullable=True)


class SigningKeyRow(Base):
    """A staff member's public signing key (the private half is in their key slot); kept forever."""

    __tablename__ = "signing_key"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True, index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    made_at: Mapped[str] = mapped_column(String(32))
    made_by: Mapped[str | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class LedgerRow(Base):
    """One signed, chained change to a record (see :mod:`desktop.store.signing`)."""

    __tablename__ = "ledger"
    __table_args__ = (Index("ix_ledger_kind_ref", "kind", "ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    key_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    digest: Mapped[str] = mapped_column(String(64))
    at: Mapped[str] = mapped_column(String(32))
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class LedgerHeadRow(Base):
    """The ledger's newest row (count and hash), with a MAC under the log's key."""

    __tablename__ = "ledger_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


class MissingRiskRow(Base):
    """A child's standing risk of going missing decided, or a review meeting held; never changed."""

    __tablename__ = "missing_risk_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    level: Mapped[str | None] = mapped_column(String(10), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[str] = mapped_column(Text, default="", server_default="")
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    recorded_by: Mapped[str] = mapped_column(ForeignKey("staff.id"))


class EpisodeDigestRow(Base):
    """What an episode counts for in the protocol, kept up to date as its log grows.

    Worked out from the log by :mod:`desktop.store.history` in the same transaction as each
    entry that can change it, so a child's years of episodes are read as a few small rows.
    """

    __tablename__ = "episode_digest"

    episode_id: Mapped[str] = mapped_column(ForeignKey("episode.id"), primary_key=True)
    child_id: Mapped[str] = mapped_column(ForeignKey("child.id"), index=True)
    start: Mapped[str] = mapped_column(String(32))
    away: Mapped[bool] = mapped_column()
    closed: Mapped[bool] = mapped_column()
    returned: Mapped[str | None] = mapped_column(String(32), nullable=True)
    reported: Mapped[bool] = mapped_column()
    interview: Mapped[str | None] = mapped_column(String(10), nullable=True)
    meetings: Mapped[str] = mapped_column(Text)
    absence: Mapped[str | None] = mapped_column(Text, nullable=True)
    """The episode's row of the absence log (:mod:`desktop.store.absence_log`)."""
