"""Part B's answers from the log stay true to what the log and the protocol can say.

The form names entry kinds, the values some entry fields take and the protocol's duties by
their ids; a renamed role, duty or medication answer must fail here, not leave Part B blank.
"""

from __future__ import annotations

from desktop.domain.episode import MEDICATION_ANSWERS, NOTIFIED_ROLES
from desktop.protocol.rules import ACTIONS
from desktop.ui.missing_dialogs import MEDICATION_WORDS
from tests.support.protocol import shipped_forms

FORMS = shipped_forms()
PART_B = FORMS["part_b"]


def _sources(field_id: str, entry: str):
    return [s for s in PART_B.field(field_id).from_log if s.entries == (entry,)]


def test_every_duty_a_form_takes_a_time_from_is_one_the_protocol_has():
    duties = [f.from_duty for spec in FORMS.values() for f in spec.fields() if f.from_duty]
    assert duties == ["report_to_police"]
    assert set(duties) <= ACTIONS


def test_everyone_the_log_can_say_was_told_is_ticked_among_the_people_told():
    [notified] = _sources("people_told", "notified")
    assert {said for said, _ in notified.map} == set(NOTIFIED_ROLES)
    [decided] = _sources("people_told", "decision")
    assert decided.only == (("outcome", "done"),)
    assert {said for said, _ in decided.map} <= ACTIONS


def test_every_check_a_carer_logs_ticks_what_has_been_done():
    [checks] = _sources("actions_taken", "*")
    assert {said for said, _ in checks.map} == {
        "searched_premises",
        "phoned_child",
        "texted_child",
        "checked_social_media",
        "contacted_person",
        "visited_location",
    }


def test_every_medication_answer_the_log_can_give_is_one_of_part_bs_choices():
    [aware] = _sources("medication_with_them", "aware")
    assert {said for said, _ in aware.map} == set(MEDICATION_ANSWERS)
    assert set(MEDICATION_WORDS) == set(MEDICATION_ANSWERS)


def test_the_description_when_last_seen_comes_only_from_the_start():
    for field_id in ("clothing", "belongings", "went_missing_with", "last_seen_by"):
        assert [s.entries for s in PART_B.field(field_id).from_log] == [("aware",)], field_id
