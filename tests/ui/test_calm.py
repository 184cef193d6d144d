"""Issue 9: the wheel, the mnemonics, the sign-in wait, the photo check and long names."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QScrollArea, QTableWidget

from desktop.domain.episode import ENTRY_KINDS
from desktop.domain.model import NAME_MAX_LENGTH
from desktop.ui.child_dialog import AddChildDialog
from desktop.ui.first_run import SetupDialog
from desktop.ui.missing_dialogs import EntryDialog
from desktop.ui.pack_dialog import PackDialog
from desktop.ui.signin import SignInDialog
from tests.support.geometry import assert_fits, settle
from tests.support.images import jpeg_bytes
from tests.support.sample import ADMIN, add_child
from tests.support.ui import click_child, click_tab


@pytest.fixture
def window(window_with_child):
    return window_with_child


def wheel(widget, steps: int = -1) -> None:
    """One notch of the mouse wheel over the middle of a widget (down when negative)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    settle()


def test_the_wheel_scrolls_the_form_past_an_unfocused_drop_down(qtbot, window):
    window.resize(1280, 720)
    window.show()
    click_child(qtbot, window)
    click_tab(qtbot, window, "Part A")
    editor = window.editors["part_a"]
    combo = next(c for c in editor.findChildren(QComboBox) if c.isVisible())
    scroll = editor.findChild(QScrollArea)
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    before, scrolled = combo.currentIndex(), scroll.verticalScrollBar().value()
    wheel(combo)
    assert combo.currentIndex() == before  # the answer did not change
    assert scroll.verticalScrollBar().value() > scrolled  # the page scrolled instead
    combo.setFocus()  # as Tab or a click gives it
    qtbot.waitUntil(combo.hasFocus)
    wheel(combo)
    assert combo.currentIndex() == before + 1  # a chosen field still answers the wheel


def test_the_wheel_leaves_an_unfocused_time_field_alone(qtbot, ctx):
    dialog = SetupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    assert dialog.home_name.hasFocus()
    before = dialog.overnight_start.time()
    wheel(dialog.overnight_start, steps=1)
    assert dialog.overnight_start.time() == before


def test_the_list_and_the_page_say_the_same_about_each_childs_photo(qtbot, window):
    today = window.ctx.clock.now().date()
    other = add_child(window.store, "Ben", "Osei")
    window.store.photos.add(other.id, jpeg_bytes(), taken_on=today - timedelta(days=3))
    window.refresh_children()
    window.show()
    expected = {"Aaliyah-Rose Fitzgerald-Montgomery": "No photo yet", "Ben Osei": "Photo current"}
    for row in range(window.model.rowCount()):
        name = window.model.data(window.model.index(row, 1))
        listed = window.model.data(window.model.index(row, 6))
        assert listed == expected[name]
        click_child(qtbot, window, row)
        click_tab(qtbot, window, "Photographs")
        assert window.photos.status.text().startswith(listed + ":")


def test_the_locations_tables_show_their_whole_headers(qtbot, window):
    window.resize(1280, 720)
    window.show()
    click_child(qtbot, window)
    click_tab(qtbot, window, "Locations and contacts")
    tables = window.editors["locations"].findChildren(QTableWidget)
    assert tables
    for table in tables:
        header = table.horizontalHeader()
        for column in range(table.columnCount()):
            text = table.horizontalHeaderItem(column).text()
            assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(text), text


def test_only_a_log_entry_with_a_needed_field_says_what_the_stars_mean(qtbot, ctx):
    now = ctx.clock.now()
    for kind in ENTRY_KINDS.values():
        dialog = EntryDialog(kind, now)
        qtbot.addWidget(dialog)
        starred = [lab.text() for lab in dialog.findChildren(QLabel) if lab.text().endswith(" *:")]
        explained = any("marked *" in lab.text() for lab in dialog.findChildren(QLabel))
        assert explained == bool(starred), kind.id


def test_the_pack_window_shows_the_police_reference_from_the_log(qtbot, window):
    child = window.store.children.all()[0]
    episode = window.store.episodes.start(
        child.id, whereabouts="unknown", details={"last_seen_where": "Bus station"}
    )
    window.store.episodes.append(episode.id, "police_report", {"reference": "CAD-1234/26"})
    window.show()
    click_child(qtbot, window)
    qtbot.mouseClick(window.police, Qt.MouseButton.LeftButton)
    pack = next(w for w in window.findChildren(PackDialog) if w.isVisible())
    qtbot.waitUntil(pack.save.isEnabled, timeout=20_000)
    assert pack.reference.text() == "CAD-1234/26"
    pack.close()


def test_the_sign_in_wait_message_goes_when_the_wait_is_over(qtbot, ctx, closed_store):
    dialog = SignInDialog(ctx, name_hint=ADMIN)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(2):
        qtbot.keyClicks(dialog.passphrase, "wrong again and again")
        qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: dialog.isEnabled() and dialog.error.text() != "Opening the records…",
            timeout=10_000,
        )
    assert "Wait 2 seconds" in dialog.error.text() and dialog.error.isVisible()
    qtbot.waitUntil(dialog.sign_in.isEnabled, timeout=10_000)
    assert "Wait" not in dialog.error.text() and "Wait" not in dialog.sign_in.text()
    assert dialog.error.text() == "You can try again now."


def test_a_long_name_is_cut_at_its_limit_and_the_heading_stays_one_line(qtbot, window):
    window.resize(1280, 720)
    window.show()
    dialog = AddChildDialog(window.ctx.clock.now().date(), window.ctx.rule_sets, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first_name, "Wolfeschlegelsteinhausenbergerdorff" * 9)  # 315 letters
    qtbot.keyClicks(dialog.last_name, "Featherstonehaugh-Cholmondeley" * 3)
    qtbot.keyClicks(dialog.date_of_birth, "02/04/2011")
    assert len(dialog.first_name.text()) == NAME_MAX_LENGTH
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    window.add_child_record(dialog)
    settle()
    title = window.child_title
    full = window.store.children.get(window.child_id).display_name
    assert title.toolTip() == full and title.accessibleName() == full
    assert title.text().endswith("…") and not title.wordWrap()
    assert title.sizeHint().height() < 2 * title.fontMetrics().lineSpacing()  # one line
    assert_fits(window, QSize(1280, 720), exact=True)
    row = window.model.row_of(window.child_id)
    now = window.table.visualRect(window.model.index(row, 2))
    assert window.table.viewport().rect().contains(now)  # the episode's state stays in view
    name = window.model.index(row, 1)
    assert window.model.data(name, Qt.ItemDataRole.ToolTipRole) == full


def test_a_part_a_answer_cannot_be_typed_past_its_length(qtbot, window):
    window.show()
    click_child(qtbot, window)
    click_tab(qtbot, window, "Part A")
    edit = window.editors["part_a"].editors["preferred_name"].widget
    edit.clear()
    qtbot.keyClicks(edit, "x" * 307)
    assert len(edit.text()) == 60
