"""A real, private D-Bus for a test: its own dbus-daemon, and dbus-send to emit signals on it.

Nothing touches the machine's own system or session bus. The daemon is stopped (and killed if
it does not stop) when the test ends, whatever happens.
"""

from __future__ import annotations

import itertools
import select
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtDBus import QDBusConnection

from desktop.ui.os_lock.dbus import Bus, private_bus

CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
START_TIMEOUT_S = 10
SEND_TIMEOUT_S = 10
_names = itertools.count()


@dataclass
class PrivateBus:
    """A running private bus."""

    address: str
    name: str

    def bus(self) -> Bus:
        """How an adapter reaches this bus."""
        return private_bus(self.address, self.name)

    def connection(self) -> QDBusConnection:
        return QDBusConnection.connectToBus(self.address, self.name)

    def settle(self) -> None:
        """Wait until the bus has every match rule our connection asked for (one round trip)."""
        self.connection().interface().isServiceRegistered("org.example.Nobody")

    def emit(self, path: str, signal: str, *args: str) -> None:
        """Emit a real signal from another process, as the desktop or logind would."""
        subprocess.run(
            ["dbus-send", f"--bus={self.address}", "--type=signal", path, signal, *args],
            check=True,
            timeout=SEND_TIMEOUT_S,
            capture_output=True,
        )


@contextmanager
def running_bus(folder: Path) -> Iterator[PrivateBus]:
    """Start a private dbus-daemon; skip (saying why) where D-Bus is not installed."""
    if shutil.which("dbus-daemon") is None or shutil.which("dbus-send") is None:
        pytest.skip("dbus-daemon and dbus-send are not installed here")
    config = folder / "private-bus.conf"
    config.write_text(CONFIG, encoding="utf-8")
    process = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--print-address", "--nofork"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    name = f"philomena-test-bus-{next(_names)}"
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], START_TIMEOUT_S)
        if not ready:
            pytest.fail("the private D-Bus did not start in time")
        address = process.stdout.readline().strip()
        assert address.startswith("unix:"), address
        yield PrivateBus(address, name)
    finally:
        QDBusConnection.disconnectFromBus(name)
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stdout is not None:
            process.stdout.close()
