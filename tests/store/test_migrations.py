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


def test_a_store_at_the_first_schema_is_upgraded_on_opening(created, store_dir, clock, device):
    from sqlalchemy import text

    from desktop.store.store import Store
    from tests.support.sample import ADMIN, PASSPHRASE

    store = created.store
    # Make it look exactly as revision 0001 left it.
    with store._engine.begin() as conn:
        conn.execute(text("DROP TABLE log_head"))
        conn.execute(text("DROP INDEX ix_log_entry_episode_seq"))
        conn.execute(text("DROP INDEX ix_log_entry_episode_kind"))
        conn.execute(text("ALTER TABLE log_entry DROP COLUMN seq"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    store.close()
    with Store.open(
        store_dir, name=ADMIN, passphrase=PASSPHRASE, clock=clock, device=device
    ) as upgraded:
        with upgraded._engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
        report = upgraded.verify()
        assert not report.problems
