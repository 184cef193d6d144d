"""The pieces of the Missing or absent page's list of duties: a one-line label, and a duty's row."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop.protocol.engine import Prompt
from desktop.ui.widgets import button


class OneLine(QLabel):
    """A label kept to one line: what does not fit ends in '…', whole in its tooltip."""

    def __init__(self, role: str, *, widest: int = 0) -> None:
        super().__init__()
        self.widest = widest
        """When set, the width asked for: the whole text, up to this many pixels."""
        self.setProperty("role", role)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.full = ""

    def set_full_text(self, text: str) -> None:
        """Show ``text`` (elided to the width there is)."""
        self.full = text
        self.setToolTip(text)
        self._elide()

    def sizeHint(self) -> QSize:
        """Qt: as wide as the whole text (up to ``widest``) where a width is asked for."""
        hint = super().sizeHint()
        if self.widest:
            hint.setWidth(min(self.widest, self.fontMetrics().horizontalAdvance(self.full) + 8))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt: elide again for the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        self.setText(metrics.elidedText(self.full, Qt.TextElideMode.ElideRight, self.width()))


class PromptRow(QFrame):
    """One open prompt: what to do, by when, time left, who, the source; Done / Not done."""

    def __init__(self, prompt: Prompt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.what = OneLine("prompt-overdue" if prompt.status == "overdue" else "prompt")
        self.when = OneLine("help")
        self.done = button("Done", name="quick", accessible=f"Done: {prompt.text}")
        self.not_done = button("Not done…", name="quick", accessible=f"Not done: {prompt.text}")
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.what)
        text.addWidget(self.when)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 6, 1)
        layout.addLayout(text, 1)
        layout.addWidget(self.done)
        layout.addWidget(self.not_done)

    def show_words(self, what: str, when: str, full: str) -> None:
        """Fill the two lines; the protocol's whole text is the tooltip and the spoken name."""
        self.what.set_full_text(what)
        self.when.set_full_text(when)
        self.setToolTip(full)
        self.setAccessibleName(f"{what}. {when}")
        self.setAccessibleDescription(full)
