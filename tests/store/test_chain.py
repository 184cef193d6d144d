from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop.store.errors import DatabaseDamaged
from desktop.store.store import Store
from tests.support.sample import ADMIN, PASSPHRASE, add_child, advance


@pytest.fixture
def logged(store, episode, clock):
    for i in range(5):
        advance(clock, 10)
        store.episodes.append(episode.id, "note", {"note": f"check {i}"})
    assert store.verify().problems == []
    return episode


def _raw(store, *statements):
    with store.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER IF EXISTS log_entry_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS log_entry_no_delete"))
        for sql in statements:
            conn.execute(text(sql))


def _problems(store):
    report = store.verify()
    assert all(isinstance(p, DatabaseDamaged) for p in report.problems)
    return " | ".join(p.message for p in report.problems)


def test_an_entry_changed_with_raw_sql_is_named(store, logged):
    _raw(store, 'UPDATE log_entry SET body = \'{"note": "nothing happened"}\' WHERE id = 3')
    assert "Log entry 3" in _problems(store) and "changed" in _problems(store)


def test_a_deleted_entry_is_named(store, logged):
    _raw(store, "DELETE FROM log_entry WHERE id = 4")
    assert "entries 4 to 4 are missing" in _problems(store)


def test_reordered_entries_are_named(store, logged):
    _raw(
        store,
        "UPDATE log_entry SET id = 100 WHERE id = 2",
        "UPDATE log_entry SET id = 2 WHERE id = 3",
        "UPDATE log_entry SET id = 3 WHERE id = 100",
    )
    problems = _problems(store)
    assert "Log entry 2" in problems and "Log entry 3" in problems


def test_a_cut_off_tail_is_caught(store, logged):
    _raw(store, "DELETE FROM log_entry WHERE id = 6")
    assert "newest log entries are missing" in _problems(store)


def test_an_edit_with_the_database_key_alone_cannot_forge_the_chain(
    store, logged, store_dir, clock, device
):
    import hashlib
    import hmac

    from desktop.store import opening

    # An attacker with the database key recomputes the link with the only key they could
    # guess at: the database key itself. It does not match.
    unlocked = opening.with_passphrase(
        store_dir, name=ADMIN, passphrase=PASSPHRASE, clock=clock, device=device
    )
    data_key = unlocked.keys.data_key
    unlocked.db.dispose()
    with store.db.engine.connect() as conn:
        previous = conn.execute(text("SELECT chain FROM log_entry WHERE id = 2")).scalar_one()
    forged = hmac.new(data_key, previous.encode() + b"forged", hashlib.sha256).hexdigest()
    _raw(
        store, f"UPDATE log_entry SET body = '{{\"note\": \"x\"}}', chain = '{forged}' WHERE id = 3"
    )
    assert "Log entry 3" in _problems(store)


def test_appending_after_a_reopen_keeps_the_chain(store, logged, store_dir, clock, device):
    store.close()

    with Store.open(
        store_dir, name=ADMIN, passphrase=PASSPHRASE, clock=clock, device=device
    ) as again:
        again.episodes.append(logged.id, "note", {"note": "after reopening"})
        assert again.verify().problems == []


def test_log_entries_cannot_be_changed_or_deleted(store):
    from sqlalchemy import text

    child = add_child(store)
    now = store.clock.now().isoformat()
    staff = store.staff.id
    with store.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO episode (id, child_id, aware_at, recorded_at, started_by) "
                "VALUES ('e1', :c, :t, :t, :s)"
            ),
            {"c": child.id, "t": now, "s": staff},
        )
        conn.execute(
            text(
                "INSERT INTO log_entry (episode_id, event_at, recorded_at, author_id, kind, body,"
                " chain) VALUES ('e1', :t, :t, :s, 'note', '{}', '')"
            ),
            {"t": now, "s": staff},
        )
    for sql in ("UPDATE log_entry SET kind = 'edited'", "DELETE FROM log_entry"):
        with pytest.raises(Exception, match="append-only"), store.db.engine.begin() as conn:
            conn.execute(text(sql))
