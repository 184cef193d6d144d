"""Small building blocks shared by the windows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QPushButton,
    QWidget,
)

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


WHEEL_GUARDED = (QComboBox, QAbstractSpinBox)
"""Drop-downs, spin boxes and date and time fields: a stray wheel must not change them."""


class WheelGuard(QObject):
    """Wheeling over a drop-down or spin box scrolls the page unless the field has focus.

    A carer scrolling a long form must never change an answer by passing over it; the field
    takes focus only from a click or Tab (strong focus), and then the wheel works as usual.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Pass an unfocused field's wheel to whatever holds it (the page scrolls)."""
        kind = event.type()
        if isinstance(watched, WHEEL_GUARDED):
            if kind == QEvent.Type.Polish:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            elif kind == QEvent.Type.Wheel and not watched.hasFocus():
                area = _scrolled_by(watched)
                if area is not None:
                    QApplication.sendEvent(area.viewport(), event)
                event.accept()
                return True
        return False


def _scrolled_by(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area whose page holds a widget."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def guard_wheel(app: QApplication) -> None:
    """Install the wheel guard for every window of the app (once)."""
    if app.findChild(WheelGuard) is None:
        app.installEventFilter(WheelGuard(app))
