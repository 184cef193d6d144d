"""Form versions: every save is kept, the newest is what is printed, and nothing is typed twice."""

from __future__ import annotations

import pytest

from desktop.domain.errors import BadInput
from desktop.store.store import Store
from tests.support.images import jpeg_bytes
from tests.support.protocol import shipped_forms
from tests.support.sample import ADMIN, add_child

PART_A = shipped_forms()["part_a"]
LOCATIONS = shipped_forms()["locations"]


def test_each_save_is_a_new_version_and_earlier_ones_are_kept(store, clock):
    from datetime import timedelta

    child = add_child(store)
    first = store.forms.save(child.id, PART_A, {"height": "150 cm"})
    clock.moment += timedelta(hours=1)
    second = store.forms.save(child.id, PART_A, {"height": "152 cm"})
    versions = store.forms.versions(child.id, "part_a")
    assert [v.number for v in versions] == [2, 1]
    assert versions[1].values == {"height": "150 cm"} == first.values
    assert versions[0].saved_by_name == ADMIN
    assert versions[0].saved_at > versions[1].saved_at
    assert store.forms.latest(child.id, "part_a") == second


def test_a_bad_answer_is_refused_by_its_label_and_nothing_saved(store):
    child = add_child(store)
    field = next(f for f in PART_A.fields() if f.kind.value == "date")
    with pytest.raises(BadInput, match=field.label):
        store.forms.save(child.id, PART_A, {field.id: "not a date"})
    assert store.forms.versions(child.id, "part_a") == []


def test_the_childs_record_and_newest_photo_fill_what_was_never_answered(store):
    child = add_child(store, "Zephyrine", "Quillfeather")
    photo = store.photos.add(child.id, jpeg_bytes())
    values = store.forms.values(child.id, PART_A)
    assert values["full_name"] == "Zephyrine Quillfeather"
    assert values["date_of_birth"] == child.date_of_birth.isoformat()
    assert values["photo"] == photo.id
    store.forms.save(child.id, PART_A, {"full_name": "Zephyrine Q. Quillfeather"})
    assert store.forms.values(child.id, PART_A)["full_name"] == "Zephyrine Q. Quillfeather"


def test_completeness_names_what_police_still_need(store):
    child = add_child(store)
    percent, missing = store.forms.completeness(child.id, LOCATIONS)
    police = [f.label for f in LOCATIONS.police_fields()]
    assert 0 <= percent < 100
    assert missing and set(missing) <= set(police)


def test_an_episodes_forms_are_numbered_apart_from_the_childs(store, episode):
    risk = shipped_forms()["risk_assessment"]
    store.forms.save(episode.child_id, risk, {})
    store.episodes.save_form(episode.id, risk, {})
    store.episodes.save_form(episode.id, risk, {})
    assert [v.number for v in store.episodes.form_versions(episode.id, "risk_assessment")] == [2, 1]
    assert [v.number for v in store.forms.versions(episode.child_id, "risk_assessment")] == [1]


def test_the_recovery_key_alone_cannot_save_a_form(created, store_dir, clock, device):
    child = add_child(created.store)
    created.store.close()
    with (
        Store.open_with_recovery_key(
            store_dir, recovery_key=created.recovery_key, clock=clock, device=device
        ) as store,
        pytest.raises(BadInput, match="sign in with your own name"),
    ):
        store.forms.save(child.id, PART_A, {"height": "150 cm"})
