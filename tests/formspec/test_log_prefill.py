"""Part B answers taken from the episode's log, as the definition's ``from_log`` keys say."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from desktop import paths
from desktop.domain.clock import LONDON
from desktop.domain.grading import POLICE_GRADINGS
from desktop.domain.model import LogEntry
from desktop.formspec import FormDefinitionError, Known, Provenance, load_forms
from desktop.formspec.loading import check_form_sources, parse_form
from desktop.formspec.prefill import log_answers, log_prefilled
from tests.support.forms import minimal_form

PART_B = load_forms(paths.forms_dir())["part_b"]
START = datetime(2026, 3, 1, 15, 0, tzinfo=LONDON)
NAMES = {"s1": "Ann Administrator", "s2": "Bob Carer"}


class _Log:
    def __init__(self) -> None:
        self.entries: list[LogEntry] = []

    def add(
        self,
        kind: str,
        body: dict[str, Any],
        minutes: int,
        *,
        author: str = "s1",
        corrects: int | None = None,
    ) -> LogEntry:
        at = START + timedelta(minutes=minutes)
        entry = LogEntry(
            id=len(self.entries) + 1,
            episode_id="e1",
            event_at=at,
            recorded_at=at,
            author_id=author,
            kind=kind,
            body=body,
            corrects_id=corrects,
        )
        self.entries.append(entry)
        return entry


def _full_log() -> list[LogEntry]:
    log = _Log()
    log.add(
        "aware",
        {
            "whereabouts": "unknown",
            "last_seen_at": "2026-03-01T14:30+00:00",
            "last_seen_where": "Bus station",
            "last_seen_by": "Bob Carer",
            "clothing": "Red coat",
            "with_whom": "Alone",
            "belongings": "Pink rucksack, phone",
            "medication": "left behind",
        },
        0,
    )
    log.add("initial_checks_deadline", {"due": "2026-03-01T16:00:00+00:00"}, 1)
    log.add("initial_checks_deadline", {"due": "2026-03-01T17:00:00+00:00"}, 2)
    log.add("searched_premises", {"where": "Garden"}, 5)
    log.add("texted_child", {"outcome": "Not read"}, 6)
    log.add("notified", {"whom": "social worker", "how": "Phone"}, 7)
    log.add("decision", {"action": "notify_parents", "outcome": "not_done", "reason": "Plan"}, 8)
    log.add("decision", {"action": "notify_manager", "outcome": "done"}, 9)
    log.add("sighting", {"where": "Park", "seen_at": "15:20", "by_whom": "Neighbour"}, 20)
    log.add(
        "sighting",
        {"where": "Shops", "seen_at": "15:30", "by_whom": "Bob", "clothing": "Grey hoodie"},
        30,
        author="s2",
    )
    wrong = log.add("police_report", {"reference": "HUM-11", "risk_grading": " medium "}, 60)
    fix = {"reason": "typo", "replacement": {"reference": "HUM-17"}}
    log.add("correction", fix, 61, corrects=wrong.id)
    log.add("police_report", {"reference": "HUM-99", "risk_grading": "high"}, 70, author="s2")
    log.add(
        "returned",
        {
            "where": "Home",
            "returned_by": "Police",
            "condition": "Tired",
            "injuries": "Graze on left knee",
            "where_and_with_whom": "With an older friend",
        },
        120,
    )
    return log.entries


def test_part_b_takes_each_answer_from_the_entry_that_states_it():
    values = log_prefilled(PART_B, _full_log(), describe=NAMES)
    updates = values.pop("updates")
    assert values == {
        "noticed_missing_at": "2026-03-01T15:00+00:00",
        "last_seen_at": "2026-03-01T14:30+00:00",
        "last_seen_place": "Bus station",
        "last_seen_by": {"name": "Bob Carer"},
        "went_missing_with": "Alone",
        "checks_deadline": "2026-03-01T17:00:00+00:00",  # the newest deadline
        "clothing": "Red coat",  # as when last seen: sightings never overwrite it
        "belongings": "Pink rucksack, phone",
        "medication_with_them": "No",
        "sightings": [
            {
                "when": "2026-03-01T15:20+00:00",
                "seen_at": "15:20",
                "where": "Park",
                "by_whom": "Neighbour",
            },
            {
                "when": "2026-03-01T15:30+00:00",
                "seen_at": "15:30",
                "where": "Shops",
                "by_whom": "Bob",
                "clothing": "Grey hoodie",
            },
        ],
        "actions_taken": ["Searched the home, garden and outbuildings", "Texted or messaged them"],
        "people_told": ["Social worker", "Home manager or on-call manager"],  # not the parents
        "reported_to_police": True,
        "reported_at": "2026-03-01T16:00+00:00",  # the first report
        "police_incident_number": "HUM-17",  # as corrected
        "reporter": {"name": "Ann Administrator"},  # who logged the first report
        "police_risk_grade": "High",  # the newest grading
        "found_at": "2026-03-01T17:00+00:00",
        "found_location": "Home",
        "returned_by": "Police",
        "found_with": "With an older friend",
        "condition_on_return": "Tired",
        "injuries_on_return": "Graze on left knee",
    }
    ann, bob = "Ann Administrator", "Bob Carer"
    assert [u["who"] for u in updates] == [ann] * 8 + [bob, ann, bob, ann]
    assert updates[0] == {
        "when": "2026-03-01T15:01+00:00",
        "what": "Deadline set for initial checks. Checks due by: 01/03/2026 16:00",
        "who": "Ann Administrator",
    }
    assert not any(u["what"].startswith("Became aware") for u in updates)


def test_each_answer_from_the_log_keeps_when_it_was_stated():
    filled = log_answers(PART_B, _full_log(), describe=NAMES)
    origin = filled.provenance
    assert origin["clothing"] == Provenance(
        source="Became aware the child is not where expected", at=START
    )
    assert origin["reporter"].at == START + timedelta(minutes=60)
    assert origin["police_incident_number"].source == "Reported missing to the police"
    assert origin["injuries_on_return"].at == START + timedelta(minutes=120)
    assert origin["actions_taken"] == Provenance(
        source="Texted or messaged the child", at=START + timedelta(minutes=6), entries=2
    )
    # Tables carry a time on every row; nothing else is said of them.
    assert "sightings" not in origin and "updates" not in origin
    assert origin["clothing"].words(LONDON) == "As logged at 15:00, Sun 1 Mar 2026"
    assert origin["actions_taken"].words(LONDON) == (
        "From 2 log entries, the latest logged at 15:06, Sun 1 Mar 2026"
    )


KNOWN = Known(
    answers={"part_a": {"placement_address": "Willow Lodge, 1 Elm Road, DN31 1AA"}},
    titles={"part_a": "Philomena Incident Form — Part A"},
    due={"report_to_police": datetime(2026, 3, 1, 21, 0, tzinfo=LONDON)},
)


def test_what_the_log_leaves_empty_comes_from_part_a_and_the_protocol():
    log = _Log()
    log.add("aware", {"whereabouts": "unknown"}, 0)
    filled = log_answers(PART_B, log.entries, describe={}, known=KNOWN)
    assert filled.values["missing_from"] == "Willow Lodge, 1 Elm Road, DN31 1AA"
    assert filled.values["checks_deadline"] == "2026-03-01T21:00+00:00"
    assert filled.provenance["missing_from"].words(LONDON) == (
        "From Philomena Incident Form — Part A"
    )
    assert filled.provenance["checks_deadline"].at is None


def test_a_deadline_staff_logged_wins_over_the_protocols_time():
    filled = log_answers(PART_B, _full_log(), describe=NAMES, known=KNOWN)
    assert filled.values["checks_deadline"] == "2026-03-01T17:00:00+00:00"
    assert filled.provenance["checks_deadline"].source == "Deadline set for initial checks"


def test_an_empty_log_answers_only_that_police_were_not_told():
    assert log_prefilled(PART_B, [], describe={}) == {"reported_to_police": False}


def test_a_low_grading_is_kept_not_dropped():
    log = _Log()
    log.add("aware", {"whereabouts": "known"}, 0)
    log.add("police_report", {"reference": "X", "risk_grading": "low"}, 5)
    values = log_prefilled(PART_B, log.entries, describe={})
    assert values["police_risk_grade"] == "Low" and "clothing" not in values
    assert values["noticed_missing_at"] == "2026-03-01T15:00+00:00"


@pytest.mark.parametrize("grading", POLICE_GRADINGS, ids=lambda g: g.value)
def test_part_b_offers_and_takes_every_police_grading(grading):
    log = _Log()
    log.add("aware", {"whereabouts": "unknown"}, 0)
    log.add("police_report", {"reference": "X"}, 5)
    log.add("police_update", {"risk_grading": grading.value}, 9)
    assert log_prefilled(PART_B, log.entries, describe={})["police_risk_grade"] in (
        PART_B.field("police_risk_grade").choices
    )


def test_part_b_takes_the_newest_grading_by_when_it_was_given():
    log = _Log()
    log.add("aware", {"whereabouts": "unknown"}, 0)
    log.add("police_update", {"risk_grading": "medium"}, 50)  # written first, happened later
    log.add("police_report", {"reference": "X", "risk_grading": "high"}, 10)
    log.add("police_update", {"note": "Officer on the way"}, 60)  # no grading: changes nothing
    assert log_prefilled(PART_B, log.entries, describe={})["police_risk_grade"] == "Medium"
    wrong = log.add("police_update", {"risk_grading": "very low"}, 70)
    assert log_prefilled(PART_B, log.entries, describe={})["police_risk_grade"] == "Very low"
    log.add("correction", {"reason": "Misheard", "retract": True}, 71, corrects=wrong.id)
    assert log_prefilled(PART_B, log.entries, describe={})["police_risk_grade"] == "Medium"


def test_forms_without_from_log_take_nothing():
    risk = load_forms(paths.forms_dir())["risk_assessment"]
    assert log_prefilled(risk, _full_log(), describe=NAMES) == {}


def _episode_form(**changes):
    data = minimal_form(**changes)
    data["scope"] = "episode"
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"from_log": {"entry": "teleported", "field": "where"}}, "entry 'teleported' is not"),
        ({"from_log": {"entry": "sighting", "field": "shoe"}}, "'sighting' entry has no field"),
        ({"from_log": {"entry": "*", "field": "where"}}, "entry has no field 'where'"),
        ({"from_log": {"entry": "sighting"}}, "'field' is missing"),
        (
            {"from_log": {"entry": "sighting", "field": "where", "except": ["aware"]}},
            "only entry = '*' takes 'except'",
        ),
        (
            {"from_log": {"entry": "*", "except": ["nap"], "transform": "log_rows"}},
            "except names 'nap'",
        ),
        ({"from_log": {"entry": "note", "field": "note", "pick": "any"}}, "'pick' must be"),
        (
            {"from_log": {"entry": "note", "field": "note", "transform": "upper"}},
            "transform 'upper' is not one of",
        ),
        (
            {"from_log": {"entry": "note", "field": "note", "transform": "exists"}},
            "takes no 'field'",
        ),
        ({"from_log": {"entry": "note", "field": "event_at"}}, "fills a datetime field"),
        ({"from_log": {"entry": "note", "transform": "exists"}}, "fills a yes_no field"),
        ({"from_log": {"entry": "note", "field": "note", "colour": "red"}}, "unknown key(s)"),
        ({"from_log": []}, "names no source"),
        (
            {"from_log": {"entry": ["police_report", "sighting"], "field": "risk_grading"}},
            "'sighting' entry has no field 'risk_grading'",
        ),
        ({"from_log": {"entry": ["note", "nap"], "field": "note"}}, "entry 'nap' is not"),
        ({"from_log": {"entry": ["*", "note"], "field": "note"}}, "list no others with it"),
        ({"from_log": {"entry": [], "field": "note"}}, "'entry' must be a kind"),
    ],
)
def test_from_log_naming_what_the_log_lacks_is_refused(changes, message):
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(_episode_form(**changes), "broken.toml")
    assert "broken.toml" in str(caught.value)
    assert message in str(caught.value)


TICKS = {"kind": "multi_choice", "choices": ["Phoned", "Told"]}
ROWS = {"kind": "table", "columns": [{"id": "where", "label": "Where", "kind": "text"}]}


def _rows(columns: dict[str, str]) -> dict[str, Any]:
    return {**ROWS, "from_log": {"entry": "sighting", "transform": "rows", "columns": columns}}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {**TICKS, "from_log": {"entry": "*", "transform": "choices", "map": {"nap": "Told"}}},
            "map names 'nap', which is not a kind this source reads",
        ),
        (
            {
                **TICKS,
                "from_log": {"entry": "*", "transform": "choices", "map": {"phoned_child": "Rang"}},
            },
            "map gives 'Rang', which is not one of the field's choices",
        ),
        (
            {
                **TICKS,
                "from_log": {
                    "entry": "notified",
                    "field": "whom",
                    "transform": "choices",
                    "map": {"the pope": "Told"},
                },
            },
            "map names 'the pope', which a 'notified' entry's whom never is",
        ),
        (
            {
                **TICKS,
                "from_log": {
                    "entry": "decision",
                    "field": "action",
                    "transform": "choices",
                    "map": {"notify_parents": "Told"},
                    "only": {"outcome": "maybe"},
                },
            },
            "only names 'maybe', which a 'decision' entry's outcome never is",
        ),
        ({**TICKS, "from_log": {"entry": "*", "transform": "choices"}}, "needs 'map'"),
        (
            {
                **TICKS,
                "from_log": [
                    {"entry": "*", "transform": "choices", "map": {"phoned_child": "Phoned"}},
                    {"entry": "note", "field": "note"},
                ],
            },
            "every source of the field must be one",
        ),
        ({"from_log": {"entry": "note", "field": "note", "map": {"a": "b"}}}, "takes 'map'"),
        ({"from_log": {"entry": "police_report", "transform": "author"}, "kind": "date"}, "person"),
        (
            {**ROWS, "from_log": {"entry": "sighting", "transform": "rows"}},
            "a 'rows' source needs 'columns'",
        ),
        (_rows({"x": "where"}), "columns names 'x', which is not a column"),
        (_rows({"where": "shoe"}), "'sighting' entry has no field 'shoe'"),
        (_rows({"where": "event_at"}), "must be a datetime"),
        (
            {"from_log": {"entry": "note", "field": "note", "columns": {"a": "note"}}},
            "only a 'rows' source takes 'columns'",
        ),
        ({"from_duty": "report_to_police"}, "fills only a datetime field"),
        ({"from_duty": "report to police!"}, "'from_duty' must name a duty"),
        ({"from_form": "part_a"}, "'from_form' must be a table"),
    ],
)
def test_new_sources_naming_what_is_not_there_are_refused(changes, message):
    with pytest.raises(FormDefinitionError) as caught:
        parse_form(_episode_form(**changes), "broken.toml")
    assert "broken.toml" in str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ({"form": "part_z", "field": "placement_address"}, "'part_z' is not one of the child's"),
        ({"form": "part_a", "field": "moon"}, "part_a has no field 'moon'"),
        (
            {"form": "part_a", "field": "height"},
            "part_a's 'height' is of kind 'text', this field of kind 'address'",
        ),
        ({"form": "part_b", "field": "missing_from"}, "'part_b' is not one of the child's"),
    ],
)
def test_from_form_must_name_a_childs_form_and_a_field_of_the_same_kind(source, message):
    broken = parse_form(_episode_form(kind="address", from_form=source), "f.toml")
    forms = {**load_forms(paths.forms_dir()), broken.id: broken}
    with pytest.raises(FormDefinitionError) as caught:
        check_form_sources(forms)
    assert "f.toml, field 'name' from_form" in str(caught.value)
    assert message in str(caught.value)


def test_only_an_episodes_form_starts_from_another_form_or_the_protocol():
    for changes in (
        {"from_form": {"form": "part_a", "field": "height"}},
        {"from_duty": "report_to_police", "kind": "datetime"},
    ):
        with pytest.raises(FormDefinitionError, match="only an episode's form takes"):
            parse_form(minimal_form(**changes), "broken.toml")


def test_a_childs_form_cannot_be_filled_from_a_log():
    data = minimal_form(from_log={"entry": "note", "field": "note"})
    with pytest.raises(FormDefinitionError, match="only an episode's form"):
        parse_form(data, "broken.toml")


def test_a_log_rows_table_needs_when_what_and_who():
    changes = {
        "kind": "table",
        "columns": [{"id": "when", "label": "When", "kind": "datetime"}],
        "from_log": {"entry": "*", "transform": "log_rows"},
    }
    with pytest.raises(FormDefinitionError, match="needs columns when, what, who"):
        parse_form(_episode_form(**changes), "broken.toml")
