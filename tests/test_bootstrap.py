"""The first command's checks: it names the exact packages to install."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("bootstrap", ROOT / "packaging" / "bootstrap.py")
assert spec and spec.loader
bootstrap = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bootstrap)


def test_library_files_map_to_debian_packages():
    assert bootstrap.debian_package("libEGL.so.1") == "libegl1"
    assert bootstrap.debian_package("libdbus-1.so.3") == "libdbus-1-3"
    assert bootstrap.debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert bootstrap.debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"


def test_missing_qt_libraries_are_named(monkeypatch):
    class Listing:
        stdout = "libEGL.so.1 (libc6,x86-64) => /lib/libEGL.so.1\n"

    monkeypatch.setattr(bootstrap.sys, "platform", "linux")
    monkeypatch.setattr(bootstrap.subprocess, "run", lambda *a, **k: Listing())
    assert bootstrap.missing_qt_libraries() == [
        "libgl1",
        "libxkbcommon0",
        "libfontconfig1",
        "libdbus-1-3",
    ]


def test_no_screen_checks_without_a_display(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    assert bootstrap.missing_screen_libraries(Path("python")) == []
