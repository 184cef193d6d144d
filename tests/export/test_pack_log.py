"""The log printed once, numbered within the episode; the header on every page; two outputs."""

from __future__ import annotations

import re
from datetime import date

import pypdfium2 as pdfium
import pytest

from desktop import paths
from desktop.domain.model import Child, ChildDetails
from desktop.export.gather import pack_input
from desktop.export.pack import build_pack
from desktop.export.page import BOTTOM_MARGIN, MARGIN, PAGE_H, PAGE_W, TOP_MARGIN
from desktop.formspec import load_forms
from desktop.store.store import Store
from tests.support.episodes import missing_episode
from tests.support.pdf import page_texts
from tests.support.sample import advance, close_episode

FORMS = load_forms(paths.forms_dir())


@pytest.fixture
def kit(store: Store) -> Child:
    return store.children.add(
        ChildDetails(first_name="Kit", last_name="Marlowe", date_of_birth=date(2012, 6, 9))
    )


def texts_of(store: Store, child: Child, output: str = "police") -> list[str]:
    pdf = build_pack(pack_input(store, child.id, FORMS, output=output))
    return [" ".join(t.split()) for t in page_texts(pdf)]


def test_the_log_prints_once_numbered_from_one_in_this_episode(store, kit, clock):
    # an earlier, closed episode: its entries are not this episode's
    earlier = store.episodes.start(kit.id, whereabouts="unknown")
    store.episodes.append(earlier.id, "returned", {"where": "The home"})
    close_episode(store, earlier.id, "Back and settled")
    advance(clock, 600)
    missing_episode(store, kit)
    texts = texts_of(store, kit)
    whole = " ".join(texts)
    assert whole.count("Straight to voicemail") == 1
    log_pages = [t for t in texts if "Timed log of this episode" in t]
    assert len(log_pages) == 1
    log = log_pages[0]
    assert re.search(r"\b1 \d\d/\d\d/\d{4} \d\d:\d\d", log)
    assert re.search(r"\b5 \d\d/\d\d/\d{4} \d\d:\d\d", log)
    assert not re.search(r"\b6 \d\d/\d\d/\d{4} \d\d:\d\d \d\d/\d\d", log)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", whole)  # no ISO timestamps
    assert "{'" not in whole and "report_to_police" not in whole  # no reprs or rule ids
    page = texts.index(log) + 1
    assert f"Printed once, in full, in the timed log on page {page}" in whole


def test_a_correction_is_shown_beside_what_it_corrects_by_its_number(store, kit, clock):
    episode = missing_episode(store, kit)
    phoned = next(e for e in store.episodes.log(episode.id) if e.kind == "phoned_child")
    advance(clock, 5)
    store.episodes.correct(
        phoned.id, reason="Typed the wrong outcome", replacement={"outcome": "Rang twice"}
    )
    log = next(t for t in texts_of(store, kit) if "Timed log of this episode" in t)
    assert "Corrected later: see no. 6." in log
    assert "Corrects no. 3." in log


def test_every_page_carries_the_name_birth_date_and_police_reference(store, kit):
    missing_episode(store, kit)
    texts = texts_of(store, kit)
    assert len(texts) >= 4
    for text in texts:
        assert "Kit Marlowe — born 09/06/2012 — police reference: HUM-4471-26" in text


def test_the_episode_record_adds_every_duty_and_what_was_decided(store, kit):
    missing_episode(store, kit)
    police = " ".join(texts_of(store, kit))
    record = " ".join(texts_of(store, kit, output="episode"))
    assert "What the protocol asked, and what was decided" not in police
    assert "What the protocol asked, and what was decided" in record
    assert "Episode record" in record and "Police pack" in police
    assert re.search(r"Report .{0,80}police", record)
    assert "Done (" in record and "Not yet done" in record


@pytest.mark.parametrize("output", ["police", "episode"])
def test_no_page_is_left_blank(store, kit, output):
    missing_episode(store, kit)
    pdf = build_pack(pack_input(store, kit.id, FORMS, output=output))
    document = pdfium.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            body = page.get_textpage().get_text_bounded(
                MARGIN, BOTTOM_MARGIN, PAGE_W - MARGIN, PAGE_H - TOP_MARGIN
            )
            assert body.strip(), f"page {number} has nothing on it"
    finally:
        document.close()
