"""Windows: session-change notifications (the workstation locked, the user switched or left).

``WTSRegisterSessionNotification`` makes Windows send ``WM_WTSSESSION_CHANGE`` to a window of
ours; a hidden one is kept for it, since the app's visible windows come and go at each sign-in.
Decoding a message is a pure function, so every code is tested on any system.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtWidgets import QWidget

from desktop.ui.os_lock import OsLockAdapter

WM_WTSSESSION_CHANGE = 0x02B1
NOTIFY_FOR_THIS_SESSION = 0

WTS_CONSOLE_CONNECT = 0x1
WTS_CONSOLE_DISCONNECT = 0x2
WTS_REMOTE_CONNECT = 0x3
WTS_REMOTE_DISCONNECT = 0x4
WTS_SESSION_LOGON = 0x5
WTS_SESSION_LOGOFF = 0x6
WTS_SESSION_LOCK = 0x7
WTS_SESSION_UNLOCK = 0x8
WTS_SESSION_REMOTE_CONTROL = 0x9
WTS_SESSION_CREATE = 0xA
WTS_SESSION_TERMINATE = 0xB

LOCKING: dict[int, str] = {
    WTS_CONSOLE_DISCONNECT: "the user switched",
    WTS_REMOTE_DISCONNECT: "the remote session was disconnected",
    WTS_SESSION_LOGOFF: "the user signed out of Windows",
    WTS_SESSION_LOCK: "the screen locked",
    WTS_SESSION_TERMINATE: "the Windows session ended",
}
"""The session changes after which someone else may be at this screen, and why, in words."""


def lock_reason(message: int, code: int) -> str | None:
    """Why the app should lock for this window message, or None when it should not.

    Connecting, unlocking, logging on, remote control and a new session create nobody new at
    the screen of this session, so they leave the app as it is.
    """
    if message != WM_WTSSESSION_CHANGE:
        return None
    return LOCKING.get(code)


class _SessionWindow(QWidget):
    """A hidden window that Windows tells about session changes."""

    def __init__(self, adapter: WindowsSessionAdapter) -> None:
        super().__init__()
        self.adapter = adapter

    def nativeEvent(
        self, event_type: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> Any:
        """Pass session changes on; never consume a message."""
        kind = event_type.data() if isinstance(event_type, QByteArray) else bytes(event_type)
        if kind == b"windows_generic_MSG":
            from ctypes import wintypes

            msg = wintypes.MSG.from_address(int(message))
            reason = lock_reason(int(msg.message), int(msg.wParam))
            if reason is not None:
                self.adapter.screen_locked.emit(reason)
        return super().nativeEvent(event_type, message)


class WindowsSessionAdapter(OsLockAdapter):
    """Windows' session-change notifications for this session."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window: _SessionWindow | None = None

    def start(self) -> bool:
        """Register for session changes (on Windows only; elsewhere a no-op)."""
        self.stop()
        if sys.platform != "win32":
            return False
        window = _SessionWindow(self)
        hwnd = int(window.winId())
        wtsapi = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined,unused-ignore]
        if not wtsapi.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION):
            window.deleteLater()
            return False
        self._window = window
        return True

    def stop(self) -> None:
        """Stop being told."""
        window, self._window = self._window, None
        if window is None or sys.platform != "win32":
            return
        wtsapi = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined,unused-ignore]
        wtsapi.WTSUnRegisterSessionNotification(int(window.winId()))
        window.deleteLater()
