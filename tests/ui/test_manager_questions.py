"""On the demo records, a manager answers the five questions from the manager's view: who went
missing last month, for how long, what is overdue, who is at a repeat threshold, and what share
of return interviews were on time — each by one filter or panel, from the sign-in window on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from desktop.domain.clock import LONDON
from desktop.export.manager import month_bounds
from desktop.protocol.handover import duration_words
from desktop.store.demo import DEMO_NAME, DEMO_PASSPHRASE, build_demo_store
from desktop.store.demo_history import ON_TIME, OVERDUE, plan_history
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.ui.manager_view import ManagerView
from tests.support.ui import sign_in_from_start
from tests.ui.test_manager_view import _choose, _rows, _tab

NAMES = {"Siobhán": "Siobhán Ó Briain", "Олена": "Олена Коваленко", "Wei": "Wei Li"}
"""The absence log's name for each current child with history."""


@pytest.fixture
def demo_ctx(ctx):
    build_demo_store(
        ctx.store_dir, clock=ctx.clock, device=ctx.device, forms=ctx.forms, kdf=TEST_ONLY_PARAMS
    )
    return ctx


def _open_from_the_file_menu(qtbot, window) -> ManagerView:
    """File → Manager's view…, clicked with the mouse as a person does."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    bar = window.menuBar()
    file_action = bar.actions()[0]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(file_action).center())
    menu: QMenu = file_action.menu()
    qtbot.waitUntil(menu.isVisible, timeout=5_000)
    item = next(a for a in menu.actions() if a.text() == "Manager's &view…")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(item).center())
    qtbot.waitUntil(lambda: window.findChild(ManagerView) is not None, timeout=5_000)
    view = window.findChild(ManagerView)
    qtbot.addWidget(view)
    return view


def test_the_demo_answers_the_five_questions(qtbot, demo_ctx):
    now = demo_ctx.clock.now()
    plan = plan_history(now)
    window = sign_in_from_start(qtbot, demo_ctx, DEMO_NAME, DEMO_PASSPHRASE)
    view = _open_from_the_file_menu(qtbot, window)
    if view.data is None:  # read off the window's thread: wait until it is on show
        with qtbot.waitSignal(view.loaded, timeout=15_000):
            pass
    assert view.shown.text() == f"{len(plan)} of {len(plan)} episodes shown"

    # Who went missing last month, and for how long?
    since, until = month_bounds(now.astimezone(LONDON).date(), LONDON, 1)
    last_month = [p for p in plan if since <= p.start < until]
    _choose(qtbot, view.period, "Last month")
    rows = _rows(view.log)
    assert sorted(r[0] for r in rows) == sorted(NAMES[p.child] for p in last_month)
    assert {"Siobhán Ó Briain", "Олена Коваленко"} <= {r[0] for r in rows}
    assert sorted((r[0], r[2]) for r in rows) == sorted(
        (NAMES[p.child], duration_words(p.away)) for p in last_month
    )

    # What is overdue?
    _choose(qtbot, view.period, "Any time")
    qtbot.mouseClick(view.overdue, Qt.MouseButton.LeftButton)
    assert [(r[0], r[8]) for r in _rows(view.log)] == [("Wei Li", "Overdue")]
    _tab(qtbot, view, "Waiting today")
    waiting = [r for r in _rows(view.waiting) if r[0] == "Wei Li" and r[3].endswith("overdue")]
    overdue = next(p for p in plan if p.interview == OVERDUE)
    assert overdue.returned < now - timedelta(hours=72)
    assert any("Return Conversation" in r[1] for r in waiting)

    # Who is at a repeat threshold?
    _tab(qtbot, view, "Patterns")
    reached = {(r[0], r[1], r[2]) for r in _rows(view.thresholds) if r[3] == "Yes"}
    assert ("Olena (Олена Коваленко)", "3", "3 in 90 days") in reached

    # What share of return interviews were on time?
    on_time = sum(p.interview == ON_TIME for p in plan)
    percent = round(100 * on_time / len(plan))
    assert 0 < percent < 100
    assert (
        f"held within 72 hours {percent}% ({on_time} of {len(plan)} returns)"
        in view.interviews.text()
    )
