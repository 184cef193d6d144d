"""The follow-ups of an episode once the child is back, and closing it.

Shown on the Missing or absent page after the return: what is still to do (the return
interview, the police safe-and-well interview), a "Close the episode…" button that says plainly
what is left when it cannot close yet, and "Waive the follow-ups…" for a manager.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QInputDialog, QWidget

from desktop.domain.episode import ENTRY_KINDS, EpisodeState, episode_state
from desktop.domain.errors import BadInput
from desktop.domain.follow_ups import WAIVER, follow_ups, refuse_close, still_to_do, waived
from desktop.domain.model import LogEntry, Staff
from desktop.domain.permissions import Action
from desktop.store.store import Store
from desktop.ui.gate import gate
from desktop.ui.missing_dialogs import EntryDialog
from desktop.ui.widgets import button, label

Run = Callable[[Callable[[], Any]], bool]
"""The page's way to run a change: shows a refusal, or refreshes the page after it."""


def follow_up_words(log: Sequence[LogEntry]) -> str:
    """Each follow-up and whether it is done, in one line."""
    if waived(log):
        return "Follow-ups: waived by a manager."
    parts = [
        f"{f.label.removeprefix('Record the ')} — {'done' if f.done else 'to do'}"
        for f in follow_ups(log)
    ]
    return "Follow-ups: " + "; ".join(parts) + "."


class FollowUpBar(QWidget):
    """What is left after the return, with Close and Waive (the latter for managers only)."""

    def __init__(self, store: Store, run: Run, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._run = run
        self.episode_id: str | None = None
        self._log: list[LogEntry] = []
        self.words = label("", "help")
        self.words.setAccessibleName("Follow-ups after the return")
        self.close_episode = button("Clo&se the episode…")
        self.close_episode.clicked.connect(lambda: self.close_dialog())
        self.waive = button("Waiv&e the follow-ups…")
        self.waive.clicked.connect(lambda: self.waive_dialog())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.words, 1)
        layout.addWidget(self.waive)
        layout.addWidget(self.close_episode)
        self.hide()

    def show_log(self, episode_id: str | None, log: list[LogEntry], staff: Staff | None) -> None:
        """Show the follow-ups of this episode, once the child is back; hide otherwise."""
        self.episode_id, self._log = episode_id, log
        back = episode_id is not None and episode_state(log) is EpisodeState.RETURNED
        self.setVisible(back)
        if not back:
            return
        self.words.setText(follow_up_words(log))
        role = staff.role if staff is not None else None
        gate(self.close_episode, role, Action.LOG)
        gate(self.waive, role, Action.WAIVE_FOLLOW_UP)
        self.waive.setVisible(bool(still_to_do(log)))

    def close_dialog(self) -> None:
        """Close the episode with a reason; when it cannot close yet, say what is left."""
        episode_id = self.episode_id
        if episode_id is None:
            return
        if still_to_do(self._log):  # the store refuses too; this says so before asking
            self._run(lambda: refuse_close(self._log))
            return
        reason, ok = QInputDialog.getText(
            self, "Close the episode", "Why can the episode close? (for example: back and settled)"
        )
        if not ok:
            return

        def close() -> None:
            if not reason.strip():
                raise BadInput("Say why the episode can close: the reason goes in the log.")
            self.store.episodes.close(episode_id, reason.strip())

        self._run(close)

    def waive_dialog(self) -> None:
        """A manager waives the follow-ups, saying why (and, in foster care, who agreed)."""
        episode_id = self.episode_id
        if episode_id is None:
            return
        dialog = EntryDialog(ENTRY_KINDS[WAIVER], self.store.clock.now(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._run(
            lambda: self.store.episodes.append(
                episode_id, WAIVER, dialog.body(), event_at=dialog.event_at()
            )
        )
