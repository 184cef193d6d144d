"""Signing in to a store whose newest entries were lost with its ``-wal`` file says so at once."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt

from desktop.domain.model import Home
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.layout import DATABASE_NAME, HEAD_RECORD_NAME, KEY_FILE_NAME
from desktop.store.store import Store
from desktop.ui.controller import LOSSES_TITLE, AppController
from desktop.ui.main_window import MainWindow
from desktop.ui.signin import SignInDialog
from tests.support.sample import ADMIN, PASSPHRASE, add_child, reopen


def test_signing_in_after_the_wal_was_lost_names_the_missing_entries(qtbot, ctx, dialogs, tmp_path):
    original = tmp_path / "original"
    with Store.create(
        original,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    ).store as store:
        child = add_child(store)
    with reopen(original, ctx.clock, ctx.device) as store:
        episode = store.episodes.start(child.id, whereabouts="unknown")
        store.episodes.append(episode.id, "note", {"note": "searched the garden"})
        ctx.store_dir.mkdir()
        for name in (DATABASE_NAME, KEY_FILE_NAME, HEAD_RECORD_NAME):  # not store.db-wal
            shutil.copyfile(original / name, ctx.store_dir / name)
    controller = AppController(ctx)
    controller.start()
    try:
        dialog = controller.window
        assert isinstance(dialog, SignInDialog)
        qtbot.keyClicks(dialog.name, ADMIN)
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10_000)
        ((_, text),) = [m for m in dialogs.messages if m[0] == LOSSES_TITLE]
        assert "The last 2 log entries (numbers 1 to 2, up to" in text
        assert "store.db-wal) was lost" in text
        assert "Tell your manager now." in text
    finally:
        controller.shutdown()
