"""The furniture of every page of the pack: the marking, a header, page numbers and footer.

A page number a page refers to ("continued on page 4") is only known once the pages after it
are laid out. Each is drawn as a PDF form object placed where the number goes and filled in
when the document is saved, from the page its anchor (:mod:`desktop.export.refs`) was drawn
on: one layout pass, and the number reads in its place when the text is copied.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from desktop.domain.ukdates import uk_datetime_with_zone, uk_day
from desktop.export.contents import PackInput, home_zone
from desktop.export.text import BOLD, REGULAR, needs_shaping, plain, register_fonts

rl_config.useA85 = 0
"""Photographs go into the PDF as they are, not re-encoded as ASCII text: a quarter smaller,
and reportlab's pure-Python encoder was most of the time a pack with ten photographs took."""

MARKING = "OFFICIAL-SENSITIVE"
PAGE_W, PAGE_H = A4
MARGIN = 16 * mm
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
ALERT = colors.HexColor("#b00020")
RULE = colors.HexColor("#bbbbbb")
TOP_MARGIN = 21 * mm
BOTTOM_MARGIN = 20 * mm
BODY_HEIGHT = PAGE_H - TOP_MARGIN - BOTTOM_MARGIN
"""The height of the text frame on each page."""


@dataclass(frozen=True, slots=True)
class PendingRef:
    """Where a page number goes, noted while its paragraph is being laid out."""

    x: float
    y: float
    anchor: str
    size: float


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Draws "page x of y" once the total is known (two passes over saved page states)."""

    footer_lines: tuple[str, str] = ("", "")
    header: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self.anchors: dict[str, int] = {}
        self.pending: list[PendingRef] = []
        self.ref_forms: dict[tuple[str, float], str] = {}
        self.setNamedCB("pageRef", self.page_ref)
        self.setNamedCB("anchor", self.anchor)

    def anchor(self, canvas: Canvas, kind: str, label: str | None) -> None:
        """Note the page a paragraph's ``<onDraw name="anchor">`` is drawn on (the first time)."""
        del canvas, kind
        self.anchors.setdefault(label or "", self.getPageNumber())

    def page_ref(self, canvas: Canvas, kind: str, label: str | None) -> None:
        """Note where a paragraph's ``<onDraw name="pageRef">`` is: its page number goes there.

        reportlab calls this by the name in the paragraph's markup, with the text position set.
        """
        del canvas, kind
        info = self._curr_tx_info
        x, y = self.absolutePosition(info["cur_x"], info["cur_y"])
        self.pending.append(PendingRef(x, y, label or "", info["xs"].style.fontSize))

    def place_refs(self) -> None:
        """Place the page numbers noted so far (after their paragraph, so they read in order)."""
        here_x, here_y = self.absolutePosition(0, 0)
        for ref in self.pending:
            key = (ref.anchor, ref.size)
            name = self.ref_forms.setdefault(key, f"pageref{len(self.ref_forms)}")
            self.saveState()
            self.translate(ref.x - here_x, ref.y - here_y)
            self.doForm(name)
            self.restoreState()
        self.pending.clear()

    def showPage(self) -> None:
        """Keep the finished page's state; it is drawn once the page count is known."""
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """Draw every kept page with its marking and "page x of y", then write the PDF."""
        total = len(self._pages)
        for (anchor, size), name in self.ref_forms.items():
            self.beginForm(name)
            self.setFillColor(ALERT)
            self.setFont(REGULAR, size)
            # the space before the number: a paragraph drops the one before its last word
            self.drawString(0, 0, f" {self.anchors.get(anchor, '?')}")
            self.endForm()
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        self.saveState()
        self.setFillColor(ALERT)
        self.setFont(BOLD, 10)
        self.drawCentredString(PAGE_W / 2, PAGE_H - 10 * mm, MARKING)
        self.drawCentredString(PAGE_W / 2, 6 * mm, MARKING)
        self.setFillColor(MUTED)
        if self.header:
            text, size = fit(self.header, PAGE_W - 2 * MARGIN, 8.5, 6.5, BOLD)
            self.setFont(BOLD, size)
            self.drawString(MARGIN, PAGE_H - 16 * mm, text, shaping=needs_shaping(text))
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, PAGE_H - 17.5 * mm, PAGE_W - MARGIN, PAGE_H - 17.5 * mm)
        first, second = self.footer_lines
        for line, height, width in ((first, 13, FOOTER_WIDTH), (second, 10, PAGE_W - 2 * MARGIN)):
            text, size = fit(line, width)
            self.setFont(REGULAR, size)
            self.drawString(MARGIN, height * mm, text, shaping=needs_shaping(text))
        self.setFont(REGULAR, 7.5)
        self.drawRightString(PAGE_W - MARGIN, 13 * mm, f"Page {number} of {total}")
        self.restoreState()


FOOTER_WIDTH = PAGE_W - 2 * MARGIN - 30 * mm
"""Room for a footer line, clear of the page number on the right."""


def fit(
    text: str, width: float, size: float = 7.5, smallest: float = 5.5, font: str = REGULAR
) -> tuple[str, float]:
    """``text`` as one printable line no wider than ``width``, and the font size to draw it.

    A line a little too long is drawn smaller, down to ``smallest``; a longer one is cut short
    with "…".
    """
    line = plain(text)
    natural = stringWidth(line, font, size)
    if natural <= width:
        return line, size
    if natural * smallest / size <= width:
        return line, size * width / natural
    size = smallest
    low, high = 0, len(line)
    while low < high:  # the longest start that fits with the ellipsis
        middle = (low + high + 1) // 2
        if stringWidth(line[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return line[:low] + "…", size


def footer_lines(data: PackInput) -> tuple[str, str]:
    """Who made the pack, when, and which form versions it printed."""
    zone = home_zone(data)
    versions = []
    for form in data.forms:
        if form.version is None:
            versions.append(f"{form.spec.short_name} not yet saved")
        else:
            versions.append(
                f"{form.spec.short_name} version {form.version.number} of "
                f"{uk_day(form.version.saved_at, zone)}"
            )
    generated = (
        f"Made {uk_datetime_with_zone(data.generated_at, zone)} by {data.generated_by}, "
        f"{data.home.name}. Philomena Desk."
    )
    return generated, "; ".join(versions)


def render_marked(
    story: list[Any], *, title: str, author: str, footer: tuple[str, str], header: str = ""
) -> bytes:
    """Lay out a story on A4 pages with the marking, ``header``, page x of y and ``footer``."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN if header else 15 * mm,
        bottomMargin=BOTTOM_MARGIN,
        title=title,
        author=author,
        subject=MARKING,
        creator="Philomena Desk",
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    class Numbered(NumberedCanvas):
        footer_lines = footer

    Numbered.header = header

    doc.build(story, canvasmaker=Numbered)
    return buffer.getvalue()
