"""Two small painted charts for the manager's view: episodes per month, and when they start.

Painted with QPainter rather than a charting library, so the view needs nothing beyond Qt's
own widgets; each chart's accessible description says in words what it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class StartHeatMap(QWidget):
    """Episodes started by day of the week (rows) and hour of the day (columns)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: list[list[int]] = [[0] * 24 for _ in range(7)]
        self.setAccessibleName("When absences start: day of the week by hour of the day")
        self.setMinimumSize(QSize(480, 190))

    def set_grid(self, grid: list[list[int]]) -> None:
        """Show a new 7 × 24 grid of counts."""
        self.grid = grid
        peak = max((max(r) for r in grid), default=0)
        if peak:
            day, hour = max(
                ((d, h) for d in range(7) for h in range(24)), key=lambda p: grid[p[0]][p[1]]
            )
            self.setAccessibleDescription(
                f"Most often on {DAYS[day]} between {hour:02d}:00 and {(hour + 1) % 24:02d}:00."
            )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the grid: darker where more episodes started."""
        painter = QPainter(self)
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("Wed ") + 4
        top = metrics.height() + 4
        cell_w = (self.width() - left - 4) / 24
        cell_h = (self.height() - top - 4) / 7
        peak = max((max(r) for r in self.grid), default=0) or 1
        base = self.palette().highlight().color()
        for hour in range(0, 24, 3):
            painter.drawText(QRectF(left + hour * cell_w, 0, cell_w * 3, top), f"{hour:02d}")
        for day, counts in enumerate(self.grid):
            y = top + day * cell_h
            painter.drawText(QRectF(0, y, left, cell_h), Qt.AlignmentFlag.AlignVCenter, DAYS[day])
            for hour, n in enumerate(counts):
                colour = QColor(base)
                colour.setAlphaF(0.08 + 0.92 * n / peak if n else 0.03)
                painter.fillRect(QRectF(left + hour * cell_w, y, cell_w - 1, cell_h - 1), colour)
        painter.end()


class MonthBars(QWidget):
    """Episodes started in each of the last months, as bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months: list[tuple[str, int]] = []
        self.setAccessibleName("Episodes per month")
        self.setMinimumSize(QSize(480, 160))

    def set_months(self, counts: dict[tuple[int, int], int], last: int = 12) -> None:
        """Show the newest ``last`` months of ``counts`` ((year, month) → episodes)."""
        keys = sorted(counts)
        if keys:  # every month from the first to the last, so a month without any shows as 0
            first, end = keys[0][0] * 12 + keys[0][1] - 1, keys[-1][0] * 12 + keys[-1][1] - 1
            keys = [(i // 12, i % 12 + 1) for i in range(max(first, end - last + 1), end + 1)]
        self.months = [(f"{MONTHS[m - 1]} {y % 100:02d}", counts.get((y, m), 0)) for y, m in keys]
        self.setAccessibleDescription(", ".join(f"{name}: {n}" for name, n in self.months))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw one bar per month, its count above it and its name below."""
        if not self.months:
            return
        painter = QPainter(self)
        line = self.fontMetrics().height()
        peak = max(n for _, n in self.months) or 1
        width = self.width() / len(self.months)
        room = self.height() - 2 * line - 8
        colour = self.palette().highlight().color()
        for i, (name, n) in enumerate(self.months):
            height = room * n / peak
            x = i * width
            bar = QRectF(x + width * 0.15, line + 4 + room - height, width * 0.7, height)
            painter.fillRect(bar, colour)
            painter.drawText(
                QRectF(x, bar.top() - line, width, line), Qt.AlignmentFlag.AlignHCenter, str(n)
            )
            painter.drawText(
                QRectF(x, self.height() - line, width, line), Qt.AlignmentFlag.AlignHCenter, name
            )
        painter.end()
