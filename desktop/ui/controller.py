"""Which window comes next: setup, sign-in, main window, and back to sign-in on lock."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import paths
from desktop.domain.clock import SystemClock
from desktop.domain.errors import PhilomenaError
from desktop.formspec import load_forms
from desktop.store.keys.device import KeyringSecrets
from desktop.store.layout import is_store
from desktop.ui.context import AppContext
from desktop.ui.ops import run_in_background
from desktop.ui.widgets import label

if TYPE_CHECKING:
    from desktop.store.store import ResumeKey, Store
    from desktop.ui.main_window import MainWindow
    from desktop.ui.os_lock import OsLockAdapter


LOSSES_TITLE = "Some recent records are missing"
LOSSES_ADVICE = (
    "Tell your manager now. Anything missing may be in a backup; check the children involved "
    "and record again what is not there."
)


class _Relay(QObject):
    """Carries a refusal noticed on any thread to the window's thread."""

    said = Signal(str)


class AppController:
    """Owns the top-level windows for one run of the app."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.window: QWidget | None = None
        self.held: bytes | None = None
        """Where the last person was when the app locked, sealed under their resume key.

        Only ciphertext, only in memory; public so tests can check it holds no plaintext.
        """
        self._resume_key: ResumeKey | None = None
        self.os_lock: OsLockAdapter | None = None
        """What tells the app the computer locked; listening from start to shutdown."""
        self.last_name = ""
        """Who was signed in when the app last locked: the sign-in offers them first."""

    @classmethod
    def for_folder(cls, folder: Path, *, demo: bool) -> AppController:
        """A controller with the real clock, keyring and forms."""
        try:
            forms = load_forms(paths.forms_dir())
        except PhilomenaError as exc:  # a broken shipped form: stop clearly, not half-working
            QMessageBox.critical(None, "Philomena Desk cannot start", exc.message)
            raise SystemExit(5) from None
        ctx = AppContext(
            store_dir=folder,
            clock=SystemClock(),
            device=KeyringSecrets(),
            forms=forms,
            demo=demo,
        )
        return cls(ctx)

    def shutdown(self) -> None:
        """Close the last window in order, before Python tears down the Qt objects."""
        if self.os_lock is not None:
            self.os_lock.stop()
            self.os_lock = None
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def start(self) -> None:
        """Listen for the computer's own lock, and show the first window."""
        self.os_lock = self.ctx.os_lock()
        self.os_lock.screen_locked.connect(self.computer_locked)
        self.os_lock.start()  # nothing to listen to here is fine: the idle lock still holds
        if self.ctx.demo and not is_store(self.ctx.store_dir):
            self._build_demo()
        elif is_store(self.ctx.store_dir):
            self.show_sign_in()
        else:
            self.show_setup()

    def _build_demo(self) -> None:
        from desktop.store.demo import build_demo_store

        waiting = label("Preparing the demo records of invented children…", "title")
        waiting.setWindowTitle("Philomena Desk")
        waiting.setMargin(40)
        waiting.show()
        self.window = waiting
        ctx = self.ctx

        def work() -> None:
            build_demo_store(
                ctx.store_dir, clock=ctx.clock, device=ctx.device, forms=ctx.forms, kdf=ctx.kdf
            )

        def done(_: object) -> None:
            self.show_sign_in()
            waiting.close()

        def failed(error: PhilomenaError) -> None:
            waiting.close()
            QMessageBox.warning(None, "The demo could not be prepared", error.message)

        run_in_background(work, done=done, failed=failed)

    def show_setup(self) -> QWidget:
        """First run: create the store."""
        from desktop.ui.first_run import SetupDialog

        dialog = SetupDialog(self.ctx)
        dialog.created.connect(self.show_main)
        dialog.show()
        self.window = dialog
        return dialog

    def computer_locked(self, reason: str) -> None:
        """The computer locked or switched user: lock the records too."""
        from desktop.ui.main_window import MainWindow

        if isinstance(self.window, MainWindow):
            self.window.lock(f"Locked because {reason}.")

    def show_sign_in(self) -> QWidget:
        """Ask who is signing in: after a lock, the same person or anyone else."""
        from desktop.ui.main_window import MainWindow
        from desktop.ui.signin import SignInDialog

        window = self.window
        note = window.lock_reason if isinstance(window, MainWindow) else ""
        name_hint = self.last_name
        if self.ctx.demo:
            from desktop.store.demo import DEMO_NAME, DEMO_PASSPHRASE

            name_hint = name_hint or DEMO_NAME
            demo = f"Demo records: sign in as {DEMO_NAME} with the passphrase '{DEMO_PASSPHRASE}'."
            note = f"{note} {demo}".strip()
        dialog = SignInDialog(self.ctx, name_hint=name_hint, note=note, locked=bool(self.last_name))
        dialog.signed_in.connect(self.show_main)
        dialog.show()
        self.window = dialog
        return dialog

    def show_main(self, store: Store) -> QWidget:
        """The main window for a signed-in member of staff."""
        from desktop.ui.main_window import MainWindow

        window = MainWindow(self.ctx, store)
        self._resume_key = store.resume_key  # the store forgets it when the lock closes it
        self._sign_out_when_withdrawn(window, store)
        window.locked.connect(self._hold)  # before sign-in replaces the window
        self.last_name = store.staff.name if store.staff is not None else ""
        window.locked.connect(self.show_sign_in)
        window.show()
        window.raise_()
        window.activateWindow()  # the shortcuts work at once, wherever focus lands
        self.window = window
        self._return_to(window, store)
        if store.losses:
            self.ctx.dialogs.error(
                window, LOSSES_TITLE, "\n\n".join([*store.losses, LOSSES_ADVICE])
            )
        found = store.sign_in_check
        if found is not None and found.problems:
            self.ctx.dialogs.error(
                window,
                "The store has a problem",
                "\n".join(p.message for p in found.problems)
                + "\nRun the full check from File → Check the store…, and tell your manager.",
            )
        if store.staff is None:
            window.reset_passphrase()
        elif store.passphrase_needs_changing:
            from desktop.ui.account_menu import WEAK_NOTE

            window.accounts.change_passphrase(note=WEAK_NOTE)
        return window

    def _sign_out_when_withdrawn(self, window: MainWindow, store: Store) -> None:
        """Lock the window, and say why, the moment the store refuses this person.

        Their account was closed or removed by someone else while they were signed in: the
        store refuses their next step, and the records leave the screen at once.
        """
        relay = _Relay(window)

        def withdrawn(message: str) -> None:
            if self.window is not window:
                return
            window.lock()
            self.ctx.dialogs.error(self.window or window, "You have been signed out", message)

        relay.said.connect(withdrawn, Qt.ConnectionType.QueuedConnection)

        def tell(refusal: PhilomenaError) -> None:
            with contextlib.suppress(RuntimeError):  # the window has gone already
                relay.said.emit(refusal.message)

        store.when_access_withdrawn(tell)

    def _hold(self) -> None:
        """At a lock: seal where this person was, and forget the key that seals it."""
        from desktop.ui.main_window import MainWindow
        from desktop.ui.resume import capture

        key, self._resume_key = self._resume_key, None
        self.held = None
        window = self.window
        if key is None or not isinstance(window, MainWindow):
            return
        try:
            self.held = key.seal(capture(window, key.staff_id).to_bytes())
        except (TypeError, ValueError):  # an answer that cannot be held: lose it, never crash
            self.held = None

    def _return_to(self, window: MainWindow, store: Store) -> None:
        """After a sign-in: the same person goes back to where they were; anyone else does not."""
        from desktop.ui.resume import Snapshot, restore

        held, self.held = self.held, None  # held once: never offered to a second sign-in
        key = store.resume_key
        if held is None or key is None or store.staff is None:
            return
        opened = key.open(held)
        snapshot = None if opened is None else Snapshot.from_bytes(opened)
        if snapshot is not None and snapshot.staff_id == store.staff.id:
            restore(window, snapshot)
