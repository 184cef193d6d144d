"""The absence log as a Qt model, and the filter a manager narrows it with.

Every cell's words are made once when the rows are set, so sorting and filtering thousands of
episodes only compares what is already there: a filter answers at once on a ten-year store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desktop.domain.ukdates import uk_datetime
from desktop.protocol.absences import INTERVIEW_OVERDUE, WHEREABOUTS_WORDS, AbsenceRow
from desktop.protocol.handover import duration_words

WHEREABOUTS_SHORT = {"known": "Away", "unknown": "Missing"}
"""The whereabouts an episode started in, as short as a column can show (the tooltip says all)."""
WIDTH_SAMPLES = (
    "Олена Коваленко",
    "28/11/2026 21:04",
    "16 h 48 min",
    "Returned or found",
    "Missing",
    "HP-261128-0042",
    "Medium risk",
    "Came back alone",
    "Overdue",
)
"""A common long cell of each column: the log's columns are sized to these, not to every row,
which on a ten-year store would mean measuring 45,000 cells; a longer cell is cut, and its
tooltip says all of it."""
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's :class:`AbsenceRow` (to open its episode)."""
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class _Shown:
    row: AbsenceRow
    cells: tuple[str, ...]
    tips: tuple[str, ...]
    keys: tuple[Any, ...]
    overdue: bool
    state: str


class AbsenceLogModel(QAbstractTableModel):
    """Every episode across the home, newest first."""

    HEADERS = (
        "Child",
        "Started",
        "How long",
        "Where it stands",
        "Whereabouts",
        "Police reference",
        "Police grading",
        "Returned by",
        "Interview",
    )
    HEADER_TIPS: ClassVar[dict[str, str]] = {
        "Interview": "The return interview: held on time (within the protocol's deadline, 72 "
        "hours), late, declined by the child, due, or overdue",
        "Whereabouts": "Missing (whereabouts unknown) or away (whereabouts known) when the home "
        "became aware",
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.shown: list[_Shown] = []

    def set_rows(
        self, rows: list[AbsenceRow], *, now: datetime, zone: ZoneInfo, deadline: timedelta
    ) -> None:
        """Show ``rows``, worded as of ``now`` in the home's time."""
        self.beginResetModel()
        self.shown = [_shown(r, now, zone, deadline) for r in rows]
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows by a column's key, in Python: no call back from Qt per comparison."""
        self.layoutAboutToBeChanged.emit()
        self.shown.sort(key=lambda s: s.keys[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """How many episodes."""
        return 0 if parent.isValid() else len(self.shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """One column per header."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's words (in full as its tooltip); the row itself."""
        if not index.isValid():
            return None
        shown = self.shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown.cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return shown.tips[index.column()]
        if role == ROW_ROLE:
            return shown.row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """The column headers."""
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS.get(self.HEADERS[section])
        return None


def _shown(row: AbsenceRow, now: datetime, zone: ZoneInfo, deadline: timedelta) -> _Shown:
    span = row.duration(now)
    follow = row.follow_up(now, deadline)
    state = str(row.state).capitalize()
    whereabouts = WHEREABOUTS_SHORT.get(row.category, "")
    said = WHEREABOUTS_WORDS.get(row.category, "")
    if row.unknown_later and row.category == "known":
        whereabouts, said = "Away, then missing", said + "; later, whereabouts unknown"
    cells = (
        row.child_name,
        uk_datetime(row.start, zone),
        duration_words(span) + ("" if row.returned else " so far"),
        state,
        whereabouts,
        row.police_reference,
        row.grading,
        row.returned_by,
        follow.removeprefix("Interview ").capitalize(),  # "On time", "Late", "Overdue"…
    )
    tips = (*cells[:4], said, *cells[5:8], follow)
    keys = (
        row.child_name.casefold(),
        row.start.timestamp(),
        span.total_seconds(),
        *(c.casefold() for c in cells[3:]),
    )
    return _Shown(row, cells, tips, keys, follow == INTERVIEW_OVERDUE, state)


class AbsenceFilter(QSortFilterProxyModel):
    """Narrows the log by child, by the day an episode started, by state and to the overdue.

    Sorting is the source model's (a Python sort of keys made once); the filter works out which
    rows pass in one Python pass, so Qt's question for each row is a list look-up.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.passing: frozenset[str] | None = None
        """The episodes that pass the filter (None: every episode)."""
        self.child_id: str | None = None
        self.since: datetime | None = None
        self.until: datetime | None = None
        self.state: str | None = None
        self.overdue_only = False

    def set_filter(
        self,
        *,
        child_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        state: str | None = None,
        overdue_only: bool = False,
    ) -> None:
        """Show only the episodes that match every condition given."""
        self.beginFilterChange()
        self.child_id, self.since, self.until = child_id, since, until
        self.state, self.overdue_only = state, overdue_only
        self._work_out()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source rows (the filter then passes them on in that order)."""
        model = self.sourceModel()
        assert isinstance(model, AbsenceLogModel)
        model.sort(column, order)

    def _work_out(self) -> None:
        model = self.sourceModel()
        assert isinstance(model, AbsenceLogModel)
        self.passing = frozenset(s.row.episode_id for s in model.shown if self._passes(s))

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        """Whether an episode matches the filter (worked out when the filter changed)."""
        model = self.sourceModel()
        assert isinstance(model, AbsenceLogModel)
        return self.passing is None or model.shown[source_row].row.episode_id in self.passing

    def _passes(self, shown: _Shown) -> bool:
        row = shown.row
        return not (
            (self.child_id is not None and row.child_id != self.child_id)
            or (self.since is not None and row.start < self.since)
            or (self.until is not None and row.start >= self.until)
            or (self.state is not None and shown.state != self.state)
            or (self.overdue_only and not shown.overdue)
        )
