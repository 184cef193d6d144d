"""Windows fit 1366x768 and 1280x720, and 1920x1080 at 150 %: nothing clipped or overlapping."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.domain.episode import ENTRY_KINDS
from desktop.ui.accounts import AccountDialog
from desktop.ui.child_dialog import AddChildDialog
from desktop.ui.first_run import SetupDialog
from desktop.ui.missing_dialogs import EntryDialog, StartDialog
from desktop.ui.pack_dialog import PackDialog
from desktop.ui.photos import PhotoDetailsDialog
from desktop.ui.signin import SignInDialog
from tests.support.crash import ROOT
from tests.support.geometry import (
    TARGETS,
    assert_fits,
    layout_problems,
    rect_in_window,
    settle,
)
from tests.support.sample import ADMIN, PASSPHRASE
from tests.support.ui import click_child, click_tab

SIZES = pytest.mark.parametrize("size", TARGETS, ids=lambda s: f"{s.width()}x{s.height()}")


@pytest.fixture
def window(window_with_child):
    return window_with_child


@SIZES
def test_the_main_window_fits_with_no_child_then_a_child_on_each_tab(qtbot, window, size):
    assert_fits(window, size, exact=True)
    click_child(qtbot, window)
    assert window.child_id is not None
    for tab in ("Part A", "Locations and contacts", "Photographs", "Versions"):
        click_tab(qtbot, window, tab)
        assert_fits(window, size, exact=True)


def test_the_children_list_is_resizable_and_keeps_names_readable(qtbot, window):
    assert_fits(window, TARGETS[1], exact=True)
    splitter = window.centralWidget()
    handle = splitter.handle(1)
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, pos=start - QPoint(900, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start - QPoint(900, 0))
    settle()
    left, right = splitter.sizes()
    name = window.model.summary(0).child.display_name
    cell = window.table.visualRect(window.model.index(0, 1))
    assert window.table.viewport().rect().contains(cell), "the name column is scrolled away"
    assert cell.width() >= window.table.fontMetrics().horizontalAdvance(name)
    assert right > left
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, pos=start + QPoint(300, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(300, 0))
    settle()
    assert splitter.sizes()[0] > left  # wider on request
    assert_fits(window, TARGETS[1], exact=True)


@SIZES
def test_the_pack_window_fits_with_its_buttons_in_view(qtbot, window, size):
    click_child(qtbot, window)
    window.resize(size)
    qtbot.mouseClick(window.police, Qt.MouseButton.LeftButton)
    pack = next(w for w in window.findChildren(PackDialog) if w.isVisible())
    qtbot.waitUntil(lambda: pack.save.isEnabled(), timeout=20_000)
    free = pack.screen().availableGeometry()
    assert pack.width() <= free.width() and pack.height() <= free.height()  # opens on screen
    assert_fits(pack, size, exact=True)
    for widget in (pack.save, pack.print_, pack.email):
        assert widget.isVisible() and pack.rect().contains(rect_in_window(widget, pack))
    pack.close()


@SIZES
def test_the_sign_in_window_grows_to_show_its_error(qtbot, ctx, closed_store, size):
    dialog = SignInDialog(ctx, name_hint=ADMIN, note="Demo records: sign in as someone.")
    qtbot.addWidget(dialog)
    assert_fits(dialog, size)
    qtbot.keyClicks(dialog.passphrase, "not my passphrase")
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "do not match" in dialog.error.text(), timeout=10_000)
    settle()
    assert dialog.error.isVisible()
    assert dialog.error.height() >= dialog.error.heightForWidth(dialog.error.width())
    assert_fits(dialog, size)


@SIZES
def test_the_add_child_dialog_fits(qtbot, ctx, size):
    dialog = AddChildDialog(ctx.clock.now().date(), ctx.rule_sets)
    qtbot.addWidget(dialog)
    assert_fits(dialog, size)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible()
    assert_fits(dialog, size)


@SIZES
def test_the_photo_details_dialog_fits(qtbot, ctx, size):
    dialog = PhotoDetailsDialog("a-rather-long-file-name-from-a-phone-camera.jpg", date(2026, 3, 1))
    qtbot.addWidget(dialog)
    assert_fits(dialog, size)


@SIZES
@pytest.mark.parametrize("with_role", [True, False])
def test_the_account_dialogs_fit(qtbot, size, with_role, themed):
    dialog = AccountDialog(title="Add a staff member", with_role=with_role)
    qtbot.addWidget(dialog)
    assert_fits(dialog, size)


@SIZES
def test_every_page_of_the_setup_wizard_fits(qtbot, ctx, size):
    dialog = SetupDialog(ctx)
    qtbot.addWidget(dialog)
    assert_fits(dialog, size)
    qtbot.keyClicks(dialog.home_name, "Oak House")
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    assert_fits(dialog, size)
    qtbot.keyClicks(dialog.admin_name, ADMIN)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase_again, PASSPHRASE)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=10_000)
    assert_fits(dialog, size)
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    created.args[0].close()


def test_the_windows_fit_1920x1080_at_150_percent(tmp_path):
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.scaled_fit", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0 and result.stdout.strip() == "fits", result.stderr[-3000:]


def test_the_fit_check_finds_overlaps_and_widgets_beyond_the_window(qtbot, themed):
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 200)
    for name, geometry in (
        ("a", (10, 10, 100, 40)),
        ("b", (60, 20, 100, 40)),
        ("c", (250, 150, 100, 40)),
    ):
        widget = QPushButton(name, window)
        widget.setGeometry(*geometry)
    window.show()
    settle()
    problems = layout_problems(window)
    assert any("QPushButton a" in p and "overlaps" in p and "QPushButton b" in p for p in problems)
    assert any("QPushButton c" in p and "outside" in p for p in problems)
    with pytest.raises(AssertionError, match="overlaps"):
        assert_fits(window, QSize(400, 300))


@SIZES
def test_the_absence_dialogs_fit(qtbot, ctx, size):
    now = ctx.clock.now()
    for dialog in (StartDialog(now), *(EntryDialog(kind, now) for kind in ENTRY_KINDS.values())):
        qtbot.addWidget(dialog)
        assert_fits(dialog, size)
        dialog.hide()
