"""Check the windows fit a 1920x1080 screen at 150 % (1280x720 logical), in its own process.

Qt reads ``QT_SCALE_FACTOR`` only before the application exists, so the test runs
``python -m tests.support.scaled_fit FOLDER`` with it set; this prints ``fits`` or fails.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.domain.clock import SystemClock
from desktop.domain.model import Home
from desktop.formspec import load_forms
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.accounts import AccountDialog
from desktop.ui.child_dialog import AddChildDialog
from desktop.ui.context import AppContext
from desktop.ui.first_run import SetupDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pack_dialog import PackDialog
from desktop.ui.photos import PhotoDetailsDialog
from desktop.ui.signin import SignInDialog
from desktop.ui.theme import apply_theme
from tests.support.geometry import assert_fits, settle
from tests.support.sample import ADMIN, PASSPHRASE, add_child

LOGICAL = QSize(1280, 720)
"""1920x1080 at 150 %."""
WARNINGS: list[str] = []


def _collect(kind: QtMsgType, _context: object, message: str) -> None:
    if kind != QtMsgType.QtDebugMsg and not message.startswith("This plugin does not support"):
        WARNINGS.append(message)


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    """Let the app run until a condition holds (background work reports back)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QTest.qWait(50)


def check(folder: Path) -> None:
    """Show each window at the scaled screen's logical size and check it fits."""
    ctx = AppContext(
        store_dir=folder / "store",
        clock=SystemClock(),
        device=NoSecrets(),
        forms=load_forms(paths.forms_dir()),
        kdf=TEST_ONLY_PARAMS,
    )
    created = Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    )
    child = add_child(created.store, "Aaliyah-Rose", "Fitzgerald-Montgomery")
    episode = created.store.episodes.start(child.id, whereabouts="unknown")
    created.store.episodes.append(episode.id, "police_report", {"reference": "HUM-77"})
    window = MainWindow(ctx, created.store)
    assert_fits(window, LOGICAL, exact=True)
    rect = window.table.visualRect(window.model.index(0, 1))
    QTest.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()
    assert window.child_id is not None
    bar = window.tabs.tabBar()
    for index in range(bar.count()):
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
        settle()
        assert_fits(window, LOGICAL, exact=True)
    for dialog in (
        AddChildDialog(date.today(), ctx.rule_sets, window),
        PhotoDetailsDialog("photo.jpg", date.today(), window),
        AccountDialog(title="Add a staff member", with_role=True, parent=window),
        SignInDialog(ctx, name_hint=ADMIN, note="Demo records: sign in as someone."),
        SetupDialog(ctx),
    ):
        assert_fits(dialog, LOGICAL)
        dialog.hide()
    QTest.mouseClick(window.police, Qt.MouseButton.LeftButton)
    pack = next(w for w in window.findChildren(PackDialog) if w.isVisible())
    wait_for(pack.save.isEnabled)
    assert pack.save.isEnabled(), pack.error.text()
    assert_fits(pack, LOGICAL, exact=True)
    pack.close()
    window.idle_timer.stop()
    window.close()
    sign_in = SignInDialog(ctx, name_hint=ADMIN)
    sign_in.show()
    QTest.keyClicks(sign_in.passphrase, "not my passphrase")
    QTest.mouseClick(sign_in.sign_in, Qt.MouseButton.LeftButton)
    wait_for(lambda: "do not match" in sign_in.error.text())
    assert "do not match" in sign_in.error.text(), sign_in.error.text()
    assert_fits(sign_in, LOGICAL)  # after the error, too
    assert not WARNINGS, WARNINGS


def main() -> None:
    """Run the check with the scale factor the environment gives."""
    qInstallMessageHandler(_collect)
    app = QApplication(sys.argv[:1])
    apply_theme(app)
    assert app.devicePixelRatio() == float(os.environ["QT_SCALE_FACTOR"])
    check(Path(sys.argv[1]))
    print("fits")


if __name__ == "__main__":
    main()
