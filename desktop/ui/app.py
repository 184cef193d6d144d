"""Start the desktop app: setup on first run, then sign-in, then the main window.

``philomena-desk`` (or ``python -m desktop.ui.app``) opens the default store;
``--demo`` opens a separate store of invented children, building it the first time.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import paths

QT_HELP = (
    "Philomena Desk could not start its window because Qt is missing system libraries.\n"
    "On Debian or Ubuntu install them with:\n"
    "    sudo apt-get install -y libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3\n"
)


NO_SCREEN = (
    "Philomena Desk needs a screen, and none was found (DISPLAY and WAYLAND_DISPLAY are not "
    "set).\nOn a machine without a screen, use the command line instead:\n"
    "    python -m desktop --help\n"
)


def _has_screen() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def report_unhandled(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
    """Last line of defence for the window: a plain message, and nothing personal anywhere.

    Known problems (a full disk, a damaged store) say what to do; a bug says only where it
    happened in the code, never what data it was handling, and no traceback is printed.
    """
    from PySide6.QtWidgets import QApplication, QMessageBox

    from desktop.domain.errors import PhilomenaError
    from desktop.ui.ops import bug_error

    if isinstance(exc, KeyboardInterrupt):
        QApplication.quit()
        return
    if isinstance(exc, PhilomenaError):
        QMessageBox.warning(None, "Philomena Desk", exc.message)
    else:
        QMessageBox.critical(None, "Philomena Desk", bug_error(exc).message)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="philomena-desk", description=__doc__)
    parser.add_argument("--demo", action="store_true", help="open the store of invented children")
    parser.add_argument("--store", type=Path, help="the store folder to open")
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app until its last window closes."""
    args = _parse(argv)
    if not _has_screen():
        print(NO_SCREEN, file=sys.stderr)
        return 3
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:
        print(QT_HELP, file=sys.stderr)
        return 3
    from desktop.ui.controller import AppController
    from desktop.ui.theme import apply_theme

    sys.excepthook = report_unhandled
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Philomena Desk")
    apply_theme(app)
    folder = args.store or (paths.demo_store_dir() if args.demo else paths.default_store_dir())
    controller = AppController.for_folder(folder, demo=args.demo)
    controller.start()
    if args.exit_when_ready:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)
    code = app.exec()
    controller.shutdown()
    app.processEvents()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
