"""Sign-in: each member of staff opens the store as themselves, so every entry is theirs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import PhilomenaError
from desktop.store.errors import LockedOut, WrongCredentials
from desktop.ui.context import AppContext
from desktop.ui.ops import run_in_background
from desktop.ui.widgets import button, error_label, grow_to_fit, label, set_busy, show_error

if TYPE_CHECKING:
    from desktop.store.store import Store


class SignInDialog(QDialog):
    """Name and passphrase, or the recovery key; clear messages and a visible wait."""

    signed_in = Signal(object)  # the open Store

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        name_hint: str = "",
        note: str = "",
        locked: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store: Store | None = None
        self._wait_left = 0
        self.setWindowTitle("Sign in — Philomena Desk")
        self.setMinimumWidth(520)
        self.name = QLineEdit(name_hint)
        self.name.setAccessibleName("Your name")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.recovery = QLineEdit()
        self.recovery.setAccessibleName("Recovery key")
        self.recovery.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.form = QFormLayout()
        self.form.addRow("Your &name:", self.name)
        self.form.addRow("&Passphrase:", self.passphrase)
        self.form.addRow("&Recovery key:", self.recovery)
        self.form.setRowVisible(self.recovery, False)
        self.error = error_label()
        self.sign_in = button("&Sign in", name="primary")
        self.sign_in.setDefault(True)
        self.sign_in.setAutoDefault(True)
        self.sign_in.clicked.connect(self.attempt)
        self.use_recovery = button("Use the recovery &key instead")
        self.use_recovery.setCheckable(True)
        self.use_recovery.toggled.connect(self._recovery_mode)
        self.someone_else = button("Sign in as someone &else")
        self.someone_else.clicked.connect(self._someone_else)
        self.someone_else.setVisible(locked and bool(name_hint))
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_recovery)
        buttons.addWidget(self.someone_else)
        buttons.addStretch()
        buttons.addWidget(self.sign_in)
        layout = QVBoxLayout(self)
        if locked:
            self.setWindowTitle("Locked — Philomena Desk")
        layout.addWidget(label("Locked: sign in again" if locked else "Sign in", "title"))
        if note:
            layout.addWidget(label(note, "help"))
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        (self.passphrase if name_hint else self.name).setFocus()

    def _someone_else(self) -> None:
        """At a change of shift: clear the last person's name for whoever signs in next."""
        self.name.clear()
        self.passphrase.clear()
        show_error(self.error, "")
        self.someone_else.hide()
        self.name.setFocus()

    def _recovery_mode(self, on: bool) -> None:
        self.form.setRowVisible(self.recovery, on)
        self.form.setRowVisible(self.name, not on)
        self.form.setRowVisible(self.passphrase, not on)
        self.use_recovery.setText(
            "Use my &name and passphrase" if on else "Use the recovery &key instead"
        )
        (self.recovery if on else self.passphrase).setFocus()

    def attempt(self) -> None:
        """Try to open the store in the background."""
        if self._wait_left > 0:
            return
        ctx = self.ctx
        recovery = self.use_recovery.isChecked()
        name, passphrase, key = self.name.text(), self.passphrase.text(), self.recovery.text()
        if not recovery and not name.strip():
            show_error(self.error, "Enter your name.")
            self.name.setFocus()
            return

        def work() -> Store:
            from desktop.store.store import Store  # the database libraries load on first use

            if recovery:
                store = Store.open_with_recovery_key(
                    ctx.store_dir, recovery_key=key, clock=ctx.clock, device=ctx.device
                )
                if store.accounts.device_bound:
                    store.accounts.enrol_this_account()
                return store
            return Store.open(
                ctx.store_dir, name=name, passphrase=passphrase, clock=ctx.clock, device=ctx.device
            )

        set_busy(self, True)
        show_error(self.error, "Opening the records…")
        run_in_background(work, done=self._opened, failed=self._failed)

    def _opened(self, store: Store) -> None:
        set_busy(self, False)
        self.passphrase.clear()
        self.recovery.clear()
        show_error(self.error, "")
        self.store = store
        self.signed_in.emit(store)
        self.accept()

    def _failed(self, error: PhilomenaError) -> None:
        set_busy(self, False)
        self.passphrase.clear()
        show_error(self.error, error.message)
        grow_to_fit(self)
        wait = error.wait_seconds if isinstance(error, WrongCredentials | LockedOut) else 0
        if wait:
            self._wait_left = wait
            self.sign_in.setEnabled(False)
            self._timer.start()
            self._tick_text()
        (self.recovery if self.use_recovery.isChecked() else self.passphrase).setFocus()

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._timer.stop()
            self.sign_in.setEnabled(True)
            self.sign_in.setText("&Sign in")
            show_error(self.error, "You can try again now.")
            return
        self._tick_text()

    def _tick_text(self) -> None:
        self.sign_in.setText(f"Wait {self._wait_left} s")
