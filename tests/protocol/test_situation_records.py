"""What the engine sees for a child: the flags a record sets, and which episode is current."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.errors import BadInput
from desktop.domain.model import ChildDetails
from desktop.protocol.situation import build_situation
from tests.support.protocol import prompts_for, shipped_forms
from tests.support.sample import close_episode


def test_a_remand_status_written_as_free_text_by_an_earlier_release_keeps_its_flag(store):
    """Earlier releases took the legal status as free text on the command line; the rule for
    remand is "report to the police without delay", so such a record must keep its flag."""
    from sqlalchemy import text

    child = store.children.add(
        ChildDetails(first_name="Zed", last_name="Q", date_of_birth=date(2010, 4, 2))
    )
    with store.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE child SET legal_status = :status WHERE id = :id"),
            {"status": "Remanded to youth detention accommodation", "id": child.id},
        )
    situation = build_situation(store.records(child.id), shipped_forms())
    assert "remand" in situation.child.risk_flags


def test_a_legal_status_must_now_be_one_of_the_list(store):
    with pytest.raises(BadInput, match="legal status from the list"):
        store.children.add(
            ChildDetails(
                first_name="Zed",
                last_name="Q",
                date_of_birth=date(2010, 4, 2),
                legal_status="Remanded to youth detention accommodation",
            )
        )


def test_a_child_away_now_is_current_even_behind_a_newer_closed_episode(store, clock):
    """Pre-existing (0784ee0 did the same), but it is which episode is current: the newest by
    the time staff became aware, and nothing at all if that one is closed. An episode logged
    in error and closed, then the real absence logged with the earlier time staff found the
    bedroom empty, leaves a child who is away with no current episode: no prompts, and the
    window shows no open episode."""
    child = store.children.add(
        ChildDetails(first_name="Zed", last_name="Q", date_of_birth=date(2011, 4, 2))
    )
    mistaken = store.episodes.start(child.id, whereabouts="unknown")
    store.episodes.append(mistaken.id, "returned", {"where": "Was in the garden"})
    close_episode(store, mistaken.id, "Logged in error")
    clock.moment += timedelta(minutes=30)
    real = store.episodes.start(
        child.id,
        whereabouts="unknown",
        aware_at=clock.now() - timedelta(minutes=45),
        reason_for_time="Found the bedroom empty at that time, logging now",
    )

    records = store.records(child.id)
    assert records.current is not None and records.current.episode.id == real.id
    assert store.episodes.current(child.id) is not None
    assert any(p.action == "report_to_police" for p in prompts_for(store, child.id))
