"""Small building blocks shared by the windows."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

FRAME = 16
"""Room for a window's frame and title bar, in pixels (three of these high)."""


def label(text: str, role: str | None = None, *, wrap: bool = True) -> QLabel:
    """A label with a style role (help, error, title, police)."""
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    return widget


def error_label() -> QLabel:
    """An empty error line that screen readers announce when filled."""
    widget = label("", "error")
    widget.setAccessibleName("Problem")
    widget.hide()
    return widget


def show_error(widget: QLabel, text: str) -> None:
    """Fill or clear an error label."""
    widget.setText(text)
    widget.setVisible(bool(text))


def button(text: str, *, name: str | None = None, accessible: str | None = None) -> QPushButton:
    """A push button with a mnemonic, an object name for styling and a screen-reader name."""
    widget = QPushButton(text)
    if name:
        widget.setObjectName(name)
    widget.setAccessibleName(accessible or text.replace("&", ""))
    widget.setAutoDefault(False)
    return widget


def set_busy(widget: QWidget, busy: bool) -> None:
    """Show the wait cursor and block input while slow work runs."""
    widget.setEnabled(not busy)
    if busy:
        widget.setCursor(Qt.CursorShape.WaitCursor)
    else:
        widget.unsetCursor()


def fitted(wanted: QSize, widget: QWidget | None = None) -> QSize:
    """A window size no bigger than the screen's free area (less room for the frame)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    free = screen.availableGeometry().size() - QSize(FRAME, FRAME * 3)
    return wanted.boundedTo(free)


def grow_to_fit(window: QWidget) -> None:
    """Make a window tall enough for what it now shows (a wrapped message, say).

    The width is kept; Qt does not grow a window for text that wraps onto more lines.
    """
    layout = window.layout()
    if layout is not None:
        layout.activate()
    width = window.width()
    wanted = window.heightForWidth(width) if window.hasHeightForWidth() else -1
    height = max(wanted, window.sizeHint().height(), window.height())
    window.resize(fitted(QSize(width, height), window))
