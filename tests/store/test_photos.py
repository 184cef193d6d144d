from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.errors import BadInput
from desktop.domain.model import PhotoCheck
from tests.support.images import jpeg_bytes, png_claiming
from tests.support.sample import add_child


def test_a_refused_photo_changes_nothing_in_the_store(store):
    child = add_child(store)
    store.photos.add(child.id, jpeg_bytes())
    before = store.photos.for_child(child.id)
    with pytest.raises(BadInput):
        store.photos.add(child.id, png_claiming(30000, 30000))
    with pytest.raises(BadInput):
        store.photos.add(child.id, jpeg_bytes()[:500])
    assert store.photos.for_child(child.id) == before


def test_stored_photo_keeps_consent_and_description(store, clock):
    child = add_child(store)
    info = store.photos.add(
        child.id,
        jpeg_bytes(taken="2026:01:05 09:00:00"),
        description="School photo",
        consent_by="Social worker",
        consent_on=date(2026, 1, 6),
    )
    assert info.taken_on == date(2026, 1, 5) and info.taken_on_source == "exif"
    assert (info.description, info.consent_by, info.consent_on) == (
        "School photo",
        "Social worker",
        date(2026, 1, 6),
    )
    assert store.photos.image(info.id).startswith(b"\xff\xd8")
    assert store.photos.for_child(child.id) == [info]


def test_photos_are_newest_first(store):
    child = add_child(store)
    old = store.photos.add(child.id, jpeg_bytes(), taken_on=date(2025, 1, 1))
    new = store.photos.add(child.id, jpeg_bytes(), taken_on=date(2026, 2, 1))
    assert [p.id for p in store.photos.for_child(child.id)] == [new.id, old.id]


def test_the_cover_photo_is_the_newest_marked_for_it(store, clock):
    child = add_child(store)
    assert store.photos.cover(child.id) is None
    older = store.photos.add(
        child.id, jpeg_bytes(), taken_on=date(2025, 6, 1), description="Head and shoulders"
    )
    assert store.photos.cover(child.id) == older and older.on_cover
    newer = store.photos.add(child.id, jpeg_bytes(), taken_on=date(2026, 2, 1), on_cover=False)
    assert not newer.on_cover
    assert store.photos.cover(child.id) == older  # the newer one was kept off the cover
    assert store.photos.for_child(child.id)[0] == newer  # though it is still the newest
    newest = store.photos.add(child.id, jpeg_bytes(), taken_on=date(2026, 2, 10))
    assert store.photos.cover(child.id) == newest
    assert store.photos.cover(child.id).description == ""


def test_with_no_photo_marked_the_newest_is_the_cover(store):
    child = add_child(store)
    old = store.photos.add(child.id, jpeg_bytes(), taken_on=date(2025, 1, 1), on_cover=False)
    new = store.photos.add(child.id, jpeg_bytes(), taken_on=date(2025, 3, 1), on_cover=False)
    assert store.photos.cover(child.id) == new != old


def test_a_future_date_taken_is_refused(store):
    child = add_child(store)
    with pytest.raises(BadInput, match="future"):
        store.photos.add(child.id, jpeg_bytes(), taken_on=date(2030, 1, 1))


def test_photo_age_warning_follows_the_homes_limit(store, clock):
    child = add_child(store)
    assert store.photos.out_of_date(child.id)  # no photo at all
    assert store.photos.check(child.id) is PhotoCheck.NONE  # which is not "out of date"
    store.photos.add(child.id, jpeg_bytes(), taken_on=clock.now().date() - timedelta(days=100))
    assert not store.photos.out_of_date(child.id)
    assert store.photos.check(child.id) is PhotoCheck.CURRENT
    clock.moment += timedelta(days=100)
    assert store.photos.out_of_date(child.id)
    assert store.photos.check(child.id) is PhotoCheck.OUT_OF_DATE
