"""An episode's follow-ups after the return: recorded, timed against 72 hours, closing on them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop.domain.entry_text import entry_line
from desktop.domain.episode import EpisodeState
from desktop.domain.errors import BadInput, NotPermitted
from desktop.domain.follow_ups import follow_ups, still_to_do
from desktop.domain.model import Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from tests.support.protocol import shipped_forms
from tests.support.sample import advance, reopen

CARER, CARER_PASSPHRASE = "Sam Carer", "sams own passphrase"


def _back(store, episode, clock, *, reported: bool = False):
    if reported:
        store.episodes.append(episode.id, "police_report", {"reference": "HUM-9"})
    advance(clock, 60)
    return store.episodes.append(episode.id, "returned", {"where": "Home"})


def test_closing_is_refused_until_the_return_interview_is_recorded(store, episode, clock):
    _back(store, episode, clock)
    with pytest.raises(BadInput, match="Still to do: Record the return interview"):
        store.episodes.close(episode.id, "Back and settled")
    assert store.episodes.state(episode.id) is EpisodeState.RETURNED
    store.episodes.append(
        episode.id,
        "return_interview_declined",
        {"declined_by": "The child", "why": "Did not want to talk about it"},
    )
    store.episodes.close(episode.id, "Back and settled")
    assert store.episodes.state(episode.id) is EpisodeState.CLOSED


def test_a_reported_episode_also_needs_the_police_safe_and_well_interview(store, episode, clock):
    _back(store, episode, clock, reported=True)
    store.episodes.append(episode.id, "return_interview_done", {"by": "Missing officer"})
    with pytest.raises(BadInput) as refused:
        store.episodes.close(episode.id, "Done")
    assert "safe-and-well" in refused.value.message
    assert "return interview" not in refused.value.message
    store.episodes.append(
        episode.id,
        "safe_and_well_done",
        {"by": "PC Jones", "in_person": "no", "not_in_person_why": "By phone: she was asleep"},
    )
    store.episodes.close(episode.id, "Done")
    assert store.episodes.state(episode.id) is EpisodeState.CLOSED


def test_an_interview_not_in_person_says_why(store, episode, clock):
    _back(store, episode, clock)
    with pytest.raises(BadInput, match="not held in person"):
        store.episodes.append(episode.id, "safe_and_well_done", {"in_person": "no"})
    with pytest.raises(BadInput, match="yes or no"):
        store.episodes.append(episode.id, "return_interview_done", {"independent": "maybe"})


def test_an_interview_outside_72_hours_of_the_return_needs_a_reason(store, episode, clock):
    returned = _back(store, episode, clock)
    advance(clock, 73 * 60)
    store.episodes.append(
        episode.id,
        "return_interview_offered",
        {"offered_by": "Missing officer", "independent": "yes"},
        event_at=returned.event_at + timedelta(hours=2),
    )
    with pytest.raises(BadInput, match="more than 72 hours"):
        store.episodes.append(episode.id, "return_interview_done", {"by": "Missing officer"})
    held = store.episodes.append(
        episode.id,
        "return_interview_done",
        {"by": "Missing officer", "late_reason": "She was at her nan's until Friday"},
    )
    # Backdated to within the 72 hours, no reason is asked for.
    store.episodes.append(
        episode.id,
        "return_interview_declined",
        {"declined_by": "Her mother"},
        event_at=returned.event_at + timedelta(hours=71),
    )
    # The manager's figures read it the same way: the answer latest in time is the last word.
    [row] = store.absence_log()
    assert row.returned == returned.event_at and row.interview is not None
    assert row.interview.offered_at == returned.event_at + timedelta(hours=2)
    assert row.interview.outcome == "done" and row.interview.at == held.event_at
    assert row.interview.late_reason == "She was at her nan's until Friday"
    assert row.follow_up(clock.now(), timedelta(hours=72)) == "Interview late"
    store.episodes.correct(held.id, reason="Recorded against the wrong episode", retract=True)
    [row] = store.absence_log()
    assert row.interview is not None and row.interview.outcome == "declined"
    assert row.follow_up(clock.now(), timedelta(hours=72)) == "Interview declined"


def test_only_a_manager_waives_the_follow_ups_and_then_the_episode_closes(
    store, episode, store_dir, clock, device
):
    store.accounts.add(
        name=CARER, role=Role.STAFF, passphrase=CARER_PASSPHRASE, kdf=TEST_ONLY_PARAMS
    )
    _back(store, episode, clock, reported=True)
    store.close()
    with reopen(store_dir, clock, device, name=CARER, passphrase=CARER_PASSPHRASE) as carer:
        with pytest.raises(NotPermitted, match="manager"):
            carer.episodes.append(episode.id, "follow_ups_waived", {"reason": "Moved away"})
        with pytest.raises(BadInput, match="Still to do"):
            carer.episodes.close(episode.id, "Back")
    with reopen(store_dir, clock, device) as manager:
        manager.episodes.append(
            episode.id,
            "follow_ups_waived",
            {"reason": "Moved to another county the next day", "agreed_by": "Jo, the SSW"},
        )
        log = manager.episodes.log(episode.id)
        assert still_to_do(log) == []
        assert [f.done for f in follow_ups(log)] == [False, False]  # waived, not done
        manager.episodes.close(episode.id, "Moved away")
        assert manager.episodes.state(episode.id) is EpisodeState.CLOSED


def test_a_sensitive_disclosure_is_only_referred_to_in_the_record(store, episode, clock):
    _back(store, episode, clock)
    entry = store.episodes.append(
        episode.id,
        "sensitive_disclosure",
        {"disclosure": "Named the man who hurt her", "disclosed_to": "Missing officer"},
    )
    line = entry_line(entry, clock.now().tzinfo)
    assert "sensitive disclosure was recorded on" in line
    assert "Named the man" not in line and "Missing officer" not in line
    fixed = store.episodes.correct(
        entry.id, reason="Wrong name", replacement={"disclosure": "Named another man"}
    )
    log = {e.id: e for e in store.episodes.log(episode.id)}
    assert "Named" not in entry_line(fixed, clock.now().tzinfo, log=log)


def test_the_return_interview_form_sets_the_risks_it_finds_in_the_log(store, episode, clock):
    _back(store, episode, clock)
    store.episodes.append(
        episode.id, "sensitive_disclosure", {"disclosure": "Named the man who hurt her"}
    )
    spec = shipped_forms()["return_interview"]
    assert store.episodes.form_values(episode.id, spec)["sensitive_disclosure"] is True
    store.episodes.save_form(
        episode.id,
        spec,
        {"why_went": "To see her cousin", "cce_indicators": True, "risk_again": "High"},
    )
    flags = [e.body["flag"] for e in store.episodes.log(episode.id) if e.kind == "risk_flag"]
    assert flags == ["cce"]


def test_the_return_interview_form_asks_what_the_protocols_ask():
    spec = shipped_forms()["return_interview"]
    for field_id in (
        "why_went", "where_went", "with_whom", "harm", "what_would_help", "push_factors",
        "pull_factors", "cse_indicators", "cce_indicators", "nrm_referral", "safety_plan",
        "risk_again", "strategy_meeting",
    ):  # fmt: skip
        spec.field(field_id)
    assert spec.scope == "episode" and spec.outputs == ("episode",)
