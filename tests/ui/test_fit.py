"""Every window fits 1366x768 and 1280x720 (and 1920x1080 at 150 %): nothing clipped or overlapping."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSize, Qt

from desktop.domain.model import Home
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.main_window import MainWindow
from tests.support.geometry import TARGETS, assert_fits, settle
from tests.support.sample import ADMIN, PASSPHRASE, add_child

SIZES = pytest.mark.parametrize("size", TARGETS, ids=lambda s: f"{s.width()}x{s.height()}")


@pytest.fixture
def made_store(ctx):
    Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    ).store.close()


@pytest.fixture
def window(qtbot, ctx, made_store):
    store = Store.open(
        ctx.store_dir, name=ADMIN, passphrase=PASSPHRASE, clock=ctx.clock, device=ctx.device
    )
    add_child(store, "Aaliyah-Rose", "Fitzgerald-Montgomery")
    win = MainWindow(ctx, store)
    qtbot.addWidget(win)
    yield win
    win.idle_timer.stop()
    store.close()


def click_child(qtbot, win: MainWindow, row: int = 0) -> None:
    index = win.model.index(row, 1)
    rect = win.table.visualRect(index)
    qtbot.mouseClick(win.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()


def click_tab(qtbot, win: MainWindow, text: str) -> None:
    bar = win.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == text)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    settle()
    assert win.tabs.currentIndex() == index


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
