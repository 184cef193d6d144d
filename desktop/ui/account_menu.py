"""The Accounts menu: add, close or remove accounts, change or reset passphrases, the audit log.

Each action is greyed out, with a tooltip saying who can, for a role the permissions table
does not allow; the store refuses the same actions whatever the window shows.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.audit import audit_lines
from desktop.domain.errors import PhilomenaError
from desktop.domain.permissions import Action
from desktop.store.accounts import REKEY_NOTE
from desktop.store.store import Store
from desktop.ui.accounts import AccountDialog
from desktop.ui.context import AppContext
from desktop.ui.gate import gate
from desktop.ui.widgets import button, fitted, label

WEAK_NOTE = (
    "Your passphrase was set before today's rules and is too short or too common, so it is "
    "easy to guess. Choose a new one now."
)


class CloseAccountDialog(QDialog):
    """Choose an account, then close it (keeping its passphrase) or remove it."""

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Close or remove an account")
        self.name = QComboBox()
        self.name.setAccessibleName("Whose account")
        self.name.addItems(names)
        self.choice = ""
        self.close_account = button("&Close the account")
        self.remove_account = button("&Remove the account and its passphrase")
        self.close_account.clicked.connect(lambda: self._choose("disable"))
        self.remove_account.clicked.connect(lambda: self._choose("remove"))
        cancel = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        cancel.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                "Either way they cannot sign in from now, a window they left open signs out at "
                "its next step, and their entries keep their name. Closing keeps their "
                "passphrase; removing deletes it.",
                "help",
            )
        )
        layout.addWidget(self.name)
        layout.addWidget(self.close_account)
        layout.addWidget(self.remove_account)
        layout.addWidget(label(REKEY_NOTE, "help"))
        layout.addWidget(cancel)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


class AuditDialog(QDialog):
    """The audit log, read-only: who signed in, out, exported, printed or drafted an e-mail."""

    def __init__(self, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Audit log")
        self.text = QPlainTextEdit("\n".join(lines) or "Nothing recorded yet.")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Audit log")
        layout = QVBoxLayout(self)
        layout.addWidget(label("Who did what, and when. What they saw or sent is never kept."))
        layout.addWidget(self.text)
        self.resize(fitted(self.sizeHint().expandedTo(self.text.sizeHint()) * 2, parent))


class AccountMenu:
    """The Accounts menu's actions, gated by the signed-in person's role."""

    def __init__(self, parent: QWidget, ctx: AppContext, store: Store, menu: QMenu) -> None:
        self.parent, self.ctx, self.store = parent, ctx, store
        menu.setToolTipsVisible(True)
        role = store.staff.role if store.staff is not None else None
        self.add = self._action(menu, "&Add a staff member…", self.add_staff)
        gate(self.add, role, Action.MANAGE_ACCOUNTS)
        self.close = self._action(menu, "&Close or remove an account…", self.close_account)
        gate(self.close, role, Action.MANAGE_ACCOUNTS)
        self.reset = self._action(menu, "&Reset someone's passphrase…", self.reset_passphrase)
        if store.staff is not None:  # the recovery key may reset any passphrase
            gate(self.reset, role, Action.MANAGE_ACCOUNTS)
        menu.addSeparator()
        self.change = self._action(menu, "C&hange my passphrase…", self.change_passphrase)
        self.change.setEnabled(store.staff is not None)
        self.audit = self._action(menu, "Audit &log…", self.show_audit)
        gate(self.audit, role, Action.RUN_REPORTS)

    def _action(self, menu: QMenu, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.parent)
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        return action

    def _try(self, failed: str, work: Callable[[], object]) -> bool:
        try:
            work()
        except PhilomenaError as exc:
            self.ctx.dialogs.error(self.parent, failed, exc.message)
            return False
        return True

    def add_staff(self) -> None:
        """Create an account for a colleague."""
        dialog = AccountDialog(title="Add a staff member", with_role=True, parent=self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if self._try(
            "The account was not added",
            lambda: self.store.accounts.add(
                name=dialog.name.text(),
                role=dialog.role.currentData(),
                passphrase=dialog.passphrase.text(),
                kdf=self.ctx.kdf,
            ),
        ):
            self.ctx.dialogs.info(
                self.parent, "Account added", f"{dialog.name.text().strip()} can now sign in."
            )

    def close_account(self) -> None:
        """Close an account, or remove it with its passphrase."""
        me = self.store.staff.id if self.store.staff is not None else ""
        names = [m.name for m in self.store.accounts.members() if m.id != me]
        dialog = CloseAccountDialog(names, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.choice:
            return
        name = dialog.name.currentText()
        how = (
            self.store.accounts.disable
            if dialog.choice == "disable"
            else self.store.accounts.remove
        )
        if self._try("Nothing was changed", lambda: how(name=name)):
            said = "closed" if dialog.choice == "disable" else "removed"
            extra = f" {REKEY_NOTE}" if dialog.choice == "remove" else ""
            self.ctx.dialogs.info(
                self.parent, "Account " + said, f"{name}'s account is {said}.{extra}"
            )

    def reset_passphrase(self) -> None:
        """Give someone a new passphrase (an administrator, or the recovery key)."""
        dialog = AccountDialog(title="Reset a passphrase", with_role=False, parent=self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if self._try(
            "The passphrase was not changed",
            lambda: self.store.accounts.reset_passphrase(
                name=dialog.name.text(), passphrase=dialog.passphrase.text(), kdf=self.ctx.kdf
            ),
        ):
            self.ctx.dialogs.info(
                self.parent, "Passphrase changed", "The new passphrase works from now."
            )

    def change_passphrase(self, *, note: str = "") -> None:
        """Change your own passphrase."""
        if self.store.staff is None:
            return
        dialog = AccountDialog(
            title="Change my passphrase", with_role=False, note=note, parent=self.parent
        )
        dialog.name.setText(self.store.staff.name)
        dialog.name.setReadOnly(True)
        dialog.passphrase.setFocus()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        if self._try(
            "The passphrase was not changed",
            lambda: self.store.accounts.change_own_passphrase(
                dialog.passphrase.text(), kdf=self.ctx.kdf
            ),
        ):
            self.ctx.dialogs.info(
                self.parent, "Passphrase changed", "Use your new passphrase from now on."
            )

    def show_audit(self) -> AuditDialog | None:
        """Show the audit log (managers and administrators)."""
        try:
            entries = self.store.audit.entries()
            names = {s.id: s.name for s in self.store.accounts.members()}
            children = {c.id: c.display_name for c in self.store.children.all()}
            zone = ZoneInfo(self.store.home().timezone)
        except PhilomenaError as exc:
            self.ctx.dialogs.error(self.parent, "The audit log cannot be shown", exc.message)
            return None
        dialog = AuditDialog(audit_lines(entries, names=names, children=children, zone=zone))
        dialog.setParent(self.parent, dialog.windowFlags())
        dialog.show()
        return dialog
