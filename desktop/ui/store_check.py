"""The full check of the store from the app: a progress bar with Cancel, off the UI thread.

Checking every page and every log entry of a store with years of records takes seconds, so it
runs on a worker thread of its own while the window stays usable; it runs when asked (File →
Check the store…) and after each backup to a folder. Every sign-in makes the quick check. (The
scheduled backups do not start it by themselves: the check holds the database for seconds on a
store with years of records, and an entry made meanwhile would wait.)
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog

from desktop.domain.errors import PhilomenaError
from desktop.store.store import Steps, VerifyCancelled, VerifyReport
from desktop.ui.ops import bug_error
from desktop.ui.witness import witness_words

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

STOPPED = "The check was stopped before it finished. Nothing was changed."


class _Relay(QObject):
    progressed = Signal(int)
    finished = Signal(object)


class _Job(QRunnable):
    def __init__(self, window: MainWindow, steps: Steps, relay: _Relay) -> None:
        super().__init__()
        self.window, self.steps, self.relay = window, steps, relay

    def run(self) -> None:
        outcome: VerifyReport | PhilomenaError
        try:
            outcome = self.window.store.verify(self.steps)
        except PhilomenaError as exc:
            outcome = exc
        except Exception as exc:  # a bug: report where, never what
            outcome = bug_error(exc)
        with contextlib.suppress(RuntimeError):  # the window has gone: nobody is listening
            self.relay.finished.emit(outcome)


class StoreCheck(QObject):
    """Runs the full check with a progress bar; says plainly what it found."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.steps: Steps | None = None
        self.progress: QProgressDialog | None = None

    def start(self, before: str = "") -> QProgressDialog | None:
        """Begin the check (``before`` opens what it says at the end); None if one is running."""
        if self.steps is not None:
            return None
        relay = _Relay(self)
        steps = self.steps = Steps(progress=relay.progressed.emit)
        relay.finished.connect(lambda outcome: self._finished(outcome, before))
        dialog = self.progress = QProgressDialog(
            "Checking every page of the store, every signature and every log entry…",
            "&Cancel",
            0,
            100,
            self.window,
        )
        dialog.setWindowTitle("Checking the store")
        dialog.setAccessibleName("Checking the store")
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(steps.cancel.set)
        relay.progressed.connect(dialog.setValue)
        dialog.show()
        self._pool.start(_Job(self.window, steps, relay))
        return dialog

    def _finished(self, outcome: VerifyReport | PhilomenaError, before: str) -> None:
        self.steps = None
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        dialogs, window = self.window.ctx.dialogs, self.window
        if isinstance(outcome, VerifyCancelled):
            window.statusBar().showMessage(STOPPED, 10_000)
        elif isinstance(outcome, PhilomenaError):
            dialogs.error(window, "The store could not be checked", outcome.message)
        elif outcome.problems:
            found = "\n".join(f"• {p.message}" for p in outcome.problems)
            words = f"{before}{found}\n\n{witness_words(window)}"
            dialogs.error(window, "The store has a problem", words)
        else:
            dialogs.info(
                window,
                "The store is intact",
                f"{before}Every page of the store, every record's signature and every log entry "
                f"were checked: nothing has been altered or damaged.\n\n{witness_words(window)}",
            )

    def stop(self) -> None:
        """Stop a check under way and wait for it (before the store closes)."""
        if self.steps is not None:
            self.steps.cancel.set()
        self._pool.waitForDone()
