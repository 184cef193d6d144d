"""The shift handover: every child's waiting duties and each open episode's newest entries.

Printable and savable as a PDF marked OFFICIAL-SENSITIVE, written only where the user chooses.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import PhilomenaError
from desktop.domain.ukdates import uk_datetime_with_zone, uk_day
from desktop.export.handover import HandoverInput, build_handover, handover_input
from desktop.export.output import save_pdf
from desktop.protocol.handover import duration_words
from desktop.store.store import Store
from desktop.ui.context import AppContext
from desktop.ui.handover_model import CrossChildPromptModel
from desktop.ui.ops import run_in_background
from desktop.ui.pack_dialog import print_pdf
from desktop.ui.widgets import button, error_label, label, set_busy, show_error

PREFERRED = QSize(1280, 820)
SHARES = (11, 12, 12, 15, 13, 22, 15)
"""Each column's share of the table's width: the words wrap, so nothing runs off the side."""


class _FittedTable(QTableView):
    """A table whose columns share its width, so no column is ever out of sight."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Share the width out again, then let the rows grow to their wrapped words."""
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Give each column its share of the visible width."""
        width = self.viewport().width()
        total = sum(SHARES)
        for column, share in enumerate(SHARES):
            self.setColumnWidth(column, width * share // total)
        self.resizeRowsToContents()


@dataclass(frozen=True)
class MadeHandover:
    """The handover as gathered, and its PDF."""

    data: HandoverInput
    pdf: bytes


class HandoverDialog(QDialog):
    """Gather the handover off the UI thread, show it, print it or save it as a PDF."""

    def __init__(self, ctx: AppContext, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = store
        self.made: MadeHandover | None = None
        self._building = False
        self.setWindowTitle(f"Shift handover — {store.home().name}")
        self.heading = label("Shift handover", "title")
        self.as_at = label("Gathering every child's records…", "help")
        self.model = CrossChildPromptModel(self)
        self.table = _FittedTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Waiting duties across all children")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.episodes = QTreeWidget()
        self.episodes.setColumnCount(4)
        self.episodes.setHeaderLabels(["Happened", "By", "Entry", "Details"])
        self.episodes.setAccessibleName("Open episodes and their newest log entries")
        self.episodes.setWordWrap(True)
        self.episodes.setRootIsDecorated(False)
        self.episodes.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.episodes.header().setStretchLastSection(True)
        duties_title = label("&Waiting duties, overdue first", "title")
        duties_title.setTextFormat(Qt.TextFormat.AutoText)
        duties_title.setBuddy(self.table)
        episodes_title = label("Open &episodes: the newest entries", "title")
        episodes_title.setTextFormat(Qt.TextFormat.AutoText)
        episodes_title.setBuddy(self.episodes)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(duties_title)
        top_layout.addWidget(self.table, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(episodes_title)
        bottom_layout.addWidget(self.episodes, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([3, 2])
        self.status = label("", "help")
        self.error = error_label()
        self.save = button("&Save as PDF…", name="primary")
        self.print_ = button("&Print…")
        self.update_ = button("&Update", accessible="Gather the handover again, as of now")
        close = button("&Close")
        self.save.clicked.connect(self.save_as)
        self.print_.clicked.connect(self.print_handover)
        self.update_.clicked.connect(self.build)
        close.clicked.connect(self.accept)
        actions = QHBoxLayout()
        for widget in (self.save, self.print_, self.update_):
            actions.addWidget(widget)
        actions.addStretch()
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.as_at)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        self._fit_to_screen()
        self.build()

    def _fit_to_screen(self) -> None:
        """The preferred size, never bigger than the screen's free area."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            self.resize(PREFERRED)
            return
        free = screen.availableGeometry()
        self.resize(PREFERRED.boundedTo(QSize(free.width() - 40, free.height() - 60)))

    def _set_actions(self, ready: bool) -> None:
        for widget in (self.save, self.print_, self.update_):
            widget.setEnabled(ready)

    def build(self) -> None:
        """Gather the handover and make its PDF in the background."""
        if self._building:
            return
        self._building = True
        store, forms, rule_sets = self.store, self.ctx.forms, self.ctx.rule_sets

        def work() -> MadeHandover:
            data = handover_input(store, forms, rule_sets)
            return MadeHandover(data=data, pdf=build_handover(data))

        self._set_actions(False)
        self.status.setText("Gathering every child's records…")
        run_in_background(work, done=self._built, failed=self._failed)

    def _built(self, made: MadeHandover) -> None:
        self._building = False
        self.made = made
        handover = made.data.handover
        zone = ZoneInfo(made.data.home.timezone)
        self.heading.setText(f"Shift handover — {made.data.home.name}")
        self.as_at.setText(
            f"As at {uk_datetime_with_zone(handover.made_at, zone)}. Every overdue duty, every "
            "waiting duty of an open episode, and records upkeep due within the next "
            f"{duration_words(handover.window)}."
        )
        self.model.set_rows(handover.rows)
        self.table.fit_columns()
        self.episodes.clear()
        for episode in handover.episodes:
            top = QTreeWidgetItem(
                [f"{episode.child} — {episode.state}, aware since {episode.since}"]
            )
            top.setFirstColumnSpanned(True)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.episodes.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            if episode.earlier:
                older = QTreeWidgetItem(
                    [f"…and {episode.earlier} earlier, in the episode's timed log"]
                )
                top.addChild(older)
                older.setFirstColumnSpanned(True)
            for entry in episode.entries:
                top.addChild(
                    QTreeWidgetItem([entry.happened, entry.author, entry.entry, entry.details])
                )
            top.setExpanded(True)
        if not handover.episodes:
            self.episodes.addTopLevelItem(QTreeWidgetItem(["No child has an open episode."]))
        overdue = sum(1 for r in handover.rows if r.overdue)
        self.status.setText(
            f"{len(handover.rows)} duties listed, {overdue} overdue; "
            f"{len(handover.episodes)} open episodes."
        )
        show_error(self.error, "")
        self._set_actions(True)
        self.table.setFocus()

    def _failed(self, error: PhilomenaError) -> None:
        self._building = False
        self.status.setText("")
        self.update_.setEnabled(True)
        show_error(self.error, error.message)

    def suggested_name(self) -> str:
        """A file name with the day in it, e.g. Philomena-handover-01-03-2026.pdf."""
        when = self.made.data.generated_at if self.made else self.ctx.clock.now()
        return f"Philomena-handover-{uk_day(when, when.tzinfo).replace('/', '-')}.pdf"

    def save_as(self) -> None:
        """Save the handover where the user chooses (and nowhere else)."""
        if self.made is None:
            return
        try:
            path = self.ctx.dialogs.save_pdf(self, self.suggested_name(), "Save the handover")
            if path is None:
                return
            saved = save_pdf(path, self.made.pdf)
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        self.status.setText(f"Saved to {saved}.")

    def print_handover(self) -> None:
        """Print through the system print dialog."""
        if self.made is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
            return
        set_busy(self, True)
        try:
            print_pdf(self.made.pdf, printer)
        finally:
            set_busy(self, False)
        self.status.setText("Sent to the printer.")
