from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

from desktop import paths
from desktop.domain.timeline import ChildFacts, Event, EventKind, HomeSettings, Situation
from desktop.protocol.clock_maths import (
    add_working_days,
    after,
    in_overnight,
    is_working_day,
    next_overnight_start,
)
from desktop.protocol.engine import evaluate
from desktop.protocol.rules import load_rule_sets
from tests.support.protocol import prompts_for

LONDON = ZoneInfo("Europe/London")
SETS = load_rule_sets(paths.protocols_dir())


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def test_elapsed_hours_across_the_clock_change_are_real_hours():
    start = at("2026-03-28T20:00")
    assert after(start, timedelta(hours=72), LONDON).isoformat() == "2026-03-31T21:00:00+01:00"
    autumn = at("2026-10-24T20:00")
    assert after(autumn, timedelta(hours=24), LONDON).isoformat() == "2026-10-25T19:00:00+00:00"


def test_overnight_window_edges():
    start, end = time(22), time(7)
    assert in_overnight(at("2026-03-01T22:00"), start, end, LONDON)
    assert in_overnight(at("2026-03-02T06:59"), start, end, LONDON)
    assert not in_overnight(at("2026-03-02T07:00"), start, end, LONDON)
    assert next_overnight_start(at("2026-03-02T07:00"), start, end, LONDON) == at(
        "2026-03-02T22:00"
    )
    assert next_overnight_start(at("2026-03-02T03:00"), start, end, LONDON) == at(
        "2026-03-02T03:00"
    )


def test_working_days_skip_weekends_and_english_bank_holidays():
    assert not is_working_day(date(2026, 12, 25)) and not is_working_day(date(2026, 12, 28))
    assert is_working_day(date(2026, 12, 29))
    # Thursday 24 December + 3 working days: 25th, 26-27th, 28th (substitute) are skipped.
    assert add_working_days(at("2026-12-24T10:00"), 3, LONDON) == at("2026-12-31T10:00")
    # Easter Monday 2026 is 6 April.
    assert add_working_days(at("2026-04-02T09:00"), 1, LONDON) == at("2026-04-07T09:00")


def _situation(*events: Event, child: ChildFacts | None = None) -> Situation:
    return Situation(home=HomeSettings(), child=child or ChildFacts(), events=events)


def test_an_answer_settles_the_earliest_open_prompt_of_its_action():
    events = (
        Event(at=at("2026-06-01T12:00"), kind=EventKind.AWARE, whereabouts_known=False),
        Event(
            at=at("2026-06-01T12:01"),
            kind=EventKind.INITIAL_CHECKS_DEADLINE,
            due=at("2026-06-01T13:00"),
        ),
        Event(at=at("2026-06-01T12:02"), kind=EventKind.POLICE_REVIEW, due=at("2026-06-01T18:00")),
        Event(
            at=at("2026-06-01T13:05"),
            kind=EventKind.ANSWERED,
            action="review_absence",
            outcome="not_done",
            reason="Reported instead",
        ),
    )
    prompts = [
        p
        for p in evaluate([SETS["kent-and-medway"]], _situation(*events), at("2026-06-01T14:00"))
        if p.action == "review_absence"
    ]
    assert [(p.due_at.astimezone(LONDON).hour, p.status) for p in prompts] == [
        (13, "answered"),
        (18, "upcoming"),
    ]
    assert prompts[0].outcome == "not_done" and prompts[0].reason == "Reported instead"


def test_the_engine_reads_no_clock(monkeypatch):
    import desktop.protocol.engine as engine

    situation = _situation(Event(at=at("2026-06-01T12:00"), kind=EventKind.AWARE))
    with time_machine.travel(datetime(2030, 1, 1, tzinfo=LONDON)):
        later = evaluate([SETS["england-default"]], situation, at("2026-06-01T12:30"))
    now = evaluate([SETS["england-default"]], situation, at("2026-06-01T12:30"))
    assert later == now
    assert "datetime.now" not in Path(engine.__file__).read_text()


def test_store_prompts_follow_the_real_clock_under_time_machine(tmp_path, device):
    from desktop.domain.clock import SystemClock
    from desktop.domain.model import ChildDetails, Home
    from desktop.store.keys.kdf import TEST_ONLY_PARAMS
    from desktop.store.store import Store

    with time_machine.travel(datetime(2026, 6, 1, 15, 0, tzinfo=LONDON), tick=False) as traveller:
        created = Store.create(
            tmp_path / "s",
            home=Home(name="H", protocol_id="portsmouth"),
            admin_name="Ann",
            passphrase="long enough phrase",
            clock=SystemClock(),
            device=device,
            kdf=TEST_ONLY_PARAMS,
        )
        with created.store as store:
            child = store.children.add(
                ChildDetails(first_name="A", last_name="B", date_of_birth=date(2012, 1, 1))
            )
            store.episodes.start(child.id, whereabouts="unknown")
            [report] = [p for p in prompts_for(store, child.id) if p.action == "report_to_police"]
            assert report.status == "upcoming" and report.due_at == at("2026-06-01T21:00")
            traveller.shift(timedelta(hours=6, minutes=1))
            [report] = [p for p in prompts_for(store, child.id) if p.action == "report_to_police"]
            assert report.status == "overdue"
