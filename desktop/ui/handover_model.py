"""Waiting duties across all children as a Qt table: the handover's list, and a manager's later.

A thin adapter over :class:`desktop.protocol.handover.HandoverRow`; what appears, in what order
and in what words is decided there, so every view of it agrees.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from desktop.protocol.handover import (
    DUE_WORDS,
    NOTHING_WORDS,
    OVERDUE_WORDS,
    PROBLEM_WORDS,
    HandoverRow,
)
from desktop.ui.table_models import Index, RowsModel

CHILD_ID_ROLE = Qt.ItemDataRole.UserRole
"""The row's child, for a view that opens their records (never shown)."""


class CrossChildPromptModel(RowsModel):
    """One row per waiting duty of any child: status, deadline, time left, child, duty, who."""

    HEADERS = ("Status", "Due", "Time", "Child", "Episode", "What to do", "Who must act")
    WHAT_COLUMN = 5
    ALERT_COLUMNS = frozenset({0, 2})
    """Status and time left carry the colour and weight; the rest stays plain to read."""
    COLOURS: ClassVar[dict[str, str]] = {
        OVERDUE_WORDS: "#b00020",
        PROBLEM_WORDS: "#b00020",
        DUE_WORDS: "#1a1a1a",
        NOTHING_WORDS: "#505a5f",
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def set_rows(self, rows: Sequence[HandoverRow]) -> None:
        """Show these rows, in their order."""
        self.replace_rows(rows)

    @property
    def rows(self) -> list[HandoverRow]:
        """The rows shown, in order."""
        return list(self._rows)

    def _cells(self, row: HandoverRow) -> tuple[str, ...]:
        what = row.what + (" (the child's records)" if row.records_upkeep else "")
        return (row.status, row.due, row.timing, row.child, row.episode, what, row.who)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: the cell's words, colour and weight; the child behind the row."""
        row: HandoverRow | None = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self.HEADERS):
            return None
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return self._cells(row)[index.column()]
        alerting = index.column() in self.ALERT_COLUMNS
        if role == Qt.ItemDataRole.ForegroundRole and alerting:
            return QColor(self.COLOURS.get(row.status, "#1a1a1a"))
        if role == Qt.ItemDataRole.FontRole and row.overdue and alerting:
            font = QFont()
            font.setBold(True)
            return font
        if role == CHILD_ID_ROLE:
            return row.child_id
        return None
