"""Rows to records and back: the only place that knows both the tables and the domain types."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from desktop.domain.model import (
    Child,
    ChildDetails,
    Episode,
    FormVersion,
    Home,
    LogEntry,
    PhotoInfo,
    Role,
    Staff,
)
from desktop.store.tables import (
    ChildRow,
    EpisodeRow,
    FormRecordRow,
    HomeRow,
    LogEntryRow,
    PhotoRow,
    StaffRow,
)


def home_row(home: Home) -> HomeRow:
    """The single row of the home's settings."""
    return HomeRow(
        id=1,
        name=home.name,
        protocol_id=home.protocol_id,
        overnight_start=home.overnight_start.isoformat(timespec="minutes"),
        overnight_end=home.overnight_end.isoformat(timespec="minutes"),
        photo_max_age_days=home.photo_max_age_days,
        review_interval_minutes=home.review_interval_minutes,
        timezone=home.timezone,
        backup_every_hours=home.backup_every_hours,
        idle_lock_minutes=home.idle_lock_minutes,
        form_review_months=home.form_review_months,
    )


def home(row: HomeRow) -> Home:
    """The home's settings."""
    return Home(
        name=row.name,
        protocol_id=row.protocol_id,
        overnight_start=time.fromisoformat(row.overnight_start),
        overnight_end=time.fromisoformat(row.overnight_end),
        photo_max_age_days=row.photo_max_age_days,
        review_interval_minutes=row.review_interval_minutes,
        timezone=row.timezone,
        backup_every_hours=row.backup_every_hours,
        idle_lock_minutes=row.idle_lock_minutes,
        form_review_months=row.form_review_months,
    )


def staff_row(staff: Staff) -> StaffRow:
    """A new, active account."""
    return StaffRow(
        id=staff.id,
        name=staff.name,
        role=staff.role.value,
        created_at=staff.created_at,
        active=True,
    )


def staff(row: StaffRow) -> Staff:
    """An account."""
    return Staff(id=row.id, name=row.name, role=Role(row.role), created_at=row.created_at)


def child_row(details: ChildDetails, *, child_id: str, created_by: Staff, at: datetime) -> ChildRow:
    """A new child's row, names trimmed."""
    return ChildRow(
        id=child_id,
        created_at=at,
        created_by=created_by.id,
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        preferred_name=details.preferred_name.strip(),
        english_name=unicodedata.normalize("NFC", details.english_name.strip()),
        aliases=list(details.aliases),
        date_of_birth=details.date_of_birth,
        placement_start=details.placement_start,
        placement_end=details.placement_end,
        placement_planned=details.placement_planned,
        legal_status=details.legal_status,
        responsible_authority=details.responsible_authority,
        authority_child_id=details.authority_child_id.strip(),
        host_authority=details.host_authority,
        responsible_protocol_id=details.responsible_protocol_id,
        social_worker=details.social_worker,
        edt_contact=details.edt_contact,
    )


def child(row: ChildRow) -> Child:
    """A child's record."""
    return Child(
        id=row.id,
        created_at=row.created_at,
        first_name=row.first_name,
        last_name=row.last_name,
        preferred_name=row.preferred_name,
        english_name=row.english_name,
        aliases=tuple(row.aliases or ()),
        date_of_birth=row.date_of_birth,
        placement_start=row.placement_start,
        placement_end=row.placement_end,
        placement_planned=row.placement_planned,
        legal_status=row.legal_status,
        responsible_authority=row.responsible_authority,
        authority_child_id=row.authority_child_id,
        host_authority=row.host_authority,
        responsible_protocol_id=row.responsible_protocol_id,
        social_worker=row.social_worker,
        edt_contact=row.edt_contact,
    )


def form_version(row: FormRecordRow, saved_by_name: str) -> FormVersion:
    """One saved version of a form, with the name of who saved it."""
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


def photo_info(row: PhotoRow) -> PhotoInfo:
    """What is known about a photo, without its pixels."""
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
        on_cover=row.on_cover,
    )


def episode(row: EpisodeRow) -> Episode:
    """An episode's header (its log is read separately)."""
    return Episode(
        id=row.id,
        child_id=row.child_id,
        aware_at=row.aware_at,
        recorded_at=row.recorded_at,
        started_by=row.started_by,
        closed_at=row.closed_at,
        linked_group=row.linked_group,
    )


LOG_ENTRY_COLUMNS = "id, episode_id, event_at, recorded_at, author_id, kind, body, corrects_id"
"""The columns, in order, that :func:`log_entry_from_driver` reads."""


def log_entry(row: LogEntryRow) -> LogEntry:
    """A log entry as written, from its mapped row."""
    return log_entry_from_driver(
        (
            row.id,
            row.episode_id,
            row.event_at,
            row.recorded_at,
            row.author_id,
            row.kind,
            row.body,
            row.corrects_id,
        )
    )


def log_entry_from_driver(values: Sequence[Any]) -> LogEntry:
    """A log entry from the driver's values for :data:`LOG_ENTRY_COLUMNS`.

    The one place a :class:`LogEntry` is made from what is stored, whether the times and body
    arrive as stored text (the log's fast path) or already decoded (the ORM's).
    """
    entry_id, episode_id, event_at, recorded_at, author_id, kind, body, corrects_id = values
    return LogEntry(
        id=int(entry_id),
        episode_id=str(episode_id),
        event_at=_moment(event_at),
        recorded_at=_moment(recorded_at),
        author_id=str(author_id),
        kind=str(kind),
        body=dict(json.loads(body) if isinstance(body, str) else body),
        corrects_id=None if corrects_id is None else int(corrects_id),
    )


def _moment(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)
