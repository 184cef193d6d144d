"""The Missing or absent page: start an episode in one action, log each check in a keystroke or two.

It shows what the protocol says is due next, and records each decision with its reason.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.episode import ENTRY_KINDS
from desktop.domain.errors import PhilomenaError
from desktop.domain.model import Episode, LogEntry
from desktop.domain.ukdates import uk_datetime
from desktop.formspec import shown_forms
from desktop.protocol.engine import Prompt
from desktop.protocol.entries import EntryWords
from desktop.store.store import Store
from desktop.ui.context import AppContext
from desktop.ui.form_editor import FormEditor
from desktop.ui.missing_dialogs import EntryDialog, StartDialog
from desktop.ui.table_models import RowsModel
from desktop.ui.widgets import button, error_label, label, show_error

Index = QModelIndex | QPersistentModelIndex
REFRESH_MS = 30_000
QUICK_KINDS = (
    ("searched_premises", "Searched the premises", "Ctrl+1"),
    ("phoned_child", "Phoned the child", "Ctrl+2"),
    ("texted_child", "Texted the child", "Ctrl+3"),
    ("checked_social_media", "Checked social media…", "Ctrl+4"),
    ("contacted_person", "Contacted a person…", "Ctrl+5"),
    ("visited_location", "Visited a place…", "Ctrl+6"),
    ("sighting", "Sighting…", "Ctrl+7"),
    ("whereabouts_known", "Whereabouts known…", "Ctrl+8"),
    ("whereabouts_unknown", "Whereabouts unknown", "Ctrl+9"),
    ("notified", "Notified someone…", "Ctrl+0"),
    ("police_report", "Reported to police…", "Ctrl+R"),
    ("child_contact", "Child made contact…", "Ctrl+K"),
    ("returned", "Returned or found…", "Ctrl+T"),
    ("note", "Note…", "Ctrl+J"),
    ("harm_suspected", "Harm suspected…", "Ctrl+H"),
)
"""Each check a carer makes, one shortcut away (Ctrl+1 … Ctrl+0 and a few letters)."""
INSTANT_KINDS = frozenset({"whereabouts_unknown"})
"""Entries with nothing to add: logged at once, no dialog."""


class PromptModel(RowsModel):
    """Prompts as rows: status, deadline, what to do, who, and the protocol behind it."""

    HEADERS = ("Status", "Due", "What to do", "Who", "Source")
    COLOURS: ClassVar[dict[str, str]] = {
        "overdue": "#b00020",
        "upcoming": "#1a1a1a",
        "answered": "#505a5f",
        "void": "#8a8a8a",
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.zone: Any = None

    @property
    def prompts(self) -> list[Prompt]:
        """The prompts shown, in order."""
        return list(self._rows)

    def set_prompts(self, prompts: list[Prompt], zone: Any) -> None:
        """Replace the rows."""
        self.zone = zone
        self.replace_rows(prompts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: cell contents, colour and weight by status."""
        p = self.row_at(index)
        if p is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            status = {"void": "no longer needed"}.get(p.status, p.status)
            if p.status == "answered" and p.outcome == "not_done":
                status = f"not done: {p.reason}"
            source = "; ".join(f"{c.section} ({c.seed[:3]})" for c in p.citations)
            return (status, uk_datetime(p.due_at, self.zone), p.text, p.who, source)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(self.COLOURS.get(p.status, "#1a1a1a"))
        if role == Qt.ItemDataRole.FontRole and p.status == "overdue":
            font = QFont()
            font.setBold(True)
            return font
        return None


class MissingPage(QWidget):
    """Missing or absent: starting an episode, its log and prompts, Part B, the risk assessment."""

    TITLE = "&Missing or absent"
    """The tab's name, which the README and the page's own words use too."""
    changed = Signal()

    def __init__(self, ctx: AppContext, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = store
        self.child_id: str | None = None
        self.episode: Episode | None = None
        self.zone = ctx.clock.now().tzinfo
        self.start = button(
            "&Not where they should be — start an episode",
            name="police",
            accessible="Start an episode: the child is not where they should be",
        )
        self.start.clicked.connect(lambda: self.start_dialog())  # not clicked(bool)'s flag
        self.summary = label("", "title")
        self.next_due = label("", "police")
        self.prompt_model = PromptModel(self)
        self.prompts = QTableView()
        self.prompts.setModel(self.prompt_model)
        self.prompts.setAccessibleName("What the protocol says is due")
        self.prompts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.prompts.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.prompts.setWordWrap(True)
        header = self.prompts.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.done = button("Mark &done")
        self.not_done = button("Not done — say &why…")
        self.done.clicked.connect(lambda: self.decide(done=True))
        self.not_done.clicked.connect(lambda: self.decide(done=False))
        self.quick = QGridLayout()
        self.quick_buttons: dict[str, Any] = {}
        for i, (kind, text, keys) in enumerate(QUICK_KINDS):
            b = button(f"{text}  ({keys})", accessible=text)
            b.clicked.connect(lambda _=False, k=kind: self.log_dialog(k))
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(b.click)
            self.quick.addWidget(b, i // 4, i % 4)
            self.quick_buttons[kind] = b
        self.log_table = QTableWidget(0, 5)
        self.log_table.setHorizontalHeaderLabels(["Happened", "Recorded", "By", "Entry", "Details"])
        self.log_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.log_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.log_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log_table.setAccessibleName("The timed log")
        self.correct = button("&Correct the selected entry…")
        self.correct.clicked.connect(self.correct_dialog)
        self.error = error_label()
        self.editors: dict[str, FormEditor] = {}
        for spec in shown_forms(ctx.forms, "episode"):
            editor = FormEditor(spec)
            editor.save_requested.connect(lambda v, fid=spec.id: self.save_form(fid, v))
            self.editors[spec.id] = editor

        live = QWidget()
        live_layout = QVBoxLayout(live)
        decide = QHBoxLayout()
        decide.addWidget(self.done)
        decide.addWidget(self.not_done)
        decide.addStretch()
        live_layout.addWidget(self.next_due)
        live_layout.addWidget(self.prompts, 2)
        live_layout.addLayout(decide)
        live_layout.addWidget(label("Log what you do as you do it:", "help"))
        live_layout.addLayout(self.quick)
        live_layout.addWidget(self.log_table, 2)
        live_layout.addWidget(self.correct)
        self.tabs = QTabWidget()
        self.tabs.addTab(live, "&Log and prompts")
        for editor in self.editors.values():
            self.tabs.addTab(editor, editor.spec.tab)
        layout = QVBoxLayout(self)
        layout.addWidget(self.start)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)  # only re-asks the engine; holds no state
        self.timer.start()

    # --- showing ----------------------------------------------------------------------------

    def show_child(self, child_id: str) -> None:
        """Show one child's current episode, if any."""
        self.child_id = child_id
        self.refresh()

    def refresh(self) -> None:
        """Re-read the episode and re-evaluate the protocol now."""
        if self.child_id is None:
            return
        self.episode = self.store.episodes.current(self.child_id)
        # The episode's own duties first, then the child's standing records (forms, photo).
        prompts = sorted(self.ctx.prompts(self.store, self.child_id), key=lambda p: p.profile)
        self.prompt_model.set_prompts(prompts, self.zone)
        self.prompts.resizeRowsToContents()
        open_ = self.episode is not None
        self.start.setVisible(not open_ or not self._away())
        self.tabs.setVisible(open_)
        can_write = self.store.staff is not None
        self.start.setEnabled(can_write)
        if not open_:
            self.summary.setText("No open episode.")
            due = [p for p in prompts if p.status in ("overdue", "upcoming")]
            self.next_due.setText("")
            if due:
                self.summary.setText(f"No open episode. Next: {due[0].text}")
            return
        assert self.episode is not None
        state = self.store.episodes.state(self.episode.id).value
        elapsed = self.ctx.clock.now() - self.episode.aware_at
        hours, minutes = divmod(int(elapsed.total_seconds() // 60), 60)
        self.summary.setText(
            f"{state.capitalize()} — aware since "
            f"{uk_datetime(self.episode.aware_at, self.zone)} "
            f"({hours} h {minutes:02d} min ago)"
        )
        waiting = [p for p in prompts if p.status in ("overdue", "upcoming")]
        if waiting:
            first = waiting[0]
            when = "OVERDUE since" if first.status == "overdue" else "Next, by"
            self.next_due.setText(f"{when} {uk_datetime(first.due_at, self.zone)}: {first.text}")
        else:
            self.next_due.setText("Nothing is due now.")
        entries = self.store.episodes.log(self.episode.id)
        words = EntryWords.for_child(
            self.ctx.rule_sets, self.store.home(), self.store.children.get(self.child_id), entries
        )
        self._fill_log(entries, words)
        for editor in self.editors.values():
            editor.set_values(
                self.store.episodes.form_values(self.episode.id, editor.spec, entry_text=words)
            )

    def _away(self) -> bool:
        from desktop.domain.episode import is_away

        return self.episode is not None and is_away(self.store.episodes.state(self.episode.id))

    def _fill_log(self, entries: list[LogEntry], words: EntryWords) -> None:
        names = {s.id: s.name for s in self.store.accounts.members()}
        self.log_table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            cells = (
                uk_datetime(e.event_at, words.zone),
                uk_datetime(e.recorded_at, words.zone),
                names.get(e.author_id, "?"),
                words.kind(e),
                words.details(e),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                self.log_table.setItem(row, column, item)
        self.log_table.scrollToBottom()

    # --- actions ----------------------------------------------------------------------------

    def _run(self, action: Any) -> bool:
        try:
            action()
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return False
        show_error(self.error, "")
        self.refresh()
        self.changed.emit()
        return True

    def start_dialog(self, dialog: StartDialog | None = None) -> None:
        """Start an episode at the moment of awareness."""
        if self.child_id is None:
            return
        if dialog is None:  # tests hand in a dialog already filled and accepted
            dialog = StartDialog(self.ctx.clock.now(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        child_id = self.child_id
        details = {
            k: v
            for k, v in (
                ("last_seen_where", dialog.last_seen.text().strip()),
                ("clothing", dialog.clothing.text().strip()),
            )
            if v
        }
        self._run(
            lambda: self.store.episodes.start(
                child_id,
                whereabouts="unknown" if dialog.unknown.isChecked() else "known",
                aware_at=dialog.moment(),
                reason_for_time=dialog.reason.text(),
                details=details,
            )
        )

    def log_dialog(self, kind: str, dialog: EntryDialog | None = None) -> None:
        """Add one entry; kinds with nothing to fill in are logged at once."""
        if self.episode is None:
            return
        spec = ENTRY_KINDS[kind]
        episode_id = self.episode.id
        if kind in INSTANT_KINDS and dialog is None:
            self._run(lambda: self.store.episodes.append(episode_id, kind, {}))
            return
        if dialog is None:  # tests hand in a dialog already filled and accepted
            dialog = EntryDialog(spec, self.ctx.clock.now(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        self._run(
            lambda: self.store.episodes.append(
                episode_id, kind, dialog.body(), event_at=dialog.event_at()
            )
        )

    def selected_prompt(self) -> Prompt | None:
        """The prompt chosen in the table, or the first that is waiting."""
        rows = self.prompts.selectionModel().selectedRows()
        if rows:
            return self.prompt_model.prompts[rows[0].row()]
        return next(
            (p for p in self.prompt_model.prompts if p.status in ("overdue", "upcoming")), None
        )

    def decide(self, *, done: bool, reason: str | None = None) -> None:
        """Record what was decided about a prompt, and why when it was not done."""
        prompt = self.selected_prompt()
        if prompt is None or self.episode is None:
            return
        if not done and reason is None:
            reason, ok = QInputDialog.getText(self, "Not done", "Why was it not done?")
            if not ok:
                return
        body = {
            "action": prompt.action,
            "outcome": "done" if done else "not_done",
            "reason": reason or "",
            "rule": prompt.rule,
        }
        episode_id = self.episode.id
        self._run(lambda: self.store.episodes.append(episode_id, "decision", body))

    def correct_dialog(self, *, reason: str | None = None, retract: bool = True) -> None:
        """Withdraw an entry made in error (a new entry records it; the original stays)."""
        row = self.log_table.currentRow()
        if row < 0:
            show_error(self.error, "Choose the entry to correct first.")
            return
        item = self.log_table.item(row, 0)
        entry_id = int(item.data(Qt.ItemDataRole.UserRole)) if item else 0
        if reason is None:
            reason, ok = QInputDialog.getText(
                self,
                "Correct an entry",
                "Why is this entry wrong? It will be marked as withdrawn; add the right "
                "details as a new entry.",
            )
            if not ok:
                return
        self._run(
            lambda: self.store.episodes.correct(entry_id, reason=reason or "", retract=retract)
        )

    def save_form(self, form_id: str, values: dict[str, Any]) -> None:
        """Save one of the episode's forms (Part B, the risk assessment) as a new version."""
        if self.episode is None:
            return
        episode_id = self.episode.id
        spec = self.ctx.forms[form_id]
        self._run(lambda: self.store.episodes.save_form(episode_id, spec, values))
