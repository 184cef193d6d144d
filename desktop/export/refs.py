"""Page references: "continued on page 4" on the cover, pointing at where a form prints in full.

An :class:`Anchor` notes the page it is drawn on; a :class:`PageRef` keeps a line's room and has
the canvas draw its words once every page is laid out (see
:class:`desktop.export.page.NumberedCanvas`). Both do nothing on a canvas that keeps no
references, so they are safe in any story.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from desktop.export.page import LateText


class Anchor(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A point in the story that page references can name; takes no room."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Take no room."""
        return 0.0, 0.0

    def draw(self) -> None:
        """Note the page, the first time only (a form's first page is where it starts)."""
        anchors = getattr(self.canv, "anchors", None)
        if anchors is not None:
            anchors.setdefault(self.key, self.canv.getPageNumber())


class PageRef(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """One line of words naming the page an :class:`Anchor` landed on.

    ``template`` holds ``{page}``, e.g. "… continued on page {page}".
    """

    def __init__(self, key: str, template: str, size: float = 8.0) -> None:
        super().__init__()
        self.key = key
        self.template = template
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """One line high."""
        self.width = available_width
        return available_width, self.size * 1.3

    def draw(self) -> None:
        """Ask the canvas to draw the words once the page numbers are known."""
        late = getattr(self.canv, "late", None)
        if late is None:
            return
        x, y = self.canv.absolutePosition(0, self.size * 0.3)
        late.append(LateText(self.canv.getPageNumber(), x, y, self.key, self.template, self.size))
