"""Does a window fit a screen? Every visible leaf widget inside it, and no two overlapping.

``assert_fits(window, QSize(1366, 768))`` resizes and shows the window at that size, lets
the layouts settle, and fails with the names of the widgets that stick out or overlap.
A *leaf* is a visible widget with no visible child widgets. What a scroll area scrolls may
lie beyond the window by design, so its contents are skipped: the scroll area itself (its
viewport) is the leaf. The same goes for item views, whose cell widgets live in a viewport.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QMenuBar,
    QSplitterHandle,
    QStatusBar,
    QTabBar,
    QWidget,
)

TARGETS = (QSize(1366, 768), QSize(1280, 720))
"""Screens at 100 % scaling that every window must fit."""

ATOMIC: tuple[type[QWidget], ...] = (
    QAbstractScrollArea,
    QAbstractItemView,
    QComboBox,
    QAbstractSpinBox,
    QTabBar,
    QMenuBar,
    QStatusBar,
)
"""Widgets drawn as one piece: their inner parts (scroll bars, editors, buttons) are theirs."""


DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


def settle() -> None:
    """Let pending layout requests and resizes run."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(3):
        app.processEvents()


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    words = text() if callable(text) else ""
    bits = [type(widget).__name__, widget.objectName(), widget.accessibleName(), str(words)]
    return " ".join(b for b in bits if b)[:80]


def visible_leaves(window: QWidget) -> Iterator[QWidget]:
    """Visible widgets with no visible child widgets, not looking inside scrolled contents."""

    def walk(widget: QWidget) -> Iterator[QWidget]:
        if isinstance(widget, ATOMIC):
            yield widget
            return
        children = [
            c
            for c in widget.findChildren(QWidget, options=DIRECT)
            if c.isVisible() and not c.isWindow() and not isinstance(c, QSplitterHandle)
        ]
        if not children:
            yield widget
            return
        for child in children:
            yield from walk(child)

    for child in window.findChildren(QWidget, options=DIRECT):
        if child.isVisible() and not child.isWindow() and not isinstance(child, QSplitterHandle):
            yield from walk(child)


def rect_in_window(widget: QWidget, window: QWidget) -> QRect:
    """A widget's rectangle in its window's coordinates."""
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def layout_problems(window: QWidget) -> list[str]:
    """Leaves outside the window, empty ones, and pairs that overlap (in plain words)."""
    bounds = window.rect()
    leaves = [(w, rect_in_window(w, window)) for w in visible_leaves(window)]
    problems = []
    for widget, rect in leaves:
        if not bounds.contains(rect):
            problems.append(f"{_name(widget)} at {rect.getRect()} is outside {bounds.getRect()}")
    for i, (a, ra) in enumerate(leaves):
        for b, rb in leaves[i + 1 :]:
            if ra.intersects(rb):
                problems.append(
                    f"{_name(a)} at {ra.getRect()} overlaps {_name(b)} at {rb.getRect()}"
                )
    return problems


def show_at(window: QWidget, size: QSize) -> None:
    """Show a window at a size (never beyond it: the size is the screen)."""
    window.setMaximumSize(size)
    window.resize(size)
    window.show()
    settle()
    window.resize(size)
    settle()


def assert_fits(window: QWidget, size: QSize, *, exact: bool = False) -> None:
    """Fail unless the window fits within ``size`` with nothing outside or overlapping.

    A dialog is shown at the size it gives itself, which must be within ``size``; ``exact``
    shows the window filling the screen instead, as a main window or preview is used.
    """
    hint = window.minimumSizeHint()
    assert hint.width() <= size.width() and hint.height() <= size.height(), (
        f"{type(window).__name__} needs at least {hint.width()}x{hint.height()}, "
        f"more than {size.width()}x{size.height()}"
    )
    if exact:
        show_at(window, size)
    else:
        window.show()
        settle()
    actual = window.size()
    assert actual.width() <= size.width() and actual.height() <= size.height(), (
        f"{type(window).__name__} is {actual.width()}x{actual.height()}, "
        f"beyond {size.width()}x{size.height()}"
    )
    problems = layout_problems(window)
    assert not problems, f"{type(window).__name__} at {size.width()}x{size.height()}:\n" + (
        "\n".join(problems)
    )
