"""The cover a call-handler reads first: the situation now, and everything they need on page 1."""

from __future__ import annotations

import re
from datetime import date

import pytest

from desktop import paths
from desktop.domain.clock import LONDON
from desktop.domain.model import Child, ChildDetails
from desktop.domain.ukdates import uk_clock
from desktop.export.gather import pack_input
from desktop.export.pack import build_pack
from desktop.formspec import FieldKind, load_forms
from desktop.store.store import Store
from tests.support.episodes import CCTV_CLOTHING, FRONT_DOOR_CLOTHING, missing_episode
from tests.support.images import jpeg_bytes
from tests.support.pdf import page_texts
from tests.support.sample import advance, close_episode

FORMS = load_forms(paths.forms_dir())
COVER_HEADINGS = ("Risks and needs", "Medication", "Where to look first", "Who to call")


@pytest.fixture
def shiv(store: Store) -> Child:
    child = store.children.add(
        ChildDetails(
            first_name="Siobhán",
            last_name="Ó Briain",
            date_of_birth=date(2011, 4, 2),
            social_worker="Dana Whitfield, 01472 000111",
            edt_contact="EDT 01472 000999",
        )
    )
    store.forms.save(
        child.id,
        FORMS["part_a"],
        {
            "height": "160 cm",
            "known_risks": ["Child sexual exploitation (CSE)"],
            "placement_phone": "01472 000000",
            "home_out_of_hours": {"name": "On-call manager", "phone": "07700 900111"},
        },
    )
    store.forms.save(
        child.id,
        FORMS["locations"],
        {
            "places": [
                {"address": "Bus station, Victoria Street", "officer_advice": "Check the café"}
            ]
        },
    )
    store.photos.add(child.id, jpeg_bytes(), taken_on=date(2026, 2, 1), description="At school")
    return child


def cover(store: Store, child: Child, **kwargs: str) -> tuple[str, list[str]]:
    """Page 1's text and every page's, each on one line (as wrapped text reads aloud)."""
    pages = page_texts(build_pack(pack_input(store, child.id, FORMS, **kwargs)))
    texts = [" ".join(t.split()) for t in pages]
    return texts[0], texts


def test_a_child_at_home_gets_a_profile_cover_with_who_to_call(store, shiv):
    first, _ = cover(store, shiv)
    assert "NOT CURRENTLY MISSING" in first
    assert "MISSING — WHEREABOUTS UNKNOWN" not in first
    for expected in (
        *COVER_HEADINGS,
        "Dana Whitfield, 01472 000111",
        "EDT 01472 000999",
        "01472 000000",
        "On-call manager tel. 07700 900111",
        "Bus station, Victoria Street",
        "Check the café",
        "Child sexual exploitation",
        "At school",
    ):
        assert expected in first, expected
    assert "Last seen" not in first


def test_a_missing_child_s_cover_says_since_when_and_what_police_know(store, shiv, clock):
    missing_episode(store, shiv)
    first, _ = cover(store, shiv)
    assert "MISSING — WHEREABOUTS UNKNOWN" in first
    aware = clock.now().replace(microsecond=0)
    assert f"since {uk_clock(store.episodes.current(shiv.id).aware_at, LONDON)}" in first
    assert re.search(r"2 h 40 min when this pack was made", first)
    assert "Last seen " + uk_clock(aware.replace(hour=12), LONDON) in first
    assert "Reported to police at" in first and "HUM-4471-26" in first
    assert "Police grading: Medium" in first
    assert "Latest sighting" in first and "Bus station CCTV" in first
    assert CCTV_CLOTHING in first
    # the description when last seen is the one given at the start, not a later sighting's
    assert f"Clothes when last seen: {FRONT_DOOR_CLOTHING}" in first
    assert "Where last seen: Front door of the home" in first
    for heading in COVER_HEADINGS:
        assert heading in first, heading


def test_a_report_the_police_have_not_accepted_says_so_until_they_do(store, shiv, clock):
    missing_episode(store, shiv)
    first, _ = cover(store, shiv)
    assert "Reported, not yet accepted. Reported to police at" in first
    advance(clock, 20)
    episode = store.episodes.current(shiv.id)
    store.episodes.append(episode.id, "police_accepted", {"reference": "MP-26-118"})
    first, _ = cover(store, shiv)
    assert "not yet accepted" not in first
    assert f"Accepted by the police at {uk_clock(clock.now(), LONDON)}" in first
    assert "Police reference: MP-26-118" in first  # the reference they accepted it under


def test_before_the_report_the_cover_says_police_have_not_been_told_and_by_when(store, shiv):
    store.episodes.start(shiv.id, whereabouts="unknown")
    first, _ = cover(store, shiv)
    assert "Not yet reported to the police." in first
    assert "The protocol says report by" in first


def test_away_returned_and_closed_episodes_each_have_their_own_banner(store, shiv, clock):
    episode = store.episodes.start(shiv.id, whereabouts="known")
    assert "WHEREABOUTS KNOWN" in cover(store, shiv)[0]
    advance(clock, 30)
    store.episodes.append(episode.id, "whereabouts_unknown", {})
    assert "MISSING — WHEREABOUTS UNKNOWN" in cover(store, shiv)[0]
    advance(clock, 30)
    store.episodes.append(
        episode.id, "returned", {"where": "The home", "injuries": "Graze on left hand"}
    )
    first = cover(store, shiv)[0]
    assert "RETURNED" in first and f"Returned at {uk_clock(clock.now(), LONDON)}" in first
    assert "The return" in first and "Injuries on return: Graze on left hand" in first
    assert "MISSING — WHEREABOUTS UNKNOWN" not in first
    close_episode(store, episode.id, "Back and settled")
    assert "NOT CURRENTLY MISSING" in cover(store, shiv)[0]


def test_very_long_answers_are_cut_on_page_one_and_point_to_where_they_print(store, shiv):
    """Every cover answer at its longest: page 1 still holds every block."""
    long_values = {}
    for form_id in ("part_a", "locations"):
        values = {}
        for f in FORMS[form_id].fields():
            if f.cover is None or f.kind not in (FieldKind.TEXT, FieldKind.MULTILINE):
                continue
            limit = f.limit
            assert limit is not None
            values[f.id] = (f"{f.id} begins. " + "A long and careful answer. " * 400)[:limit]
        store.forms.save(shiv.id, FORMS[form_id], values)
        long_values[form_id] = values
    missing_episode(store, shiv)
    first, texts = cover(store, shiv)
    for heading in ("Last seen", *COVER_HEADINGS):
        assert heading in first, heading
    refs = [int(n) for n in re.findall(r"continued on page (\d+)", first)]
    assert len(refs) >= 5
    assert all(1 < n <= len(texts) for n in refs)
    for values in long_values.values():
        for field_id in values:
            assert f"{field_id} begins." in first, field_id
    # where a cut answer is said to continue, it does
    for n in set(refs):
        assert "A long and careful answer." in texts[n - 1]


def test_the_cover_and_part_a_give_the_same_responsible_authority(store):
    child = store.children.add(
        ChildDetails(
            first_name="Ada",
            last_name="Byron",
            date_of_birth=date(2012, 1, 5),
            responsible_authority="Kent County Council",
        )
    )
    first, texts = cover(store, child)
    part_a = next(t for t in texts[1:] if "Responsible local authority" in t)
    assert "Responsible authority: Kent County Council" in first
    assert "Responsible local authority Kent County Council" in part_a
    store.forms.save(child.id, FORMS["part_a"], {"responsible_authority": "Medway Council"})
    first, texts = cover(store, child)
    assert "Responsible authority: Medway Council" in first
    assert "Kent County Council" not in first


def test_a_name_in_another_script_heads_the_cover_in_english_letters(store):
    child = store.children.add(
        ChildDetails(
            first_name="Олена",
            last_name="Коваленко",
            english_name="Olena Kovalenko",
            date_of_birth=date(2012, 1, 5),
        )
    )
    first, texts = cover(store, child)
    assert first.index("Olena Kovalenko") < first.index("Name as written: Олена Коваленко")
    assert all("Olena Kovalenko — born 05/01/2012" in t for t in texts)


def test_the_cover_shows_the_photo_marked_for_it_and_says_when_it_is_too_old(store, shiv):
    store.photos.add(
        shiv.id, jpeg_bytes(), taken_on=date(2026, 2, 20), description="Blurred", on_cover=False
    )
    first, _ = cover(store, shiv)
    assert "At school" in first and "Blurred" not in first
    old = store.children.add(
        ChildDetails(first_name="Tom", last_name="Old", date_of_birth=date(2012, 1, 5))
    )
    store.photos.add(old.id, jpeg_bytes(), taken_on=date(2024, 1, 1), description="Years ago")
    first, _ = cover(store, old)
    assert "Photo taken 01/01/2024" in first and "Older than 6 months" in first
