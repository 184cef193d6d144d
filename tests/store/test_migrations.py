from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from desktop.store.models import Base
from desktop.store.store import head_revision


def test_the_models_match_the_migrated_schema(store):
    with store._engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_a_new_store_is_at_the_head_revision(store):
    with store._engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()
