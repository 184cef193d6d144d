"""Greying out what the signed-in person's role cannot use, saying who can.

The table is :mod:`desktop.domain.permissions`, the one the store enforces; this only shows it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from desktop.domain.model import Role
from desktop.domain.permissions import Action, allows, who_may


def refused(role: Role | None, actions: Iterable[Action]) -> str:
    """Why ``role`` may not take every one of ``actions`` (empty when it may)."""
    for action in actions:
        if role is None or not allows(role, action):
            return who_may(action)
    return ""


def gate(control: QWidget | QAction, role: Role | None, *actions: Action) -> bool:
    """Enable ``control`` only if ``role`` allows ``actions``; else say who can, as its tooltip."""
    why = refused(role, actions)
    control.setEnabled(not why)
    if why:
        control.setToolTip(why)
    return not why
