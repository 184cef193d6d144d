"""Alt mnemonics a person can press in a window: no letter may mean two things.

Collected from visible buttons (and check boxes and radio buttons), labels that name a buddy,
the tabs of visible tab bars, group box titles and the menu bar's menus.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' (lower case), or None; '&&' is a literal ampersand."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and widget.window() is window


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Each mnemonic letter in a window, with the texts that use it."""
    found: dict[str, list[str]] = defaultdict(list)

    def note(text: str) -> None:
        letter = mnemonic(text)
        if letter:
            found[letter].append(text)

    for button in window.findChildren(QAbstractButton):
        if _shown(button, window) and not isinstance(button.parentWidget(), QTabBar):
            note(button.text())
    for label in window.findChildren(QLabel):
        if _shown(label, window) and label.buddy() is not None:
            note(label.text())
    for box in window.findChildren(QGroupBox):
        if _shown(box, window):
            note(box.title())
    for bar in window.findChildren(QTabBar):
        if _shown(bar, window):
            for index in range(bar.count()):
                if bar.isTabVisible(index):
                    note(bar.tabText(index))
    for menus in window.findChildren(QMenuBar):
        if _shown(menus, window):
            for action in menus.actions():
                if action.isVisible():
                    note(action.text())
    return dict(found)


def clashes(window: QWidget) -> dict[str, list[str]]:
    """Letters that more than one visible control in a window uses."""
    return {letter: texts for letter, texts in mnemonics(window).items() if len(texts) > 1}
