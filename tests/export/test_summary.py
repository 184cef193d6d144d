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
