"""The full check says how far it has got and can be stopped; every sign-in makes a quick one."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop.store.store import Steps, VerifyCancelled
from tests.support.sample import reopen


def _entries(store, episode, count: int) -> None:
    for n in range(count):
        store.episodes.append(episode.id, "note", {"note": f"Checked the park ({n})"})


def test_the_full_check_reports_its_progress_up_to_all_of_it(store, episode):
    _entries(store, episode, 2_100)  # the log walk reports every thousand entries
    heard: list[int] = []
    report = store.verify(Steps(progress=heard.append))
    assert not report.problems
    assert heard[0] == 0 and heard[-1] == 100
    assert heard == sorted(heard) and len(set(heard)) >= 6  # steps between, and along the log
    assert report.checks == store.verify().checks  # the same check, with or without progress


def test_the_full_check_stops_when_cancelled_part_way(store, episode):
    _entries(store, episode, 2_100)
    steps = Steps()

    def heard(percent: int) -> None:
        if percent >= 50:
            steps.cancel.set()  # as the Cancel button does, from another thread

    steps.progress = heard
    with pytest.raises(VerifyCancelled, match="stopped"):
        store.verify(steps)


def test_every_sign_in_checks_the_key_file_and_the_newest_entry(
    created, store_dir, clock, device, episode
):
    store = created.store
    _entries(store, episode, 3)
    store.close()
    with reopen(store_dir, clock, device) as again:
        assert again.sign_in_check is not None and not again.sign_in_check.problems
        assert "Key file: intact and authenticated." in again.sign_in_check.checks
        with again.db.engine.begin() as conn:  # as someone with the database key alone could
            conn.execute(text("UPDATE log_head SET last_chain = :c"), {"c": "0" * 64})
    with reopen(store_dir, clock, device) as tampered:
        assert tampered.sign_in_check is not None
        [problem] = tampered.sign_in_check.problems
        assert "timed log has been altered" in problem.message
