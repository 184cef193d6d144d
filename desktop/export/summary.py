"""The management summary PDF for a date range: for the Regulation 44 visit and 45 review.

Counts, durations, return-interview figures, the children at a repeat threshold and charts
(episodes per month by child, the hour of the day they start, how long they lasted, and the
share of return interviews held in time by month), marked OFFICIAL-SENSITIVE on every page like
the pack, and password-protected by the same option when the manager chooses. A chart's key
names children in shaped text (a table beside it), so names in any script read correctly.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop.domain.ukdates import uk_date, uk_datetime_with_zone
from desktop.export.manager import ManagerData
from desktop.export.page import INK, MARGIN, MUTED, PAGE_W, RULE, render_marked
from desktop.export.text import BOLD, REGULAR, markup, register_fonts, shaped
from desktop.protocol.handover import duration_words
from desktop.protocol.patterns import (
    child_series,
    duration_bands,
    interview_figures,
    month_rates,
    months_between,
    rates_words,
    start_grid,
)

HEADING = colors.HexColor("#003b6f")
BAR = colors.HexColor("#3a6ea5")
SERIES = tuple(
    colors.HexColor(c)
    for c in ("#3a6ea5", "#e07b39", "#5a9e4b", "#c44e52", "#8172b2", "#937860", "#da8bc3",
              "#8c8c8c", "#ccb974", "#64b5cd")
)  # fmt: skip
"""Colours told apart in print and by most colour-blind readers (after seaborn's "deep")."""
KEYED = len(SERIES) - 1
"""Children given their own colour in a chart; the rest share the last one, as "Others"."""


@dataclass(frozen=True, slots=True)
class SummaryInput:
    """What the summary is made from: the home's figures for the range, who made it, when."""

    data: ManagerData
    home_name: str
    first_day: date
    last_day: date
    made_by: str
    made_at: datetime


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "label": ParagraphStyle("label", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=15, leading=19),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=11.5, leading=14, spaceBefore=10,
            spaceAfter=4, textColor=HEADING,
        ),
    }  # fmt: skip


def _table(rows: list[list[Flowable]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _bars(
    title: str,
    labels: list[str],
    series: list[list[float]],
    width: float,
    *,
    top: float | None = None,
) -> Drawing:
    """A bar chart drawn with reportlab's graphics, its title above it (several series stack)."""
    drawing = Drawing(width, 62 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 10 * mm, 10 * mm
    chart.width, chart.height = width - 14 * mm, 42 * mm
    chart.data = series or [[0]]
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    if top is not None:
        chart.valueAxis.valueMax = top
    if len(series) > 1:
        chart.categoryAxis.style = "stacked"
    for i in range(len(chart.data)):
        chart.bars[i].fillColor = SERIES[i] if len(series) > 1 else BAR
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    drawing.add(String(0, 57 * mm, title, fontName=BOLD, fontSize=9.5, fillColor=INK))
    return drawing


def _key(names: list[str], width: float, p: Callable[[str], Paragraph]) -> Flowable:
    """The colours of a stacked chart and the children they stand for, as shaped text."""
    if not names:
        return p("No episode started in this period.")
    cells: list[list[Flowable | str]] = [["", p(name)] for name in names]
    table = Table(cells, colWidths=[4 * mm, width / 2 - 4 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [("BACKGROUND", (0, i), (0, i), SERIES[i]) for i in range(len(names))]
            + [("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]
        )
    )
    return table


def story(made: SummaryInput) -> list[Flowable]:
    """The summary's flowables, in reading order."""
    s = _styles()
    data = made.data
    width = PAGE_W - 2 * MARGIN

    def p(text: str, style: str = "body") -> Paragraph:
        return Paragraph(markup(text), shaped(s[style], text))

    rows = data.rows
    missing = [r for r in rows if r.missing]
    ended = [r.duration(data.now) for r in rows if r.returned is not None]
    longest = max(ended, default=timedelta(0))
    median = timedelta(seconds=statistics.median(d.total_seconds() for d in ended or [longest]))
    figures = interview_figures(rows, data.now, data.deadline)
    hours = int(data.deadline.total_seconds() // 3600)
    rate = "no returns" if figures.rate is None else f"{round(100 * figures.rate)}%"
    counts = [
        ("Children in the home's records", str(len(data.children))),
        ("Children with an episode", str(len({r.child_id for r in rows}))),
        ("Episodes", str(len(rows))),
        ("Missing (whereabouts unknown, or reported to police)", str(len(missing))),
        ("Away without authorisation (whereabouts known)", str(len(rows) - len(missing))),
        ("Reported to the police", str(sum(1 for r in rows if r.police_reference))),
        ("Median time away (episodes that ended)", duration_words(median) if ended else "—"),
        ("Longest time away", duration_words(longest) if ended else "—"),
        ("Returns (a return interview to offer)", str(figures.returned)),
        (f"Return interviews held within {hours} hours", f"{figures.on_time} ({rate})"),
        (f"Held later than {hours} hours", str(figures.late)),
        ("Declined by the child", str(figures.declined)),
        ("Not recorded as held or declined", str(figures.outstanding)),
    ]
    first, last = uk_date(made.first_day), uk_date(made.last_day)
    flow: list[Flowable] = [
        p(f"Missing and absence summary — {made.home_name}", "h1"),
        Spacer(1, 3),
        p(f"Episodes that started from {first} to {last}, as the records stood on "
          f"{uk_datetime_with_zone(made.made_at, data.zone)}; made by {made.made_by}.", "small"),
        p("For the independent person's Regulation 44 visit and the Regulation 45 review. "
          "Times are the home's local time.", "small"),
        p("The figures", "h2"),
        _table([[p("What", "label"), p("How many", "label")]]
               + [[p(a), p(b)] for a, b in counts], [width * 0.72, width * 0.28]),
    ]  # fmt: skip
    reached = [t for t in data.thresholds if t.reached]
    flow.append(p("Children at a repeat-episode threshold", "h2"))
    if reached:
        header = [p(t, "label") for t in ("Child", "Episodes", "Threshold", "What happens next")]
        body = [
            [p(t.child_name), p(str(t.counted)), p(f"{t.rule.episodes} {t.window_words}"),
             p(t.rule.text)]
            for t in reached
        ]  # fmt: skip
        flow.append(_table([header, *body], [width * f for f in (0.2, 0.12, 0.16, 0.52)]))
    else:
        flow.append(p("No child is at a threshold of the protocols' repeat-episode rules."))
    months = months_between(made.first_day, made.last_day, most=24)
    names = [f"{m:02d}/{y % 100:02d}" for (y, m) in months]
    by_child = child_series(rows, data.zone, months, keyed=KEYED)
    series = [values for _, values in by_child]
    key = [name for name, _ in by_child]
    hours_of_day = [sum(day[hour] for day in start_grid(rows, data.zone)) for hour in range(24)]
    bands = duration_bands(rows)
    rates = month_rates(rows, data.now, data.deadline, data.zone, months)
    flow += [
        KeepTogether(
            [
                p("Charts", "h2"),
                _bars("Episodes started each month, by child", names, series, width),
                _key(key, width, p),
            ]
        ),
        Spacer(1, 4),
        _bars(
            "Hour of the day episodes started (home time)",
            [f"{h:02d}" for h in range(24)],
            [[float(n) for n in hours_of_day]],
            width,
        ),
        Spacer(1, 4),
        _bars(
            "How long episodes lasted (those that ended)",
            [words for words, _ in bands],
            [[float(n) for _, n in bands]],
            width,
        ),
        Spacer(1, 4),
        KeepTogether(
            [
                _bars(
                    f"Return interviews held within {hours} hours, % of returns by month",
                    names,
                    [[100 * r if r is not None else 0.0 for r in rates]],
                    width,
                    top=100,
                ),
                p("A month with no bar had no return, or none held in time: "
                  + rates_words(names, rates) + ".", "small"),
            ]
        ),
    ]  # fmt: skip
    return flow


def build_summary(made: SummaryInput) -> bytes:
    """Render the summary to PDF bytes, in memory."""
    made_at = uk_datetime_with_zone(made.made_at, made.data.zone)
    return render_marked(
        story(made),
        title=f"Missing and absence summary — {made.home_name}",
        author=made.made_by,
        footer=(
            f"Made {made_at} by {made.made_by}, {made.home_name}. Philomena Desk.",
            f"Missing and absence summary, {uk_date(made.first_day)} to {uk_date(made.last_day)}.",
        ),
    )
