"""The handover sheet: marked and numbered on every page, names in any script, built in memory."""

from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader

from desktop.domain.model import ChildDetails
from desktop.export.handover import build_handover, handover_input
from tests.support.protocol import shipped_forms, shipped_rule_sets
from tests.support.sample import ADMIN


def test_every_page_is_marked_and_numbered_and_names_print_in_any_script(store, clock, tmp_path):
    names = [("Aisha", "Khan"), ("عائشة", "خان"), ("Олена", "Коваленко"), ("伟", "李")]
    for first, last in names * 2:
        child = store.children.add(
            ChildDetails(first_name=first, last_name=last, date_of_birth=date(2011, 4, 2))
        )
        store.episodes.start(child.id, whereabouts="unknown")
    clock.moment += timedelta(hours=9)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    data = handover_input(store, shipped_forms(), shipped_rule_sets())
    pdf = build_handover(data)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # built in memory only
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, number  # top and bottom
        assert f"Page {number} of {len(pages)}" in text
        assert f"by {ADMIN}" in text
    everything = " ".join(pages)
    assert "Aisha Khan" in everything and "Коваленко" in everything
    assert reader.metadata.subject == "OFFICIAL-SENSITIVE"
    assert "_" not in everything.replace("OFFICIAL-SENSITIVE", "")


def test_a_thirty_thousand_character_note_prints_whole(store, child):
    episode = store.episodes.start(child.id, whereabouts="unknown")
    note = " ".join(f"word{i}" for i in range(4000))[:30_000]
    store.episodes.append(episode.id, "note", {"note": note})
    pdf = build_handover(handover_input(store, shipped_forms(), shipped_rule_sets()))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    last = note.split(" ")[-1]
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 3 and last in text
