"""The session on a shared PC: the idle lock, the home's idle time, and nothing left on show.

The idle lock compares times from the injectable clock (Qt's timer only asks it again every
half minute, so a test moving the clock moves the lock). An administrator sets the idle time
for the whole home; everyone else sees the setting greyed out, saying who may change it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMenu,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import idle
from desktop.domain.clock import Clock
from desktop.domain.errors import PhilomenaError
from desktop.domain.permissions import Action
from desktop.ui.gate import gate
from desktop.ui.widgets import label

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

CHECK_MS = 30_000
"""How often the idle lock asks the clock how long the app has been untouched."""


class IdleLock(QObject):
    """Says ``idle`` once nobody has pressed a key or clicked for the home's idle time."""

    idle = Signal()

    def __init__(self, clock: Clock, minutes: int, parent: QObject) -> None:
        super().__init__(parent)
        self.clock = clock
        self.minutes = minutes
        self.last_activity: datetime = clock.now()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the time of each key press or click; never consume the event."""
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self.last_activity = self.clock.now()
        return False

    def check(self) -> None:
        """Say ``idle`` when the app has been untouched for the idle time (by the clock)."""
        if self.timer.isActive() and self.clock.now() - self.last_activity >= timedelta(
            minutes=self.minutes
        ):
            self.stop()
            self.idle.emit()

    def stop(self) -> None:
        """Stop watching (at a lock, or when the window closes)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class IdleTimeDialog(QDialog):
    """Choose the home's idle time, in whole minutes within the bounds the store accepts."""

    def __init__(self, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lock when idle")
        self.minutes = QSpinBox()
        self.minutes.setRange(idle.MIN_MINUTES, idle.MAX_MINUTES)
        self.minutes.valueChanged.connect(self._say_unit)
        self.minutes.setValue(minutes)
        self._say_unit(minutes)
        self.minutes.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 9)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)
        self.minutes.setAccessibleName("Minutes untouched before the app locks")
        form = QFormLayout()
        form.addRow("Lock after &untouched for:", self.minutes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                "On a shared computer the app locks itself when nobody has used it for this "
                f"long, for everyone in the home ({idle.MIN_MINUTES} to {idle.MAX_MINUTES} "
                "minutes). Whoever was signed in comes back to where they were.",
                "help",
            )
        )
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.minutes.setFocus()

    def _say_unit(self, minutes: int) -> None:
        self.minutes.setSuffix(" minute" if minutes == 1 else " minutes")


class IdleSetting:
    """The menu item an administrator changes the home's idle time with."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        self.window = window
        self.action = QAction("Lock when &idle…", window)
        self.action.triggered.connect(lambda _=False: self.change())
        staff = window.store.staff
        gate(self.action, staff.role if staff else None, Action.HOME_SETTINGS)
        menu.setToolTipsVisible(True)
        menu.addAction(self.action)

    def change(self) -> None:
        """Ask for the new idle time, store it, and use it from now on."""
        window = self.window
        dialog = IdleTimeDialog(window.store.home().idle_lock_minutes, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            home = window.store.children.set_idle_lock(dialog.minutes.value())
        except PhilomenaError as exc:
            window.ctx.dialogs.error(window, "The idle time was not changed", exc.message)
            return
        window.idle.minutes = home.idle_lock_minutes
        window.ctx.dialogs.info(
            window,
            "Idle time changed",
            f"The app now locks after {idle.minutes_words(home.idle_lock_minutes)} untouched.",
        )


def close_owned_windows(window: QWidget) -> None:
    """Close every dialog and window the main window owns, so none is left showing records."""
    for child in window.findChildren(QWidget):
        if child.isWindow() and child.isVisible():
            child.close()
