"""One row of the Missing or absent page's list of duties."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from desktop.protocol.engine import Prompt
from desktop.ui.widgets import ElidedLabel, button


class PromptRow(QFrame):
    """One open prompt: what to do, by when, time left, who, the source; Done / Not done."""

    def __init__(self, prompt: Prompt, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.what = ElidedLabel(role="prompt-overdue" if prompt.status == "overdue" else "prompt")
        self.when = ElidedLabel(role="help")
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
