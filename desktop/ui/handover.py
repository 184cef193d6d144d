"""The shift handover: every child's waiting duties and each open episode's newest entries.

Printable and savable as a PDF marked OFFICIAL-SENSITIVE, written only where the user chooses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.audit import Audited
from desktop.domain.errors import PhilomenaError
from desktop.domain.ukdates import uk_datetime_with_zone, uk_file_date
from desktop.export.handover import HandoverInput, build_handover, handover_input
from desktop.export.output import save_pdf
from desktop.protocol.handover import OpenEpisode, window_words
from desktop.store.store import Store
from desktop.ui.context import AppContext
from desktop.ui.handover_model import CrossChildPromptModel
from desktop.ui.ops import run_in_background
from desktop.ui.pack_dialog import chosen_password, password_fields, print_with_dialog
from desktop.ui.widgets import button, error_label, label, show_error

PREFERRED = QSize(1280, 820)
DUTY_SHARES = (9, 10, 10, 13, 12, 30, 16)
"""Each duty column's share of the table's width: the words wrap, so nothing runs off the side."""
ENTRY_SHARES = (14, 14, 24, 48)


class _Fitted:
    """Columns that share a table's width, so no column is ever out of sight."""

    shares: tuple[int, ...] = ()

    def fit_columns(self) -> None:
        """Give each column its share of the visible width; rows grow to their wrapped words."""
        assert isinstance(self, QTableView)
        width = self.viewport().width()
        total = sum(self.shares)
        for column, share in enumerate(self.shares):
            self.setColumnWidth(column, width * share // total)
        self.resizeRowsToContents()


class _DutyTable(QTableView, _Fitted):
    shares = DUTY_SHARES

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Share the width out again."""
        super().resizeEvent(event)
        self.fit_columns()


class _EntryTable(QTableWidget, _Fitted):
    shares = ENTRY_SHARES

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Share the width out again."""
        super().resizeEvent(event)
        self.fit_columns()


def _fitted(table: QTableView, name: str) -> None:
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.horizontalHeader().setStretchLastSection(True)


def _section(text: str, buddy: QWidget) -> QLabel:
    """A bold heading with an Alt letter that moves to ``buddy``."""
    heading = QLabel(text)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    heading.setBuddy(buddy)
    return heading


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
        self.table = _DutyTable()
        self.table.setModel(self.model)
        _fitted(self.table, "Waiting duties across all children")
        self.episodes = _EntryTable(0, len(ENTRY_SHARES))
        self.episodes.setHorizontalHeaderLabels(["Happened", "By", "Entry", "Details"])
        _fitted(self.episodes, "Open episodes and their newest log entries")
        duties_title = _section("&Waiting duties, overdue first", self.table)
        episodes_title = _section("Open &episodes: the newest entries", self.episodes)
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
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
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
        self.use_password, self.password, self.password_again = password_fields(
            "Protect the saved PDF with a passwor&d"
        )
        protect_row = QHBoxLayout()
        protect_row.addWidget(self.use_password)
        protect_row.addWidget(self.password, 1)
        protect_row.addWidget(self.password_again, 1)
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
        layout.addLayout(protect_row)
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
            f"{window_words(handover.window)}."
        )
        self.model.set_rows(handover.rows)
        self.table.fit_columns()
        self._fill_episodes(handover.episodes)
        overdue = sum(1 for r in handover.rows if r.overdue)
        self.status.setText(
            f"{len(handover.rows)} duties listed, {overdue} overdue; "
            f"{len(handover.episodes)} open episodes."
        )
        show_error(self.error, "")
        self._set_actions(True)
        self.table.setFocus()

    def _fill_episodes(self, episodes: Sequence[OpenEpisode]) -> None:
        """A heading row per open episode, then its newest entries, oldest first."""
        table = self.episodes
        table.clearSpans()
        rows: list[tuple[str, ...]] = []
        for episode in episodes:
            rows.append((f"{episode.child} — {episode.state}, aware since {episode.since}",))
            if episode.earlier:
                rows.append((f"…and {episode.earlier} earlier, in the episode's timed log",))
            rows += [(e.happened, e.author, e.entry, e.details) for e in episode.entries]
        if not episodes:
            rows.append(("No child has an open episode.",))
        table.setRowCount(len(rows))
        for number, cells in enumerate(rows):
            for column in range(table.columnCount()):
                text = cells[column] if column < len(cells) else ""
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if len(cells) == 1 and column == 0:
                    font = item.font()
                    font.setBold(not cells[0].startswith("…"))
                    item.setFont(font)
                table.setItem(number, column, item)
            if len(cells) == 1:
                table.setSpan(number, 0, 1, table.columnCount())
        table.fit_columns()

    def _failed(self, error: PhilomenaError) -> None:
        self._building = False
        self.status.setText("")
        self.update_.setEnabled(True)
        show_error(self.error, error.message)

    def suggested_name(self) -> str:
        """A file name with the day in it, e.g. Philomena-handover-01-03-2026.pdf."""
        when = self.made.data.generated_at if self.made else self.ctx.clock.now()
        return f"Philomena-handover-{uk_file_date(when.date())}.pdf"

    def chosen_password(self) -> str | None:
        """The password to protect the PDF with, or None; raises BadInput when unusable."""
        return chosen_password(self.use_password, self.password, self.password_again)

    def save_as(self) -> None:
        """Save the handover where the user chooses (and nowhere else)."""
        if self.made is None:
            return
        try:
            password = self.chosen_password()
            path = self.ctx.dialogs.save_pdf(self, self.suggested_name(), "Save the handover")
            if path is None:
                return
            saved = save_pdf(path, self.made.pdf, password=password)
            self.store.audit.record(Audited.EXPORT)
        except PhilomenaError as exc:
            show_error(self.error, exc.message)
            return
        show_error(self.error, "")
        self.status.setText(f"Saved to {saved}.")

    def print_handover(self) -> None:
        """Print through the system print dialog."""
        if self.made is not None and print_with_dialog(self, self.made.pdf):
            self.status.setText("Sent to the printer.")
            self.store.audit.record(Audited.PRINT)
