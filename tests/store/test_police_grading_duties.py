"""The police's grading, as logged on the report or an update, moves the home's own duties."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from tests.support.protocol import prompts_for
from tests.support.sample import add_child, advance


@pytest.mark.parametrize(("grading", "hours"), [("medium", 72), ("high", 0)])
def test_a_high_grading_brings_the_operations_manager_forward(store, clock, grading, hours):
    """england-default (Warwickshire's wording): the Operations Manager is told "of all children
    who are assessed as high risk as soon as practicable the same working day", else at 72 h."""
    child = add_child(store)
    episode = store.episodes.start(child.id, whereabouts="unknown")
    advance(clock, 30)
    report = store.episodes.append(
        episode.id, "police_report", {"reference": "HUM-9", "risk_grading": grading}
    )
    [told] = [p for p in prompts_for(store, child.id) if p.rule == "manager.report_72h"]
    assert told.due_at == report.event_at.astimezone(UTC) + timedelta(hours=hours)
