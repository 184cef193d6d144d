"""The management summary PDF: its figures, and names in any script printed readably."""

from __future__ import annotations

from datetime import date, timedelta

from pypdf import PdfReader

from desktop.export.manager import gather
from desktop.export.summary import SummaryInput, build_summary
from tests.support.hostile import missing_words, pdf_text
from tests.support.protocol import shipped_forms, shipped_rule_sets
from tests.support.sample import add_child


def test_a_child_at_a_threshold_is_named_in_their_own_script_with_the_hours_counted(
    store, clock, tmp_path
):
    now = clock.now()
    child = add_child(store, "ليلى", "حداد")
    for days in (20, 10, 2):  # three in 28 days: a repeat threshold
        start = now - timedelta(days=days)
        episode = store.episodes.start(
            child.id, whereabouts="unknown", aware_at=start, reason_for_time="Logged afterwards"
        )
        store.episodes.append(
            episode.id, "returned", {"where": "Home"}, event_at=start + timedelta(hours=3)
        )
    data = gather(store, rule_sets=shipped_rule_sets(), forms=shipped_forms(), now=now)
    made = SummaryInput(data, "Oak House", date(2026, 1, 1), now.date(), "Ann", now)
    pdf = build_summary(made)
    assert missing_words(["ليلى حداد"], pdf) == []  # shaped: found as the letters typed
    text = pdf_text(pdf)
    assert "Children at a repeat-episode threshold" in text and "3 in 28 days" in text
    (tmp_path / "summary.pdf").write_bytes(pdf)
    assert len(PdfReader(tmp_path / "summary.pdf").pages) >= 1
    assert "A month with no bar had no return" in text and "02/26: 0%" in text


def test_a_period_without_episodes_still_makes_a_summary_that_says_so(store, clock):
    now = clock.now()
    add_child(store)
    data = gather(store, rule_sets=shipped_rule_sets(), forms=shipped_forms(), now=now)
    pdf = build_summary(SummaryInput(data, "Oak House", date(2026, 2, 1), now.date(), "Ann", now))
    text = pdf_text(pdf)
    assert "Episodes 0" in " ".join(text.split())
    assert "No episode started in this period." in text
    assert "No child is at a threshold" in text


def test_the_charts_key_names_each_child_and_lumps_the_rest_as_others(store, clock):
    now = clock.now()
    for n in range(12):
        child = add_child(store, f"Child{n:02d}", "Test")
        for k in range(12 - n):  # Child00 has the most episodes, Child11 the fewest
            start = now - timedelta(days=20 + 2 * k, hours=n)
            episode = store.episodes.start(
                child.id, whereabouts="known", aware_at=start, reason_for_time="Logged afterwards"
            )
            store.episodes.append(
                episode.id, "returned", {"where": "Home"}, event_at=start + timedelta(hours=1)
            )
    data = gather(store, rule_sets=shipped_rule_sets(), forms=shipped_forms(), now=now)
    pdf = build_summary(SummaryInput(data, "Oak House", date(2026, 1, 1), now.date(), "Ann", now))
    text = pdf_text(pdf)
    assert all(f"Child{n:02d} Test" in text for n in range(9))
    assert "Child09 Test" not in text.split("Episodes started each month")[-1].split("Hour")[0]
    assert "Others (3 children)" in text
