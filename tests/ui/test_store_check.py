"""The full check from the app (with its progress bar), after a backup, and the sign-in check."""

from __future__ import annotations

from sqlalchemy import text

from desktop.store.store import Store
from tests.support.sample import ADMIN, PASSPHRASE, add_child
from tests.ui.test_backups import _sign_in


def _action(window, words: str):
    file_menu = window.menuBar().actions()[0].menu()
    (action,) = [a for a in file_menu.actions() if a.text() == words]
    return action


def test_the_full_check_on_demand_shows_its_progress_then_what_it_found(
    qtbot, ctx, closed_store, dialogs
):
    window = _sign_in(qtbot, ctx)
    qtbot.waitUntil(lambda: not window.store_check.steps, timeout=10_000)
    dialogs.messages.clear()
    _action(window, "&Check the store…").trigger()
    progress = window.store_check.progress
    assert progress is not None and progress.isVisible()
    assert progress.labelText().startswith("Checking every page")
    qtbot.waitUntil(lambda: bool(dialogs.messages), timeout=20_000)
    title, words = dialogs.messages[-1]
    assert title == "The store is intact" and "every log entry" in words
    assert not progress.isVisible()
    window.close()


def test_a_backup_to_a_folder_is_followed_by_the_full_check(
    qtbot, ctx, closed_store, dialogs, tmp_path
):
    window = _sign_in(qtbot, ctx)
    qtbot.waitUntil(lambda: not window.store_check.steps, timeout=10_000)
    dialogs.folder = tmp_path / "usb"
    _action(window, "&Back up to a folder or drive…").trigger()
    qtbot.waitUntil(lambda: dialogs.messages[-1][0] == "The store is intact", timeout=20_000)
    assert dialogs.messages[-1][1].startswith("The backup is made. Every page")
    window.close()


def test_signing_in_to_a_store_whose_log_was_cut_short_says_so(qtbot, ctx, closed_store, dialogs):
    store = Store.open(
        ctx.store_dir, name=ADMIN, passphrase=PASSPHRASE, clock=ctx.clock, device=ctx.device
    )
    child = add_child(store)
    store.episodes.start(child.id, whereabouts="unknown")
    with store.db.engine.begin() as conn:  # as someone holding the database key alone could
        conn.execute(text("UPDATE log_head SET mac = :m"), {"m": "0" * 64})
    store.close()
    window = _sign_in(qtbot, ctx)
    problems = [words for title, words in dialogs.messages if title == "The store has a problem"]
    assert len(problems) == 1 and "newest log entry was altered" in problems[0]
    assert "File → Check the store…" in problems[0]
    window.close()
