"""A child's past episodes, summarised by the store, give the engine what their whole logs gave."""

from __future__ import annotations

import random
from datetime import date, timedelta

from desktop.domain.model import ChildDetails
from desktop.protocol.absences import absence_row
from desktop.protocol.situation import build_situation, child_prompts
from tests.support.protocol import shipped_forms, shipped_rule_sets
from tests.support.sample import advance, close_episode

STAGES = ("1", "2", "3")


def _history(store, clock, child_id: str, episodes: int, seed: int) -> None:
    """Many past episodes: some reported, some never back, interviews done and declined in
    runs, intervention meetings, and corrections that withdraw or move a return."""
    rng = random.Random(seed)
    for n in range(episodes):
        advance(clock, rng.randint(60 * 24, 60 * 24 * 20))
        episode = store.episodes.start(child_id, whereabouts=rng.choice(["known", "unknown"]))
        advance(clock, 30)
        if rng.random() < 0.7:
            store.episodes.append(episode.id, "police_report", {"reference": f"R{n}"})
        advance(clock, rng.randint(30, 600))
        back = store.episodes.append(episode.id, "returned", {"where": "Home"})
        if rng.random() < 0.15:  # the return was logged against the wrong episode
            store.episodes.correct(back.id, reason="Wrong episode", retract=True)
            advance(clock, 20)
            store.episodes.append(episode.id, "returned", {"where": "Home"})
        elif rng.random() < 0.15:  # came back earlier than first written
            earlier = (back.event_at - timedelta(minutes=45)).isoformat()
            store.episodes.correct(back.id, reason="Earlier", replacement={"event_at": earlier})
        advance(clock, 60 * 24)
        interview = rng.choice(["return_interview_done", "return_interview_declined", None])
        if interview is not None:
            store.episodes.append(episode.id, interview, {})
        if rng.random() < 0.2:
            meeting = {"stage": rng.choice(STAGES)}
            store.episodes.append(episode.id, "intervention_meeting", meeting)
        if n < episodes - 1 or seed % 2:
            close_episode(store, episode.id, "Done")


def test_a_child_with_many_past_episodes_gets_the_same_prompts_as_from_every_log(store, clock):
    for seed, protocol in enumerate(["warwickshire", "portsmouth", "north-east-lincolnshire"]):
        child = store.children.add(
            ChildDetails(
                first_name=f"Zed{seed}",
                last_name="Q",
                date_of_birth=date(2011, 4, 2),
                responsible_protocol_id=protocol,
            )
        )
        _history(store, clock, child.id, 40, seed)
        current = store.episodes.start(child.id, whereabouts="unknown")
        summarised, whole = store.records(child.id), store.records(child.id, whole=True)
        assert summarised.current == whole.current
        assert summarised.current is not None and summarised.current.episode == current
        assert len(summarised.episodes) == 1 and len(whole.episodes) == 41
        forms = shipped_forms()
        assert build_situation(summarised, forms) == build_situation(whole, forms)
        for hours in (0, 3, 30, 24 * 10):
            now = clock.now() + timedelta(hours=hours)
            prompts = {
                name: child_prompts(r, rule_sets=shipped_rule_sets(), forms=forms, now=now)
                for name, r in (("summarised", summarised), ("whole", whole))
            }
            assert prompts["summarised"] == prompts["whole"]
        assert store.episodes.current(child.id) == current


def test_a_closed_newest_episode_after_many_leaves_nothing_current(store, clock):
    child = store.children.add(
        ChildDetails(first_name="Yan", last_name="Q", date_of_birth=date(2011, 4, 2))
    )
    _history(store, clock, child.id, 12, seed=1)  # odd seed: the newest is closed too
    summarised, whole = store.records(child.id), store.records(child.id, whole=True)
    assert summarised.current is None and whole.current is None
    assert summarised.history is not None and len(summarised.history) == 12
    forms = shipped_forms()
    assert build_situation(summarised, forms) == build_situation(whole, forms)


def test_an_episode_without_its_digest_is_read_from_its_log(store, clock):
    """Written around the store (or by a release before digests): read the slow way, the same."""
    from sqlalchemy import text

    child = store.children.add(
        ChildDetails(first_name="Xia", last_name="Q", date_of_birth=date(2011, 4, 2))
    )
    _history(store, clock, child.id, 6, seed=2)
    before = store.records(child.id)
    with store.db.session() as session:
        session.execute(text("DELETE FROM episode_digest WHERE child_id = :c"), {"c": child.id})
    after = store.records(child.id)
    assert after.history == before.history and after.current == before.current
    assert build_situation(after, shipped_forms()) == build_situation(
        store.records(child.id, whole=True), shipped_forms()
    )


def test_every_childs_records_in_one_read_are_each_childs_own(store, clock):
    from tests.support.images import jpeg_bytes

    for n, protocol in enumerate(["warwickshire", "portsmouth", None]):
        child = store.children.add(
            ChildDetails(
                first_name=f"Ann{n}",
                last_name="Q",
                date_of_birth=date(2011, 4, 2),
                responsible_protocol_id=protocol,
            )
        )
        store.forms.save(child.id, shipped_forms()["part_a"], {"height": f"15{n} cm"})
        store.photos.add(child.id, jpeg_bytes(), taken_on=clock.now().date())
        _history(store, clock, child.id, 5, seed=n)
    store.children.add(
        ChildDetails(first_name="New", last_name="A", date_of_birth=date(2012, 1, 1))
    )
    every = store.every_child_records()
    assert [r.child for r in every] == store.children.all()
    assert every == [store.records(c.id) for c in store.children.all()]


def _from_whole_logs(store) -> list:
    """The absence log as the episodes' whole logs read, the slow way."""
    rows = []
    for child in store.children.all():
        for record in store.records(child.id, whole=True).episodes:
            name = f"{child.first_name} {child.last_name}"
            start = record.episode.aware_at
            rows.append(absence_row(record.episode.id, child.id, name, start, record.log))
    return sorted(rows, key=lambda r: r.start, reverse=True)


def test_the_absence_log_kept_beside_the_digests_says_what_the_whole_logs_say(store, clock):
    for seed, name in enumerate(("Xia", "Yusuf", "Zofia")):
        child = store.children.add(
            ChildDetails(first_name=name, last_name="Q", date_of_birth=date(2011, 4, 2))
        )
        _history(store, clock, child.id, 5, seed=seed)
    kept = store.absence_log()
    assert len(kept) == 15 and kept == _from_whole_logs(store)
    assert any(r.interview for r in kept) and any(r.police_reference for r in kept)
    # Rows kept by an older reading, or none at all (written around the store): read from
    # the logs at read time, the same.
    from sqlalchemy import text

    with store.db.session() as session:
        session.execute(text("UPDATE episode_digest SET absence = NULL WHERE rowid % 3 = 0"))
        session.execute(
            text("UPDATE episode_digest SET absence = json_set(absence, '$.v', 0)"
                 " WHERE rowid % 3 = 1")
        )  # fmt: skip
    assert store.absence_log() == kept
