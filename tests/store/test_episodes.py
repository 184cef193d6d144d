from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from desktop.domain.episode import EpisodeState
from desktop.domain.errors import BadInput
from desktop.formspec import shipped_forms
from desktop.store.errors import DatabaseDamaged
from tests.support.protocol import prompts_for
from tests.support.sample import ADMIN, PASSPHRASE, add_child


@pytest.fixture
def child(store):
    return add_child(store)


@pytest.fixture
def episode(store, child, clock):
    return store.episodes.start(
        child.id,
        whereabouts="unknown",
        details={"last_seen_where": "Bus station", "clothing": "Red coat"},
    )


def advance(clock, minutes):
    clock.moment += timedelta(minutes=minutes)


def test_an_episode_starts_with_its_aware_entry_and_follows_its_log(store, episode, clock):
    [aware] = store.episodes.log(episode.id)
    assert aware.kind == "aware" and aware.event_at == clock.now()
    assert aware.author_id == store.staff.id
    assert store.episodes.state(episode.id) is EpisodeState.WHEREABOUTS_UNKNOWN
    advance(clock, 30)
    store.episodes.append(episode.id, "whereabouts_known", {"where": "Friend's house"})
    assert store.episodes.state(episode.id) is EpisodeState.AWAY_KNOWN
    store.episodes.append(episode.id, "whereabouts_unknown", {})
    store.episodes.append(
        episode.id, "police_report", {"reference": "HUM-1", "risk_grading": "medium"}
    )
    assert store.episodes.state(episode.id) is EpisodeState.REPORTED_MISSING
    store.episodes.append(episode.id, "returned", {"where": "Home"})
    assert store.episodes.state(episode.id) is EpisodeState.RETURNED
    store.episodes.append(episode.id, "closed", {"reason": "Follow-ups done"})
    assert store.episodes.state(episode.id) is EpisodeState.CLOSED
    with pytest.raises(BadInput, match="closed"):
        store.episodes.append(episode.id, "note", {"note": "late"})


def test_event_time_and_recorded_time_are_both_kept(store, episode, clock):
    advance(clock, 40)
    seen = clock.now() - timedelta(minutes=25)
    entry = store.episodes.append(
        episode.id,
        "sighting",
        {"where": "Park", "seen_at": "15:15", "by_whom": "Neighbour"},
        event_at=seen,
    )
    assert entry.event_at == seen and entry.recorded_at == clock.now()


def test_one_away_episode_per_child_but_a_returned_one_does_not_block(store, child, episode, clock):
    with pytest.raises(BadInput, match="already has an open episode"):
        store.episodes.start(child.id, whereabouts="unknown")
    store.episodes.append(episode.id, "returned", {"where": "Home"})
    clock.moment += timedelta(hours=1)
    second = store.episodes.start(child.id, whereabouts="known")
    assert store.episodes.current(child.id).id == second.id


def test_an_earlier_awareness_time_needs_its_reason(store, child, clock):
    earlier = clock.now() - timedelta(hours=1)
    with pytest.raises(BadInput, match="say why"):
        store.episodes.start(child.id, whereabouts="unknown", aware_at=earlier)
    episode = store.episodes.start(
        child.id,
        whereabouts="unknown",
        aware_at=earlier,
        reason_for_time="Bedroom found empty at 14:00",
    )
    assert episode.aware_at == earlier
    with pytest.raises(BadInput, match="future"):
        store.episodes.append(
            episode.id, "note", {"note": "x"}, event_at=clock.now() + timedelta(hours=1)
        )


def test_entries_are_checked_for_what_their_kind_needs(store, episode):
    with pytest.raises(BadInput, match="needs: who, relationship, outcome"):
        store.episodes.append(episode.id, "contacted_person", {})
    with pytest.raises(BadInput, match="not a kind"):
        store.episodes.append(episode.id, "teleported", {})
    with pytest.raises(BadInput, match="Say who was told"):
        store.episodes.append(episode.id, "notified", {"whom": "the milkman", "how": "phone"})
    store.episodes.append(episode.id, "notified", {"whom": "emergency duty team", "how": "phone"})
    with pytest.raises(BadInput, match="why it was not done"):
        store.episodes.append(
            episode.id, "decision", {"action": "notify_parents", "outcome": "not_done"}
        )


def test_a_correction_is_a_new_entry_and_the_original_is_kept(store, episode, clock):
    advance(clock, 5)
    wrong = store.episodes.append(episode.id, "police_report", {"reference": "HUM-11"})
    advance(clock, 5)
    fix = store.episodes.correct(
        wrong.id, reason="Typed the wrong number", replacement={"reference": "HUM-17"}
    )
    assert fix.corrects_id == wrong.id and fix.kind == "correction"
    assert store.episodes.entry(wrong.id).body["reference"] == "HUM-11"  # untouched
    values = store.episodes.form_values(episode.id, shipped_forms()["part_b"])
    assert values["police_incident_number"] == "HUM-17"
    store.episodes.correct(wrong.id, reason="Not reported after all", retract=True)
    assert store.episodes.state(episode.id) is EpisodeState.WHEREABOUTS_UNKNOWN


def test_part_b_is_filled_from_the_episode_and_its_log(store, episode, clock):
    advance(clock, 60)
    store.episodes.append(
        episode.id,
        "sighting",
        {"where": "Park", "seen_at": "16:00", "by_whom": "Bus driver", "clothing": "Grey hoodie"},
    )
    store.episodes.append(
        episode.id, "police_report", {"reference": "HUM-5", "risk_grading": "high"}
    )
    values = store.episodes.form_values(episode.id, shipped_forms()["part_b"])
    assert values["last_seen_place"] == "Bus station"
    assert values["clothing"] == "Grey hoodie"  # the newest sighting wins
    assert values["reported_to_police"] is True and values["police_risk_grade"] == "High"
    assert [u["who"] for u in values["updates"]] == ["Ann Administrator"] * 2
    store.episodes.save_form(episode.id, shipped_forms()["part_b"], {"circumstances": "Argument"})
    again = store.episodes.form_values(episode.id, shipped_forms()["part_b"])
    assert again["circumstances"] == "Argument" and again["police_incident_number"] == "HUM-5"


def test_risk_answers_set_the_episodes_risk_flags(store, episode):
    spec = shipped_forms()["risk_assessment"]
    store.episodes.save_form(
        episode.id, spec, {"cse_risk": True, "essential_medication": True, "remand": False}
    )
    flags = [e.body["flag"] for e in store.episodes.log(episode.id) if e.kind == "risk_flag"]
    assert sorted(flags) == ["cse", "medication"]
    store.episodes.save_form(episode.id, spec, {"cse_risk": True})
    assert len([e for e in store.episodes.log(episode.id) if e.kind == "risk_flag"]) == 2


def test_prompts_follow_the_homes_protocol(store, episode, clock):
    [report] = [p for p in prompts_for(store, episode.child_id) if p.action == "report_to_police"]
    assert report.status == "upcoming"
    assert report.due_at <= clock.now() + timedelta(hours=6)
    store.episodes.append(episode.id, "police_report", {"reference": "HUM-9"})
    [report] = [p for p in prompts_for(store, episode.child_id) if p.action == "report_to_police"]
    assert report.status == "answered"


def test_linked_episodes_share_a_group(store, child, episode):
    other_child = add_child(store, "Other", "Child")
    other = store.episodes.start(other_child.id, whereabouts="unknown")
    group = store.episodes.link([episode.id, other.id])
    assert (
        store.episodes.get(episode.id).linked_group
        == group
        == store.episodes.get(other.id).linked_group
    )


# --- tamper evidence ------------------------------------------------------------------------


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
    from desktop.store.store import Store

    with Store.open(
        store_dir, name=ADMIN, passphrase=PASSPHRASE, clock=clock, device=device
    ) as again:
        again.episodes.append(logged.id, "note", {"note": "after reopening"})
        assert again.verify().problems == []


def test_saving_both_philomena_forms_answers_the_placement_duty(store, clock):
    from datetime import date

    from desktop.domain.model import ChildDetails

    child = store.children.add(
        ChildDetails(
            first_name="New",
            last_name="Arrival",
            date_of_birth=date(2012, 1, 1),
            placement_start=clock.now().date(),
        )
    )
    duty = [p for p in prompts_for(store, child.id) if p.duty == "update_forms.placement"]
    assert duty and duty[0].status == "upcoming" and duty[0].profile
    store.forms.save(child.id, shipped_forms()["part_a"], {"height": "150 cm"})
    assert (
        next(p for p in prompts_for(store, child.id) if p.duty == "update_forms.placement").status
        == "upcoming"
    )
    store.forms.save(child.id, shipped_forms()["locations"], {"likely_first_place": "Park"})
    assert (
        next(p for p in prompts_for(store, child.id) if p.duty == "update_forms.placement").status
        == "answered"
    )


def test_injuries_on_return_bring_the_evidence_duty(store, episode, clock):
    store.episodes.append(episode.id, "police_report", {"reference": "HUM-1"})
    clock.moment += timedelta(hours=2)
    store.episodes.append(episode.id, "returned", {"where": "Home", "injuries": "Bruised wrist"})
    actions = {p.action for p in prompts_for(store, episode.child_id)}
    assert "preserve_evidence" in actions


def test_no_evidence_duty_when_no_harm_is_suspected(store, episode, clock):
    clock.moment += timedelta(hours=2)
    store.episodes.append(episode.id, "returned", {"where": "Home"})
    assert "preserve_evidence" not in {p.action for p in prompts_for(store, episode.child_id)}
    store.episodes.append(episode.id, "harm_suspected", {"why": "Said an adult hurt her"})
    assert "preserve_evidence" in {p.action for p in prompts_for(store, episode.child_id)}
