"""The main window: the children on the left, the chosen child's records on the right."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import PhilomenaError
from desktop.domain.idle import minutes_words
from desktop.domain.permissions import Action as _Action
from desktop.domain.ukdates import uk_datetime, uk_time
from desktop.formspec import shown_forms
from desktop.store.store import Store
from desktop.ui.account_menu import AccountMenu
from desktop.ui.backups import BackupKeeper
from desktop.ui.child_dialog import AddChildDialog
from desktop.ui.child_rows import ChildRow, RowRefresher, Thumbnails, child_row
from desktop.ui.context import AppContext
from desktop.ui.form_editor import FormEditor
from desktop.ui.gate import gate
from desktop.ui.handover import HandoverDialog
from desktop.ui.home_settings import FormReviewSetting
from desktop.ui.manager_view import ManagerView
from desktop.ui.missing_page import MissingPage
from desktop.ui.missing_risk_panel import MissingRiskPanel
from desktop.ui.ops import stops_when_signed_out
from desktop.ui.pack_dialog import PackDialog
from desktop.ui.photos import PhotoManager
from desktop.ui.session_lock import IdleLock, IdleSetting, close_owned_windows
from desktop.ui.store_check import StoreCheck
from desktop.ui.table_models import ChildListModel
from desktop.ui.widgets import ElidedLabel, button, fitted, label

RUN = _Action.RUN_REPORTS
TICK_MS = 60_000
"""How often the protocol is asked again, so deadlines and their words stay current."""
CHILD_LIST_EMS = 30
"""The children list's narrowest width, in widths of 'M': enough for a long name."""
NAME_COLUMN_EMS = 24
"""The widest a column of the children list grows, in widths of 'M'."""


class MainWindow(QMainWindow):
    """Children, forms, photographs, versions and the police pack."""

    locked = Signal()

    def __init__(self, ctx: AppContext, store: Store) -> None:
        super().__init__()
        self.ctx = ctx
        self.store = store
        self.home = store.home()
        self.child_id: str | None = None
        self.shown_child: str | None = None
        self.is_locked = False
        self.lock_reason = ""
        """Why the window locked, in words for the sign-in ("" when someone chose to)."""
        self.setWindowTitle(f"Philomena Desk — {self.home.name}")
        self.resize(fitted(QSize(1280, 860), self))

        self.model = ChildListModel(ctx.clock.now().date(), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Children")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(64)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # A very long name ends in '…' (the whole of it in its tooltip) rather than pushing
        # the other columns out of sight.
        self.table.horizontalHeader().setMaximumSectionSize(
            self.fontMetrics().horizontalAdvance("M") * NAME_COLUMN_EMS
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.add_child = button("Add a ch&ild…")
        self.add_child.clicked.connect(self.add_child_dialog)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(label("Children", "title"))
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.add_child)

        self.child_title = ElidedLabel("Choose a child on the left.", "title")
        self.police = button(
            "&Police pack", name="police", accessible="Make the police pack for this child"
        )
        self.police.clicked.connect(self.open_pack)
        self.tabs = QTabWidget()
        self.editors: dict[str, FormEditor] = {}
        for spec in shown_forms(ctx.forms, "child"):
            editor = FormEditor(spec)
            editor.save_requested.connect(lambda values, fid=spec.id: self.save_form(fid, values))
            self.editors[spec.id] = editor
        self.missing = MissingPage(ctx, store)
        self.missing.changed.connect(self._changed_on_page)
        self.missing.wants_attention.connect(lambda: self.tabs.setCurrentWidget(self.missing))
        self.tabs.addTab(self.missing, MissingPage.TITLE)
        for editor in self.editors.values():
            self.tabs.addTab(editor, editor.spec.tab)
        self.photos = PhotoManager(ctx, store)
        self.photos.changed.connect(lambda: self.refresh_child(self.child_id))
        self.tabs.addTab(self.photos, "P&hotographs")
        self.versions = QTableWidget(0, 4)
        self.versions.setHorizontalHeaderLabels(["Form", "Version", "Saved", "Saved by"])
        self.versions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.setAccessibleName("Saved versions of the forms")
        self.tabs.addTab(self.versions, "&Versions")
        self.status = label("", "help")
        self.risk = MissingRiskPanel(ctx, store)
        self.risk.changed.connect(self.refresh_child)
        header = QHBoxLayout()
        header.addWidget(self.child_title, 1)
        header.addWidget(self.risk)  # recording the standing risk of going missing
        header.addWidget(self.police)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(header)
        right_layout.addWidget(self.risk.words)  # the standing risk of going missing, one line
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.tabs, 1)

        # The list is resizable, never narrower than a long name, and the records get the rest.
        left.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * CHILD_LIST_EMS)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([480, 1_000])
        self.setCentralWidget(self.splitter)
        self._menus()
        who = store.staff
        self.statusBar().showMessage(
            f"Signed in as {who.name} ({who.role.value})"
            if who
            else "Opened with the recovery key: you can reset a passphrase (Accounts menu). "
            "To change records, lock and sign in as yourself."
        )
        self._set_child_enabled(False)
        self.add_child.setEnabled(who is not None)
        self.idle = IdleLock(ctx.clock, self.home.idle_lock_minutes, self)
        self.idle.idle.connect(
            lambda: self.lock(f"Locked after {minutes_words(self.idle.minutes)} untouched.")
        )
        self.idle_timer = self.idle.timer
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self.tick)  # only asks the engine again; holds no state
        self.tick_timer.start()
        self.headlines: dict[str, tuple[str, str]] = {}
        """Each child's headline now: (first name, words), for the title and the list."""
        self.thumbnails = Thumbnails(store)
        self.refresher = RowRefresher(ctx, store, self.thumbnails)
        self.refresher.finished.connect(self._ticked)
        self.notified: set[tuple[str, str, str]] = set()
        self._shortcuts()
        self.refresh_children()
        self.notified = self._falling_due()  # what is already overdue at sign-in is on screen

    def _shortcuts(self) -> None:
        """The checks and starting an episode work from anywhere in the window."""
        self.missing.add_shortcuts(self)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        handover = QAction("&Handover…", self)
        handover.setShortcut(QKeySequence("Ctrl+Shift+H"))
        handover.triggered.connect(self.open_handover)
        file_menu.addAction(handover)
        # In the File menu: every letter of a "Manager" menu is taken by a control on the page.
        self.manager_action = QAction("Manager's &view…", self)
        self.manager_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.manager_action.triggered.connect(self.open_manager_view)
        file_menu.addAction(self.manager_action)
        gate(self.manager_action, self.store.staff.role if self.store.staff else None, RUN)
        self.backups = BackupKeeper(self, file_menu)
        self.store_check = StoreCheck(self)
        check = QAction("&Check the store…", self)
        check.triggered.connect(lambda: self.store_check.start())
        file_menu.addAction(check)
        file_menu.addSeparator()
        self.idle_setting = IdleSetting(self, file_menu)
        self.form_review_setting = FormReviewSetting(self, file_menu)
        lock = QAction("&Lock (sign out)", self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(lambda _=False: self.lock())
        file_menu.addAction(lock)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.accounts = AccountMenu(self, self.ctx, self.store, self.menuBar().addMenu("A&ccounts"))

    # --- children ------------------------------------------------------------------------------

    def refresh_children(self) -> None:
        """Reload the whole list now, keeping the chosen child selected."""
        rows = [
            child_row(self.ctx, records, self.thumbnails)
            for records in self.store.every_child_records()
        ]
        self._set_rows(rows)

    def _set_rows(self, rows: list[ChildRow]) -> None:
        keep = self.child_id
        self.headlines = {r.summary.child.id: r.headline for r in rows if r.headline}
        self.model.set_rows([r.summary for r in rows], self.ctx.clock.now().date())
        if keep is not None:
            self.select_child(keep)
        self._show_headline()

    def _put_row(self, row: ChildRow) -> None:
        child_id = row.summary.child.id
        if row.headline:
            self.headlines[child_id] = row.headline
        else:
            self.headlines.pop(child_id, None)
        self.model.update_row(row.summary)

    def refresh_child(self, child_id: str | None) -> None:
        """After a change to one child: their row, the title, and their page (one read)."""
        if child_id is None:
            return
        records = self.store.records(child_id)
        self.refresher.changed(child_id)
        self._put_row(child_row(self.ctx, records, self.thumbnails))
        if child_id == self.shown_child:
            self.missing.refresh(records)
        self._show_headline()

    def _changed_on_page(self, child_id: str) -> None:
        """After an entry: the page has just read the child's records; the row reuses them."""
        records = self.missing.records
        if records is None or records.child.id != child_id:
            self.refresh_child(child_id)
            return
        self.refresher.changed(child_id)
        self._put_row(child_row(self.ctx, records, self.thumbnails, self.missing.prompts))
        self._show_headline()

    def _show_headline(self) -> None:
        """The window title carries the most pressing duty across the children (first name)."""
        base = f"Philomena Desk — {self.home.name}"
        overdue = [h for h in self.headlines.values() if "OVERDUE" in h[1]]
        chosen = overdue[0] if overdue else next(iter(self.headlines.values()), None)
        self.setWindowTitle(f"{chosen[0]}: {chosen[1]} — {base}" if chosen else base)

    def tick(self) -> None:
        """Each minute: every child's row worked out afresh, off the UI thread."""
        if self.is_locked:
            return  # a tick already queued at the lock: nobody signed in is to be told
        self.refresher.start()

    @stops_when_signed_out
    def _ticked(self, rows: list[ChildRow], stale: set[str]) -> None:
        """The minute's rows have arrived: show them, and say what has just fallen due."""
        if self.is_locked:
            return  # rows worked out before the lock: nobody signed in is to be told
        shown = [self.model.summary(i).child.id for i in range(self.model.rowCount())]
        if [r.summary.child.id for r in rows] == shown:
            for row in rows:
                if row.summary.child.id not in stale:
                    self._put_row(row)
            self._show_headline()
        else:
            self._set_rows(rows)
        if self.shown_child is not None and self.shown_child not in stale:
            self.missing.refresh()
        for key in sorted(self._falling_due() - self.notified):
            self.notified.add(key)
            child_id, first, words = key
            away = self.isMinimized() or not self.isActiveWindow() or child_id != self.shown_child
            if away:
                self.ctx.notifier.notify(f"Philomena Desk: {first}", words)

    def _falling_due(self) -> set[tuple[str, str, str]]:
        """(child, first name, headline) for each child whose most pressing duty is overdue."""
        return {
            (child_id, first, words)
            for child_id, (first, words) in self.headlines.items()
            if "OVERDUE" in words
        }

    def select_child(self, child_id: str) -> None:
        """Select a child in the list (and show their records)."""
        row = self.model.row_of(child_id)
        if row >= 0:
            self.table.selectRow(row)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        child_id = self.model.summary(indexes[0].row()).child.id
        # Re-selecting the child already shown (after the list refreshes) must not reload the
        # editors, or unsaved answers would be lost.
        if child_id != self.shown_child:
            self.show_child(child_id)

    def _set_child_enabled(self, enabled: bool) -> None:
        self.risk.setVisible(enabled)
        if not enabled:
            self.risk.words.hide()  # shown again by the child's page when there is a grading
        self.tabs.setEnabled(enabled)
        self.tabs.setVisible(enabled)  # nothing to show until a child is chosen
        self.police.setEnabled(enabled)

    @stops_when_signed_out
    def show_child(self, child_id: str) -> None:
        """Load one child's forms, photographs and versions."""
        self.child_id = child_id
        self.shown_child = child_id
        child = self.store.children.get(child_id)
        self.child_title.set_full_text(child.display_name)
        for form_id, editor in self.editors.items():
            editor.set_values(self.store.forms.values(child_id, self.ctx.forms[form_id]))
            editor.save_button.setEnabled(self.store.staff is not None)
        self.photos.show_child(child_id)
        self.missing.show_child(child_id)
        self.risk.show_child(child_id)
        self._load_versions()
        self._set_child_enabled(True)
        self.status.setText("")

    def _load_versions(self) -> None:
        if self.child_id is None:
            return
        rows = [
            (self.ctx.forms[fid].title, v)
            for fid in self.editors
            for v in self.store.forms.versions(self.child_id, fid)
        ]
        self.versions.setRowCount(len(rows))
        zone = self.ctx.clock.now().tzinfo
        for i, (title, v) in enumerate(rows):
            cells = (
                title,
                str(v.number),
                uk_datetime(v.saved_at, zone),
                v.saved_by_name,
            )
            for j, text in enumerate(cells):
                self.versions.setItem(i, j, QTableWidgetItem(text))

    def add_child_dialog(self) -> None:
        """Ask for a new child's details and add them."""
        dialog = AddChildDialog(self.ctx.clock.now().date(), self.ctx.rule_sets, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.details is None:
            return
        self.add_child_record(dialog)

    def add_child_record(self, dialog: AddChildDialog) -> None:
        """Store the child a dialog describes and select them."""
        assert dialog.details is not None
        try:
            child = self.store.children.add(dialog.details)
        except PhilomenaError as exc:
            self.ctx.dialogs.error(self, "The child was not added", exc.message)
            return
        self.child_id = child.id
        self.refresh_children()
        self.tabs.setCurrentIndex(0)

    # --- forms ----------------------------------------------------------------------------------

    def save_form(self, form_id: str, values: dict[str, Any]) -> None:
        """Save a new version of a form."""
        if self.child_id is None:
            return
        spec = self.ctx.forms[form_id]
        try:
            saved = self.store.forms.save(self.child_id, spec, values)
        except PhilomenaError as exc:
            self.ctx.dialogs.error(self, "Not saved", exc.message)
            return
        editor = self.editors[form_id]
        editor.set_values(self.store.forms.values(self.child_id, spec))
        editor.status.setText(
            f"Saved as version {saved.number} at "
            f"{uk_time(saved.saved_at, self.ctx.clock.now().tzinfo)}."
        )
        self._load_versions()
        self.refresh_child(self.child_id)

    # --- pack, accounts, lock -------------------------------------------------------------------

    def open_pack(self) -> PackDialog | None:
        """Open the police pack for the chosen child."""
        if self.child_id is None:
            return None
        dialog = PackDialog(self.ctx, self.store, self.child_id, self)
        dialog.show()
        return dialog

    def open_manager_view(self) -> ManagerView | None:
        """The absence log, waiting duties, patterns and profile health across the home."""
        try:
            view = ManagerView(self.ctx, self.store, self.open_episode, self)
        except PhilomenaError as refused:
            self.ctx.dialogs.error(self, "Manager's view", str(refused))
            return None
        view.show()
        return view

    def open_episode(self, child_id: str) -> None:
        """Show a child's page at their episodes (from the manager's view)."""
        self.select_child(child_id)
        self.tabs.setCurrentWidget(self.missing)
        self.raise_()
        self.activateWindow()

    def open_handover(self) -> HandoverDialog:
        """Open the shift handover: every child's waiting duties and open episodes."""
        dialog = HandoverDialog(self.ctx, self.store, self)
        self.locked.connect(dialog.close)  # no records left on screen once locked
        dialog.show()
        return dialog

    def reset_passphrase(self) -> None:
        """Give someone (or yourself, with the recovery key) a new passphrase."""
        self.accounts.reset_passphrase()

    def check_idle(self) -> None:
        """Lock after the home's idle time, so the next person at a shared PC signs in anew."""
        self.idle.check()

    def lock(self, reason: str = "") -> None:
        """Close the records and every window showing them, and return to sign-in."""
        if self.is_locked:
            return  # the idle lock and the computer's own lock may both ask
        self.is_locked = True
        self.lock_reason = reason
        self.idle.stop()
        self.tick_timer.stop()
        self.ctx.notifier.withdraw()  # no first name left in a tray message
        close_owned_windows(self)  # the pack, handover, photo and account dialogs
        self.refresher.stop()
        self.store_check.stop()
        self.store.close()
        self.locked.emit()
        self.close()

    def closeEvent(self, event: Any) -> None:
        """Close the store with the window."""
        self.idle.stop()
        self.tick_timer.stop()
        self.refresher.stop()
        self.store_check.stop()
        self.store.close()
        super().closeEvent(event)
