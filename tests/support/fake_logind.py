"""A stand-in logind for a private bus, run as its own process by a test.

It answers ``org.freedesktop.login1.Manager.GetSession("auto")`` with the session path given
on the command line, as logind answers a process in that session, then waits to be stopped.

    python -m tests.support.fake_logind BUS_ADDRESS SESSION_PATH
"""

from __future__ import annotations

import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection, QDBusObjectPath


@ClassInfo({"D-Bus Interface": "org.freedesktop.login1.Manager"})
class Manager(QObject):
    def __init__(self, session_path: str) -> None:
        super().__init__()
        self.session_path = session_path

    @Slot(str, result=QDBusObjectPath)
    def GetSession(self, session_id: str) -> QDBusObjectPath:
        return QDBusObjectPath(self.session_path if session_id == "auto" else "/")


def main(address: str, session_path: str) -> int:
    app = QCoreApplication([])
    bus = QDBusConnection.connectToBus(address, "fake-logind")
    manager = Manager(session_path)
    exported = bus.registerObject(
        "/org/freedesktop/login1", manager, QDBusConnection.RegisterOption.ExportAllSlots
    )
    if not (exported and bus.registerService("org.freedesktop.login1")):
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
