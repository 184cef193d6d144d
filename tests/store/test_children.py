"""The home's children: added with the author on record, found by any name staff might type."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from desktop.domain.errors import BadInput, NotFound
from desktop.domain.model import ChildDetails
from desktop.store.errors import DatabaseDamaged
from desktop.store.store import Store
from tests.support.sample import add_child


def _details(**changes) -> ChildDetails:
    fields = {"first_name": "Aisha", "last_name": "Khan", "date_of_birth": date(2011, 4, 2)}
    fields.update(changes)
    return ChildDetails(**fields)


def test_a_child_is_kept_with_names_trimmed_and_who_added_them(store):
    child = store.children.add(_details(first_name="  Aisha ", last_name=" Khan  "))
    assert (child.first_name, child.last_name) == ("Aisha", "Khan")
    with store.db.engine.connect() as conn:
        added_by = conn.execute(
            text("SELECT created_by FROM child WHERE id = :id"), {"id": child.id}
        ).scalar_one()
    assert added_by == store.staff.id
    assert store.children.get(child.id) == child


def test_the_name_in_english_letters_is_kept_and_found(store):
    olena = store.children.add(
        _details(first_name="Олена", last_name="Коваленко", english_name=" Olena Kovalénko ")
    )
    assert olena.english_name == "Olena Kovalénko"  # trimmed, accents kept as one character
    assert olena.police_name == "Olena Kovalénko"
    assert store.children.get(olena.id) == olena
    assert store.children.find("olena kovalénko") == olena
    assert store.children.add(_details()).english_name == ""


def test_a_name_in_english_letters_in_another_script_is_refused_and_nothing_kept(store):
    with pytest.raises(BadInput, match="Write the name in English letters only"):
        store.children.add(_details(english_name="Олена"))
    assert store.children.all() == []


@pytest.mark.parametrize("planned", [True, False, None])
def test_whether_the_placement_was_planned_is_kept_or_left_unsaid(store, planned):
    child = store.children.add(
        _details(placement_start=date(2026, 1, 5), placement_planned=planned)
    )
    assert store.children.get(child.id).placement_planned is planned


def test_a_date_of_birth_in_the_future_is_refused_and_nothing_kept(store, clock):
    with pytest.raises(BadInput, match="future"):
        store.children.add(_details(date_of_birth=clock.now().date() + timedelta(days=1)))
    assert store.children.all() == []


def test_the_recovery_key_alone_cannot_add_a_child(created, store_dir, clock, device):
    created.store.close()
    with (
        Store.open_with_recovery_key(
            store_dir, recovery_key=created.recovery_key, clock=clock, device=device
        ) as store,
        pytest.raises(BadInput, match="sign in with your own name"),
    ):
        store.children.add(_details())


@pytest.mark.parametrize(
    "typed", ["Aisha", "aisha khan", "  AISHA   KHAN ", "Ash", "ash khan", "Little A"]
)
def test_a_child_is_found_by_any_name_staff_might_type(store, typed):
    child = store.children.add(_details(preferred_name="Ash", aliases=("Little A",)))
    add_child(store)  # someone else
    assert store.children.find(typed).id == child.id
    assert store.children.find(child.id).id == child.id


def test_an_ambiguous_or_unknown_name_is_refused_with_a_way_forward(store):
    store.children.add(_details())
    store.children.add(_details(last_name="Begum"))
    with pytest.raises(NotFound, match="use the child's id"):
        store.children.find("Aisha")
    with pytest.raises(NotFound, match="No child"):
        store.children.find("Nobody")


def test_children_who_have_left_can_be_left_out(store, clock):
    today = clock.now().date()
    here = store.children.add(_details())
    store.children.add(
        _details(
            first_name="Bea",
            placement_start=today - timedelta(days=300),
            placement_end=today - timedelta(days=1),
        )
    )
    assert len(store.children.all()) == 2
    assert [c.id for c in store.children.all(include_left=False)] == [here.id]


def test_children_are_listed_by_last_name_then_first(store):
    for first, last in (("Zoë", "Adams"), ("Amir", "Zaman"), ("Bo", "Adams")):
        store.children.add(_details(first_name=first, last_name=last))
    assert [c.first_name for c in store.children.all()] == ["Bo", "Zoë", "Amir"]


def test_a_missing_home_record_is_named_as_damage(store):
    with store.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM home"))
    with pytest.raises(DatabaseDamaged, match="no home record"):
        store.home()


def test_the_authority_id_is_checked_before_it_is_kept(store, child):
    with pytest.raises(BadInput, match="letters A to Z, digits"):
        store.children.set_authority_child_id(child.id, "NEL 42; =cmd")
    with pytest.raises(BadInput, match="keep it to 20"):
        store.children.set_authority_child_id(child.id, "9" * 21)
    assert store.children.get(child.id).authority_child_id == ""
    store.children.set_authority_child_id(child.id, "NEL/2041-7")
    assert store.children.get(child.id).authority_child_id == "NEL/2041-7"
    store.children.set_authority_child_id(child.id, "")
    assert store.children.get(child.id).authority_child_id == ""
    assert not store.verify().problems
