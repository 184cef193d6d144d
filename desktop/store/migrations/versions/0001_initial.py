"""The first schema: home, staff, children, form versions, photos, episodes and the log."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "home",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("protocol_id", sa.String(40), nullable=False),
        sa.Column("overnight_start", sa.String(5), nullable=False),
        sa.Column("overnight_end", sa.String(5), nullable=False),
        sa.Column("photo_max_age_days", sa.Integer, nullable=False),
        sa.Column("review_interval_minutes", sa.Integer, nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
    )
    op.create_table(
        "staff",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "child",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("first_name", sa.Text, nullable=False),
        sa.Column("last_name", sa.Text, nullable=False),
        sa.Column("preferred_name", sa.Text, nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        sa.Column("date_of_birth", sa.String(10), nullable=False),
        sa.Column("placement_start", sa.String(10)),
        sa.Column("placement_end", sa.String(10)),
        sa.Column("legal_status", sa.Text, nullable=False),
        sa.Column("responsible_authority", sa.Text, nullable=False),
        sa.Column("host_authority", sa.Text, nullable=False),
        sa.Column("responsible_protocol_id", sa.String(40)),
        sa.Column("social_worker", sa.Text, nullable=False),
        sa.Column("edt_contact", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(36), sa.ForeignKey("staff.id"), nullable=False),
    )
    op.create_table(
        "episode",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("child_id", sa.String(36), sa.ForeignKey("child.id"), nullable=False),
        sa.Column("aware_at", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("started_by", sa.String(36), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("closed_at", sa.String(32)),
        sa.Column("linked_group", sa.String(36)),
    )
    op.create_index("ix_episode_child_id", "episode", ["child_id"])
    op.create_table(
        "form_record",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("child_id", sa.String(36), sa.ForeignKey("child.id"), nullable=False),
        sa.Column("episode_id", sa.String(36), sa.ForeignKey("episode.id")),
        sa.Column("form_id", sa.String(40), nullable=False),
        sa.Column("definition_version", sa.Integer, nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("saved_by", sa.String(36), sa.ForeignKey("staff.id"), nullable=False),
        sa.UniqueConstraint("child_id", "form_id", "episode_id", "number"),
    )
    op.create_index("ix_form_record_child_id", "form_record", ["child_id"])
    op.create_table(
        "photo",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("child_id", sa.String(36), sa.ForeignKey("child.id"), nullable=False),
        sa.Column("image", sa.LargeBinary, nullable=False),
        sa.Column("thumbnail", sa.LargeBinary, nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("taken_on", sa.String(10)),
        sa.Column("taken_on_source", sa.String(10), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("consent_by", sa.Text, nullable=False),
        sa.Column("consent_on", sa.String(10)),
        sa.Column("added_at", sa.String(32), nullable=False),
        sa.Column("added_by", sa.String(36), sa.ForeignKey("staff.id"), nullable=False),
    )
    op.create_index("ix_photo_child_id", "photo", ["child_id"])
    op.create_table(
        "log_entry",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("episode_id", sa.String(36), sa.ForeignKey("episode.id"), nullable=False),
        sa.Column("event_at", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("author_id", sa.String(36), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("corrects_id", sa.Integer, sa.ForeignKey("log_entry.id")),
        sa.Column("chain", sa.String(64), nullable=False),
    )
    op.create_index("ix_log_entry_episode_id", "log_entry", ["episode_id"])
    # The log is append-only: the database itself refuses changes and deletions.
    op.execute(
        "CREATE TRIGGER log_entry_no_update BEFORE UPDATE ON log_entry "
        "BEGIN SELECT RAISE(ABORT, 'log entries are append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER log_entry_no_delete BEFORE DELETE ON log_entry "
        "BEGIN SELECT RAISE(ABORT, 'log entries are append-only'); END"
    )


def downgrade() -> None:
    raise NotImplementedError("Stores are never downgraded; restore a backup instead.")
