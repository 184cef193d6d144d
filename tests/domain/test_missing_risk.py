"""A child's standing grading of risk of going missing, in time and in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from desktop.domain.missing_risk import (
    MissingRisk,
    RiskEntry,
    RiskEntryKind,
    current_level,
    entry_words,
    high_spells,
    standing_words,
)

LONDON = ZoneInfo("Europe/London")
T = datetime(2026, 5, 4, 13, 0, tzinfo=UTC)


def _level(i: int, at: datetime, level: MissingRisk, by: str = "") -> RiskEntry:
    return RiskEntry(
        id=i,
        child_id="c",
        kind=RiskEntryKind.LEVEL,
        at=at,
        recorded_at=at,
        recorded_by="s",
        level=level,
        decided_by=by,
        recorded_by_name="Sam Staff",
    )


def test_a_spell_at_high_risk_runs_from_high_to_a_lower_level_and_ignores_a_repeat():
    days = [T + timedelta(days=d) for d in range(5)]
    levels = [
        (days[0], "medium"),
        (days[1], "high"),
        (days[2], "high"),
        (days[3], "low"),
        (days[4], "high"),
    ]
    assert high_spells(levels) == [(days[1], days[3]), (days[4], None)]


def test_the_newest_grading_counts_and_the_older_ones_are_kept():
    older = _level(1, T, MissingRisk.HIGH)
    newer = _level(2, T + timedelta(days=9), MissingRisk.MEDIUM)
    assert current_level([newer, older]) == newer
    assert current_level([newer, older], now=T + timedelta(days=1)) == older


def test_an_entry_reads_in_plain_words_with_uk_times():
    entry = _level(1, T, MissingRisk.HIGH, "J. Patel, social worker")
    assert entry_words(entry, LONDON) == (
        "High risk of going missing: decided 04/05/2026 14:00 by J. Patel, social worker, "
        "recorded by Sam Staff"
    )
    review = RiskEntry(3, "c", RiskEntryKind.REVIEW, T, T, "s", recorded_by_name="Sam Staff")
    words = entry_words(review, LONDON)
    assert words == "Review meeting held 04/05/2026 14:00, recorded by Sam Staff"


def test_a_child_never_graded_says_so():
    assert standing_words([], LONDON) == "Risk of going missing: not recorded"
    words = standing_words([_level(1, T, MissingRisk.LOW, "the MASH")], LONDON)
    assert words == "Risk of going missing: Low (decided 04/05/2026 14:00 by the MASH)"
