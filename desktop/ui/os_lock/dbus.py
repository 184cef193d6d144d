"""Linux: logind's ``Lock`` signal and the desktop screensaver's ``ActiveChanged`` over D-Bus.

logind (system bus) asks a session to lock on ``loginctl lock-session``, before suspending and
when the user switches; the desktop's screensaver (session bus, under the freedesktop or the
GNOME name) says ``ActiveChanged(true)`` when the screen locks or blanks. The bus is injectable
so tests use a private bus of their own; a bus that is not there makes the adapter a silent
no-op. Signals are matched from any sender: a forged one could only lock the app, never open it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SLOT, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusMessage

from desktop.ui.os_lock import OsLockAdapter

Bus = Callable[[], QDBusConnection]
"""How an adapter reaches its bus: asked at ``start``, so nothing connects before it is needed."""

LOGIND = "org.freedesktop.login1"
LOGIND_SESSION = "org.freedesktop.login1.Session"
SCREENSAVERS = ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver")
LOOKUP_TIMEOUT_MS = 1_000
"""How long to wait for logind to say which session this is, before doing without it."""


def _slot(signature: str) -> Any:
    """A slot of ours as QtDBus names it (a str: PySide refuses the bytes its stubs promise)."""
    return SLOT(signature)


def session_bus() -> QDBusConnection:
    """The desktop session's bus."""
    return QDBusConnection.sessionBus()


def system_bus() -> QDBusConnection:
    """The system bus, where logind lives."""
    return QDBusConnection.systemBus()


def private_bus(address: str, name: str) -> Bus:
    """The bus at ``address`` (a test's private bus), connected under ``name`` when asked."""
    return lambda: QDBusConnection.connectToBus(address, name)


def session_path_from_id(session_id: str) -> str:
    """The logind object path for a session id, escaped as systemd escapes it ("2" -> "_32")."""
    escaped = "".join(
        c if c.isascii() and (c.isalpha() or (c.isdigit() and i > 0)) else f"_{ord(c):02x}"
        for i, c in enumerate(session_id)
    )
    return f"/org/freedesktop/login1/session/{escaped}"


class ScreenSaverAdapter(OsLockAdapter):
    """The desktop's screensaver: ``ActiveChanged(true)`` locks the app."""

    def __init__(self, bus: Bus = session_bus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus_of = bus
        self._bus: QDBusConnection | None = None
        self._interfaces: list[str] = []

    def start(self) -> bool:
        """Listen on the session bus, if there is one."""
        self.stop()
        bus = self._bus_of()
        if not bus.isConnected():
            return False
        self._bus = bus
        self._interfaces = [
            name
            for name in SCREENSAVERS
            if bus.connect("", "", name, "ActiveChanged", self, _slot("_active_changed(bool)"))
        ]
        return bool(self._interfaces)

    def stop(self) -> None:
        """Stop listening."""
        if self._bus is not None:
            for name in self._interfaces:
                self._bus.disconnect(
                    "", "", name, "ActiveChanged", self, _slot("_active_changed(bool)")
                )
        self._bus, self._interfaces = None, []

    @Slot(bool)
    def _active_changed(self, active: bool) -> None:
        if active:
            self.screen_locked.emit("the screen locked")


class LogindAdapter(OsLockAdapter):
    """logind's ``Lock`` signal for this session (not another user's) locks the app."""

    def __init__(
        self,
        bus: Bus = system_bus,
        session_path: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bus_of = bus
        self._asked_path = session_path
        self._bus: QDBusConnection | None = None
        self.session_path = ""
        """The session's object path being listened on (empty when not listening)."""

    def start(self) -> bool:
        """Listen for this session's Lock, if there is a system bus and a session."""
        self.stop()
        bus = self._bus_of()
        if not bus.isConnected():
            return False
        path = self._asked_path or _this_session(bus)
        if not path:
            return False
        if not bus.connect("", path, LOGIND_SESSION, "Lock", self, _slot("_lock()")):
            return False
        self._bus, self.session_path = bus, path
        return True

    def stop(self) -> None:
        """Stop listening."""
        if self._bus is not None:
            self._bus.disconnect(
                "", self.session_path, LOGIND_SESSION, "Lock", self, _slot("_lock()")
            )
        self._bus, self.session_path = None, ""

    @Slot()
    def _lock(self) -> None:
        self.screen_locked.emit("the computer locked this session")


def _this_session(bus: QDBusConnection) -> str:
    """The logind session path of this process: asked of logind, else from ``XDG_SESSION_ID``."""
    manager = QDBusInterface(
        LOGIND, "/org/freedesktop/login1", "org.freedesktop.login1.Manager", bus
    )
    manager.setTimeout(LOOKUP_TIMEOUT_MS)
    if manager.isValid():
        reply = manager.call("GetSession", "auto")  # "auto": the caller's own session
        if reply.type() == QDBusMessage.MessageType.ReplyMessage and reply.arguments():
            path = reply.arguments()[0]
            text = path.path() if hasattr(path, "path") else str(path)
            if text.startswith("/"):
                return text
    session_id = os.environ.get("XDG_SESSION_ID", "")
    return session_path_from_id(session_id) if session_id else ""
