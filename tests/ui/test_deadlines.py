"""The episode page's headline: which duty leads, and its timing in words (no Qt needed)."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from desktop.protocol.engine import ANSWERED, OVERDUE, UPCOMING, VOID, Prompt
from desktop.protocol.rules import ACTIONS
from desktop.ui import deadlines
from desktop.ui.deadlines import (
    HEADLINE_WORDS,
    due_words,
    headline,
    order_for_staff,
    time_left_words,
    what_to_do,
)

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 1, 17, 46, tzinfo=LONDON)  # a Tuesday evening in GMT


def prompt(
    action: str = "report_to_police",
    due: datetime = NOW,
    *,
    status: str | None = None,
    severity: str = "critical",
    profile: bool = False,
    rule: str = "r",
) -> Prompt:
    if status is None:
        status = OVERDUE if due <= NOW else UPCOMING
    return Prompt(
        action=action,
        rule=rule,
        duty=action,
        due_at=due.astimezone(UTC),
        status=status,
        who="Staff",
        text="Do it.",
        citations=(),
        profile=profile,
        severity=severity,
    )


def h(hours: float = 0, minutes: float = 0, seconds: float = 0) -> timedelta:
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


# --- time left ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (h(2, 14), "in 2 h 14 min"),
        (h(2, 13, 1), "in 2 h 14 min"),  # time left rounds up
        (h(0, 45), "in 45 min"),
        (h(0, 0, 1), "in 1 min"),  # never "in 0 min"
        (h(0, 59, 30), "in 1 h"),
        (h(3, 4), "in 3 h 04 min"),
        (h(24), "in 1 day"),
        (h(51), "in 2 days 3 h"),
        (h(50, 1), "in 2 days 3 h"),  # days and hours: rounds up to the hour
        (h(0), "OVERDUE by under 1 min"),  # exactly due is overdue, as the engine says
        (-h(0, 0, 59), "OVERDUE by under 1 min"),
        (-h(0, 1), "OVERDUE by 1 min"),
        (-h(3, 4), "OVERDUE by 3 h 04 min"),
        (-h(3, 4, 59), "OVERDUE by 3 h 04 min"),  # time overdue rounds down
        (-h(51, 59), "OVERDUE by 2 days 3 h"),
        (-h(24), "OVERDUE by 1 day"),
        (-h(25), "OVERDUE by 1 day 1 h"),
    ],
)
def test_time_left_in_words(left, words):
    assert time_left_words(NOW + left, NOW) == words


def test_overdue_never_reads_as_time_left():
    for seconds in range(0, 7200, 7):
        assert time_left_words(NOW - timedelta(seconds=seconds), NOW).startswith("OVERDUE by ")
        assert "in 0 min" not in time_left_words(NOW + timedelta(seconds=seconds + 1), NOW)


def test_time_left_counts_real_time_across_the_clocks_going_back():
    # 25 October 2026: 01:00 to 02:00 BST, then 01:00 to 02:00 GMT again.
    before = datetime(2026, 10, 25, 0, 30, tzinfo=LONDON)
    due = datetime(2026, 10, 25, 2, 30, tzinfo=LONDON)  # wall clock says 2 h, it is 3 h
    assert time_left_words(due, before) == "in 3 h"


def test_time_left_counts_real_time_across_the_clocks_going_forward():
    # 29 March 2026: 01:00 GMT becomes 02:00 BST.
    before = datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)
    due = datetime(2026, 3, 29, 3, 30, tzinfo=LONDON)  # wall clock says 3 h, it is 2 h
    assert time_left_words(due, before) == "in 2 h"
    assert time_left_words(before, due) == "OVERDUE by 2 h"


# --- due ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (datetime(2026, 12, 1, 20, 0, tzinfo=LONDON), "by 20:00"),
        (datetime(2026, 12, 1, 23, 59, tzinfo=LONDON), "by 23:59"),
        (datetime(2026, 12, 2, 0, 0, tzinfo=LONDON), "by midnight tonight"),
        (datetime(2026, 12, 2, 0, 1, tzinfo=LONDON), "by 00:01 tomorrow"),
        (datetime(2026, 12, 2, 20, 0, tzinfo=LONDON), "by 20:00 tomorrow"),
        (datetime(2026, 12, 3, 0, 0, tzinfo=LONDON), "by Thu 3 Dec 00:00"),
        (datetime(2026, 12, 8, 9, 0, tzinfo=LONDON), "by Tue 8 Dec 09:00"),
        (datetime(2027, 1, 5, 9, 0, tzinfo=LONDON), "by Tue 5 Jan 2027 09:00"),
        (NOW, "now"),
        (NOW - h(3), "now"),
    ],
)
def test_due_in_words(due, words):
    assert due_words(prompt(due=due), NOW, LONDON) == words


def test_due_words_are_in_the_home_time_and_use_its_day():
    # 23:30 UTC on 1 June is 00:30 BST on 2 June: tomorrow for the home, not today.
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    due = datetime(2026, 6, 1, 23, 30, tzinfo=UTC)
    assert due_words(prompt(due=due), now, LONDON) == "by 00:30 tomorrow"
    assert due_words(prompt(due=due), now, UTC) == "by 23:30"


def test_due_just_after_midnight_is_tomorrow_and_just_before_is_today():
    now = datetime(2026, 12, 1, 23, 50, tzinfo=LONDON)
    assert due_words(prompt(due=now + h(0, 5)), now, LONDON) == "by 23:55"
    assert due_words(prompt(due=now + h(0, 10)), now, LONDON) == "by midnight tonight"
    assert due_words(prompt(due=now + h(0, 20)), now, LONDON) == "by 00:10 tomorrow"


def test_the_repeated_hour_when_the_clocks_go_back_is_named():
    now = datetime(2026, 10, 25, 0, 30, tzinfo=LONDON)
    first = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST
    second = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 01:30 GMT
    assert due_words(prompt(due=first), now, LONDON) == "by 01:30 BST"
    assert due_words(prompt(due=second), now, LONDON) == "by 01:30 GMT"
    assert due_words(prompt(due=second + h(1)), now, LONDON) == "by 02:30"


# --- order ----------------------------------------------------------------------------------


def test_overdue_first_the_police_report_ahead_of_any_other_then_by_severity():
    social_worker = prompt("notify_social_worker", NOW - h(5), severity="high", rule="sw")
    forms = prompt("update_forms", NOW - h(50), severity="routine", rule="forms")
    police = prompt("report_to_police", NOW - h(1), rule="police")
    attend = prompt("notify_police", NOW - h(2), severity="critical", rule="attend")
    soon = prompt("strategy_meeting", NOW + h(1), severity="normal", rule="soon")
    later = prompt("report_to_police", NOW + h(2), rule="later")
    ordered = order_for_staff([later, soon, forms, social_worker, attend, police], NOW)
    assert [p.rule for p in ordered] == ["police", "attend", "sw", "forms", "soon", "later"]


def test_overdue_of_equal_severity_longest_overdue_first():
    a = prompt("notify_parents", NOW - h(1), severity="high", rule="a")
    b = prompt("notify_social_worker", NOW - h(3), severity="high", rule="b")
    assert [p.rule for p in order_for_staff([a, b], NOW)] == ["b", "a"]


def test_upcoming_by_due_time_then_severity():
    a = prompt("update_forms", NOW + h(1), severity="routine", rule="a")
    b = prompt("report_to_police", NOW + h(2), rule="b")
    c = prompt("notify_parents", NOW + h(1), severity="high", rule="c")
    assert [p.rule for p in order_for_staff([a, b, c], NOW)] == ["c", "a", "b"]


def test_answered_and_settled_prompts_are_left_out():
    done = prompt(due=NOW - h(1), status=ANSWERED, rule="done")
    void = prompt(due=NOW + h(1), status=VOID, rule="void")
    open_ = prompt(due=NOW + h(1), rule="open")
    assert [p.rule for p in order_for_staff([done, void, open_], NOW)] == ["open"]


def test_a_prompt_that_fell_due_since_the_engine_ran_counts_as_overdue():
    stale = prompt("report_to_police", NOW - h(0, 1), status=UPCOMING, rule="police")
    other = prompt("notify_parents", NOW - h(2), severity="high", rule="parents")
    assert [p.rule for p in order_for_staff([other, stale], NOW)] == ["police", "parents"]


# --- headline -------------------------------------------------------------------------------


def test_headline_overdue_police_report():
    police = prompt(due=NOW - h(3, 4))
    assert headline([police], NOW, LONDON, "Mohammed") == (
        "Report Mohammed missing to the police — OVERDUE by 3 h 04 min"
    )


def test_headline_upcoming_police_report():
    police = prompt(due=datetime(2026, 12, 1, 20, 0, tzinfo=LONDON))
    assert headline([police], NOW, LONDON, "Mohammed") == (
        "Report Mohammed missing to the police by 20:00 — in 2 h 14 min"
    )


def test_headline_without_a_name_says_the_child():
    sw = prompt("notify_social_worker", NOW + h(0, 45), severity="high")
    assert headline([sw], NOW, LONDON) == "Tell the child's social worker by 18:31 — in 45 min"
    assert headline([sw], NOW, LONDON, "James") == "Tell James's social worker by 18:31 — in 45 min"


def test_headline_none_when_nothing_is_open():
    assert headline([], NOW, LONDON, "Ann") is None
    assert headline([prompt(status=ANSWERED)], NOW, LONDON, "Ann") is None


def test_an_old_photo_leads_only_when_the_episode_has_nothing_open():
    photo = prompt("update_forms", NOW - h(72), severity="routine", profile=True)
    report = prompt(due=NOW + h(2))
    assert headline([photo, report], NOW, LONDON, "Ann") == (
        "Report Ann missing to the police by 19:46 — in 2 h"
    )
    assert headline([photo], NOW, LONDON, "Ann") == (
        "Bring Ann's records up to date — OVERDUE by 3 days"
    )


def test_headline_follows_the_clock():
    police = prompt(due=datetime(2026, 12, 1, 20, 0, tzinfo=LONDON))
    with time_machine.travel(datetime(2026, 12, 1, 21, 30, tzinfo=LONDON), tick=False):
        now = datetime.now(UTC)
        assert headline([police], now, LONDON, "Mo") == (
            "Report Mo missing to the police — OVERDUE by 1 h 30 min"
        )


def test_every_action_has_headline_words_and_they_make_no_claim_about_timing():
    assert set(HEADLINE_WORDS) == set(ACTIONS)
    for action in ACTIONS:
        words = what_to_do(replace(prompt(), action=action), "Ann").lower()
        assert "{" not in words and "now" not in words.split(), action
        assert not words.endswith("."), action


def test_deadlines_has_no_qt():
    tree = ast.parse(Path(deadlines.__file__).read_text(encoding="utf-8"))
    modules = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not any(m.startswith(("PySide6", "shiboken")) for m in modules)
