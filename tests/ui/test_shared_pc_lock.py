"""The session on a shared PC: the home's idle time, the computer's own lock, nothing on show.

Everything starts at the sign-in window and is driven through the widgets a person sees. After
any lock, every visible window of the app is searched for the child's name, and none has it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QTabBar,
    QTableView,
    QTextEdit,
    QWidget,
)

from desktop.domain.model import Home, Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.controller import AppController
from desktop.ui.handover import HandoverDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.os_lock import AnyOf, OsLockAdapter
from desktop.ui.os_lock.dbus import LogindAdapter, ScreenSaverAdapter
from desktop.ui.pack_dialog import PackDialog
from desktop.ui.session_lock import IdleTimeDialog
from desktop.ui.signin import SignInDialog
from tests.support.private_bus import running_bus
from tests.support.sample import ADMIN, PASSPHRASE, add_child
from tests.support.ui import answer_next_dialog, click_child, click_tab, press, type_into

STAFF = "Sam Staff"
STAFF_PASS = "sam's own long passphrase"
FIRST, LAST = "Zephyrine", "Quillfeather"
NOTE = "Often goes to her aunt's flat"
SESSION = "/org/freedesktop/login1/session/_32"


class FakeLock(OsLockAdapter):
    """The computer's lock, fired by the test."""

    def start(self) -> bool:
        return True


class RecordingNotifier:
    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []
        self.withdrawn = 0

    def notify(self, title: str, text: str) -> None:
        self.said.append((title, text))

    def withdraw(self) -> None:
        self.withdrawn += 1


@pytest.fixture
def fake_lock(ctx) -> FakeLock:
    lock = FakeLock()
    ctx.os_lock = lambda: lock
    return lock


@pytest.fixture
def notifier(ctx) -> RecordingNotifier:
    ctx.notifier = RecordingNotifier()
    return ctx.notifier


@pytest.fixture
def home(ctx):
    with Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    ).store as store:
        store.accounts.add(name=STAFF, role=Role.STAFF, passphrase=STAFF_PASS, kdf=TEST_ONLY_PARAMS)
        child = add_child(store, FIRST, LAST)
        store.episodes.start(child.id, whereabouts="unknown")


@pytest.fixture
def app(qtbot, ctx, home, fake_lock, notifier):
    controller = AppController(ctx)
    controller.start()
    yield controller
    controller.shutdown()


def sign_in(qtbot, controller: AppController, name: str, passphrase: str) -> MainWindow:
    dialog = controller.window
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    type_into(qtbot, dialog.name, name)
    qtbot.keyClicks(dialog.passphrase, passphrase)
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=15_000)
    window = controller.window
    assert isinstance(window, MainWindow)
    return window


def _texts(widget: QWidget) -> list[str]:
    """Every piece of text a widget shows (or offers a screen reader)."""
    found = [widget.windowTitle(), widget.toolTip(), widget.accessibleName()]
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        found.append(widget.text())
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        found.append(widget.toPlainText())
    if isinstance(widget, QComboBox):
        found += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QTabBar):
        found += [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        found += [
            str(model.index(r, c).data() or "")
            for r in range(model.rowCount())
            for c in range(model.columnCount())
        ]
    return found


def visible_text() -> str:
    """All the text in every visible window of the app, walking every top-level widget."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible() or isinstance(top, QMenu):
            continue
        for widget in [top, *top.findChildren(QWidget)]:
            if widget.isVisible():
                texts += _texts(widget)
    return "\n".join(texts)


def open_everything(qtbot, window: MainWindow) -> None:
    """The child's page with a typed answer, the pack window and the handover."""
    click_child(qtbot, window)
    click_tab(qtbot, window, "Part A")
    notes = window.editors["part_a"].editors["height"].widget
    qtbot.mouseClick(notes, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(notes, NOTE)
    qtbot.mouseClick(window.police, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(PackDialog)))
    press(qtbot, window.table, "Ctrl+Shift+H")
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(HandoverDialog)))
    handover = next(w for w in window.findChildren(HandoverDialog) if w.isVisible())
    qtbot.waitUntil(lambda: FIRST in "".join(_texts(handover.findChildren(QTableView)[0])))


def test_nothing_personal_is_on_show_after_the_computer_locks(qtbot, app, fake_lock, notifier):
    window = sign_in(qtbot, app, ADMIN, PASSPHRASE)
    open_everything(qtbot, window)
    shown = visible_text()
    assert FIRST in shown and LAST in shown and NOTE in shown  # the search finds them

    with qtbot.waitSignal(window.locked):
        fake_lock.screen_locked.emit("the screen locked")
    lock_screen = app.window
    assert isinstance(lock_screen, SignInDialog) and lock_screen.isVisible()
    shown = visible_text()
    for personal in (FIRST, LAST, NOTE):
        assert personal not in shown
    assert "Locked because the screen locked." in shown
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [lock_screen]
    assert notifier.withdrawn == 1  # any tray message with a first name is taken back
    window.ctx.clock.moment += timedelta(hours=3)  # everything falls overdue while locked
    window.tick()  # a minute's tick that was already queued when the lock came
    assert notifier.said == []  # nothing is said, with a name, to whoever is at the screen


def test_a_dialog_open_when_the_computer_locks_is_closed_too(qtbot, app, fake_lock):
    window = sign_in(qtbot, app, ADMIN, PASSPHRASE)
    click_child(qtbot, window)
    opened: list[QDialog] = []

    def lock_while_open(dialog: QDialog) -> None:
        opened.append(dialog)
        fake_lock.screen_locked.emit("the user switched")

    answer_next_dialog(qtbot, fill=lock_while_open, key=Qt.Key.Key_Escape)
    qtbot.mouseClick(window.add_child, Qt.MouseButton.LeftButton)  # a modal dialog
    assert opened and not opened[0].isVisible()
    assert isinstance(app.window, SignInDialog)
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [app.window]
    assert FIRST not in visible_text()


def test_the_lock_screen_offers_the_same_person_or_someone_else(qtbot, app, fake_lock):
    window = sign_in(qtbot, app, ADMIN, PASSPHRASE)
    press(qtbot, window.table, "Ctrl+L")
    lock_screen = app.window
    assert isinstance(lock_screen, SignInDialog)
    assert lock_screen.windowTitle() == "Locked — Philomena Desk"
    assert lock_screen.name.text() == ADMIN and lock_screen.someone_else.isVisible()

    lock_screen.activateWindow()
    qtbot.waitUntil(lock_screen.isActiveWindow)
    qtbot.mouseClick(lock_screen.someone_else, Qt.MouseButton.LeftButton)
    assert lock_screen.name.text() == "" and lock_screen.name.hasFocus()
    qtbot.keyClicks(lock_screen.name, STAFF)
    qtbot.keyClicks(lock_screen.passphrase, STAFF_PASS)
    qtbot.mouseClick(lock_screen.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=15_000)
    assert app.window.statusBar().currentMessage().startswith(f"Signed in as {STAFF}")

    press(qtbot, app.window.table, "Ctrl+L")  # shift change back: the same person, one field
    again = app.window
    assert isinstance(again, SignInDialog) and again.name.text() == STAFF
    qtbot.keyClicks(again.passphrase, STAFF_PASS)
    qtbot.mouseClick(again.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(app.window, MainWindow), timeout=15_000)


def _file_menu(window: MainWindow) -> dict[str, object]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert isinstance(menu, QMenu) and menu.toolTipsVisible()
    return {a.text().replace("&", ""): a for a in menu.actions() if a.text()}


def test_an_administrator_sets_the_idle_time_and_the_app_locks_after_it(qtbot, app, ctx, dialogs):
    window = sign_in(qtbot, app, ADMIN, PASSPHRASE)
    assert window.idle.minutes == 5  # a new store's idle time

    def two_minutes(dialog: IdleTimeDialog) -> None:
        spin = dialog.minutes
        assert isinstance(spin, QSpinBox) and spin.value() == 5
        assert (spin.minimum(), spin.maximum()) == (1, 60)
        spin.selectAll()
        qtbot.keyClicks(spin, "2")

    answer_next_dialog(qtbot, fill=two_minutes)
    _file_menu(window)["Lock when idle…"].trigger()
    assert dialogs.messages[-1] == (
        "Idle time changed",
        "The app now locks after 2 minutes untouched.",
    )
    assert window.store.home().idle_lock_minutes == 2

    ctx.clock.moment += timedelta(seconds=90)
    window.check_idle()  # what the idle timer calls every half minute
    assert app.window is window
    qtbot.keyClick(window.table, Qt.Key.Key_Down)  # someone is still here
    ctx.clock.moment += timedelta(seconds=90)
    window.check_idle()
    assert app.window is window
    with qtbot.waitSignal(window.locked):
        ctx.clock.moment += timedelta(minutes=2)
        window.check_idle()
    assert isinstance(app.window, SignInDialog)
    assert "Locked after 2 minutes untouched." in visible_text()

    back = sign_in(qtbot, app, STAFF, STAFF_PASS)  # the setting is the home's, not the person's
    assert back.idle.minutes == 2


def test_staff_find_the_idle_time_greyed_out_saying_who_may_change_it(qtbot, app):
    window = sign_in(qtbot, app, STAFF, STAFF_PASS)
    setting = _file_menu(window)["Lock when idle…"]
    assert not setting.isEnabled()
    assert setting.toolTip() == "Only an administrator can change the home's settings."


def test_the_real_screensaver_and_logind_signals_lock_the_app(qtbot, ctx, home, tmp_path):
    with running_bus(tmp_path) as bus:
        ctx.os_lock = lambda: AnyOf(
            [ScreenSaverAdapter(bus.bus()), LogindAdapter(bus.bus(), session_path=SESSION)]
        )
        controller = AppController(ctx)
        controller.start()
        try:
            assert controller.os_lock is not None and len(controller.os_lock.listening) == 2
            bus.settle()
            window = sign_in(qtbot, controller, ADMIN, PASSPHRASE)
            click_child(qtbot, window)
            with qtbot.waitSignal(window.locked, timeout=5_000):
                bus.emit(
                    "/org/freedesktop/ScreenSaver",
                    "org.freedesktop.ScreenSaver.ActiveChanged",
                    "boolean:true",
                )
            assert "Locked because the screen locked." in visible_text()
            assert FIRST not in visible_text()

            window = sign_in(qtbot, controller, ADMIN, PASSPHRASE)
            with qtbot.waitSignal(window.locked, timeout=5_000):
                bus.emit(SESSION, "org.freedesktop.login1.Session.Lock")
            assert "Locked because the computer locked this session." in visible_text()
        finally:
            controller.shutdown()
