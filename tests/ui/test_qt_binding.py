"""The Qt binding keeps Python's reference counts right (a long night shift makes many calls)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_qt_calls_that_return_nothing_do_not_release_none():
    """PySide6 6.12 on Python 3.11 dropped a reference to None per call, aborting a session."""
    thing = QObject()
    before = sys.getrefcount(None)
    for _ in range(2_000):
        thing.setObjectName("kept")
    assert sys.getrefcount(None) >= before - 100
