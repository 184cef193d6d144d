"""From the signed-in window: check the store and see the witness code to write down."""

from __future__ import annotations

from desktop.domain.model import Home
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.signing import witness
from desktop.store.store import Store
from desktop.ui.main_window import MainWindow
from tests.support.sample import ADMIN, PASSPHRASE
from tests.support.tamper import raw_database, without_triggers
from tests.support.ui import sign_in_from_start


def _sign_in(qtbot, ctx) -> MainWindow:
    return sign_in_from_start(qtbot, ctx)


def _check(qtbot, window: MainWindow, dialogs) -> tuple[str, str]:
    """File → Check the store…, and what it says when it has finished."""
    qtbot.waitUntil(lambda: not window.store_check.steps, timeout=10_000)
    dialogs.messages.clear()
    file_menu = window.menuBar().actions()[0].menu()
    (action,) = [a for a in file_menu.actions() if a.text() == "&Check the store…"]
    action.trigger()
    qtbot.waitUntil(lambda: bool(dialogs.messages), timeout=20_000)
    return dialogs.messages[-1]


def test_checking_the_records_shows_the_witness_code_then_names_a_renamed_author(
    qtbot, ctx, dialogs
):
    made = Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    )
    made.store.close()
    window = _sign_in(qtbot, ctx)
    title, words = _check(qtbot, window, dialogs)
    assert title == "The store is intact"
    code = words.split("\n\n    ")[1].split("\n")[0]
    assert witness.parse_code(code) is not None
    assert "Write it down with the date" in words

    with raw_database(ctx.store_dir, made.recovery_key) as conn:
        without_triggers(conn, "UPDATE staff SET name = 'Someone Else'")
    title, words = _check(qtbot, window, dialogs)
    assert title == "The store has a problem"
    assert "The staff account of Someone Else sealed by the checkpoint of 01/03/2026" in words
    assert "changed outside Philomena Desk" in words
    window.close()
