#!/usr/bin/env python3
"""Set up and run Philomena Desk from a fresh checkout, using only the standard library.

    python3 packaging/bootstrap.py app [--demo]   install, then start the app
    python3 packaging/bootstrap.py test [ARGS]    install with test tools, then run every test

The first run creates ``.venv`` in the checkout (or ``$PHILOMENA_VENV``) and installs the
project into it; later runs reuse it. On Linux it first checks the system libraries Qt needs and
says exactly what to install, rather than letting Qt fail with a cryptic error.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_LIBRARIES = {  # library file -> Debian/Ubuntu package
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def fail(message: str, code: int = 3) -> None:
    print(f"\nphilomena setup: {message}", file=sys.stderr)
    raise SystemExit(code)


def check_python() -> None:
    if sys.version_info < (3, 11):
        fail(f"Philomena Desk needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        minor = f"{sys.version_info.major}.{sys.version_info.minor}"
        fail(
            "Python's virtual-environment support is missing. Install it with:\n"
            f"    sudo apt-get install -y python{minor}-venv"
        )


def missing_qt_libraries() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    try:
        listing = subprocess.run(
            ["ldconfig", "-p"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        ldconfig = Path("/sbin/ldconfig")
        if not ldconfig.exists():
            return []
        listing = subprocess.run(
            [str(ldconfig), "-p"], capture_output=True, text=True, check=False
        ).stdout
    return [pkg for lib, pkg in QT_LIBRARIES.items() if lib not in listing]


def check_qt_libraries() -> None:
    missing = missing_qt_libraries()
    if missing:
        fail(
            "Qt needs some system libraries that are not installed. Install them with:\n"
            f"    sudo apt-get install -y {' '.join(missing)}\n"
            "then run this command again."
        )


def debian_package(soname: str) -> str:
    """Debian's package name for a library file: libxcb-icccm.so.4 -> libxcb-icccm4."""
    name, _, version = soname.partition(".so.")
    name = name.lower()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_screen_libraries(python: Path) -> list[str]:
    """Libraries Qt's X11 plugin needs that are not installed (only when an X display is used)."""
    if not sys.platform.startswith("linux") or not os.environ.get("DISPLAY"):
        return []
    if os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        return []
    plugin = subprocess.run(
        [
            str(python),
            "-c",
            "import PySide6, pathlib; print(pathlib.Path(PySide6.__file__)"
            ".parent / 'Qt/plugins/platforms/libqxcb.so')",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    missing: list[str] = []
    if plugin and Path(plugin).exists():
        listing = subprocess.run(
            ["ldd", plugin], capture_output=True, text=True, check=False
        ).stdout
        missing += [line.split()[0] for line in listing.splitlines() if "not found" in line]
    try:
        known = subprocess.run(
            ["ldconfig", "-p"], capture_output=True, text=True, check=False
        ).stdout
    except OSError:
        known = ""
    if known and "libxcb-cursor.so.0" not in known:  # loaded at run time, so ldd misses it
        missing.append("libxcb-cursor.so.0")
    return sorted({debian_package(m) for m in missing})


def venv_dir() -> Path:
    return Path(os.environ.get("PHILOMENA_VENV") or ROOT / ".venv")


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_installed(extra: str) -> Path:
    venv = venv_dir()
    python = venv_python(venv)
    if not python.exists():
        print(f"Creating a virtual environment in {venv} …")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    spec = ROOT.joinpath("pyproject.toml").read_bytes()
    stamp = venv / f".philomena-installed-{extra or 'app'}"
    digest = hashlib.sha256(spec).hexdigest()
    if not stamp.exists() or stamp.read_text() != digest:
        print("Installing Philomena Desk and what it needs (first run only) …")
        target = f"{ROOT}[{extra}]" if extra else str(ROOT)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True
        )
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", target], check=True)
        stamp.write_text(digest)
    return python


def run_app(args: list[str]) -> int:
    python = ensure_installed("")
    missing = missing_screen_libraries(python)
    if missing:
        fail(
            "Qt needs some more system libraries to open a window on this screen. Install "
            f"them with:\n    sudo apt-get install -y {' '.join(missing)}\n"
            "then run this command again."
        )
    return subprocess.call([str(python), "-m", "desktop.ui.app", *args])


def run_tests(args: list[str]) -> int:
    python = ensure_installed("test")
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([str(python), "-m", "pytest", *args], cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("app", "test"):
        print(__doc__)
        return 2
    check_python()
    check_qt_libraries()
    return run_app(argv[1:]) if argv[0] == "app" else run_tests(argv[1:])


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
