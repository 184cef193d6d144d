"""Checking the records from the app, with the witness code to write down.

The same check as ``verify`` on the command line: every page, every signature, the witnesses
this computer can find. The witness code is shown so staff can write it down with the date (at
a handover, say): typed back later into ``verify --witness``, it shows whether an older copy of
the store was put in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from desktop.domain.errors import PhilomenaError
from desktop.domain.ukdates import uk_datetime

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

TITLE_OK = "The records are intact"
TITLE_PROBLEM = "The records have a problem"


class RecordsCheck:
    """The File menu's "Check the records…": verify, then the witness code."""

    def __init__(self, window: MainWindow, file_menu: QMenu) -> None:
        self.window = window
        self.action = QAction("Check the &records and show the witness code…", window)
        self.action.setToolTip(
            "Check every record and signature, and show a code to write down with today's date"
        )
        self.action.triggered.connect(self.check)
        file_menu.addAction(self.action)

    def check(self) -> None:
        """Run the check and say what it found, with the code to write down."""
        dialogs, store = self.window.ctx.dialogs, self.window.store
        try:
            report = store.verify()
            code = store.witness_code()
        except PhilomenaError as exc:
            dialogs.error(self.window, TITLE_PROBLEM, exc.message)
            return
        when = uk_datetime(self.window.ctx.clock.now(), self.window.ctx.clock.now().tzinfo)
        witness = (
            f"Witness code for {when}:\n\n    {code}\n\nWrite it down with the date and keep it "
            "away from this computer. Typed back later into verify, it shows whether an older "
            "copy of the store was put in place."
            if code
            else "Records are not signed yet: an administrator's next sign-in seals them."
        )
        if report.problems:
            found = "\n".join(f"• {p.message}" for p in report.problems[:5])
            dialogs.error(self.window, TITLE_PROBLEM, f"{found}\n\n{witness}")
            return
        dialogs.info(self.window, TITLE_OK, f"Every check passed.\n\n{witness}")
