"""Driving the app as a person does: typing into the window in front of them, pressing keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

from tests.support.geometry import settle


def answer_next_dialog(
    qtbot,
    text: str | None = None,
    *,
    fill: Callable[[QDialog], None] | None = None,
    key: Qt.Key = Qt.Key.Key_Return,
) -> None:
    """When the next modal dialog opens, type into it as a person would, then press ``key``.

    ``text`` goes into the field that has focus; ``fill`` may type into named fields first.
    """

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, answer)
            return
        if fill is not None:
            fill(dialog)  # type: ignore[arg-type]
        target = dialog.focusWidget() or dialog
        if text is not None:
            qtbot.keyClicks(target, text)
        qtbot.keyClick(dialog.focusWidget() or dialog, key)

    QTimer.singleShot(0, answer)


def type_into(qtbot, field: QLineEdit, text: str) -> None:
    """Click into a field, clear it and type, as a person would."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    if field.text():
        field.selectAll()
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def press(qtbot, widget: QWidget, keys: str) -> None:
    """Press a shortcut such as 'Ctrl+2' or 'Alt+N' with focus on ``widget``.

    The window is brought to the front first, as it is for a person at the keyboard (the
    offscreen platform does not give activation back to a window when a dialog closes).
    """
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    widget.setFocus()
    *mods, key = keys.split("+")
    modifier = Qt.KeyboardModifier.NoModifier
    for m in mods:
        modifier |= {
            "Ctrl": Qt.KeyboardModifier.ControlModifier,
            "Alt": Qt.KeyboardModifier.AltModifier,
            "Shift": Qt.KeyboardModifier.ShiftModifier,
        }[m]
    qtbot.keyClick(
        widget, getattr(Qt.Key, f"Key_{key.upper() if len(key) == 1 else key}"), modifier
    )


def click_child(qtbot, win: Any, row: int = 0) -> None:
    index = win.model.index(row, 1)
    rect = win.table.visualRect(index)
    qtbot.mouseClick(win.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()


def click_tab(qtbot, win: Any, text: str) -> None:
    bar = win.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == text)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    settle()
    assert win.tabs.currentIndex() == index


def sign_in_from_start(qtbot, ctx: Any, name: str = "", passphrase: str = "") -> Any:
    """Start the app on ``ctx``'s store and sign in by typing, as a person does: the main window.

    ``name`` and ``passphrase`` default to the sample store's administrator.
    """
    from desktop.ui.controller import AppController
    from desktop.ui.main_window import MainWindow
    from tests.support.sample import ADMIN, PASSPHRASE

    controller = AppController(ctx)
    controller.start()
    dialog = controller.window
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, name or ADMIN)
    qtbot.keyClicks(dialog.passphrase, passphrase or PASSPHRASE)
    qtbot.keyPress(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10_000)
    window = controller.window
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    return window
