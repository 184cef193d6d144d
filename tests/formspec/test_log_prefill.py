"""Part B answers taken from the episode's log, as the definition's ``from_log`` keys say."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from desktop import paths
from desktop.domain.clock import LONDON
from desktop.domain.grading import POLICE_GRADINGS
from desktop.domain.model import LogEntry
from desktop.formspec import FormDefinitionError, load_forms
from desktop.formspec.loading import parse_form
from desktop.formspec.prefill import log_prefilled
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
            "clothing": "Red coat",
        },
        0,
    )
    log.add("initial_checks_deadline", {"due": "2026-03-01T16:00:00+00:00"}, 1)
    log.add("initial_checks_deadline", {"due": "2026-03-01T17:00:00+00:00"}, 2)
    log.add("sighting", {"where": "Park", "seen_at": "15:20", "by_whom": "Neighbour"}, 20)
    log.add(
        "sighting",
        {"where": "Shops", "seen_at": "15:30", "by_whom": "Bob", "clothing": "Grey hoodie"},
        30,
        author="s2",
    )
    log.add("sighting", {"where": "Lane", "seen_at": "15:40", "by_whom": "Bob"}, 40)
    wrong = log.add("police_report", {"reference": "HUM-11", "risk_grading": " medium "}, 60)
    fix = {"reason": "typo", "replacement": {"reference": "HUM-17"}}
    log.add("correction", fix, 61, corrects=wrong.id)
    log.add("police_report", {"reference": "HUM-99", "risk_grading": "high"}, 70)
    log.add(
        "returned",
        {
            "where": "Home",
            "returned_by": "Police",
            "condition": "Tired",
            "where_and_with_whom": "With an older friend",
        },
        120,
    )
    return log.entries


def test_part_b_takes_what_the_log_holds():
    values = log_prefilled(PART_B, _full_log(), describe=NAMES)
    updates = values.pop("updates")
    assert values == {
        "noticed_missing_at": "2026-03-01T15:00+00:00",
        "last_seen_at": "2026-03-01T14:30+00:00",
        "last_seen_place": "Bus station",
        "checks_deadline": "2026-03-01T17:00:00+00:00",  # the newest deadline
        "clothing": "Grey hoodie",  # the newest sighting that says, over the start
        "reported_to_police": True,
        "reported_at": "2026-03-01T16:00+00:00",  # the first report
        "police_incident_number": "HUM-17",  # as corrected
        "police_risk_grade": "High",  # the newest grading
        "found_at": "2026-03-01T17:00+00:00",
        "found_location": "Home",
        "returned_by": "Police",
        "found_with": "With an older friend",
        "condition_on_return": "Tired",
    }
    assert [u["who"] for u in updates] == ["Ann Administrator"] * 3 + ["Bob Carer"] + [
        "Ann Administrator"
    ] * 4
    assert updates[0] == {
        "when": "2026-03-01T15:01+00:00",
        "what": "Deadline set for initial checks. Checks due by: 01/03/2026 16:00",
        "who": "Ann Administrator",
    }
    assert not any(u["what"].startswith("Became aware") for u in updates)


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
