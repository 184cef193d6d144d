from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.domain.episode import EpisodeState, current_grading
from desktop.domain.errors import BadInput, NotFound
from tests.support.protocol import shipped_forms
from tests.support.sample import add_child, advance, close_episode


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
    close_episode(store, episode.id, "Follow-ups done")
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
    with pytest.raises(BadInput, match="1 for Stage 1, 2 for Stage 2, 3 for Escalation"):
        store.episodes.append(episode.id, "intervention_meeting", {"stage": "Stage two"})
    store.episodes.append(episode.id, "intervention_meeting", {"stage": "2"})


def test_an_episode_starts_only_with_a_medication_answer_it_knows(store, child):
    with pytest.raises(BadInput, match="Say whether they have their medication"):
        store.episodes.start(child.id, whereabouts="unknown", details={"medication": "some"})
    episode = store.episodes.start(
        child.id, whereabouts="unknown", details={"medication": "takes none"}
    )
    assert store.episodes.log(episode.id)[0].body["medication"] == "takes none"


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


@pytest.mark.parametrize("number", [0, -1, 10**20])
def test_correcting_an_entry_number_that_cannot_exist_says_there_is_none(store, episode, number):
    with pytest.raises(NotFound, match="no such log entry"):
        store.episodes.correct(number, reason="Typed wrong", retract=True)


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
    assert values["clothing"] == "Red coat"  # as when last seen: a sighting never overwrites it
    assert [s["clothing"] for s in values["sightings"]] == ["Grey hoodie"]
    assert values["reported_to_police"] is True and values["police_risk_grade"] == "High"
    assert values["reporter"] == {"name": "Ann Administrator"}
    assert [u["who"] for u in values["updates"]] == ["Ann Administrator"] * 2
    store.episodes.save_form(episode.id, shipped_forms()["part_b"], {"circumstances": "Argument"})
    again = store.episodes.form_values(episode.id, shipped_forms()["part_b"])
    assert again["circumstances"] == "Argument" and again["police_incident_number"] == "HUM-5"


def test_an_answer_keeps_the_entry_it_came_from_until_staff_save_another(store, episode, clock):
    part_b = shipped_forms()["part_b"]
    started = clock.now()
    advance(clock, 30)
    filled = store.episodes.filled_form(episode.id, part_b)
    clothing = filled.provenance["clothing"]
    assert clothing.at == started
    assert clothing.source == "Became aware the child is not where expected"
    assert "circumstances" not in filled.provenance  # nothing in the log says it
    same = {"clothing": filled.values["clothing"], "last_seen_place": "The corner shop"}
    store.episodes.save_form(episode.id, part_b, same)
    again = store.episodes.filled_form(episode.id, part_b)
    assert "clothing" in again.provenance  # saved as the log says it: still the log's
    assert "last_seen_place" not in again.provenance  # staff's own words now
    assert again.values["last_seen_place"] == "The corner shop"


def test_a_regrading_is_kept_and_part_b_takes_the_newest(store, episode, clock):
    advance(clock, 30)
    report = store.episodes.append(
        episode.id, "police_report", {"reference": "HUM-6", "risk_grading": "HIGH"}
    )
    assert report.body["risk_grading"] == "high"  # kept in its one spelling
    advance(clock, 60)
    update = store.episodes.append(episode.id, "police_update", {"risk_grading": "Low"})
    assert update.body == {"risk_grading": "low"}
    with pytest.raises(BadInput, match="not a police risk grading"):
        store.episodes.append(episode.id, "police_update", {"risk_grading": "amber"})
    with pytest.raises(BadInput, match="Say what the update is"):
        store.episodes.append(episode.id, "police_update", {"note": ""})
    log = store.episodes.log(episode.id)
    assert [e.body.get("risk_grading") for e in log if e.kind.startswith("police")] == [
        "high",
        "low",
    ]
    now = current_grading(log)
    assert now is not None and (now.text, now.graded_at) == ("low", update.event_at)
    values = store.episodes.form_values(episode.id, shipped_forms()["part_b"])
    assert values["police_risk_grade"] == "Low"
    store.episodes.correct(update.id, reason="Misheard", replacement={"risk_grading": "MEDIUM"})
    assert current_grading(store.episodes.log(episode.id)).text == "medium"


def test_risk_answers_set_the_episodes_risk_flags(store, episode):
    spec = shipped_forms()["risk_assessment"]
    store.episodes.save_form(
        episode.id, spec, {"cse_risk": True, "essential_medication": True, "remand": False}
    )
    flags = [e.body["flag"] for e in store.episodes.log(episode.id) if e.kind == "risk_flag"]
    assert sorted(flags) == ["cse", "medication"]
    store.episodes.save_form(episode.id, spec, {"cse_risk": True})
    assert len([e for e in store.episodes.log(episode.id) if e.kind == "risk_flag"]) == 2


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


def test_an_appended_entry_is_exactly_what_reading_it_back_gives(store, episode, clock):
    entry = store.episodes.append(
        episode.id,
        "contacted_person",
        {"who": "Aunt Zainab", "relationship": "aunt", "outcome": "No answer — left a message"},
        event_at=clock.now() - timedelta(minutes=5),
    )
    again = store.episodes.entry(entry.id)
    assert again == entry
    assert again.event_at.utcoffset() == entry.event_at.utcoffset()
    assert store.episodes.log(episode.id)[-1] == entry


def test_an_answer_given_in_the_police_call_takes_the_place_of_a_saved_one(store, episode, clock):
    part_b = shipped_forms()["part_b"]
    store.episodes.save_form(episode.id, part_b, {"why_worried": "Upset after contact"})
    advance(clock, 10)
    store.episodes.record_call_answer(
        episode.id,
        question="Why are you worried about them?",
        answer="She said she would meet an older man",
        supplied_by="Kim, who was on shift",
        into=(part_b, "why_worried"),
    )
    filled = store.episodes.filled_form(episode.id, part_b)
    assert filled.values["why_worried"] == "She said she would meet an older man"
    assert filled.provenance["why_worried"].supplied_by == "Kim, who was on shift"
    assert filled.provenance["why_worried"].at == clock.now()
    versions = store.episodes.form_versions(episode.id, "part_b")
    assert versions[-1].values == {"why_worried": "Upset after contact"}  # kept as it was
    last = store.episodes.log(episode.id)[-1]
    assert last.kind == "call_answer" and last.body["supplied_by"] == "Kim, who was on shift"
