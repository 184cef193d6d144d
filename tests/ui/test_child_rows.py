"""The children list's "Now" column: the changed child's row at once, every row each minute."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from tests.support.ui import answer_next_dialog
from tests.ui import test_missing_page as page_tests
from tests.ui.test_missing_page import choose, fill_fields, report_through_the_guide, sign_in

two_children = page_tests.two_children  # the same fixtures: two children, signed in as admin
controller = page_tests.controller
notifier = page_tests.notifier

NOW_COLUMN = 2


def now_cell(window, first_name: str) -> str:
    """What the list shows in a child's "Now" cell."""
    row = next(
        r
        for r in range(window.model.rowCount())
        if window.model.summary(r).child.first_name == first_name
    )
    return str(window.model.data(window.model.index(row, NOW_COLUMN)) or "")


def test_logging_an_entry_updates_that_childs_row(qtbot, controller):
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Mohammed")
    assert now_cell(window, "Mohammed") == ""
    answer_next_dialog(qtbot)
    qtbot.mouseClick(window.missing.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "police" in now_cell(window, "Mohammed").lower(), timeout=5_000)
    before = now_cell(window, "Mohammed")

    report_through_the_guide(qtbot, window, fill_fields(reference="HUM-77"))
    qtbot.waitUntil(lambda: now_cell(window, "Mohammed") != before, timeout=5_000)
    assert "Report Mohammed missing" not in now_cell(window, "Mohammed")
    assert now_cell(window, "Wei") == ""


def test_the_minutes_refresh_brings_every_row_up_to_date(qtbot, controller, notifier):
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Mohammed")
    answer_next_dialog(qtbot)
    qtbot.mouseClick(window.missing.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.missing.episode is not None, timeout=5_000)
    choose(qtbot, window, "Wei")  # staff are looking at someone else
    assert "OVERDUE" not in now_cell(window, "Mohammed")

    controller.ctx.clock.moment += timedelta(hours=7)  # past the six-hour maximum
    window.tick()
    qtbot.waitUntil(lambda: "OVERDUE" in now_cell(window, "Mohammed"), timeout=10_000)
    assert "Mohammed" in window.windowTitle() and "OVERDUE" in window.windowTitle()
    qtbot.waitUntil(lambda: len(notifier.said) == 1, timeout=5_000)
    assert window.child_title.full_text().startswith("Wei")  # the chosen child stays chosen
