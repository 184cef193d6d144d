"""The escalation engine sees exactly the risk flags Part A's definition maps answers to."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.model import ChildDetails
from desktop.formspec import risk_flags
from desktop.protocol.situation import build_situation
from tests.support.forms import PART_A_FLAGS, flag_cases, part_a_answer
from tests.support.protocol import prompts_for, shipped_forms
from tests.support.sample import close_episode


@pytest.mark.parametrize(("key", "flag"), flag_cases(PART_A_FLAGS))
def test_each_part_a_mapping_reaches_the_engine(store, key, flag):
    field_id, answer = key
    spec = shipped_forms()["part_a"]
    on_record = field_id == "legal_status"  # the child's record holds it, Part A shows it
    child = store.children.add(
        ChildDetails(
            first_name="Zed",
            last_name="Q",
            date_of_birth=date(2011, 4, 2),
            legal_status=answer if on_record else "",
        )
    )
    if not on_record:
        store.forms.save(child.id, spec, part_a_answer(field_id, answer))
    values = store.forms.values(child.id, spec)
    assert build_situation(store.records(child.id), shipped_forms()).child.risk_flags == {flag}
    assert risk_flags(spec, values, child=store.children.get(child.id)) == {flag}


def test_prompts_follow_the_homes_protocol(store, episode, clock):
    [report] = [p for p in prompts_for(store, episode.child_id) if p.action == "report_to_police"]
    assert report.status == "upcoming"
    assert report.due_at <= clock.now() + timedelta(hours=6)
    store.episodes.append(episode.id, "police_report", {"reference": "HUM-9"})
    [report] = [p for p in prompts_for(store, episode.child_id) if p.action == "report_to_police"]
    assert report.status == "answered"


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


def _warwickshire(store, child_id):
    from desktop.protocol.engine import evaluate
    from desktop.protocol.rules import shipped_rule_sets

    situation = build_situation(store.records(child_id), shipped_forms())
    return evaluate([shipped_rule_sets()["warwickshire"]], situation, store.clock.now())


def test_a_meeting_logged_in_an_earlier_episode_moves_the_next_one_to_the_next_stage(
    store, child, clock
):
    for number in range(5):
        past = store.episodes.start(child.id, whereabouts="unknown")
        clock.moment += timedelta(hours=3)
        store.episodes.append(past.id, "returned", {"where": "Home"})
        if number == 2:
            store.episodes.append(past.id, "intervention_meeting", {"stage": "1"})
        close_episode(store, past.id, "Back and settled")
        clock.moment += timedelta(days=10)
    store.episodes.start(child.id, whereabouts="unknown")
    rules = {p.rule for p in _warwickshire(store, child.id)}
    assert "repeat.6_in_90" in rules and "repeat.3_in_90" not in rules


def test_the_logs_return_notice_and_raised_risk_reach_the_engine(store, episode, clock):
    store.episodes.append(episode.id, "police_report", {"reference": "W-1"})
    clock.moment += timedelta(hours=5)
    store.episodes.append(episode.id, "returned", {"where": "Police station"})
    clock.moment += timedelta(hours=4)
    told = clock.now()
    store.episodes.append(episode.id, "return_notified", {"by_whom": "Police", "how": "Phone"})
    clock.moment += timedelta(hours=20)
    store.episodes.append(
        episode.id, "return_interview_raised_risk", {"assessment": "An older man is grooming her"}
    )
    prompts = {p.rule: p for p in _warwickshire(store, episode.child_id)}
    assert prompts["return.conversation"].due_at == told + timedelta(hours=72)
    assert prompts["return.conversation"].status == "answered"
    assert prompts["repeat.stage_1_high_risk"].status == "upcoming"


def test_a_planned_placement_on_the_childs_record_brings_the_forms_forward(store, clock):
    child = store.children.add(
        ChildDetails(
            first_name="New",
            last_name="Arrival",
            date_of_birth=date(2012, 1, 1),
            placement_start=clock.now().date() + timedelta(days=3),
            placement_planned=True,
        )
    )
    [forms] = [p for p in prompts_for(store, child.id) if p.duty == "update_forms.placement"]
    starts = clock.now().date() + timedelta(days=3)
    assert forms.due_at.astimezone(clock.now().tzinfo).isoformat() == f"{starts}T00:00:00+00:00"
