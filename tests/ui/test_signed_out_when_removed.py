"""A member of staff removed (or closed) while their window is open is signed out at their next
click, told why, and their child's records leave the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.domain.model import Home, Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.controller import AppController
from desktop.ui.main_window import MainWindow
from desktop.ui.signin import SignInDialog
from tests.support.sample import ADMIN, PASSPHRASE, add_child, reopen

SAM, SAM_PASSPHRASE = "Sam Carer", "Sam's own long passphrase"


@pytest.fixture
def app(qtbot, ctx):
    with Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    ).store as store:
        store.accounts.add(
            name=SAM, role=Role.STAFF, passphrase=SAM_PASSPHRASE, kdf=TEST_ONLY_PARAMS
        )
        add_child(store)
    controller = AppController(ctx)
    controller.start()
    yield controller
    controller.shutdown()


def _sign_in_as_sam(qtbot, controller) -> MainWindow:
    dialog = controller.window
    assert isinstance(dialog, SignInDialog)
    qtbot.keyClicks(dialog.name, SAM)
    qtbot.keyClicks(dialog.passphrase, SAM_PASSPHRASE)
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10_000)
    return controller.window


@pytest.mark.parametrize(("how", "said"), [("remove", "removed"), ("disable", "closed")])
def test_a_removed_member_of_staff_is_signed_out_at_their_next_click(
    qtbot, app, ctx, dialogs, how, said
):
    window = _sign_in_as_sam(qtbot, app)
    with reopen(ctx.store_dir, ctx.clock, ctx.device) as admin:  # the office PC, meanwhile
        getattr(admin.accounts, how)(name=SAM)
    rect = window.table.visualRect(window.model.index(0, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: isinstance(app.window, SignInDialog), timeout=5_000)
    assert not window.isVisible()
    assert ("You have been signed out", next(t for _, t in dialogs.messages if said in t)) in (
        dialogs.messages
    )
