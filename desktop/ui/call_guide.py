"""The police call guide: every question the call-handler asks, with its answer, in large print.

"Report to police" opens it beside the episode (not in front of it: the carer may look something
up while on the phone). Each question shows what the child's forms, Part B and the log already
say, or, in red, that it is not known. Whatever the carer learns during the call is typed under
the question and Enter keeps it: in the log, with who supplied it and when it was obtained, and in
Part B where the question has a field there. The report itself, the police's acceptance, the
police pack and a one-page print are each a key away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.audit import Audited
from desktop.domain.episode import ENTRY_KINDS
from desktop.domain.errors import BadInput, PhilomenaError
from desktop.domain.ukdates import parse_uk_datetime, uk_clock, uk_datetime
from desktop.export.call_guide import Answer, GuideSheet, build_guide, guide_sheet
from desktop.export.output import safe_file_name, save_pdf
from desktop.formspec.guide import Question
from desktop.store.store import Store
from desktop.ui.context import AppContext
from desktop.ui.missing_dialogs import EntryDialog
from desktop.ui.pack_dialog import PackDialog, print_with_dialog
from desktop.ui.widgets import button, error_label, fitted, label, show_error

if TYPE_CHECKING:
    from desktop.ui.missing_page import MissingPage

STYLE = """
QLabel[role="ask"] { font-size: 15pt; font-weight: bold; }
QLabel[role="said"] { font-size: 15pt; }
QLabel[role="unknown"] { font-size: 15pt; font-weight: bold; color: #b00020;
                         background: #fdecee; padding: 2px 4px; }
QLabel[role="section"] { font-size: 13pt; font-weight: bold; color: #003b6f; }
QLineEdit { font-size: 13pt; }
"""
"""Large enough to read aloud from arm's length; what is not known stands out in red."""


class CallGuide(QDialog):
    """The questions of the police call, answered from the child's records, as the call goes."""

    recorded = Signal()
    """Something was added to the log: the page behind should show it."""

    def __init__(
        self,
        ctx: AppContext,
        store: Store,
        child_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = store
        self.child_id = child_id
        self.zone = ctx.clock.now().tzinfo
        self.pack: PackDialog | None = None
        self.sheet = self._read()
        child = store.children.get(child_id)
        self.setWindowTitle(f"Report to police — {child.display_name}")
        self.setStyleSheet(STYLE)
        self.resize(fitted(QSize(1100, 900), parent))

        self.heading = label(f"Reporting {child.display_name} missing to the police", "title")
        intro = label(
            "Ring 999 if the child is in immediate danger, otherwise 101. Read each answer out. "
            "Red means nothing is recorded: ask a colleague, or tell the police it is not known. "
            "Type what you learn under its question and press Enter: it is kept with who told "
            "you and when.",
            "help",
        )
        self.supplied_by = QLineEdit(store.staff.name if store.staff else "")
        self.supplied_by.setAccessibleName("Who supplied the information")
        self.obtained_at = QLineEdit(uk_datetime(ctx.clock.now(), self.zone))
        self.obtained_at.setAccessibleName("When it was obtained")
        source = QFormLayout()
        source.addRow("&Who told you (for what you type below):", self.supplied_by)
        source.addRow("W&hen you found it out:", self.obtained_at)

        self.said: dict[str, QLabel] = {}
        self.inputs: dict[str, QLineEdit] = {}
        questions = QWidget()
        grid = QVBoxLayout(questions)
        number = 0
        for section in self.sheet.guide.sections:
            grid.addWidget(label(section.title, "section"))
            for question in section.questions:
                number += 1
                grid.addWidget(self._question_box(number, question))
        grid.addStretch()
        self.questions_area = QScrollArea()
        self.questions_area.setWidgetResizable(True)
        self.questions_area.setWidget(questions)
        self.questions_area.setAccessibleName("The call-handler's questions")

        self.status = label("", "help")
        self.error = error_label()
        self.report = button("&Record the report…", name="primary")
        self.report.clicked.connect(lambda: self.log_entry("police_report"))
        self.accepted_button = button("Police &accepted it…")
        self.accepted_button.clicked.connect(lambda: self.log_entry("police_accepted"))
        self.pack_button = button("Police &pack…", accessible="Open the police pack to send")
        self.pack_button.clicked.connect(self.open_pack)
        self.print_button = button("Pr&int this guide…")
        self.print_button.clicked.connect(self.print_guide)
        self.save_button = button("&Save this guide as a PDF…")
        self.save_button.clicked.connect(self.save_guide)
        self.close_button = button("&Close")
        self.close_button.clicked.connect(self.close)
        for b in (
            self.report,
            self.accepted_button,
            self.pack_button,
            self.print_button,
            self.save_button,
            self.close_button,
        ):
            b.setAutoDefault(False)  # Enter keeps what was typed; it never presses a button
        actions = QHBoxLayout()
        for b in (self.report, self.accepted_button, self.pack_button):
            actions.addWidget(b)
        actions.addStretch()
        for b in (self.print_button, self.save_button, self.close_button):
            actions.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(intro)
        layout.addLayout(source)
        layout.addWidget(self.questions_area, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        self._show_answers()
        first = next(iter(self.inputs.values()))
        first.setFocus()

    # --- showing ----------------------------------------------------------------------------

    def _read(self) -> GuideSheet:
        prompts = self.ctx.prompts(self.store, self.child_id)
        return guide_sheet(self.store, self.ctx.forms, self.ctx.call_guide, self.child_id, prompts)

    def _question_box(self, number: int, question: Question) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 4, 0, 8)
        ask = label(f"{number}. {question.ask}", "ask")
        said = label("", "said")
        typed = QLineEdit()
        typed.setAccessibleName(f"What you learned: {question.ask}")
        where = "Part B" if question.record is not None else "the log"
        typed.setPlaceholderText(f"Type what you learn, then Enter (kept in {where})")
        typed.returnPressed.connect(lambda q=question, t=typed: self.keep(q, t))
        grid.addWidget(ask, 0, 0)
        grid.addWidget(said, 1, 0)
        grid.addWidget(typed, 2, 0)
        self.said[question.id] = said
        self.inputs[question.id] = typed
        return box

    def _show_answers(self) -> None:
        for answer in self.sheet.answers:
            said = self.said[answer.question.id]
            said.setText(answer_words(answer) or self.sheet.guide.unknown)
            said.setProperty("role", "said" if answer.known else "unknown")
            said.style().polish(said)

    def answer(self, question_id: str) -> str:
        """What the guide shows in answer to a question, as read aloud."""
        return self.said[question_id].text()

    def unknown(self, question_id: str) -> bool:
        """True when the guide shows the question as not known."""
        return bool(self.said[question_id].property("role") == "unknown")

    # --- actions ----------------------------------------------------------------------------

    def keep(self, question: Question, typed: QLineEdit) -> None:
        """Keep what was learned: in the log with who said it and when, and in Part B."""
        text = typed.text().strip()
        if not text:
            return
        try:
            who = self.supplied_by.text().strip()
            if not who:
                raise BadInput("Say who told you, so the record shows where it came from.")
            when = parse_uk_datetime(self.obtained_at.text(), self.zone)
            into = None
            if question.record is not None:
                into = (self.ctx.forms[question.record.form], question.record.field)
            self.store.episodes.record_call_answer(
                self.sheet.episode_id,
                question=question.ask,
                answer=text,
                supplied_by=who,
                obtained_at=when,
                into=into,
            )
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        typed.clear()
        where = "Part B and the log" if question.record is not None else "the log"
        self.status.setText(f"Kept in {where} at {uk_clock(when, self.zone)}, told by {who}.")
        self.refresh()

    def refresh(self) -> None:
        """Read the records again and show the answers as they now stand."""
        try:
            self.sheet = self._read()
        except PhilomenaError as exc:  # what was recorded is kept; only the re-read failed
            show_error(self.error, exc.message)
        else:
            self._show_answers()
        self.recorded.emit()

    def log_entry(self, kind: str) -> None:
        """Record the report (time, call-handler, incident number, grading) or its acceptance."""
        dialog = EntryDialog(ENTRY_KINDS[kind], self.ctx.clock.now(), self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.activateWindow()  # keys go back to the guide, whatever the window manager does
        if not accepted:
            return
        try:
            self.store.episodes.append(
                self.sheet.episode_id, kind, dialog.body(), event_at=dialog.event_at()
            )
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        self.status.setText(
            "Report recorded. It is made when the police accept it: when they confirm, press "
            "“Police accepted it” and give their reference."
            if kind == "police_report"
            else "The police's acceptance is recorded."
        )
        self.refresh()

    def open_pack(self) -> PackDialog:
        """The police pack, to save, print or send as an e-mail draft."""
        if self.pack is None:  # made once: it builds in the background, so it is kept
            self.pack = PackDialog(self.ctx, self.store, self.child_id, self)
        else:
            self.pack.build()  # what was recorded since it was last shown
        self.pack.show()
        self.pack.raise_()
        self.pack.activateWindow()  # Escape then closes the pack, not the guide behind it
        return self.pack

    def pdf(self) -> bytes:
        """The guide on one page, as the answers stand now."""
        return build_guide(self._read())

    def save_guide(self) -> None:
        """Save the one-page guide where the carer chooses."""
        name = safe_file_name(f"{self.sheet.child_name} police call guide") + ".pdf"
        try:
            path = self.ctx.dialogs.save_pdf(self, name, "Save the police call guide")
            if path is None:
                return
            saved = save_pdf(path, self.pdf())
            self.store.audit.record(Audited.EXPORT, child_id=self.child_id)
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return
        self.status.setText(f"Saved to {saved}.")

    def print_guide(self) -> None:
        """Print the one-page guide through the system print dialog."""
        try:
            if not print_with_dialog(self, self.pdf()):
                return
            self.store.audit.record(Audited.PRINT, child_id=self.child_id)
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return
        self.status.setText("Sent to the printer.")


def answer_words(answer: Answer) -> str:
    """An answer as the guide shows it: each recorded part on a line, with where it came from."""
    return "\n".join(
        part.line + (f"  ({part.origin})" if part.origin else "") for part in answer.parts
    )


def open_call_guide(page: MissingPage) -> CallGuide | None:
    """Open the guide beside the episode's page, which follows whatever it records."""
    if page.child_id is None or page.episode is None or page.store.staff is None:
        return None
    page.wants_attention.emit()
    child_id = page.child_id
    try:
        guide = CallGuide(page.ctx, page.store, child_id, page)
    except PhilomenaError as exc:  # a store that cannot be read: said on the page, not a crash
        show_error(page.error, exc.message)
        return None

    def follow() -> None:
        page.refresh()
        page.changed.emit(child_id)

    guide.recorded.connect(follow)
    guide.show()
    guide.raise_()
    guide.activateWindow()  # the keys go to the guide at once: it is used by keyboard alone
    return guide
