"""The police's risk grading: every category the protocols name, kept in one spelling."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from desktop.domain.clock import LONDON
from desktop.domain.entry_text import entry_details
from desktop.domain.episode import check_entry, current_grading, stored_body
from desktop.domain.errors import BadInput
from desktop.domain.grading import (
    GRADING_VALUES,
    POLICE_GRADINGS,
    grading_label,
    parse_grading,
    police_grading,
)
from desktop.domain.model import LogEntry
from tests.support.seeds import normalise, seed_text

START = datetime(2026, 3, 1, 15, 0, tzinfo=LONDON)


def test_every_category_the_seeds_name_is_on_the_list():
    assert GRADING_VALUES == (
        "no apparent risk",
        "very low",
        "low",
        "medium",
        "high",
        "missing",
        "absent",
    )


@pytest.mark.parametrize("grading", POLICE_GRADINGS, ids=lambda g: g.value)
def test_each_category_cites_a_quote_that_is_in_its_seed(grading):
    cite = grading.cite
    assert len(cite.quote.split()) >= 3
    assert normalise(cite.quote) in seed_text(cite.seed), f"{grading.value}: quote not found"
    assert cite.section


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Medium", "medium"),
        (" HIGH ", "high"),
        ("very-low", "very low"),
        ("Very_Low", "very low"),
        ("no apparent risk", "no apparent risk"),
        ("No-Apparent-Risk", "no apparent risk"),
        ("Medium risk", "medium"),
        ("Absent (Kent)", "absent"),
        ("missing", "missing"),
    ],
)
def test_any_case_or_spelling_of_a_category_is_kept_in_one_spelling(typed, stored):
    assert parse_grading(typed) == stored


@pytest.mark.parametrize("typed", ["lowish", "", "grade 2", "critical"])
def test_anything_else_is_refused_naming_the_categories(typed):
    with pytest.raises(BadInput) as caught:
        parse_grading(typed)
    assert "is not a police risk grading" in caught.value.message
    assert "no apparent risk, very low, low, medium, high, missing, absent" in caught.value.message


def test_a_grading_typed_before_the_list_reads_as_it_was_typed():
    assert police_grading("Amber — call back at 6") is None
    assert grading_label("Amber — call back at 6") == "Amber — call back at 6"
    assert grading_label("medium") == "Medium risk"
    assert grading_label("absent") == "Absent (Kent)"


def _entry(id_: int, kind: str, body: dict[str, Any], minutes: int, corrects: int | None = None):
    at = START + timedelta(minutes=minutes)
    return LogEntry(
        id=id_,
        episode_id="e1",
        event_at=at,
        recorded_at=at,
        author_id="s1",
        kind=kind,
        body=body,
        corrects_id=corrects,
    )


def test_a_report_or_update_keeps_the_grading_in_its_one_spelling():
    assert stored_body("police_report", {"reference": "X", "risk_grading": "MEDIUM"}) == {
        "reference": "X",
        "risk_grading": "medium",
    }
    assert stored_body("police_update", {"risk_grading": "Very-Low"})["risk_grading"] == "very low"
    fix = stored_body("correction", {"reason": "Misheard", "replacement": {"risk_grading": "HIGH"}})
    assert fix["replacement"] == {"risk_grading": "high"}
    with pytest.raises(BadInput, match="not a police risk grading"):
        stored_body("police_update", {"risk_grading": "amber"})
    with pytest.raises(BadInput, match="not a police risk grading"):
        check_entry("police_report", {"reference": "X", "risk_grading": "amber"})


def test_an_update_needs_no_note_when_it_carries_a_grading_but_must_hold_something():
    check_entry("police_update", {"risk_grading": "low"})
    check_entry("police_update", {"note": "Officer on the way"})
    check_entry("police_update", {"reference": "HUM-2"})
    with pytest.raises(BadInput, match="Say what the update is"):
        check_entry("police_update", {})
    with pytest.raises(BadInput, match="Say what the update is"):
        check_entry("police_update", {"note": "   "})


def test_the_current_grading_is_the_newest_given_as_corrected():
    assert current_grading([]) is None
    log = [
        _entry(1, "aware", {"whereabouts": "unknown"}, 0),
        _entry(2, "police_report", {"reference": "X"}, 10),
    ]
    assert current_grading(log) is None  # reported, not graded yet
    log.append(_entry(3, "police_update", {"risk_grading": "high"}, 20))
    log.append(_entry(4, "police_update", {"note": "Officer visiting"}, 30))
    now = current_grading(log)
    assert now is not None
    assert (now.text, now.label, now.graded_at, now.entry_id, now.known) == (
        "high",
        "High risk",
        START + timedelta(minutes=20),
        3,
        True,
    )
    log.append(_entry(5, "police_update", {"risk_grading": "medium"}, 40))
    log.append(_entry(6, "correction", {"reason": "Misheard", "retract": True}, 41, corrects=5))
    assert current_grading(log).text == "high"  # the withdrawn regrading does not count
    fix = {"reason": "It was 16:10", "replacement": {"event_at": "2026-03-01T16:10:00+00:00"}}
    log.append(_entry(7, "correction", fix, 42, corrects=2))
    log[1] = _entry(2, "police_report", {"reference": "X", "risk_grading": "low"}, 10)
    assert current_grading(log).text == "low"  # the report, moved later, is now the newest


def test_a_grading_typed_before_the_list_is_still_the_current_one():
    log = [_entry(1, "police_report", {"reference": "X", "risk_grading": "Amber"}, 0)]
    now = current_grading(log)
    assert now is not None and now.label == "Amber" and not now.known


def test_the_log_words_a_grading_plainly_and_an_old_one_as_typed():
    report = _entry(1, "police_report", {"reference": "HUM-1", "risk_grading": "medium"}, 0)
    assert (
        entry_details(report, LONDON) == "Police reference: HUM-1; Police graded the risk as medium"
    )
    update = _entry(2, "police_update", {"risk_grading": "absent", "note": "Review at 18:00"}, 5)
    assert entry_details(update, LONDON) == (
        "Note: Review at 18:00; Police classed the child as absent (Kent and Medway police's "
        "category)"
    )
    old = _entry(3, "police_report", {"reference": "HUM-1", "risk_grading": "Amber"}, 0)
    assert entry_details(old, LONDON) == "Police reference: HUM-1; Police risk grading: Amber"


def test_the_engine_reads_each_grading_the_log_keeps_and_not_one_withdrawn():
    from desktop.domain.episode import timeline
    from desktop.domain.timeline import EventKind

    log = [
        _entry(1, "aware", {"whereabouts": "unknown"}, 0),
        _entry(2, "police_report", {"reference": "X", "risk_grading": "medium"}, 10),
        _entry(3, "police_update", {"risk_grading": "high"}, 20),
        _entry(4, "police_update", {"note": "Officer visiting"}, 30),
        _entry(5, "police_update", {"risk_grading": "Amber"}, 35),  # typed before the list
        _entry(6, "police_update", {"risk_grading": "low"}, 40),
        _entry(7, "correction", {"reason": "Misheard", "retract": True}, 41, corrects=6),
    ]
    graded = [(e.at, e.grading) for e in timeline(log) if e.kind is EventKind.POLICE_GRADED]
    assert graded == [
        (START + timedelta(minutes=10), "medium"),
        (START + timedelta(minutes=20), "high"),
    ]
