"""First run: create the store, the first account, and show the recovery key once."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import PhilomenaError
from desktop.domain.first_run import SetupAnswers
from desktop.domain.passphrases import MIN_LENGTH
from desktop.protocol.rules import protocol_names
from desktop.store.store import RESTARTED_NOTE, CreatedStore, Store
from desktop.ui.context import AppContext
from desktop.ui.ops import run_in_background
from desktop.ui.widgets import button, error_label, label, set_busy, show_error


class SetupDialog(QDialog):
    """Three steps: the home, the first account, the recovery key."""

    created = Signal(object)  # the open Store

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_store: Store | None = None
        self.recovery_key = ""
        self.setWindowTitle("Set up Philomena Desk")
        self.setMinimumWidth(640)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._home_page())
        self.pages.addWidget(self._account_page())
        self.pages.addWidget(self._recovery_page())
        self.back = button("&Back")
        self.next = button("&Next", name="primary")
        self.next.setDefault(True)
        self.back.clicked.connect(lambda: self._go(self.pages.currentIndex() - 1))
        self.next.clicked.connect(self._forward)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch()
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addLayout(buttons)
        self._go(0)

    # --- pages ------------------------------------------------------------------------------

    def _home_page(self) -> QWidget:
        page = QWidget()
        self.home_name = QLineEdit()
        self.home_name.setAccessibleName("Name of the home")
        self.protocol = QComboBox()
        self.protocol.setAccessibleName("Local protocol")
        for pid, name in protocol_names(self.ctx.rule_sets).items():
            self.protocol.addItem(name, pid)
        self.protocol.setCurrentIndex(self.protocol.findData("england-default"))
        self.overnight_start = QTimeEdit(QTime(22, 0))
        self.overnight_end = QTimeEdit(QTime(7, 0))
        for edit, name in (
            (self.overnight_start, "Overnight starts"),
            (self.overnight_end, "Overnight ends"),
        ):
            edit.setDisplayFormat("HH:mm")
            edit.setAccessibleName(name)
        self.home_error = error_label()
        form = QFormLayout()
        form.addRow("Name of the &home:", self.home_name)
        form.addRow("&Local protocol:", self.protocol)
        form.addRow("Overnight &starts:", self.overnight_start)
        form.addRow("Overnight &ends:", self.overnight_end)
        layout = QVBoxLayout(page)
        layout.addWidget(label("Welcome. First, tell us about the home.", "title"))
        layout.addWidget(
            label(
                "The protocol is the one your local safeguarding partnership follows. It decides "
                "when an absence must be reported to the police. Overnight is when a child who "
                "is not home, and whose whereabouts are unknown, must be reported at once.",
                "help",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.home_error)
        layout.addStretch()
        return page

    def _account_page(self) -> QWidget:
        page = QWidget()
        self.admin_name = QLineEdit()
        self.admin_name.setAccessibleName("Your name")
        self.passphrase = QLineEdit()
        self.passphrase_again = QLineEdit()
        for edit, name in (
            (self.passphrase, "Passphrase"),
            (self.passphrase_again, "Passphrase again"),
        ):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
        self.account_error = error_label()
        form = QFormLayout()
        form.addRow("Your &name:", self.admin_name)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("Passphrase &again:", self.passphrase_again)
        layout = QVBoxLayout(page)
        layout.addWidget(label("Your account", "title"))
        layout.addWidget(
            label(
                "You will be the administrator: you can add staff accounts later. Choose a "
                f"passphrase of at least {MIN_LENGTH} characters — a few ordinary words together "
                "works well.",
                "help",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.account_error)
        layout.addStretch()
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        self.key_label = label("", wrap=False)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(18)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setAccessibleName("Recovery key")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.binding_note = label("", "help")
        self.print_key = button("&Print this sheet…")
        self.print_key.clicked.connect(self._print_sheet)
        self.confirm = QCheckBox(
            "I have &written down or printed the recovery key and put it somewhere safe"
        )
        self.confirm.toggled.connect(self._update_buttons)
        layout = QVBoxLayout(page)
        layout.addWidget(label("Your recovery key", "title"))
        layout.addWidget(
            label(
                "This key opens the store if every passphrase is forgotten, or when the records "
                "move to a new computer. It is shown only now. Write it down or print it, and "
                "keep it locked away from the computer.",
                "help",
            )
        )
        layout.addWidget(self.key_label)
        layout.addWidget(self.print_key)
        layout.addWidget(self.binding_note)
        layout.addWidget(self.confirm)
        layout.addStretch()
        return page

    # --- flow -------------------------------------------------------------------------------

    def answers(self) -> SetupAnswers:
        """What has been typed so far."""

        def qtime(edit: QTimeEdit) -> time:
            return time(edit.time().hour(), edit.time().minute())

        return SetupAnswers(
            home_name=self.home_name.text(),
            protocol_id=str(self.protocol.currentData()),
            overnight_start=qtime(self.overnight_start),
            overnight_end=qtime(self.overnight_end),
            admin_name=self.admin_name.text(),
            passphrase=self.passphrase.text(),
            passphrase_again=self.passphrase_again.text(),
        )

    def _go(self, index: int) -> None:
        self.pages.setCurrentIndex(max(0, index))
        self._update_buttons()
        first = {0: self.home_name, 1: self.admin_name, 2: self.confirm}[self.pages.currentIndex()]
        first.setFocus()

    def _update_buttons(self) -> None:
        index = self.pages.currentIndex()
        self.back.setVisible(index == 1)
        self.next.setText({0: "&Next", 1: "&Create the store", 2: "&Finish"}[index])
        self.next.setEnabled(index != 2 or self.confirm.isChecked())

    def _forward(self) -> None:
        index = self.pages.currentIndex()
        answers = self.answers()
        if index == 0:
            problems = answers.home_problems(self.ctx.rule_sets)
            show_error(self.home_error, " ".join(problems.values()))
            if not problems:
                self._go(1)
        elif index == 1:
            problems = answers.account_problems()
            show_error(self.account_error, " ".join(problems.values()))
            if not problems:
                self._create(answers)
        else:
            self.created.emit(self.result_store)
            self.accept()

    def _create(self, answers: SetupAnswers) -> None:
        set_busy(self, True)
        show_error(self.account_error, "")
        ctx = self.ctx

        def work() -> CreatedStore:
            return Store.create(
                ctx.store_dir,
                home=answers.home(),
                admin_name=answers.admin_name,
                passphrase=answers.passphrase,
                clock=ctx.clock,
                device=ctx.device,
                kdf=ctx.kdf,
            )

        run_in_background(work, done=self._created, failed=self._failed)

    def _created(self, created: CreatedStore) -> None:
        set_busy(self, False)
        self.result_store = created.store
        self.recovery_key = created.recovery_key
        self.key_label.setText(created.recovery_key)
        self.passphrase.clear()
        self.passphrase_again.clear()
        note = (
            "The records are tied to this computer: a copy taken elsewhere opens only "
            "with the recovery key."
            if created.device_bound
            else "This computer has no keyring, so the records are not tied to it. Keep the "
            "computer where only staff can reach it."
        )
        if created.restarted:
            note = f"{RESTARTED_NOTE} {note}"
        self.binding_note.setText(note)
        self._go(2)

    def _failed(self, error: PhilomenaError) -> None:
        set_busy(self, False)
        show_error(self.account_error, error.message)

    def _print_sheet(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        self.recovery_sheet().print_(printer)

    def recovery_sheet(self) -> QTextDocument:
        """The printable sheet: the key, the home, and what to do with it."""
        document = QTextDocument(self)
        home = self.home_name.text().strip()
        document.setPlainText(
            f"Philomena Desk — recovery key for {home}\n\n"
            f"{self.recovery_key}\n\n"
            "This key opens the home's records if every passphrase is forgotten or the records\n"
            "move to a new computer. Keep it locked away, apart from the computer.\n"
            "Anyone with this key and a copy of the records can read them.\n"
        )
        return document

    def closeEvent(self, event: object) -> None:
        """Refuse to close on the recovery page until the key is confirmed."""
        if self.pages.currentIndex() == 2 and not self.confirm.isChecked():
            event.ignore()  # type: ignore[attr-defined]
            return
        super().closeEvent(event)  # type: ignore[arg-type]
