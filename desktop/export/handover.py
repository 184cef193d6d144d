"""The handover sheet: the shift's waiting duties and open episodes, as a PDF marked like the pack.

Built in memory with the pack's page furniture (OFFICIAL-SENSITIVE at the top and bottom of every
page, who made it and when, page x of y) and its fonts, so names print in any script. It is
written only where the user chooses, through :func:`desktop.export.output.save_pdf`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.domain.model import Home
from desktop.domain.ukdates import uk_datetime_with_zone
from desktop.export.flow import chunks, cut_rows, grid
from desktop.export.page import ALERT, INK, MARGIN, MUTED, PAGE_W, RULE, render_marked
from desktop.export.text import BOLD, REGULAR, markup, register_fonts, shaped
from desktop.formspec import FormSpec
from desktop.protocol.handover import Handover, HandoverRow, OpenEpisode, handover, window_words
from desktop.protocol.rules import RuleSet
from desktop.store.store import Store


@dataclass(frozen=True, slots=True)
class HandoverInput:
    """Everything the handover sheet prints."""

    home: Home
    handover: Handover
    generated_by: str
    generated_at: datetime


def handover_input(
    store: Store, forms: Mapping[str, FormSpec], rule_sets: Mapping[str, RuleSet]
) -> HandoverInput:
    """The handover as of now, for every child still placed (one read for the home)."""
    now = store.clock.now()
    placed = [
        r
        for r in store.every_child_records()
        if r.child.placement_end is None or r.child.placement_end >= now.date()
    ]
    names = {s.id: s.name for s in store.accounts.members()}
    made = handover(
        placed,
        rule_sets=rule_sets,
        forms=forms,
        now=now,
        names=names,
    )
    return HandoverInput(
        home=store.home(),
        handover=made,
        generated_by=store.staff.name if store.staff else "recovery key holder",
        generated_at=now,
    )


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=11.5, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "label": ParagraphStyle(
            "label", parent=base, fontName=BOLD, fontSize=8, leading=10, textColor=MUTED
        ),
        "strong": ParagraphStyle("strong", parent=base, fontName=BOLD),
        "alert": ParagraphStyle("alert", parent=base, fontName=BOLD, textColor=ALERT),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=15, leading=19),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=4,
            textColor=colors.HexColor("#003b6f"),
        ),
    }


class _Sheet:
    def __init__(self, data: HandoverInput) -> None:
        self.data = data
        self.s = _styles()
        self.width = PAGE_W - 2 * MARGIN
        self.zone = ZoneInfo(data.home.timezone)

    def p(self, text: str, style: str = "body", *, bold: bool = False) -> Paragraph:
        return Paragraph(markup(text, bold=bold), shaped(self.s[style], text))

    def ps(self, text: str, style: str = "body") -> list[Flowable]:
        """Text of any length as paragraphs of a few lines each, so it can break across pages."""
        return [self.p(chunk, style) for chunk in chunks(text)]

    def heading(self) -> list[Flowable]:
        h = self.data.handover
        made = uk_datetime_with_zone(self.data.generated_at, self.zone)
        return [
            self.p(f"Shift handover — {self.data.home.name}", "h1", bold=True),
            Spacer(1, 3),
            self.p(f"As at {made}, made by {self.data.generated_by}.", "small"),
            self.p(
                "Every overdue duty; every waiting duty of an open episode; records upkeep due "
                f"within the next {window_words(h.window)}. Times are the home's local time.",
                "small",
            ),
            Spacer(1, 4),
        ]

    def duties(self) -> list[Flowable]:
        rows = self.data.handover.rows
        if not rows:
            return [
                self.p("What is waiting", "h2"),
                self.p("No child has an open episode or a duty waiting."),
            ]
        header = [
            self.p(t, "label") for t in ("Status", "Due", "Child", "What to do", "Who must act")
        ]
        body = [self._row(r) for r in rows]
        widths = [28 * mm, 26 * mm, 34 * mm]
        rest = self.width - sum(widths)
        table = Table([header, *body], colWidths=[*widths, rest * 0.6, rest * 0.4], repeatRows=1)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        for number, row in enumerate(rows, start=1):
            if row.overdue:
                style.append(("BACKGROUND", (0, number), (0, number), colors.HexColor("#fbe9ec")))
        table.setStyle(TableStyle(style))
        return [self.p("What is waiting", "h2"), table]

    def _row(self, row: HandoverRow) -> list[Flowable]:
        status = [self.p(row.status, "alert" if row.overdue else "body", bold=row.overdue)]
        if row.timing:
            status.append(self.p(row.timing, "small"))
        child = [self.p(row.child, "strong", bold=True), self.p(row.episode, "small")]
        upkeep = " (the child's records)" if row.records_upkeep else ""
        return [
            status,
            self.p(row.due, "small"),
            child,
            self.p(row.what + upkeep),
            self.p(row.who, "small"),
        ]

    def episodes(self) -> list[Flowable]:
        episodes = self.data.handover.episodes
        heading = self.p("Open episodes: the newest entries", "h2")
        if not episodes:
            return [heading, self.p("No child has an open episode.")]
        # The heading stays with the first episode, and each episode stays in one piece.
        first, *rest = episodes
        flow: list[Flowable] = [KeepTogether([heading, *self._episode(first)])]
        return flow + [KeepTogether(self._episode(e)) for e in rest]

    def _episode(self, episode: OpenEpisode) -> list[Flowable]:
        title = f"{episode.child} — {episode.state}, aware since {episode.since}"
        flow: list[Flowable] = [Spacer(1, 4), self.p(title, "strong", bold=True)]
        if episode.earlier:
            older = (
                "1 earlier entry is"
                if episode.earlier == 1
                else f"{episode.earlier} earlier entries are"
            )
            flow.append(self.p(f"{older} in the episode's timed log.", "small"))
        if not episode.entries:
            return [*flow, self.p("Nothing logged yet.", "small")]
        header = [self.p(t, "label") for t in ("Happened", "By", "Entry", "Details")]
        rows = [
            [
                self.p(e.happened, "small"),
                self.ps(e.author, "small"),
                self.ps(e.entry, "small"),
                self.ps(e.details, "small"),
            ]
            for e in episode.entries
        ]
        widths = [26 * mm, 30 * mm, 38 * mm]
        widths.append(self.width - sum(widths))
        # A long entry runs on over several rows, and pages (see desktop.export.flow).
        cut, groups = cut_rows(rows, widths)
        table = Table([header, *cut], colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    *grid(groups, 1, 0.4, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return [*flow, Spacer(1, 2), table]

    def story(self) -> list[Flowable]:
        return [*self.heading(), *self.duties(), *self.episodes()]


def footer_lines(data: HandoverInput) -> tuple[str, str]:
    """Who made the sheet and when; what it is."""
    made = uk_datetime_with_zone(data.generated_at, ZoneInfo(data.home.timezone))
    return (
        f"Made {made} by {data.generated_by}, {data.home.name}. Philomena Desk.",
        "Shift handover: open episodes and waiting duties across all children.",
    )


def build_handover(data: HandoverInput) -> bytes:
    """Render the handover sheet to PDF bytes (in memory: nothing touches the disk)."""
    return render_marked(
        _Sheet(data).story(),
        title=f"Shift handover — {data.home.name}",
        author=data.generated_by,
        footer=footer_lines(data),
    )
