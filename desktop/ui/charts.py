"""The manager's view's charts: bar charts drawn by QtCharts, and a painted heat map.

QtCharts has no heat map, so when absences start (day of the week by hour) is painted with
QPainter; every chart's accessible description says in words what it shows.
"""

from __future__ import annotations

import html

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
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


class BarChart(QChartView):
    """A bar chart drawn by QtCharts: one or more sets of bars over named categories.

    Its accessible description says in words what the bars show, for a screen reader (and for
    anyone who would rather read the numbers).
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(QSize(420, 220))
        chart = self.chart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundVisible(False)
        chart.setMargins(QMargins(4, 4, 4, 4))
        self.categories: list[str] = []
        self.sets: list[tuple[str, list[float]]] = []
        self.colours: list[tuple[str, str]] = []
        """Each set's name and colour (as #rrggbb), in the order drawn."""

    def show_bars(
        self,
        categories: list[str],
        sets: list[tuple[str, list[float]]],
        *,
        stacked: bool = False,
        top: float | None = None,
        label_format: str = "@value",
        description: str = "",
    ) -> None:
        """Replace what the chart shows: ``sets`` of (name, a value per category)."""
        self.categories, self.sets = categories, sets
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        series = QStackedBarSeries() if stacked else QBarSeries()
        for name, counts in sets:
            bars = QBarSet(name)
            bars.append([float(v) for v in counts])
            series.append(bars)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.85)
        ink = self.palette().windowText().color()
        for bars in series.barSets():
            bars.setLabelColor(ink)
            bars.setLabelFont(small)
        series.setLabelsVisible(not stacked)
        series.setLabelsFormat(label_format)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        names = QBarCategoryAxis()
        names.append(categories)
        names.setLabelsFont(small)
        chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names)
        scale = QValueAxis()
        columns = list(zip(*(v for _, v in sets), strict=True))
        peak = max(((sum if stacked else max)(col) for col in columns), default=0)
        highest, step = (top * 1.12, top / 4) if top is not None else nice_scale(peak)
        scale.setRange(0, highest)
        scale.setTickType(QValueAxis.TickType.TicksDynamic)
        scale.setTickAnchor(0)
        scale.setTickInterval(step)
        scale.setLabelFormat("%d")
        scale.setLabelsFont(small)
        chart.addAxis(scale, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(scale)
        chart.legend().setVisible(False)  # see key_html: a legend cuts long names short
        self.colours = [(bars.label(), bars.color().name()) for bars in series.barSets()]
        self.setAccessibleDescription(description)


def key_html(colours: list[tuple[str, str]]) -> str:
    """A chart's key as rich text that wraps: a coloured square before each name."""
    return " &nbsp; ".join(
        f'<span style="color:{colour}">&#9632;</span>&nbsp;{html.escape(name)}'
        for name, colour in colours
    )


def nice_scale(peak: float) -> tuple[float, float]:
    """A whole-number axis with room above the tallest bar: (its top, the step between ticks)."""
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9) if peak / s <= 6)
    return float(step * (int(peak // step) + 1)), float(step)


def month_names(months: list[tuple[int, int]]) -> list[str]:
    """Short month names for a chart's axis: "Jan 26"."""
    return [f"{MONTHS[m - 1]} {y % 100:02d}" for y, m in months]


def month_labels(months: list[tuple[int, int]]) -> list[str]:
    """Month names short enough for twelve under a half-width chart (the years are said above)."""
    return [MONTHS[m - 1] for _, m in months]
