"""The operating system saying the screen locked or the user switched: one adapter interface.

On a shared PC the next person may sit down the moment the last one locks the desktop or
switches user. Each way a system reports that is an :class:`OsLockAdapter`; the app listens to
all of them through :class:`AnyOf` and locks itself whichever speaks. An adapter whose bus or
platform is missing starts as a silent no-op: the app's own idle lock still holds.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal


class OsLockAdapter(QObject):
    """One source of "the screen is locked / the user switched" from the operating system.

    ``start`` begins listening and says whether it could (False is not an error: there is
    nothing to listen to here); ``stop`` ends it and may be called more than once.
    """

    screen_locked = Signal(str)
    """Emitted with a short plain reason ("the screen locked") when the app should lock."""

    def start(self) -> bool:
        """Begin listening; False when this source does not exist here."""
        return False

    def stop(self) -> None:
        """Stop listening."""


class AnyOf(OsLockAdapter):
    """Several adapters as one: it reports whatever any of them reports."""

    def __init__(self, adapters: Iterable[OsLockAdapter], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.adapters = list(adapters)
        for adapter in self.adapters:
            adapter.setParent(self)
            adapter.screen_locked.connect(self.screen_locked)
        self.listening: list[OsLockAdapter] = []
        """The adapters that could start: the ones really listening on this computer."""

    def start(self) -> bool:
        """Start every adapter; True when at least one is listening."""
        self.listening = [a for a in self.adapters if a.start()]
        return bool(self.listening)

    def stop(self) -> None:
        """Stop every adapter."""
        for adapter in self.adapters:
            adapter.stop()
        self.listening = []


def platform_adapters() -> OsLockAdapter:
    """The adapters for the system the app runs on (none that apply: a silent no-op)."""
    if sys.platform == "win32":
        from desktop.ui.os_lock.windows import WindowsSessionAdapter

        return AnyOf([WindowsSessionAdapter()])
    if sys.platform.startswith("linux"):
        from desktop.ui.os_lock.dbus import LogindAdapter, ScreenSaverAdapter, session_bus

        return AnyOf([LogindAdapter(), ScreenSaverAdapter(session_bus)])
    return AnyOf([])
