"""Small building blocks shared by the windows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QPushButton,
    QSizePolicy,
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


class ElidedLabel(QLabel):
    """A one-line heading that ends in '…' when too long for its room, never wrapping.

    The whole text stays in the tooltip and the screen-reader name.
    """

    def __init__(self, text: str = "", role: str | None = None, *, widest: int = 0) -> None:
        super().__init__()
        self._full = ""
        self.widest = widest
        """When set, the width asked for: the whole text, up to this many pixels."""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        if role:
            self.setProperty("role", role)
        self.set_full_text(text)

    def full_text(self) -> str:
        """The text before eliding."""
        return self._full

    def set_full_text(self, text: str) -> None:
        """Show a text, shortened to fit."""
        self._full = text
        self.setToolTip(text)
        self.setAccessibleName(text)
        self._elide()

    def sizeHint(self) -> QSize:
        """Qt: as wide as the whole text (up to ``widest``) where a width is asked for."""
        hint = super().sizeHint()
        if self.widest:
            hint.setWidth(min(self.widest, self.fontMetrics().horizontalAdvance(self._full) + 8))
        return hint

    def minimumSizeHint(self) -> QSize:
        """As narrow as a few letters: the rest is elided."""
        hint = super().minimumSizeHint()
        return QSize(self.fontMetrics().horizontalAdvance("M…") * 3, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-elide for the new width."""
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        """Re-elide when the style sheet or font changes the letters' widths."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()

    def _elide(self) -> None:
        room = max(self.contentsRect().width(), 0)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        if shown != self.text():
            self.setText(shown)


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
