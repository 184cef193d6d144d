"""From the signed-in window: scheduled backups, their status in plain words, a backup to a USB."""

from __future__ import annotations

import shutil
from datetime import timedelta

from PySide6.QtWidgets import QLabel

from desktop.store.backups import list_backups
from desktop.store.layout import default_backups_folder
from desktop.ui.main_window import MainWindow
from tests.support.ui import sign_in_from_start


def _sign_in(qtbot, ctx) -> MainWindow:
    return sign_in_from_start(qtbot, ctx)


def test_backups_from_the_app(qtbot, ctx, closed_store, dialogs, tmp_path):
    window = _sign_in(qtbot, ctx)
    status = window.statusBar().findChild(QLabel, "backupStatus")
    qtbot.waitUntil(lambda: status.text() == "Last good backup: 01/03/2026 15:00.")
    backups = default_backups_folder(ctx.store_dir)
    assert len(list_backups(backups)) == 1  # made on signing in: none had been made

    ctx.clock.moment += timedelta(hours=26)
    shutil.rmtree(backups)
    backups.write_text("a file where the backups folder was: the next backup fails")
    window.backups.check()
    assert status.text() == (
        "⚠ Backup overdue: the last good backup was made 01/03/2026 15:00, and one is due "
        "every day."
    )

    file_menu = window.menuBar().actions()[0].menu()
    (action,) = [a for a in file_menu.actions() if a.text() == "&Back up to a folder or drive…"]
    dialogs.folder = tmp_path / "usb"
    action.trigger()
    (made,) = list_backups(tmp_path / "usb")
    assert dialogs.messages[-1][0] == "Backed up"
    assert status.text() == "Last good backup: 02/03/2026 17:00."

    dialogs.folder = tmp_path / "usb" / made.folder.name / "store.db"  # not a folder
    action.trigger()
    title, words = dialogs.messages[-1]
    assert title == "The backup was not made"
    assert "Nothing was changed" in words
    window.close()
