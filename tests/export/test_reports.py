"""The absence log as CSV: every cell a spreadsheet would run as a formula is made text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.domain.episode import EpisodeState
from desktop.export.reports import absence_csv, safe_cell
from desktop.protocol.absences import AbsenceRow

NOW = datetime(2026, 3, 1, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://x","y")', "+44 7700 900000", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_a_would_be_formula_is_written_as_text(typed):
    assert safe_cell(typed) == "'" + typed


@pytest.mark.parametrize("typed", ["Skate park", "", "PR-1", "100 = many", "a@b"])
def test_ordinary_words_are_written_as_they_are(typed):
    assert safe_cell(typed) == typed


def test_every_cell_of_the_log_is_made_safe():
    row = AbsenceRow(
        episode_id="e1",
        child_id="c1",
        child_name="=cmd|' /C calc'!A0",
        start=NOW - timedelta(hours=5),
        returned=NOW - timedelta(hours=2),
        state=EpisodeState.RETURNED,
        category="unknown",
        police_reference="-PR1",
        grading="Medium risk",
        returned_by="@police",
        found_where="+Bus station",
        with_whom="=1+1",
        interview=None,
    )
    text = absence_csv([row], now=NOW, zone=ZoneInfo("Europe/London"), deadline=timedelta(72))
    header, line = list(csv.reader(io.StringIO(text)))
    assert header[0] == "Child" and len(line) == len(header)
    starts = {c[0] for c in line if c}
    assert not starts & set("=+-@\t\r")
    assert line[0] == "'=cmd|' /C calc'!A0" and line[10] == "'=1+1"
    assert line[1] == "01/03/2026 10:00" and line[3] == "3 h 00 min"
