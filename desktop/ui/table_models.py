"""Qt models: thin adapters over plain domain objects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QImage, QPixmap

from desktop.domain.clock import age_on
from desktop.domain.model import Child, PhotoCheck
from desktop.domain.ukdates import uk_date

Index = QModelIndex | QPersistentModelIndex
THUMB = 56


@dataclass(frozen=True, slots=True)
class ChildSummary:
    """One row of the children list."""

    child: Child
    thumbnail: bytes | None
    part_a_percent: int
    photo: PhotoCheck
    now: str = ""  # the open episode's state and anything overdue, for a glance at the list


class RowsModel(QAbstractTableModel):
    """A flat table over a list of plain rows: the part every list in the app shares."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)  # owned by Qt: views hold guarded pointers to their model
        self._rows: list[Any] = []

    def replace_rows(self, rows: Sequence[Any]) -> None:
        """Replace every row (the lists are small; a full reset keeps it simple and correct)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> Any:
        """The row behind an index, or None."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt: number of rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt: number of columns."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Qt: column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class ChildListModel(RowsModel):
    """The children, with photo, age, placement, form readiness and photo warning."""

    HEADERS = ("Photo", "Name", "Now", "Age", "Placement", "Part A ready", "Photo check")

    def __init__(self, today: date, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pixmaps: dict[str, QPixmap] = {}
        self.today = today

    def set_rows(self, rows: list[ChildSummary], today: date) -> None:
        """Replace every child's row."""
        self.today = today
        self._pixmaps.clear()
        self.replace_rows(rows)

    def update_row(self, summary: ChildSummary) -> None:
        """Replace one child's row (after a change to that child only)."""
        row = self.row_of(summary.child.id)
        if row < 0:
            return
        self._rows[row] = summary
        self._pixmaps.pop(summary.child.id, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def summary(self, row: int) -> ChildSummary:
        """The row's summary."""
        summary: ChildSummary = self._rows[row]
        return summary

    def row_of(self, child_id: str) -> int:
        """The row showing a child, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.child.id == child_id), -1)

    def _pixmap(self, summary: ChildSummary) -> QPixmap | None:
        if summary.thumbnail is None:
            return None
        cached = self._pixmaps.get(summary.child.id)
        if cached is None:
            image = QImage.fromData(summary.thumbnail)
            cached = QPixmap.fromImage(image).scaled(
                QSize(THUMB, THUMB),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self._pixmaps[summary.child.id] = cached
        return cached

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: the cell's text, picture, colour or spoken description."""
        s = self.row_at(index)
        if s is None:
            return None
        c = s.child
        column = index.column()
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._pixmap(s)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = {
                0: "" if s.thumbnail else "No photo",
                1: c.display_name,
                2: s.now,
                3: str(age_on(c.date_of_birth, self.today)),
                4: f"Since {uk_date(c.placement_start)}" if c.placement_start else "",
                5: f"{s.part_a_percent}%",
                6: s.photo.value,
            }[column]
            if role == Qt.ItemDataRole.AccessibleTextRole and column == 0:
                return f"Photo of {c.display_name}" if s.thumbnail else "No photo"
            return text
        warn = (
            (column == 6 and s.photo.needs_one)
            or (column == 5 and s.part_a_percent < 100)
            or (column == 2 and bool(s.now))
        )
        if role == Qt.ItemDataRole.ForegroundRole and warn:
            return QColor("#b00020")
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return c.display_name  # in full, when the column is too narrow for it
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return "How many of the answers police need at the first call are filled in."
        if role == Qt.ItemDataRole.UserRole:
            return c.id
        return None
