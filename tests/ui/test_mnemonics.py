"""Every window's Alt mnemonics are unique: Alt+letter never means two things."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.ui.accounts import AccountDialog
from desktop.ui.child_dialog import AddChildDialog
from desktop.ui.first_run import SetupDialog
from desktop.ui.pack_dialog import PackDialog
from desktop.ui.photos import PhotoDetailsDialog
from desktop.ui.signin import SignInDialog
from tests.support.geometry import settle
from tests.support.mnemonics import clashes, mnemonic
from tests.support.sample import ADMIN, PASSPHRASE
from tests.support.ui import click_child, click_tab


@pytest.fixture
def window(window_with_child):
    return window_with_child


def test_a_mnemonic_is_the_letter_after_a_single_ampersand():
    assert mnemonic("Part &A") == "a"
    assert mnemonic("Fish && &chips") == "c"
    assert mnemonic("No mnemonic") is None


def test_the_main_window_mnemonics_are_unique_on_every_tab(qtbot, window):
    window.show()
    settle()
    assert clashes(window) == {}
    click_child(qtbot, window)
    bar = window.tabs.tabBar()
    for index in range(bar.count()):
        text = bar.tabText(index).replace("&", "")
        if text.startswith("Missing"):
            continue  # the Missing or absent page has its own tests
        click_tab(qtbot, window, text)
        assert clashes(window) == {}, text


def test_the_pack_window_mnemonics_are_unique(qtbot, window):
    window.show()
    click_child(qtbot, window)
    qtbot.mouseClick(window.police, Qt.MouseButton.LeftButton)
    pack = next(w for w in window.findChildren(PackDialog) if w.isVisible())
    qtbot.waitUntil(pack.save.isEnabled, timeout=20_000)
    assert clashes(pack) == {}
    pack.close()


def test_the_dialogs_mnemonics_are_unique(qtbot, ctx):
    today = date(2026, 3, 1)
    for dialog in (
        AddChildDialog(today, ctx.rule_sets),
        PhotoDetailsDialog("photo.jpg", today),
        AccountDialog(title="Add a staff member", with_role=True),
        AccountDialog(title="Reset a passphrase", with_role=False),
        SignInDialog(ctx, name_hint=ADMIN),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        settle()
        assert clashes(dialog) == {}, dialog.windowTitle()


def test_the_recovery_key_sign_in_mnemonics_are_unique(qtbot, ctx):
    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.use_recovery, Qt.MouseButton.LeftButton)
    assert dialog.recovery.isVisible()
    assert clashes(dialog) == {}


def test_every_setup_page_has_unique_mnemonics(qtbot, ctx):
    dialog = SetupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert clashes(dialog) == {}
    qtbot.keyClicks(dialog.home_name, "Oak House")
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    assert clashes(dialog) == {}
    qtbot.keyClicks(dialog.admin_name, ADMIN)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase_again, PASSPHRASE)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=10_000)
    assert clashes(dialog) == {}
    qtbot.mouseClick(dialog.confirm, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    created.args[0].close()
