"""The computer's own lock reaches the app through one adapter interface.

The D-Bus adapters run against a real private bus (its own dbus-daemon) with real signals sent
by ``dbus-send`` from another process; Windows' message decoding is checked on every code.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.ui.os_lock import AnyOf, OsLockAdapter, platform_adapters
from desktop.ui.os_lock import windows as win
from desktop.ui.os_lock.dbus import (
    LogindAdapter,
    ScreenSaverAdapter,
    private_bus,
    session_path_from_id,
)
from tests.support.private_bus import running_bus

SESSION = "/org/freedesktop/login1/session/_32"
OTHER_SESSION = "/org/freedesktop/login1/session/_33"
FOUND_SESSION = "/org/freedesktop/login1/session/_35"


@pytest.fixture
def bus(tmp_path):
    with running_bus(tmp_path) as running:
        yield running


def heard(qtbot, adapter: OsLockAdapter) -> list[str]:
    said: list[str] = []
    adapter.screen_locked.connect(said.append)
    return said


@pytest.mark.parametrize("interface", ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"])
def test_the_screensaver_turning_on_locks_and_turning_off_does_not(qtbot, bus, interface):
    adapter = ScreenSaverAdapter(bus.bus())
    said = heard(qtbot, adapter)
    assert adapter.start()
    bus.settle()
    bus.emit("/org/freedesktop/ScreenSaver", f"{interface}.ActiveChanged", "boolean:false")
    bus.emit("/org/freedesktop/ScreenSaver", f"{interface}.ActiveChanged", "boolean:true")
    qtbot.waitUntil(lambda: said != [], timeout=5_000)
    assert said == ["the screen locked"]  # the earlier 'false' said nothing
    adapter.stop()
    bus.emit("/org/freedesktop/ScreenSaver", f"{interface}.ActiveChanged", "boolean:true")
    bus.settle()
    qtbot.wait(200)
    assert said == ["the screen locked"]  # stopped: no longer listening


def test_logind_locking_this_session_locks_but_another_session_does_not(qtbot, bus):
    adapter = LogindAdapter(bus.bus(), session_path=SESSION)
    said = heard(qtbot, adapter)
    assert adapter.start() and adapter.session_path == SESSION
    bus.settle()
    bus.emit(OTHER_SESSION, "org.freedesktop.login1.Session.Lock")
    bus.emit(SESSION, "org.freedesktop.login1.Session.Unlock")
    bus.emit(SESSION, "org.freedesktop.login1.Session.Lock")
    qtbot.waitUntil(lambda: said != [], timeout=5_000)
    assert said == ["the computer locked this session"]


@pytest.fixture
def logind(bus):
    """A stand-in logind on the private bus, in its own process, as the real one is."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fake_logind", bus.address, FOUND_SESSION],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=root,
        env=env,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 20)
        assert ready and process.stdout.readline().strip() == "ready", "no stand-in logind"
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        if process.stdout is not None:
            process.stdout.close()


def test_logind_is_asked_which_session_this_is(qtbot, bus, logind, monkeypatch):
    monkeypatch.delenv("XDG_SESSION_ID", raising=False)
    adapter = LogindAdapter(bus.bus())
    said = heard(qtbot, adapter)
    assert adapter.start() and adapter.session_path == FOUND_SESSION
    bus.settle()
    bus.emit(SESSION, "org.freedesktop.login1.Session.Lock")  # not ours
    bus.emit(FOUND_SESSION, "org.freedesktop.login1.Session.Lock")
    qtbot.waitUntil(lambda: said != [], timeout=5_000)
    assert said == ["the computer locked this session"]


def test_logind_finds_the_session_from_its_id_when_logind_cannot_be_asked(qtbot, bus, monkeypatch):
    monkeypatch.setenv("XDG_SESSION_ID", "2")
    adapter = LogindAdapter(bus.bus())  # nothing on the private bus answers as logind
    said = heard(qtbot, adapter)
    assert adapter.start() and adapter.session_path == SESSION
    bus.settle()
    bus.emit(SESSION, "org.freedesktop.login1.Session.Lock")
    qtbot.waitUntil(lambda: said != [], timeout=5_000)


def test_without_a_session_logind_is_not_listened_to(qtbot, bus, monkeypatch):
    monkeypatch.delenv("XDG_SESSION_ID", raising=False)
    assert not LogindAdapter(bus.bus()).start()


def test_session_ids_are_escaped_as_logind_escapes_them():
    assert session_path_from_id("2") == SESSION
    assert session_path_from_id("c12") == "/org/freedesktop/login1/session/c12"
    assert session_path_from_id("a-b") == "/org/freedesktop/login1/session/a_2db"


def test_a_missing_bus_is_a_silent_no_op(qtbot, tmp_path):
    nowhere = private_bus(f"unix:path={tmp_path}/no-bus-here", "philomena-test-no-bus")
    for adapter in (ScreenSaverAdapter(nowhere), LogindAdapter(nowhere, session_path=SESSION)):
        assert adapter.start() is False
        adapter.stop()
        adapter.stop()  # twice is fine


def test_the_adapters_for_this_computer_start_and_stop_without_failing(qtbot):
    adapters = platform_adapters()
    adapters.start()  # listening or not depends on the machine: it must never raise
    adapters.stop()
    if not sys.platform.startswith(("linux", "win32")):
        assert isinstance(adapters, AnyOf) and adapters.adapters == []


def test_any_of_reports_whichever_adapter_speaks_and_which_are_listening(qtbot):
    class Fake(OsLockAdapter):
        def __init__(self, available: bool) -> None:
            super().__init__()
            self.available, self.started = available, False

        def start(self) -> bool:
            self.started = True
            return self.available

        def stop(self) -> None:
            self.started = False

    here, absent = Fake(True), Fake(False)
    both = AnyOf([here, absent])
    said = heard(qtbot, both)
    assert both.start() and both.listening == [here]
    here.screen_locked.emit("the screen locked")
    assert said == ["the screen locked"]
    both.stop()
    assert not here.started and both.listening == []
    assert not AnyOf([absent]).start()


ALL_CODES = {
    win.WTS_CONSOLE_CONNECT: None,
    win.WTS_CONSOLE_DISCONNECT: "the user switched",
    win.WTS_REMOTE_CONNECT: None,
    win.WTS_REMOTE_DISCONNECT: "the remote session was disconnected",
    win.WTS_SESSION_LOGON: None,
    win.WTS_SESSION_LOGOFF: "the user signed out of Windows",
    win.WTS_SESSION_LOCK: "the screen locked",
    win.WTS_SESSION_UNLOCK: None,
    win.WTS_SESSION_REMOTE_CONTROL: None,
    win.WTS_SESSION_CREATE: None,
    win.WTS_SESSION_TERMINATE: "the Windows session ended",
}


@pytest.mark.parametrize(("code", "reason"), ALL_CODES.items())
def test_each_windows_session_change_is_decoded(code, reason):
    assert win.lock_reason(win.WM_WTSSESSION_CHANGE, code) == reason


def test_windows_codes_are_the_documented_ones_and_other_messages_say_nothing():
    assert win.WM_WTSSESSION_CHANGE == 0x02B1
    assert sorted(ALL_CODES) == list(range(0x1, 0xC))
    assert win.lock_reason(0x0010, win.WTS_SESSION_LOCK) is None  # WM_CLOSE, not a session
    assert win.lock_reason(win.WM_WTSSESSION_CHANGE, 0x0) is None
    assert win.lock_reason(win.WM_WTSSESSION_CHANGE, 0xFF) is None


@pytest.mark.skipif(sys.platform == "win32", reason="elsewhere than Windows")
def test_the_windows_adapter_is_a_no_op_elsewhere(qtbot):
    adapter = win.WindowsSessionAdapter()
    assert adapter.start() is False
    adapter.stop()
