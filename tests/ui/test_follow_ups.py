"""From sign-in: a child comes back, the return interview is declined, and the episode closes.

Closing is refused, naming what is still to do, until the follow-ups are recorded or a manager
waives them; staff see the waiver greyed out, saying who can.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.domain.episode import EpisodeState
from desktop.domain.model import ChildDetails, Home, Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.controller import AppController
from tests.support.sample import ADMIN, PASSPHRASE
from tests.support.ui import answer_next_dialog, press
from tests.ui.test_missing_page import choose, fill_fields, sign_in

CARER = "Sam Carer"


@pytest.fixture
def controller(qtbot, ctx):
    """A home with Jade, and a carer who is not a manager."""
    created = Store.create(
        ctx.store_dir,
        home=Home(name="Elm House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    )
    with created.store as store:
        store.children.add(
            ChildDetails(first_name="Jade", last_name="Fox", date_of_birth=date(2011, 9, 1))
        )
        store.accounts.add(name=CARER, role=Role.STAFF, passphrase=PASSPHRASE, kdf=TEST_ONLY_PARAMS)
    app = AppController(ctx)
    app.start()
    yield app
    app.shutdown()


def _away_then_back(qtbot, window) -> None:
    choose(qtbot, window, "Jade")
    page = window.missing
    answer_next_dialog(qtbot)
    press(qtbot, window.table, "Ctrl+N")
    qtbot.waitUntil(lambda: page.episode is not None, timeout=5_000)
    assert not page.follow_ups.isVisible()
    answer_next_dialog(qtbot, fill=fill_fields(where="Home, brought back by police"))
    press(qtbot, window.table, "Ctrl+T")
    qtbot.waitUntil(lambda: page.follow_ups.isVisible(), timeout=5_000)


def _state(window) -> EpisodeState:
    [episode] = window.store.episodes.for_child(window.missing.child_id)
    return window.store.episodes.state(episode.id)


def test_a_declined_return_interview_lets_the_episode_close(qtbot, controller):
    window = sign_in(qtbot, controller)
    _away_then_back(qtbot, window)
    page = window.missing
    assert "return interview: held, or declined — to do" in page.follow_ups.words.text()

    press(qtbot, window.table, "Ctrl+E")
    qtbot.keyClicks(page.other_kind, "Return interview")
    assert page.other_kind.currentText() == "Return interview offered"
    for _ in range(2):  # offered, done, declined
        qtbot.keyClick(page.other_kind, Qt.Key.Key_Down)
    assert page.other_kind.currentText() == "Return interview declined"
    answer_next_dialog(
        qtbot, fill=fill_fields(declined_by="Jade", why="Said she was too tired to talk")
    )
    qtbot.mouseClick(page.other, Qt.MouseButton.LeftButton)
    declined = window.store.episodes.log(page.episode.id)[-1]
    assert declined.kind == "return_interview_declined"
    assert declined.body == {"declined_by": "Jade", "why": "Said she was too tired to talk"}
    row = page.log_table.rowCount() - 1
    assert page.log_table.item(row, 4).text() == (
        "Declined by: Jade; Why declined: Said she was too tired to talk"
    )
    assert "done" in page.follow_ups.words.text() and "to do" not in page.follow_ups.words.text()

    page.tabs.setCurrentIndex(0)
    answer_next_dialog(qtbot, "Back and settled")
    qtbot.mouseClick(page.follow_ups.close_episode, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _state(window) is EpisodeState.CLOSED, timeout=5_000)
    assert page.start.isVisible() and not page.follow_ups.isVisible()


def test_closing_is_refused_until_a_manager_waives_the_follow_ups(qtbot, controller):
    window = sign_in(qtbot, controller, name=CARER)
    _away_then_back(qtbot, window)
    page = window.missing
    assert not page.follow_ups.waive.isEnabled()
    assert "manager" in page.follow_ups.waive.toolTip()
    qtbot.mouseClick(page.follow_ups.close_episode, Qt.MouseButton.LeftButton)
    assert "Still to do: Record the return interview" in page.error.text()
    assert _state(window) is EpisodeState.RETURNED

    press(qtbot, window.table, "Ctrl+L")  # lock: the manager signs in at the same desk
    qtbot.waitUntil(lambda: controller.window is not window, timeout=5_000)
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Jade")
    page = window.missing
    assert page.follow_ups.waive.isEnabled()
    answer_next_dialog(qtbot, fill=fill_fields(reason="Moved to a secure unit the same day"))
    qtbot.mouseClick(page.follow_ups.waive, Qt.MouseButton.LeftButton)
    assert page.follow_ups.words.text() == "Follow-ups: waived by a manager."
    answer_next_dialog(qtbot, "Moved on")
    qtbot.mouseClick(page.follow_ups.close_episode, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _state(window) is EpisodeState.CLOSED, timeout=5_000)
