"""The child's standing risk of going missing, on their page: the grading now, and recording one.

The grading (Portsmouth's Appendix 4: low, medium or high) is the social worker's or the MASH's
decision; staff record it with who decided it and when, and every earlier grading stays on the
record (its tooltip lists them). While it is high, a review meeting held is recorded here too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import PhilomenaError
from desktop.domain.missing_risk import (
    MISSING_RISK_NAMES,
    MissingRisk,
    current_level,
    entry_words,
    standing_words,
)
from desktop.domain.permissions import Action
from desktop.domain.ukdates import parse_uk_datetime, uk_datetime
from desktop.store.store import Store
from desktop.ui.context import AppContext
from desktop.ui.deadlines import due_words, time_left_words
from desktop.ui.gate import gate
from desktop.ui.widgets import ElidedLabel, button, error_label, show_error

Save = Callable[[datetime], object]


class _WhenDialog(QDialog):
    """When it was decided or held, plus any fields; the store's refusal is shown in place."""

    def __init__(self, title: str, when: str, now: datetime, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.zone = now.tzinfo
        self.form = QFormLayout()
        self.when = QLineEdit(uk_datetime(now, self.zone))
        self.when.setAccessibleName(when)
        self.error = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Record it")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.save: Save = lambda _at: None
        self._when_label = f"&{when}:"

    def finish(self) -> None:
        """Lay out the fields added so far, then the time, the error and the buttons."""
        self.form.addRow(self._when_label, self.when)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _accept(self) -> None:
        try:
            self.save(parse_uk_datetime(self.when.text(), self.zone))
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return
        self.accept()


class LevelDialog(_WhenDialog):
    """Record a grading decided: the level, who decided it, and when."""

    def __init__(self, now: datetime, current: MissingRisk | None, parent: QWidget | None) -> None:
        super().__init__("Risk of going missing", "When it was decided", now, parent)
        self.level = QComboBox()
        for level, words in MISSING_RISK_NAMES.items():
            self.level.addItem(words, level.value)
        if current is not None:
            self.level.setCurrentIndex(list(MissingRisk).index(current))
        self.level.setAccessibleName("Risk of going missing")
        self.decided_by = QLineEdit()
        self.decided_by.setPlaceholderText("e.g. J. Patel, social worker; the MASH")
        self.decided_by.setAccessibleName("Who decided it (needed)")
        self.form.addRow("&Risk of going missing:", self.level)
        self.form.addRow("Who &decided it *:", self.decided_by)
        self.finish()
        self.level.setFocus()


class MissingRiskPanel(QWidget):
    """The buttons that record what was decided, and ``words``: one line saying the grading now."""

    changed = Signal(str)
    """The child's record changed (their id): their page and the list follow."""

    def __init__(self, ctx: AppContext, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = store
        self.child_id: str | None = None
        self.high = False
        self.words = ElidedLabel(role="help")  # one line under the child's name
        self.words.hide()
        self.record = button(
            "Ris&k of going missing…", accessible="Record the child's risk of going missing"
        )
        self.record.clicked.connect(lambda: self.level_dialog())
        self.review = button(
            "Revie&w meeting held…",
            accessible="Record a review meeting held for the child at high risk of going missing",
        )
        self.review.clicked.connect(lambda: self.review_dialog())
        row = QHBoxLayout(self)  # the buttons; the page places ``words`` on a line of its own
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.record)
        row.addWidget(self.review)

    def show_child(self, child_id: str) -> None:
        """Show the child's grading now; its tooltip lists every grading and meeting recorded."""
        self.child_id = child_id
        zone = self.ctx.clock.now().tzinfo
        entries = self.store.missing_risk.entries(child_id)
        latest = current_level(entries)
        self.high = latest is not None and latest.level is MissingRisk.HIGH
        words = standing_words(entries, zone)
        if self.high:
            now = self.ctx.clock.now()
            prompts = self.ctx.prompts_for(self.store.records(child_id))
            for p in (p for p in prompts if p.standing and p.status in ("upcoming", "overdue")):
                words += (
                    f". Review meeting {due_words(p, now, zone or UTC)}"
                    f" — {time_left_words(p.due_at, now)}"
                )
        self.words.set_full_text(words)  # the whole record in the tooltip, newest last
        self.words.setVisible(bool(entries))  # never graded: the button says it all
        self.words.setToolTip("\n".join([words, *(entry_words(e, zone) for e in entries)]))
        role = self.store.staff.role if self.store.staff is not None else None
        gate(self.record, role, Action.RECORD_MISSING_RISK)
        if gate(self.review, role, Action.LOG) and not self.high:
            self.review.setEnabled(False)
            self.review.setToolTip("For a child graded at high risk of going missing.")
        # Shown only while it can be used, so the child's name keeps its room in the header.
        self.review.setVisible(self.high)

    def level_dialog(self) -> None:
        """Record a grading decided (a lower one needs a manager: the dialog says so)."""
        child_id = self.child_id
        if child_id is None or not self.record.isEnabled():
            return
        latest = current_level(self.store.missing_risk.entries(child_id))
        dialog = LevelDialog(self.ctx.clock.now(), latest.level if latest else None, self)

        def save(at: datetime) -> object:
            return self.store.missing_risk.record_level(
                child_id,
                str(dialog.level.currentData()),
                decided_by=dialog.decided_by.text(),
                decided_at=at,
            )

        dialog.save = save
        self._run(dialog, child_id)

    def review_dialog(self) -> None:
        """Record a review meeting held while the child is at high risk of going missing."""
        child_id = self.child_id
        if child_id is None or not self.review.isEnabled():
            return
        dialog = _WhenDialog("Review meeting held", "When it was held", self.ctx.clock.now(), self)
        dialog.finish()
        dialog.save = lambda at: self.store.missing_risk.record_review(child_id, held_at=at)
        dialog.when.setFocus()
        self._run(dialog, child_id)

    def _run(self, dialog: QDialog, child_id: str) -> None:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.show_child(child_id)
            self.changed.emit(child_id)
