"""The main window: the children on the left, the chosen child's records on the right."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
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
from desktop.domain.model import Role
from desktop.domain.ukdates import uk_datetime, uk_time
from desktop.formspec import shown_forms
from desktop.store.store import Store
from desktop.ui.accounts import AccountDialog
from desktop.ui.child_dialog import AddChildDialog
from desktop.ui.context import AppContext
from desktop.ui.form_editor import FormEditor
from desktop.ui.missing_page import MissingPage
from desktop.ui.pack_dialog import PackDialog
from desktop.ui.photos import PhotoManager
from desktop.ui.table_models import ChildListModel, ChildSummary
from desktop.ui.widgets import ElidedLabel, button, fitted, label

IDLE_LOCK = timedelta(minutes=15)
CHILD_LIST_EMS = 30
"""The children list's narrowest width, in widths of 'M': enough for a long name."""
NAME_COLUMN_EMS = 24
"""The widest a column of the children list grows, in widths of 'M'."""


class _ActivityWatcher(QObject):
    """Notes the time of the last key press or click, for the idle lock."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Record activity; never consume the event."""
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            self.window.last_activity = self.window.ctx.clock.now()
        return False


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
        self.last_activity = ctx.clock.now()
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
        self.missing.changed.connect(self.refresh_children)
        self.tabs.addTab(self.missing, MissingPage.TITLE)
        for editor in self.editors.values():
            self.tabs.addTab(editor, editor.spec.tab)
        self.photos = PhotoManager(ctx, store)
        self.photos.changed.connect(self.refresh_children)
        self.tabs.addTab(self.photos, "P&hotographs")
        self.versions = QTableWidget(0, 4)
        self.versions.setHorizontalHeaderLabels(["Form", "Version", "Saved", "Saved by"])
        self.versions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.setAccessibleName("Saved versions of the forms")
        self.tabs.addTab(self.versions, "&Versions")
        self.status = label("", "help")
        header = QHBoxLayout()
        header.addWidget(self.child_title, 1)
        header.addWidget(self.police)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(header)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.tabs, 1)

        # The list is resizable, never narrower than a long name, and the records get the rest.
        left.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * CHILD_LIST_EMS)
        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([480, 800])
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
        self.watcher = _ActivityWatcher(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.watcher)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(30_000)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()
        self.refresh_children()

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        lock = QAction("&Lock (sign out)", self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        file_menu.addAction(lock)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        accounts = self.menuBar().addMenu("A&ccounts")
        add_staff = QAction("&Add a staff member…", self)
        add_staff.triggered.connect(self.add_staff)
        add_staff.setEnabled(
            self.store.staff is not None and self.store.staff.role is Role.ADMINISTRATOR
        )
        accounts.addAction(add_staff)
        reset = QAction("&Reset a passphrase…", self)
        reset.triggered.connect(self.reset_passphrase)
        accounts.addAction(reset)

    # --- children ------------------------------------------------------------------------------

    def refresh_children(self) -> None:
        """Reload the list, keeping the chosen child selected."""
        spec = self.ctx.forms["part_a"]
        rows = []
        for child in self.store.children.all():
            photos = self.store.photos.for_child(child.id)
            thumb = self.store.photos.image(photos[0].id, thumbnail=True) if photos else None
            percent, _ = self.store.forms.completeness(child.id, spec)
            rows.append(
                ChildSummary(
                    child=child,
                    thumbnail=thumb,
                    part_a_percent=percent,
                    photo=self.store.photos.check(child.id),
                    now=self._now_text(child.id),
                )
            )
        keep = self.child_id
        self.model.set_rows(rows, self.ctx.clock.now().date())
        if keep is not None:
            self.select_child(keep)

    def _now_text(self, child_id: str) -> str:
        """The open episode's state, and how many of its duties are overdue."""
        episode = self.store.episodes.current(child_id)
        if episode is None:
            return ""
        overdue = sum(
            1
            for p in self.ctx.prompts(self.store, child_id)
            if p.status == "overdue" and not p.profile
        )
        state = self.store.episodes.state(episode.id).value
        return f"{state.capitalize()}" + (f" — {overdue} overdue" if overdue else "")

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
        self.tabs.setEnabled(enabled)
        self.tabs.setVisible(enabled)  # nothing to show until a child is chosen
        self.police.setEnabled(enabled)

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
        self.refresh_children()

    # --- pack, accounts, lock -------------------------------------------------------------------

    def open_pack(self) -> PackDialog | None:
        """Open the police pack for the chosen child."""
        if self.child_id is None:
            return None
        dialog = PackDialog(self.ctx, self.store, self.child_id, self)
        dialog.show()
        return dialog

    def add_staff(self) -> None:
        """Create an account for a colleague."""
        dialog = AccountDialog(title="Add a staff member", with_role=True, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.store.accounts.add(
                name=dialog.name.text(),
                role=dialog.role.currentData(),
                passphrase=dialog.passphrase.text(),
                kdf=self.ctx.kdf,
            )
        except PhilomenaError as exc:
            self.ctx.dialogs.error(self, "The account was not added", exc.message)
            return
        self.ctx.dialogs.info(
            self, "Account added", f"{dialog.name.text().strip()} can now sign in."
        )

    def reset_passphrase(self) -> None:
        """Give someone (or yourself) a new passphrase."""
        dialog = AccountDialog(title="Reset a passphrase", with_role=False, parent=self)
        if self.store.staff is not None and self.store.staff.role is not Role.ADMINISTRATOR:
            dialog.name.setText(self.store.staff.name)
            dialog.name.setReadOnly(True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.store.accounts.reset_passphrase(
                name=dialog.name.text(), passphrase=dialog.passphrase.text(), kdf=self.ctx.kdf
            )
        except PhilomenaError as exc:
            self.ctx.dialogs.error(self, "The passphrase was not changed", exc.message)
            return
        self.ctx.dialogs.info(self, "Passphrase changed", "The new passphrase works from now.")

    def check_idle(self) -> None:
        """Lock after a quiet spell, so the next person at a shared PC signs in as themselves."""
        if self.ctx.clock.now() - self.last_activity >= IDLE_LOCK:
            self.lock()

    def lock(self) -> None:
        """Close the records and return to sign-in."""
        self.idle_timer.stop()
        self.missing.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.watcher)
        self.store.close()
        self.locked.emit()
        self.close()

    def closeEvent(self, event: Any) -> None:
        """Close the store with the window."""
        self.idle_timer.stop()
        self.store.close()
        super().closeEvent(event)
