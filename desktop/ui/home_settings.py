"""The home's review interval for the Philomena forms, changed from the File menu.

An administrator chooses it for the whole home; everyone else sees the item greyed out, saying
who may change it. The manager's view reads it when it lists the forms due for review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMenu,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import form_review
from desktop.domain.errors import PhilomenaError
from desktop.domain.permissions import Action
from desktop.ui.gate import gate
from desktop.ui.widgets import label

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


class FormReviewDialog(QDialog):
    """Choose how often the forms are reviewed, in whole months within the store's bounds."""

    def __init__(self, months: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review the forms")
        self.months = QSpinBox()
        self.months.setRange(form_review.MIN_MONTHS, form_review.MAX_MONTHS)
        self.months.valueChanged.connect(self._say_unit)
        self.months.setValue(months)
        self._say_unit(months)
        self.months.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 9)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)
        self.months.setAccessibleName("Months between reviews of each child's forms")
        form = QFormLayout()
        form.addRow("Review &every:", self.months)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                "Each child's Part A and Locations should be looked at again and updated "
                "regularly. The manager's view lists a form once it was last saved this long "
                f"ago ({form_review.MIN_MONTHS} to {form_review.MAX_MONTHS} months, for every "
                "child in the home).",
                "help",
            )
        )
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.months.setFocus()

    def _say_unit(self, months: int) -> None:
        self.months.setSuffix(" month" if months == 1 else " months")


class FormReviewSetting:
    """The menu item an administrator changes the forms' review interval with."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        self.window = window
        self.action = QAction("&Review the forms every…", window)
        self.action.triggered.connect(lambda _=False: self.change())
        staff = window.store.staff
        gate(self.action, staff.role if staff else None, Action.HOME_SETTINGS)
        menu.setToolTipsVisible(True)
        menu.addAction(self.action)

    def change(self) -> None:
        """Ask for the new interval and store it; the manager's view reads it when it opens."""
        window = self.window
        dialog = FormReviewDialog(window.store.home().form_review_months, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            home = window.store.children.set_form_review(dialog.months.value())
        except PhilomenaError as exc:
            window.ctx.dialogs.error(window, "The review interval was not changed", exc.message)
            return
        window.ctx.dialogs.info(
            window,
            "Review interval changed",
            "The home now reviews the forms every "
            f"{form_review.months_words(home.form_review_months)}.",
        )
