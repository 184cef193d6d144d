"""Locking and coming back: the same person returns to their child, tab and unsaved answers.

Everything starts at the sign-in window and is driven by keys and clicks, as a person would.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget

from desktop.domain.model import Home, Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import KEY_FILE_NAME
from desktop.store.store import Store
from desktop.ui.controller import AppController
from desktop.ui.main_window import MainWindow
from desktop.ui.signin import SignInDialog
from tests.support.sample import ADMIN, add_child
from tests.support.sample import PASSPHRASE as PASS
from tests.support.ui import type_into

COLLEAGUE = "Cal Colleague"
COLLEAGUE_PASS = "another long passphrase here"
TYPED = "Zanzibar 152 cm"
WORRY = "Left with an older man in a grey van"


@pytest.fixture
def child_id(ctx) -> str:
    created = Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASS,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    )
    with created.store as store:
        store.accounts.add(
            name=COLLEAGUE, role=Role.STAFF, passphrase=COLLEAGUE_PASS, kdf=TEST_ONLY_PARAMS
        )
        child = add_child(store)
        store.episodes.start(child.id, whereabouts="unknown", details={})
        return child.id


@pytest.fixture
def app(qtbot, ctx, child_id):
    controller = AppController(ctx)
    controller.start()
    yield controller
    controller.shutdown()


def sign_in(qtbot, controller: AppController, name: str, passphrase: str) -> MainWindow:
    dialog = controller.window
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    type_into(qtbot, dialog.name, name)  # after a lock it holds the last person's name
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10_000)
    window = controller.window
    assert isinstance(window, MainWindow)
    return window


def choose_child(qtbot, window: MainWindow) -> None:
    rect = window.table.visualRect(window.model.index(0, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.child_id is not None


def click_tab(qtbot, tabs: QTabWidget, title: str) -> None:
    index = next(i for i in range(tabs.count()) if tabs.tabText(i).replace("&", "") == title)
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def lock_with_ctrl_l(qtbot, controller: AppController, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.locked):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(controller.window, SignInDialog)


def type_height(qtbot, window: MainWindow) -> None:
    choose_child(qtbot, window)
    click_tab(qtbot, window.tabs, "Part A")
    height = window.editors["part_a"].editors["height"].widget
    qtbot.mouseClick(height, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(height, TYPED)
    assert window.editors["part_a"].has_unsaved_changes()


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_the_same_person_returns_to_their_child_tab_and_unsaved_answer(qtbot, app, ctx, child_id):
    window = sign_in(qtbot, app, ADMIN, PASS)
    type_height(qtbot, window)
    lock_with_ctrl_l(qtbot, app, window)
    assert app.held is not None

    back = sign_in(qtbot, app, ADMIN, PASS)
    assert back is not window
    assert back.child_id == child_id and back.child_title.full_text() == "Zephyrine Quillfeather"
    assert back.tabs.tabText(back.tabs.currentIndex()).replace("&", "") == "Part A"
    editor = back.editors["part_a"]
    assert editor.editors["height"].read() == TYPED
    assert editor.has_unsaved_changes() and "unsaved" in editor.status.text()
    assert back.store.forms.latest(child_id, "part_a") is None  # still not saved
    assert app.held is None  # offered once


def test_anyone_else_starts_at_the_children_list_and_the_work_is_dropped(qtbot, app):
    window = sign_in(qtbot, app, ADMIN, PASS)
    type_height(qtbot, window)
    lock_with_ctrl_l(qtbot, app, window)

    other = sign_in(qtbot, app, COLLEAGUE, COLLEAGUE_PASS)
    assert other.child_id is None and not other.tabs.isEnabled()
    assert other.child_title.full_text() == "Choose a child on the left."
    assert app.held is None  # erased, not kept for later
    choose_child(qtbot, other)
    assert other.editors["part_a"].editors["height"].read() is None
    lock_with_ctrl_l(qtbot, app, other)

    again = sign_in(qtbot, app, ADMIN, PASS)  # the first person gets nothing back now
    assert again.child_id is None


def test_what_is_held_over_a_lock_is_ciphertext_only(qtbot, app, child_id):
    window = sign_in(qtbot, app, ADMIN, PASS)
    type_height(qtbot, window)
    lock_with_ctrl_l(qtbot, app, window)
    held = app.held
    assert isinstance(held, bytes) and len(held) > 40
    for plain in (TYPED, "Zanzibar", child_id, "height", "part_a", "staff_id"):
        assert plain.encode() not in held
        assert plain.encode("utf-16-le") not in held


def test_a_lock_writes_nothing_to_disk(qtbot, app, ctx, tmp_path):
    window = sign_in(qtbot, app, ADMIN, PASS)
    type_height(qtbot, window)
    key_file = (ctx.store_dir / KEY_FILE_NAME).read_bytes()
    before = files_under(tmp_path)
    lock_with_ctrl_l(qtbot, app, window)
    after = files_under(tmp_path)
    assert (ctx.store_dir / KEY_FILE_NAME).read_bytes() == key_file
    # Closing the database folds its write-ahead log in and removes it; nothing else changes.
    sqlite_side = {n for n in before | after if n.endswith(("-wal", "-shm"))}
    database = str((ctx.store_dir / "store.db").relative_to(tmp_path))
    assert set(after) - sqlite_side <= set(before)
    assert {n: b for n, b in after.items() if n not in sqlite_side | {database}} == {
        n: b for n, b in before.items() if n not in sqlite_side | {database}
    }
    for content in after.values():
        assert TYPED.encode() not in content


def test_the_idle_lock_returns_the_same_way(qtbot, app, ctx, child_id):
    window = sign_in(qtbot, app, ADMIN, PASS)
    type_height(qtbot, window)
    with qtbot.waitSignal(window.locked):
        ctx.clock.moment += timedelta(minutes=16)
        window.check_idle()  # what the window's idle timer calls every 30 seconds
    assert isinstance(app.window, SignInDialog) and app.held is not None

    back = sign_in(qtbot, app, ADMIN, PASS)
    assert back.child_id == child_id
    assert back.editors["part_a"].editors["height"].read() == TYPED
    assert back.editors["part_a"].has_unsaved_changes()


def test_an_unsaved_part_b_answer_comes_back_in_its_sub_tab(qtbot, app, child_id):
    window = sign_in(qtbot, app, ADMIN, PASS)
    choose_child(qtbot, window)
    click_tab(qtbot, window.tabs, "Missing or absent")
    click_tab(qtbot, window.missing.tabs, "Part B")
    worry = window.missing.editors["part_b"].editors["why_worried"].widget
    qtbot.mouseClick(worry.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(worry, WORRY)
    lock_with_ctrl_l(qtbot, app, window)

    back = sign_in(qtbot, app, ADMIN, PASS)
    assert back.child_id == child_id
    assert back.tabs.currentWidget() is back.missing
    assert back.missing.tabs.tabText(back.missing.tabs.currentIndex()).replace("&", "") == "Part B"
    part_b = back.missing.editors["part_b"]
    assert part_b.editors["why_worried"].read() == WORRY
    assert part_b.has_unsaved_changes()
