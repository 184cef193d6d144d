"""What the protocol reads about a child comes in one read, and is what the parts would say."""

from __future__ import annotations

from datetime import timedelta

from desktop.protocol.situation import ChildRecords
from tests.support.images import jpeg_bytes
from tests.support.protocol import shipped_forms
from tests.support.sample import add_child, advance, close_episode

PART_A = shipped_forms()["part_a"]


def test_records_hold_what_each_part_of_the_store_holds(store, clock):
    child = add_child(store)
    other = add_child(store, "Other", "Child")
    store.forms.save(child.id, PART_A, {"height": "150 cm"})
    advance(clock, 5)
    store.forms.save(child.id, PART_A, {"height": "152 cm"})
    store.forms.save(child.id, shipped_forms()["locations"], {"likely_first_place": "Park"})
    store.photos.add(child.id, jpeg_bytes(), taken_on=clock.now().date() - timedelta(days=30))
    store.photos.add(child.id, jpeg_bytes(), taken_on=clock.now().date())
    store.photos.add(other.id, jpeg_bytes())
    first = store.episodes.start(child.id, whereabouts="unknown")
    store.episodes.append(first.id, "returned", {"where": "Home"})
    close_episode(store, first.id, "Back and well")
    advance(clock, 60)
    second = store.episodes.start(child.id, whereabouts="known")
    store.episodes.append(second.id, "note", {"note": "At her aunt's"})
    store.episodes.start(other.id, whereabouts="unknown")

    records = store.records(child.id)
    assert isinstance(records, ChildRecords)
    assert records.home == store.home()
    assert records.child == store.children.get(child.id)
    assert set(records.forms) == {"part_a", "locations"}
    assert records.forms["part_a"] == store.forms.latest(child.id, "part_a")
    assert records.forms["part_a"].values == {"height": "152 cm"}
    assert list(records.photos) == store.photos.for_child(child.id)
    assert records.current is not None and records.current.episode.id == second.id
    assert list(records.current.log) == store.episodes.log(second.id)
    assert records.history is not None and [p.start for p in records.history] == [first.aware_at]
    whole = store.records(child.id, whole=True)
    assert [r.episode for r in whole.episodes] == store.episodes.for_child(child.id)
    assert [list(r.log) for r in whole.episodes] == [
        store.episodes.log(second.id),
        store.episodes.log(first.id),
    ]
    assert whole.current is not None and whole.current.episode.id == second.id


def test_a_closed_newest_episode_means_nothing_is_current(store, episode):
    store.episodes.append(episode.id, "returned", {"where": "Home"})
    assert store.records(episode.child_id).current is not None  # back, follow-ups due
    close_episode(store, episode.id, "All done")
    assert store.records(episode.child_id).current is None
    assert store.episodes.current(episode.child_id) is None
