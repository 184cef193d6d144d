"""The responsible authorities' ids for the children, filled in where a manager makes the return.

An authority often gives its id for a child after the child has arrived, and the SSDA903 files
need it; this lists every child with their authority and id, to fill in or correct together.
Nothing is saved unless every id typed is usable, so a mistyped one never leaves half the
changes made; should the disk fail partway, the dialog says which ids were kept.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import PhilomenaError
from desktop.domain.model import Child
from desktop.store.store import Store
from desktop.ui.widgets import button, error_label, label, show_error


class AuthorityIdsDialog(QDialog):
    """Every child, their responsible authority and that authority's id for them."""

    saved = Signal()
    """At least one id was changed and kept."""

    def __init__(self, store: Store, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.setWindowTitle("The responsible authorities' ids for the children")
        self.kids = sorted(store.children.all(), key=lambda c: c.display_name.casefold())
        self.table = QTableWidget(len(self.kids), 3)
        self.table.setAccessibleName("Children and their responsible authorities' ids")
        self.table.setHorizontalHeaderLabels(["Child", "Responsible authority", "Its id for them"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.ids: list[QLineEdit] = []
        for row, child in enumerate(self.kids):
            self.table.setItem(row, 0, QTableWidgetItem(child.display_name))
            authority = child.responsible_authority or "Not recorded"
            self.table.setItem(row, 1, QTableWidgetItem(authority))
            edit = QLineEdit(child.authority_child_id)
            edit.setPlaceholderText("blank if not known")
            edit.setAccessibleName(f"{child.display_name}: the authority's id")
            self.table.setCellWidget(row, 2, edit)
            self.ids.append(edit)
        self.table.resizeColumnsToContents()
        room = self.fontMetrics().horizontalAdvance("blank if not known") + 24
        self.table.setColumnWidth(2, max(room, self.table.columnWidth(2)))
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.table.setTabKeyNavigation(False)  # Tab goes from one id to the next
        if self.ids:
            self.ids[0].setFocus()
        self.error = error_label()
        self.save = button("&Save the ids", name="primary")
        self.save.clicked.connect(self.save_ids)
        cancel = button("Cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                "The id each child's responsible authority gives them in its own records, as "
                "its SSDA903 return knows them. Leave it blank until the authority tells you.",
                "help",
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(760, 420)

    def changes(self) -> list[tuple[Child, str]]:
        """The children whose id was changed, with the id now typed."""
        return [
            (child, edit.text().strip())
            for child, edit in zip(self.kids, self.ids, strict=True)
            if edit.text().strip() != child.authority_child_id
        ]

    def save_ids(self) -> None:
        """Check every id typed, then keep them all; say which one is wrong, if one is."""
        changes = self.changes()
        for child, typed in changes:
            problem = replace(child, authority_child_id=typed).validate(today=self.today)
            if "authority_child_id" in problem:
                show_error(self.error, f"{child.display_name}: {problem['authority_child_id']}")
                return
        holders: dict[tuple[str, str], str] = {}
        for child, edit in zip(self.kids, self.ids, strict=True):
            typed = edit.text().strip()
            key = (" ".join(child.responsible_authority.split()).casefold(), typed.casefold())
            if typed and key in holders:  # the return would take the two for one child
                show_error(
                    self.error,
                    f"{holders[key]} and {child.display_name} both have the id {typed} at the "
                    "same authority: an authority gives each child their own.",
                )
                return
            holders[key] = child.display_name
        kept: list[str] = []
        try:
            for child, typed in changes:
                self.store.children.set_authority_child_id(child.id, typed)
                kept.append(child.display_name)
        except PhilomenaError as problem:
            done = f" The ids of {', '.join(kept)} were kept." if kept else " None was kept."
            show_error(self.error, f"{problem}{done}")
            if kept:
                self.saved.emit()  # the view shows what was kept
            return
        if changes:
            self.saved.emit()
        self.accept()
