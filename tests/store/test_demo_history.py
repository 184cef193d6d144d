"""The demo's invented year: spread over twelve months, recorded as it happened, and leaving each
of the manager's questions an answer (read through the same gathering the manager's view uses)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop import paths
from desktop.domain.clock import LONDON
from desktop.export.manager import gather, month_bounds
from desktop.formspec import load_forms
from desktop.protocol.patterns import interview_figures
from desktop.protocol.rules import shipped_rule_sets
from desktop.store.demo import DEMO_NAME, DEMO_PASSPHRASE, build_demo_store
from desktop.store.demo_history import LATE, ON_TIME, OVERDUE, plan_history
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store


@pytest.fixture(scope="module")
def forms():
    return load_forms(paths.forms_dir())


@pytest.fixture
def demo(tmp_path, clock, no_keyring, forms):
    folder = tmp_path / "demo"
    build_demo_store(folder, clock=clock, device=no_keyring, forms=forms, kdf=TEST_ONLY_PARAMS)
    store = Store.open(
        folder, name=DEMO_NAME, passphrase=DEMO_PASSPHRASE, clock=clock, device=no_keyring
    )
    yield store
    store.close()


def test_a_year_of_history_recorded_when_it_happened_and_the_log_verifies(demo, clock):
    now = clock.now()
    rows = demo.absence_log()
    starts = sorted(r.start for r in rows)
    assert 20 <= len(rows) <= 35
    assert now - starts[0] > timedelta(days=330) and now - starts[0] <= timedelta(days=365)
    assert now - starts[-1] < timedelta(days=14)
    months = {(s.astimezone(LONDON).year, s.astimezone(LONDON).month) for s in starts}
    assert len(months) >= 10
    for row in rows:
        log = demo.episodes.log(row.episode_id)
        assert all(e.recorded_at == e.event_at for e in log)
        assert [e.recorded_at for e in log] == sorted(e.recorded_at for e in log)
    assert demo.episodes.chain_problems() == []
    assert demo.verify().problems == []
    children = demo.children.all()
    assert len(children) == 7
    left = sorted(
        c.first_name for c in children if c.placement_end and c.placement_end < now.date()
    )
    assert left == ["Jakub", "Kwame", "Priya"]
    assert not any(r.returned is None for r in rows)  # nobody is missing on the demo's day


def test_each_question_a_manager_asks_has_an_answer(demo, clock, forms):
    now = clock.now()
    data = gather(demo, rule_sets=shipped_rule_sets(), forms=forms, now=now)
    plan = plan_history(now)
    assert len(data.rows) == len(plan)

    since, until = month_bounds(now.astimezone(LONDON).date(), data.zone, 1)
    last_month = [r for r in data.rows if since <= r.start < until]
    planned = [p for p in plan if since <= p.start < until]
    assert {r.child_name for r in last_month} >= {"Siobhán Ó Briain", "Олена Коваленко"}
    assert sorted(r.duration(now) for r in last_month) == sorted(p.away for p in planned)

    overdue = [r for r in data.rows if r.overdue(now, data.deadline)]
    assert [r.child_name for r in overdue] == ["Wei Li"]
    assert any(a.child_name == "Wei Li" and a.prompt.action == "return_interview"
               and a.overdue for a in data.actions)  # fmt: skip

    reached = {
        (t.child_name, t.rule.episodes, t.window_words) for t in data.thresholds if t.reached
    }
    assert ("Olena (Олена Коваленко)", 3, "in 90 days") in reached
    assert all("Jakub" not in t.child_name for t in data.thresholds)  # he has left

    figures = interview_figures(
        [r for r in data.rows if r.start >= now - timedelta(days=365)], now, data.deadline
    )
    assert figures.returned == len(plan)
    assert figures.on_time == sum(p.interview == ON_TIME for p in plan)
    assert figures.late == sum(p.interview == LATE for p in plan) > 0
    assert figures.declined > 0 and figures.outstanding == sum(p.interview == OVERDUE for p in plan)
    assert 0 < figures.on_time < figures.returned


def test_the_plan_is_the_same_for_the_same_day(clock):
    assert plan_history(clock.now()) == plan_history(clock.now())
