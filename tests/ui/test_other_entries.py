"""From the episode screen: the kinds of entry with no button of their own, and a meeting's stage.

A carer in a Warwickshire home logs that the police told them the child is back, and the
intervention meetings the child's repeated absences call for; marking a meeting's prompt done
records the meeting of its stage, so the next episode asks for the next stage.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.domain.model import ChildDetails, Home
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.controller import AppController
from tests.support.sample import ADMIN, PASSPHRASE, close_episode
from tests.support.ui import answer_next_dialog, press
from tests.ui.test_missing_page import choose, fill_fields, sign_in


@pytest.fixture
def controller(qtbot, ctx):
    """A Warwickshire home; Jade has gone missing twice before."""
    created = Store.create(
        ctx.store_dir,
        home=Home(name="Elm House", protocol_id="warwickshire"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    )
    with created.store as store:
        child = store.children.add(
            ChildDetails(first_name="Jade", last_name="Fox", date_of_birth=date(2011, 9, 1))
        )
        for _ in range(2):
            past = store.episodes.start(child.id, whereabouts="unknown")
            store.episodes.append(past.id, "returned", {"where": "Home"})
            close_episode(store, past.id, "Back and settled")
            ctx.clock.moment += timedelta(days=12)
    app = AppController(ctx)
    app.start()
    yield app
    app.shutdown()


def test_a_meeting_done_is_logged_by_its_stage_and_other_kinds_from_the_log_tab(qtbot, controller):
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Jade")
    page = window.missing
    answer_next_dialog(qtbot)
    press(qtbot, window.table, "Ctrl+N")  # the third episode in 90 days
    qtbot.waitUntil(lambda: page.episode is not None, timeout=5_000)
    [stage_1] = [r for r in page.prompt_rows if r.prompt.rule == "repeat.3_in_90"]
    qtbot.mouseClick(stage_1.done, Qt.MouseButton.LeftButton)
    log = window.store.episodes.log(page.episode.id)
    assert [(e.kind, e.body) for e in log[-1:]] == [("intervention_meeting", {"stage": "1"})]
    assert "repeat.3_in_90" not in [r.prompt.rule for r in page.prompt_rows]

    press(qtbot, window.table, "Ctrl+E")  # from anywhere: the Timed log tab's list of kinds
    assert page.tabs.currentWidget() is page.log_tab and page.other_kind.hasFocus()
    qtbot.keyClicks(page.other_kind, "Told")
    assert page.other_kind.currentText() == "Told the child is back or found"
    answer_next_dialog(qtbot, fill=fill_fields(by_whom="Police", how="Phone call"))
    qtbot.mouseClick(page.other, Qt.MouseButton.LeftButton)
    told = window.store.episodes.log(page.episode.id)[-1]
    assert (told.kind, told.body) == ("return_notified", {"by_whom": "Police", "how": "Phone call"})
    row = page.log_table.rowCount() - 1
    assert page.log_table.item(row, 3).text() == "Told the child is back or found"
    assert page.log_table.item(row, 4).text() == "Who told us: Police; How we were told: Phone call"

    press(qtbot, page.log_table, "Ctrl+E")
    qtbot.keyClick(page.other_kind, Qt.Key.Key_Down)  # the next kind in the list
    assert page.other_kind.currentText() == "Missing intervention meeting held"
    answer_next_dialog(qtbot, fill=fill_fields(stage="Esc"))
    qtbot.mouseClick(page.other, Qt.MouseButton.LeftButton)
    meeting = window.store.episodes.log(page.episode.id)[-1]
    assert (meeting.kind, meeting.body) == ("intervention_meeting", {"stage": "3"})
    assert page.log_table.item(page.log_table.rowCount() - 1, 4).text() == (
        "Which meeting: Escalation"
    )


def test_a_planned_placement_is_said_when_the_child_is_added(qtbot, controller):
    window = sign_in(qtbot, controller)

    def fill(dialog) -> None:
        for field, text in (
            (dialog.first_name, "Sam"),
            (dialog.last_name, "Reed"),
            (dialog.date_of_birth, "03/03/2012"),
        ):
            field.setFocus()
            qtbot.keyClicks(field, text)
        dialog.placement_planned.setFocus()
        qtbot.keyClicks(dialog.placement_planned, "Planned")
        assert dialog.placement_planned.currentText().startswith("Planned ahead")

    answer_next_dialog(qtbot, fill=fill)
    press(qtbot, window.table, "Alt+I")
    qtbot.waitUntil(lambda: window.child_title.full_text() == "Sam Reed", timeout=5_000)
    [sam] = [c for c in window.store.children.all() if c.first_name == "Sam"]
    assert sam.placement_planned is True


def test_a_disagreement_with_the_police_grading_brings_the_escalation(qtbot, controller):
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Jade")
    page = window.missing
    answer_next_dialog(qtbot)
    press(qtbot, window.table, "Ctrl+N")
    qtbot.waitUntil(lambda: page.episode is not None, timeout=5_000)
    assert "escalate.risk_disagreement" not in [r.prompt.rule for r in page.prompt_rows]
    press(qtbot, window.table, "Ctrl+E")
    qtbot.keyClicks(page.other_kind, "We disagree")
    assert page.other_kind.currentText() == "We disagree with the police's risk grading"
    answer_next_dialog(qtbot, fill=fill_fields(view="High: she is with an older man"))
    qtbot.mouseClick(page.other, Qt.MouseButton.LeftButton)
    said = window.store.episodes.log(page.episode.id)[-1]
    assert (said.kind, said.body) == (
        "grading_disagreement",
        {"view": "High: she is with an older man"},
    )
    [row] = [r for r in page.prompt_rows if r.prompt.rule == "escalate.risk_disagreement"]
    assert "escalate" in row.prompt.text.lower()
