"""Backups from the app: the schedule while it runs, a backup to a chosen folder, the last one.

The status bar always shows when the last good backup was made, in plain words, and turns into
a warning when it is older than the home's schedule allows.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu

from desktop.domain.errors import PhilomenaError
from desktop.domain.permissions import Action
from desktop.domain.ukdates import uk_datetime
from desktop.ui.gate import gate

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

CHECK_MS = 60_000
"""How often the app asks whether a scheduled backup is due."""
RETRY_AFTER = timedelta(hours=1)
"""After a scheduled backup fails, how long before the app tries again (the warning shows)."""


class BackupKeeper(QObject):
    """Makes the scheduled backups while the window is open, and says how recent they are."""

    def __init__(self, window: MainWindow, file_menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction("&Back up to a folder or drive…", window)
        self.action.triggered.connect(self.back_up_to_folder)
        staff = window.store.staff
        gate(self.action, staff.role if staff else None, Action.MANAGE_BACKUPS)
        file_menu.addAction(self.action)
        self.label = QLabel()
        self.label.setObjectName("backupStatus")
        window.statusBar().addPermanentWidget(self.label)
        self.failed_at: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.installEventFilter(self)
        QTimer.singleShot(0, self.check)  # once the window is on screen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Stop with the window: the store closes with it."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.timer.stop()
        return False

    def check(self) -> None:
        """Make the scheduled backup if one is due, then show how recent the last one is."""
        if not self.timer.isActive():
            return
        now = self.window.ctx.clock.now()
        if self.failed_at is None or now - self.failed_at >= RETRY_AFTER:
            try:
                self.window.store.back_up_if_due()
                self.failed_at = None
            except PhilomenaError:
                self.failed_at = now  # the status below warns; the next try is in an hour
        self.show_status()

    def show_status(self) -> None:
        """The last good backup in plain words; a warning when it is too old."""
        try:
            status = self.window.store.backup_status()
        except PhilomenaError:
            return
        self.label.setText(("⚠ " if status.overdue else "") + status.words)
        self.label.setProperty("warning", status.overdue)
        self.label.setStyleSheet("color: #a4262c; font-weight: bold;" if status.overdue else "")

    def back_up_to_folder(self) -> None:
        """Back up to a folder or removable drive the administrator chooses."""
        dialogs = self.window.ctx.dialogs
        folder = dialogs.choose_folder(self.window, "Where should the backup go?")
        if folder is None:
            return
        try:
            made = self.window.store.back_up(folder)
        except PhilomenaError as exc:
            dialogs.error(self.window, "The backup was not made", exc.message)
            return
        self.show_status()
        dialogs.info(
            self.window,
            "Backed up",
            f"The store was backed up to {made.folder} "
            f"({uk_datetime(made.made_at, self.window.ctx.clock.now().tzinfo)}). It opens with "
            "the recovery key. Keep the drive somewhere safe and locked away.",
        )
        self.window.store_check.start("The backup is made. ")
