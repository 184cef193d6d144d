"""Page references: "continued on page 4" on the cover, pointing at where a form prints in full.

A heading whose markup holds :func:`anchor` notes the page it is drawn on. A paragraph whose
markup holds :func:`page_number` notes where that number goes, and the :class:`PlaceRefs`
after it puts the number there. Both work through callbacks of
:class:`desktop.export.page.NumberedCanvas`, the canvas every PDF here is drawn on.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from reportlab.platypus import Flowable


def page_number(anchor: str) -> str:
    """Paragraph markup for the number of the page ``anchor`` lands on (room for 3 digits)."""
    return f'<onDraw name="pageRef" label={quoteattr(anchor)}/>'


def anchor(key: str) -> str:
    """Paragraph markup naming the page the paragraph (a heading, say) is drawn on ``key``."""
    return f'<onDraw name="anchor" label={quoteattr(key)}/>'


RESERVED = "000"
"""What a page number is measured as while laying out the text around it."""


class PlaceRefs(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Puts the page numbers of the paragraphs before it in place; takes no room."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Take no room."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Place every number noted since the last one."""
        place = getattr(self.canv, "place_refs", None)
        if place is not None:
            place()
