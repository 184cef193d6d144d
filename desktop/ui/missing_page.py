"""The Missing or absent page, built around the next deadline.

At the top, in large words, the one duty that matters most now and the time left for it; below,
every open prompt with Done / Not done on each, and the checks a carer makes, each one
shortcut away from anywhere in the window. The log, Part B and the risk assessment are a tab
away. Everything on it is recomputed from one read of the child's records.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.episode import ENTRY_KINDS, episode_state
from desktop.domain.errors import PhilomenaError
from desktop.domain.model import Episode
from desktop.domain.ukdates import uk_datetime
from desktop.export.gather import known_for_episode
from desktop.formspec import shown_forms
from desktop.protocol.engine import Prompt
from desktop.protocol.entries import EntryWords
from desktop.protocol.permissions import prompt_needs
from desktop.protocol.rules import CHASE_ACCEPTANCE
from desktop.protocol.situation import ChildRecords, applicable
from desktop.store.store import Store
from desktop.ui.call_guide import open_call_guide
from desktop.ui.context import AppContext
from desktop.ui.deadlines import (
    due_words,
    headline,
    order_for_staff,
    time_left_words,
    what_to_do,
)
from desktop.ui.follow_up_bar import FollowUpBar
from desktop.ui.form_editor import FormEditor
from desktop.ui.gate import gate
from desktop.ui.missing_dialogs import EntryDialog, StartDialog
from desktop.ui.prompt_rows import PromptRow
from desktop.ui.quick_kinds import (
    INSTANT_KINDS,
    OTHER_KINDS,
    OTHER_SHORTCUT,
    QUICK_COLUMNS,
    QUICK_KINDS,
    RECENT_ENTRIES,
    START_SHORTCUT,
    state_words,
)
from desktop.ui.widgets import ElidedLabel, button, error_label, label, show_error


class MissingPage(QWidget):
    """Missing or absent: starting an episode, its deadlines, log, Part B and risk assessment."""

    TITLE = "&Missing or absent"
    """The tab's name, which the README and the page's own words use too."""
    changed = Signal(str)
    """A child's records changed (their id): the list and title follow."""
    wants_attention = Signal()
    """A shortcut acted from elsewhere in the window: bring this page forward."""

    def __init__(self, ctx: AppContext, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = store
        self.child_id: str | None = None
        self.first_name = ""
        self.episode: Episode | None = None
        self.records: ChildRecords | None = None
        self.open_prompts: list[Prompt] = []
        self.prompts: list[Prompt] = []
        """Every prompt for the shown child, as of ``records``."""
        self.zone = ctx.clock.now().tzinfo or UTC
        self._names: dict[str, str] = {}
        self._editor_episode: str | None = None
        self._editors_stale = False
        self._words: EntryWords | None = None

        self.headline = label("", "headline")
        self.headline.setAccessibleName("What matters most now")
        self.summary = label("", "help")
        for line in (self.headline, self.summary):  # a long name wraps; it never widens the page
            line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.start = button(
            "&Not where they should be — start an episode",
            name="police",
            accessible="Start an episode: the child is not where they should be",
        )
        self.start.clicked.connect(lambda: self.start_dialog())  # not clicked(bool)'s flag
        self.error = error_label()

        self.prompt_rows: list[PromptRow] = []
        self.prompt_box = QVBoxLayout()
        self.prompt_box.setSpacing(4)
        prompt_holder = QWidget()
        holder_layout = QVBoxLayout(prompt_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addLayout(self.prompt_box)
        holder_layout.addStretch()
        self.prompt_scroll = QScrollArea()
        self.prompt_scroll.setWidgetResizable(True)
        self.prompt_scroll.setWidget(prompt_holder)
        self.prompt_scroll.setAccessibleName("What the protocol says is due")
        self.nothing_due = label("Nothing is due now.", "help")
        self.nothing_due.hide()

        self.quick = QGridLayout()
        self.quick.setSpacing(4)
        self.quick_buttons: dict[str, Any] = {}
        for i, (kind, text, keys) in enumerate(QUICK_KINDS):
            b = button(f"{text}  {keys}", name="quick", accessible=f"{text} ({keys})")
            b.clicked.connect(lambda _=False, k=kind: self.log_dialog(k))
            self.quick.addWidget(b, i // QUICK_COLUMNS, i % QUICK_COLUMNS)
            self.quick_buttons[kind] = b
        self.recent = ElidedLabel(role="help", widest=300)

        self.log_table = QTableWidget(0, 5)
        self.log_table.setHorizontalHeaderLabels(["Happened", "Recorded", "By", "Entry", "Details"])
        header = self.log_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.log_table.setWordWrap(True)
        self.log_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log_table.setAccessibleName("The timed log")
        self.correct = button("C&orrect the selected entry…")
        self.correct.clicked.connect(lambda: self.correct_dialog())
        self.other_kind = QComboBox()
        for kind in OTHER_KINDS:
            self.other_kind.addItem(ENTRY_KINDS[kind].label, kind)
        self.other_kind.setAccessibleName(f"Another kind of entry ({OTHER_SHORTCUT})")
        # As wide as a short label: the longest kinds show in full when the list opens.
        adjust = QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        self.other_kind.setSizeAdjustPolicy(adjust)
        self.other_kind.setMinimumContentsLength(24)
        self.other = button("Lo&g it…", accessible="Log an entry of the kind chosen")
        self.other.clicked.connect(lambda: self.log_dialog(str(self.other_kind.currentData())))

        self.editors: dict[str, FormEditor] = {}
        for spec in shown_forms(ctx.forms, "episode"):
            editor = FormEditor(spec)
            editor.save_requested.connect(lambda v, fid=spec.id: self.save_form(fid, v))
            self.editors[spec.id] = editor

        now_tab = QWidget()
        now_layout = QVBoxLayout(now_tab)
        now_layout.setContentsMargins(4, 4, 4, 4)
        now_layout.addWidget(self.nothing_due)
        now_layout.addWidget(self.prompt_scroll, 1)
        now_layout.addLayout(self.quick)
        self.follow_ups = FollowUpBar(store, self._run)
        now_layout.addWidget(self.follow_ups)
        log_tab = QWidget()
        log_layout = QVBoxLayout(log_tab)
        log_layout.addWidget(self.log_table, 1)
        entry_row = QHBoxLayout()
        entry_row.addWidget(label(f"Another entry ({OTHER_SHORTCUT}):", "help", wrap=False))
        entry_row.addWidget(self.other_kind, 1)
        entry_row.addWidget(self.other)
        log_layout.addLayout(entry_row)
        log_layout.addWidget(self.correct)
        self.log_tab = log_tab
        self.tabs = QTabWidget()
        self.tabs.addTab(now_tab, "&Due and checks")
        self.tabs.addTab(log_tab, "&Timed log")
        for editor in self.editors.values():
            self.tabs.addTab(editor, editor.spec.tab)
        self.tabs.setCornerWidget(self.recent)  # beside the tabs: no height taken
        self.tabs.currentChanged.connect(lambda _index: self._load_editors_if_shown())
        self.tabs.hide()  # until a child with an open episode is shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.headline)
        layout.addWidget(self.summary)
        layout.addWidget(self.start)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 100)
        layout.addStretch(1)  # with no episode open, everything sits at the top

    # --- showing ----------------------------------------------------------------------------

    def show_child(self, child_id: str) -> None:
        """Show one child's current episode, if any."""
        self.child_id = child_id
        self._names = {s.id: s.name for s in self.store.accounts.members()}
        self.refresh()

    def refresh(self, records: ChildRecords | None = None) -> ChildRecords | None:
        """Re-read the child's records (one read) and re-evaluate the protocol now."""
        if self.child_id is None:
            return None
        records = records or self.store.records(self.child_id)
        self.records = records
        self.first_name = records.child.preferred_name or records.child.first_name
        now = self.ctx.clock.now()
        prompts = self.ctx.prompts_for(records)
        self.prompts = prompts
        current = records.current
        self.episode = current.episode if current else None
        episode_prompts = [p for p in prompts if not p.profile] if current else prompts
        self.open_prompts = order_for_staff(episode_prompts, now)
        words = headline(episode_prompts, now, self.zone, self.first_name)
        self.headline.setText(words or ("Nothing is due now." if current else ""))
        self.headline.setProperty("role", "headline-overdue" if self._overdue() else "headline")
        self.headline.style().polish(self.headline)
        self.start.setVisible(current is None)
        self.start.setEnabled(self.store.staff is not None)
        self.tabs.setVisible(current is not None)
        self._fill_prompts(now)
        log = list(current.log) if current else []
        self.follow_ups.show_log(current.episode.id if current else None, log, self.store.staff)
        if current is None:
            self.summary.setText("No open episode.")
            return records
        state = episode_state(log)
        elapsed = int((now - current.episode.aware_at).total_seconds() // 60)
        self.summary.setText(
            f"{state_words(state)}. Aware since "
            f"{uk_datetime(current.episode.aware_at, self.zone)} "
            f"({elapsed // 60} h {elapsed % 60:02d} min ago)."
        )
        words_for = EntryWords.for_child(self.ctx.rule_sets, records.home, records.child, log)
        self._fill_log(log, words_for)
        self._words = words_for
        if self._editor_episode != current.episode.id:
            self._load_editors(current.episode.id, words_for)
        else:
            self._editors_stale = True  # the log changed what Part B can fill in
            self._load_editors_if_shown()
        return records

    def _load_editors_if_shown(self) -> None:
        """Refill Part B and the risk assessment when staff look at them, never over typing."""
        shown = self.tabs.currentWidget()
        if (
            self._editors_stale
            and shown in self.editors.values()
            and self.episode is not None
            and self._words is not None
            and not any(e.has_unsaved_changes() for e in self.editors.values())
        ):
            self._load_editors(self.episode.id, self._words)

    def _overdue(self) -> bool:
        return bool(self.open_prompts) and self.open_prompts[0].status == "overdue"

    def _fill_prompts(self, now: datetime) -> None:
        for row in self.prompt_rows:
            self.prompt_box.removeWidget(row)
            row.deleteLater()
        self.prompt_rows = []
        for prompt in self.open_prompts:
            row = PromptRow(prompt)
            when = due_words(prompt, now, self.zone)
            source = self.ctx.source_words(prompt)
            row.show_words(
                what_to_do(prompt, self.first_name),
                f"{when} — {time_left_words(prompt.due_at, now)} · {prompt.who} · {source}",
                prompt.text,
            )
            self._gate(row)
            row.done.clicked.connect(lambda _=False, p=prompt: self.decide(p, done=True))
            row.not_done.clicked.connect(lambda _=False, p=prompt: self.decide(p, done=False))
            self.prompt_box.addWidget(row)
            self.prompt_rows.append(row)
        self.nothing_due.setVisible(not self.open_prompts)

    def _gate(self, row: PromptRow) -> None:
        """Grey out Done / Not done where the role may not answer, saying who can."""
        role = self.store.staff.role if self.store.staff is not None else None
        records = self.records
        rule_sets = applicable(self.ctx.rule_sets, records.home, records.child) if records else []
        for control, done in ((row.done, True), (row.not_done, False)):
            gate(control, role, *prompt_needs(rule_sets, row.prompt, done=done))

    def _fill_log(self, entries: list[Any], words: EntryWords) -> None:
        self.log_table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            cells = (
                uk_datetime(e.event_at, words.zone),
                uk_datetime(e.recorded_at, words.zone),
                self._names.get(e.author_id, "someone no longer listed"),
                words.kind(e),
                words.details(e),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                self.log_table.setItem(row, column, item)
        self.log_table.scrollToBottom()
        latest = [
            f"{uk_datetime(e.event_at, words.zone)[-5:]}  {words.line(e)}"
            for e in entries[-RECENT_ENTRIES:]
        ]
        self.recent.set_full_text("Latest: " + "; ".join(latest) if latest else "")
        self.recent.updateGeometry()

    def _load_editors(self, episode_id: str, words: EntryWords) -> None:
        self._editor_episode = episode_id
        self._editors_stale = False
        known = None
        if self.child_id is not None:  # Part A's address, the protocol's time to report by
            known = known_for_episode(self.store, self.child_id, self.ctx.forms, self.prompts)
        for editor in self.editors.values():
            editor.set_values(
                self.store.episodes.form_values(
                    episode_id, editor.spec, entry_text=words, known=known
                )
            )

    def add_shortcuts(self, window: QWidget) -> None:
        """The checks, starting an episode and the other kinds of entry, from anywhere in it."""
        actions: list[tuple[str, Any]] = [
            (keys, lambda k=kind: self.log_dialog(k)) for kind, _text, keys in QUICK_KINDS
        ]
        actions += [(START_SHORTCUT, self.start_dialog), (OTHER_SHORTCUT, self.choose_other_kind)]
        for keys, action in actions:
            shortcut = QShortcut(QKeySequence(keys), window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(action)

    # --- actions ----------------------------------------------------------------------------

    def _run(self, action: Any) -> bool:
        try:
            action()
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return False
        show_error(self.error, "")
        self.refresh()  # one read; the window reuses it for the list and the title
        if self.child_id is not None:
            self.changed.emit(self.child_id)
        return True

    def start_dialog(self) -> None:
        """Start an episode at the moment of awareness (the button, Alt+N or Ctrl+N)."""
        if self.child_id is None or self.episode is not None or self.store.staff is None:
            return
        self.wants_attention.emit()
        dialog = StartDialog(self.ctx.clock.now(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        child_id = self.child_id
        details = dialog.details()
        self._run(
            lambda: self.store.episodes.start(
                child_id,
                whereabouts="unknown" if dialog.unknown.isChecked() else "known",
                aware_at=dialog.moment(),
                reason_for_time=dialog.reason.text(),
                details=details,
            )
        )

    def log_dialog(self, kind: str) -> None:
        """Add one entry; kinds with nothing to fill in are logged at once."""
        if self.episode is None or self.store.staff is None:
            return
        self.wants_attention.emit()
        if kind == "police_report":  # through the call guide, which records the report
            open_call_guide(self)
            return
        spec = ENTRY_KINDS[kind]
        episode_id = self.episode.id
        if kind in INSTANT_KINDS:
            self._run(lambda: self.store.episodes.append(episode_id, kind, {}))
            return
        dialog = EntryDialog(spec, self.ctx.clock.now(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._run(
            lambda: self.store.episodes.append(
                episode_id, kind, dialog.body(), event_at=dialog.event_at()
            )
        )

    def choose_other_kind(self) -> None:
        """Ctrl+E: the list of other kinds of entry, on the Timed log tab, ready to choose."""
        if self.episode is None:
            return
        self.wants_attention.emit()
        self.tabs.setCurrentWidget(self.log_tab)
        self.other_kind.setFocus()

    def decide(self, prompt: Prompt, *, done: bool) -> None:
        """Record what was decided about a prompt, and why when it was not done.

        An intervention meeting marked done is logged as the meeting of its stage, so the next
        episode knows which stage comes next.
        """
        if self.episode is None:
            return
        if done and prompt.action == CHASE_ACCEPTANCE:  # done: the police have accepted it
            self.log_dialog("police_accepted")
            return
        if done and prompt.stage:
            meeting = {"stage": str(prompt.stage)}
            episode = self.episode.id
            self._run(lambda: self.store.episodes.append(episode, "intervention_meeting", meeting))
            return
        reason = ""
        if not done:
            reason, ok = QInputDialog.getText(
                self, "Not done", f"Why was this not done?\n{prompt.text}"
            )
            if not ok:
                return
            if not reason.strip():
                show_error(self.error, "Say why it was not done: the reason goes in the log.")
                return
        body = {
            "action": prompt.action,
            "outcome": "done" if done else "not_done",
            "reason": reason.strip(),
            "rule": prompt.rule,
        }
        episode_id = self.episode.id
        self._run(lambda: self.store.episodes.append(episode_id, "decision", body))

    def correct_dialog(self) -> None:
        """Withdraw an entry made in error (a new entry records it; the original stays)."""
        row = self.log_table.currentRow()
        if row < 0:
            show_error(self.error, "Choose the entry to correct first.")
            return
        item = self.log_table.item(row, 0)
        entry_id = int(item.data(Qt.ItemDataRole.UserRole)) if item else 0
        reason, ok = QInputDialog.getText(
            self,
            "Correct an entry",
            "Why is this entry wrong? It will be marked as withdrawn; add the right "
            "details as a new entry.",
        )
        if not ok:
            return
        self._run(lambda: self.store.episodes.correct(entry_id, reason=reason, retract=True))

    def save_form(self, form_id: str, values: dict[str, Any]) -> None:
        """Save one of the episode's forms (Part B, the risk assessment) as a new version."""
        if self.episode is None:
            return
        episode_id = self.episode.id
        spec = self.ctx.forms[form_id]
        self._editor_episode = None  # reload the saved answers
        self._run(lambda: self.store.episodes.save_form(episode_id, spec, values))
