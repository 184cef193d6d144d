from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from desktop.domain import form_review, idle
from desktop.domain.errors import BadInput
from desktop.store.database import make_engine
from desktop.store.layout import DATABASE_NAME
from desktop.store.store import Store, head_revision
from desktop.store.tables import Base
from tests.fixtures import make_fixture_stores as fx
from tests.support.sample import ADMIN, PASSPHRASE, add_child


def test_the_models_match_the_migrated_schema(store):
    with store.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_a_new_store_is_at_the_head_revision(store):
    with store.db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()


def _as_left_by_revision_0001(store):
    """Make the database look exactly as revision 0001 left it, keeping its rows."""
    with store.db.engine.begin() as conn:
        for table in ("ledger", "ledger_head", "signing_key"):  # added by 0009
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("ALTER TABLE home DROP COLUMN backup_every_hours"))  # added by 0004
        conn.execute(text("ALTER TABLE home DROP COLUMN idle_lock_minutes"))  # added by 0008
        conn.execute(text("ALTER TABLE home DROP COLUMN form_review_months"))  # added by 0012
        conn.execute(text("ALTER TABLE child DROP COLUMN authority_child_id"))  # added by 0013
        conn.execute(text("DROP TABLE audit_entry"))  # added by 0006
        conn.execute(text("DROP TABLE missing_risk_entry"))  # added by 0007
        conn.execute(text("DROP TABLE episode_digest"))  # added by 0010
        conn.execute(text("ALTER TABLE child DROP COLUMN english_name"))  # added by 0003
        conn.execute(text("ALTER TABLE photo DROP COLUMN on_cover"))
        conn.execute(text("DROP TABLE log_head"))
        conn.execute(text("DROP INDEX ix_log_entry_episode_seq"))
        conn.execute(text("DROP INDEX ix_log_entry_episode_kind"))
        conn.execute(text("ALTER TABLE log_entry DROP COLUMN seq"))
        conn.execute(text("ALTER TABLE child DROP COLUMN placement_planned"))  # added by 0005
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    store.close()


def _reopen(store_dir, clock, device):
    return Store.open(store_dir, name=ADMIN, passphrase=PASSPHRASE, clock=clock, device=device)


def test_a_store_at_the_first_schema_is_upgraded_on_opening(created, store_dir, clock, device):
    _as_left_by_revision_0001(created.store)
    with _reopen(store_dir, clock, device) as upgraded:
        with upgraded.db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
        report = upgraded.verify()
        assert not report.problems


@pytest.fixture
def two_logged_episodes(store, clock):
    """Two children's episodes whose entries interleave, with a correction."""
    first = store.episodes.start(add_child(store).id, whereabouts="unknown")
    second = store.episodes.start(add_child(store, "Other", "Child").id, whereabouts="known")
    clock.moment += timedelta(minutes=20)
    store.episodes.append(first.id, "police_report", {"reference": "HUM-7"})
    store.episodes.append(second.id, "note", {"note": "Phoned her aunt"})
    report = store.episodes.append(first.id, "note", {"note": "Seen near the bus station"})
    store.episodes.correct(
        report.id, reason="Wrong place", replacement={"note": "Seen near the park"}
    )
    store.episodes.append(first.id, "returned", {"where": "Home"})
    return first, second


def test_a_first_schema_store_with_a_log_is_upgraded_and_its_chain_verifies(
    store, two_logged_episodes, store_dir, clock, device
):
    first, second = two_logged_episodes
    before = {e.id: store.episodes.log(e.id) for e in (first, second)}
    _as_left_by_revision_0001(store)
    with _reopen(store_dir, clock, device) as upgraded:
        assert not upgraded.verify().problems
        assert {e.id: upgraded.episodes.log(e.id) for e in (first, second)} == before
        with upgraded.db.engine.connect() as conn:
            seqs = conn.execute(text("SELECT episode_id, seq FROM log_entry ORDER BY id")).all()
        assert seqs == [
            (first.id, 1),
            (second.id, 1),
            (first.id, 2),
            (second.id, 2),
            (first.id, 3),
            (first.id, 4),
            (first.id, 5),
        ]
        clock.moment += timedelta(minutes=5)
        upgraded.episodes.append(second.id, "returned", {"where": "Aunt's house"})
        assert not upgraded.verify().problems
    with _reopen(store_dir, clock, device) as again:
        assert not again.verify().problems
        assert [e.kind for e in again.episodes.log(second.id)] == ["aware", "note", "returned"]


def test_an_upgrade_that_cannot_link_the_log_changes_nothing(tmp_path, clock, no_keyring):
    folder = tmp_path / "0001"
    shutil.copytree(fx.STORES / "0001", folder)
    engine = make_engine(folder / DATABASE_NAME, fx.DATA_KEY)
    try:
        with engine.connect() as conn:
            config = Config()
            config.set_main_option("script_location", str(fx.MIGRATIONS))
            config.attributes["connection"] = conn  # no chain key
            with pytest.raises(RuntimeError, match="chain key"):
                command.upgrade(config, "head")
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == "0001"
            columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(log_entry)")]
            assert "seq" not in columns
    finally:
        engine.dispose()
    with Store.open(
        folder, name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE, clock=clock, device=no_keyring
    ) as store:
        assert not store.verify().problems


def test_a_store_at_revision_0006_gains_an_empty_standing_risk_record(tmp_path, clock, no_keyring):
    """Upgrading 0006 to 0007 adds the table and grades no child: nothing is made up."""
    folder = tmp_path / "0006"
    shutil.copytree(fx.STORES / "0006", folder)
    with Store.open(
        folder, name=fx.STAFF_NAME, passphrase=fx.PASSPHRASE, clock=clock, device=no_keyring
    ) as store:
        with store.db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
            columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(missing_risk_entry)")]
        assert columns == [
            "id",
            "child_id",
            "kind",
            "level",
            "at",
            "decided_by",
            "recorded_at",
            "recorded_by",
        ]
        assert store.missing_risk.entries(fx.MAYA) == []
        store.missing_risk.record_level(fx.MAYA, "high", decided_by="J. Patel")
        assert not store.verify().problems


def test_a_new_store_locks_after_five_idle_minutes(store):
    assert store.home().idle_lock_minutes == idle.DEFAULT_MINUTES == 5


def test_an_upgraded_store_keeps_the_fifteen_minutes_it_locked_after(
    created, store_dir, clock, device
):
    _as_left_by_revision_0001(created.store)
    with _reopen(store_dir, clock, device) as upgraded:
        assert upgraded.home().idle_lock_minutes == idle.UPGRADED_MINUTES == 15


def test_an_administrator_sets_the_idle_time_within_bounds(store):
    assert store.children.set_idle_lock(1).idle_lock_minutes == 1
    assert store.children.set_idle_lock(60).idle_lock_minutes == 60
    for wrong in (0, -5, 61, 24 * 60):
        with pytest.raises(BadInput, match="from 1 to 60"):
            store.children.set_idle_lock(wrong)
    assert store.home().idle_lock_minutes == 60  # a refused value changes nothing


def test_new_and_upgraded_stores_review_the_forms_every_six_months(
    created, store_dir, clock, device
):
    assert created.store.home().form_review_months == form_review.DEFAULT_MONTHS == 6
    _as_left_by_revision_0001(created.store)
    with _reopen(store_dir, clock, device) as upgraded:
        assert upgraded.home().form_review_months == 6
