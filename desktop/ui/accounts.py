"""Account dialogs: add a staff member, change or reset a passphrase."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import Role
from desktop.domain.passphrases import MIN_LENGTH, passphrase_problem
from desktop.ui.widgets import error_label, label, show_error


class AccountDialog(QDialog):
    """A name and a new passphrase typed twice (and a role when adding staff)."""

    def __init__(
        self, *, title: str, with_role: bool, note: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name = QLineEdit()
        self.role = QComboBox()
        for role, text in (
            (Role.STAFF, "Staff"),
            (Role.MANAGER, "Manager"),
            (Role.ADMINISTRATOR, "Administrator"),
        ):
            self.role.addItem(text, role)
        self.passphrase = QLineEdit()
        self.again = QLineEdit()
        for edit, name in (
            (self.name, "Name"),
            (self.passphrase, "New passphrase"),
            (self.again, "New passphrase again"),
        ):
            edit.setAccessibleName(name)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        if with_role:
            form.addRow("&Role:", self.role)
        form.addRow("New &passphrase:", self.passphrase)
        form.addRow("New passphrase &again:", self.again)
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if note:
            layout.addWidget(label(note, "help"))
        layout.addWidget(
            label(
                f"A passphrase needs at least {MIN_LENGTH} characters and must not be one of "
                "the most common. A few ordinary words together works well.",
                "help",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if not self.name.text().strip():
            show_error(self.error, "Enter the person's name.")
        elif (problem := passphrase_problem(self.passphrase.text())) is not None:
            show_error(self.error, problem)
        elif self.passphrase.text() != self.again.text():
            show_error(self.error, "The two passphrases are different.")
        else:
            self.accept()
