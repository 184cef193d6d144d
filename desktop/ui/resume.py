"""Where someone was when the app locked, so signing back in returns them to it.

At a lock the controller captures a :class:`Snapshot` — the child, the tab (and any tab within
it) and every answer typed but not saved — and keeps it only sealed under the person's resume
key (see ``desktop.store.keys.resume``), in memory. When the same person signs in again it is
opened and put back, the answers still unsaved; anyone else starts at the children list and the
sealed bytes are dropped. Nothing is written to disk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QTabWidget

from desktop.ui.form_editor import FormEditor

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

FORMAT = 1

RESTORED_NOTE = "Welcome back: this is where you were, with your unsaved answers kept."


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One person's place in the main window and their unsaved answers."""

    staff_id: str
    child_id: str | None
    tabs: tuple[int, ...] = ()
    """The main tab's index, then the index of each tab set within that tab, in order."""
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Form id to the answers changed and not saved (None where an answer was cleared)."""

    def to_bytes(self) -> bytes:
        """The snapshot as JSON, to be sealed; raises TypeError for an answer JSON cannot hold."""
        return json.dumps(
            {
                "format": FORMAT,
                "staff_id": self.staff_id,
                "child_id": self.child_id,
                "tabs": list(self.tabs),
                "answers": self.answers,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Snapshot | None:
        """Read a snapshot back, or None when it is not one this release understands."""
        try:
            raw = json.loads(data.decode("utf-8"))
            if raw.get("format") != FORMAT:
                return None
            return cls(
                staff_id=str(raw["staff_id"]),
                child_id=None if raw["child_id"] is None else str(raw["child_id"]),
                tabs=tuple(int(i) for i in raw["tabs"]),
                answers={
                    str(form): {str(k): v for k, v in fields.items()}
                    for form, fields in raw["answers"].items()
                },
            )
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
            return None


def _editors(window: MainWindow) -> dict[str, FormEditor]:
    """Every form editor in the window (the child's and the episode's), by form id."""
    return {editor.spec.id: editor for editor in window.findChildren(FormEditor)}


def _inner_tabs(window: MainWindow) -> list[QTabWidget]:
    page = window.tabs.currentWidget()
    return [] if page is None else page.findChildren(QTabWidget)


def capture(window: MainWindow, staff_id: str) -> Snapshot:
    """Where the window is now, for the person signed in."""
    answers = {}
    if window.child_id is not None:
        for form_id, editor in _editors(window).items():
            changed = editor.unsaved_answers()
            if changed:
                answers[form_id] = changed
    tabs = (window.tabs.currentIndex(), *(t.currentIndex() for t in _inner_tabs(window)))
    return Snapshot(staff_id=staff_id, child_id=window.child_id, tabs=tabs, answers=answers)


def restore(window: MainWindow, snapshot: Snapshot) -> bool:
    """Return the window to the snapshot's child, tabs and unsaved answers; False if it cannot."""
    if snapshot.child_id is None:
        return False
    window.select_child(snapshot.child_id)
    if window.child_id != snapshot.child_id:  # the child is no longer in the list
        return False
    if snapshot.tabs:
        window.tabs.setCurrentIndex(snapshot.tabs[0])
        for tabs, index in zip(_inner_tabs(window), snapshot.tabs[1:], strict=False):
            tabs.setCurrentIndex(index)
    editors = _editors(window)
    for form_id, answers in snapshot.answers.items():
        editor = editors.get(form_id)
        if editor is not None:
            editor.restore_unsaved(answers)
    window.status.setText(RESTORED_NOTE)
    return True
