"""The manager's view's Charts tab: the last twelve months at a glance.

Episodes each month by child, when absences start, how long they lasted, and the share of
return interviews held in time, each worked out by :mod:`desktop.protocol.patterns`.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from desktop.domain.ukdates import uk_datetime, uk_month
from desktop.export.manager import ManagerData
from desktop.export.summary import KEYED
from desktop.protocol.patterns import (
    DURATION_BANDS,
    child_series,
    duration_bands,
    month_rates,
    months_between,
    rates_words,
    start_grid,
)
from desktop.ui.charts import BarChart, StartHeatMap, key_html, month_labels, month_names
from desktop.ui.widgets import label


class ChartsPage(QWidget):
    """Four charts in a grid, under a line saying which months they cover."""

    def __init__(self, hours: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.months = BarChart("Episodes started each month, by child")
        self.heat = StartHeatMap()
        self.durations = BarChart("How long episodes lasted")
        self.on_time = BarChart("Return interviews held on time, by the month of the return")
        self.span = label("", "help")
        grid = QGridLayout(self)
        grid.addWidget(self.span, 0, 0, 1, 2)
        for place, (title, chart) in enumerate(
            (
                ("Episodes started each month, by child", self.months),
                ("When absences start (home time)", self.heat),
                ("How long episodes lasted (those that ended)", self.durations),
                (f"Return interviews held within {hours} hours, by month", self.on_time),
            )
        ):
            grid.addWidget(label(title, "title"), 3 * (place // 2) + 1, place % 2)
            grid.addWidget(chart, 3 * (place // 2) + 2, place % 2)
        self.key = QLabel()
        self.key.setAccessibleName("Key to the episodes chart")
        self.key.setWordWrap(True)
        self.key.setTextFormat(Qt.TextFormat.RichText)
        grid.addWidget(self.key, 3, 0)  # under the chart: a wrapped line, never a cut name
        grid.setRowStretch(2, 1)
        grid.setRowStretch(5, 1)

    def set_data(self, data: ManagerData) -> None:
        """The last twelve months: episodes by child, durations, and the 72-hour rate."""
        today = data.now.astimezone(data.zone)
        months = months_between(date.min, today.date(), most=12)  # the last twelve
        names, labels = month_names(months), month_labels(months)
        (y0, m0), (y1, m1) = months[0], months[-1]
        self.span.setText(
            f"The last twelve months, {uk_month(y0, m0)} to {uk_month(y1, m1)}, "
            f"as at {uk_datetime(data.now, data.zone)}."
        )
        year_ago = data.now - timedelta(days=365)
        recent = [r for r in data.rows if r.start >= year_ago]
        sets = child_series(recent, data.zone, months, keyed=KEYED)
        self.months.show_bars(
            labels,
            sets,
            stacked=True,
            description="; ".join(
                f"{child}: {int(sum(values))} episode{'' if sum(values) == 1 else 's'}"
                for child, values in sets
            )
            or "No episodes in the last twelve months.",
        )
        self.key.setText(key_html(self.months.colours))
        self.heat.set_grid(start_grid(recent, data.zone))
        bands = duration_bands(recent)
        self.durations.show_bars(
            [band[2] for band in DURATION_BANDS],
            [("Episodes", [float(n) for _, n in bands])],
            description=", ".join(f"{words}: {n}" for words, n in bands),
        )
        rates = month_rates(recent, data.now, data.deadline, data.zone, months)
        self.on_time.show_bars(
            labels,
            [("Held on time", [round(100 * r) if r is not None else 0.0 for r in rates])],
            top=100,
            label_format="@value%",
            description=rates_words(names, rates),
        )
