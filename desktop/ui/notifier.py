"""Telling staff a duty has fallen due when they are looking elsewhere.

One small interface, so the window never cares how the message reaches the desktop and tests
can see exactly what was said. Messages carry a first name at most: on a shared PC anyone may
be standing at the screen.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon


class Notifier(Protocol):
    """Something that can put a short message in front of staff."""

    def notify(self, title: str, text: str) -> None:
        """Show ``text`` under ``title``; never blocks."""

    def withdraw(self) -> None:
        """Take back any message still showing: the app has locked."""


class TrayNotifier:
    """A balloon from the system tray, where the desktop has one (silent where it has not)."""

    def __init__(self) -> None:
        self._icon: QSystemTrayIcon | None = None

    def _tray(self) -> QSystemTrayIcon | None:
        if self._icon is None and QSystemTrayIcon.isSystemTrayAvailable():
            app = QApplication.instance()
            assert isinstance(app, QApplication)
            icon = app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._icon = QSystemTrayIcon(QIcon(icon))
            self._icon.setToolTip("Philomena Desk")
            self._icon.show()
        return self._icon

    def notify(self, title: str, text: str) -> None:
        """Show a tray message, if there is a tray."""
        tray = self._tray()
        if tray is not None:
            tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 30_000)

    def withdraw(self) -> None:
        """Hide the tray icon, and with it any message still showing (it returns on the next)."""
        if self._icon is not None:
            self._icon.hide()
            self._icon.deleteLater()
            self._icon = None
