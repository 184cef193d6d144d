"""Ringing the police with the call guide, from the sign-in window of the demo records.

A carer starts an episode for a demo child, opens the guide with Ctrl+R, reads every answer (or
sees that it is not known), types what a colleague tells them, offers the pack, records the report,
and is asked to chase the police until they accept it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.export.gather import known_for_episode
from desktop.formspec.values import is_empty
from desktop.store.demo import DEMO_NAME, DEMO_PASSPHRASE, build_demo_store
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.ui.controller import AppController
from desktop.ui.main_window import MainWindow
from desktop.ui.pack_dialog import PackDialog
from desktop.ui.signin import SignInDialog
from tests.support.mnemonics import clashes
from tests.support.ui import answer_next_dialog, click_tab, press, type_into
from tests.ui.test_missing_page import fill_fields, open_guide


@pytest.fixture
def controller(qtbot, ctx):
    build_demo_store(
        ctx.store_dir, clock=ctx.clock, device=ctx.device, forms=ctx.forms, kdf=TEST_ONLY_PARAMS
    )
    app = AppController(ctx)
    app.start()
    yield app
    app.shutdown()


def sign_in_to_the_demo(qtbot, controller: AppController) -> MainWindow:
    dialog = controller.window
    assert isinstance(dialog, SignInDialog)
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.name, DEMO_NAME)
    qtbot.keyClicks(dialog.passphrase, DEMO_PASSPHRASE)
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=15_000)
    window = controller.window
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    return window


def choose(qtbot, window: MainWindow, first_name: str) -> None:
    """Click the child in the list (a name they go by is shown first: "Shiv (Siobhán …)")."""
    row = next(
        r
        for r in range(window.model.rowCount())
        if window.model.summary(r).child.first_name == first_name
    )
    rect = window.table.visualRect(window.model.index(row, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert first_name in window.child_title.full_text()


def recorded(window: MainWindow, form: str, field: str) -> Any:
    """A field's answer as the store gives it (the child's forms, or the episode's with its log)."""
    store, page = window.store, window.missing
    spec = window.ctx.forms[form]
    if spec.scope == "child":
        return store.forms.values(page.child_id, spec).get(field)
    prompts = window.ctx.prompts(store, page.child_id)  # Part B's report-by time comes from them
    known = known_for_episode(store, page.child_id, window.ctx.forms, prompts)
    return store.episodes.form_values(page.episode.id, spec, known=known).get(field)


def test_a_carer_reports_a_demo_child_with_every_answer_in_front_of_them(qtbot, controller):
    ctx = controller.ctx
    window = sign_in_to_the_demo(qtbot, controller)
    choose(qtbot, window, "Siobhán")
    page = window.missing
    answer_next_dialog(
        qtbot, fill=fill_fields(last_seen="Front gate", clothing="Black hoodie, grey joggers")
    )
    press(qtbot, window.table, "Ctrl+N")
    qtbot.waitUntil(lambda: page.episode is not None, timeout=5_000)
    ctx.clock.moment += timedelta(minutes=10)

    guide = open_guide(qtbot, window)
    assert guide.isVisible() and guide.windowTitle().startswith("Report to police")
    assert clashes(guide) == {}  # keyboard only: every Alt+letter means one thing

    # Every question shows what the records say, or that it is not known.
    unknown_words = ctx.call_guide.unknown
    for question in ctx.call_guide.questions():
        answers = [recorded(window, s.form, s.field) for s in question.answers]
        known = any(not is_empty(a) for a in answers)
        shown = guide.answer(question.id)
        assert guide.unknown(question.id) is not known, question.id
        assert (shown == unknown_words) is not known, (question.id, shown)
        for source, answer in zip(question.answers, answers, strict=True):
            label = ctx.forms[source.form].field(source.field).label
            assert (f"{label}:" in shown) is not is_empty(answer), (question.id, label)
    assert "Full legal name: Siobhán Ó Briain" in guide.answer("name")
    assert "Where last seen: Front gate  (As logged at 15:00, Sun 1 Mar 2026)" in guide.answer(
        "last_seen"
    )
    assert "Clothes when last seen: Black hoodie, grey joggers" in guide.answer("clothing")
    assert guide.unknown("why_worried")

    # A colleague says why they are worried: typed under the question, it lands in Part B.
    type_into(qtbot, guide.supplied_by, "Kim on the late shift")
    type_into(qtbot, guide.obtained_at, "01/03/2026 15:05")
    worried = guide.inputs["why_worried"]
    type_into(qtbot, worried, "She said she would meet an older man from the bus station")
    qtbot.keyClick(worried, Qt.Key.Key_Return)
    assert worried.text() == ""
    assert not guide.unknown("why_worried")
    assert guide.answer("why_worried") == (
        "Why you are worried: She said she would meet an older man from the bus station"
        "  (Told by Kim on the late shift, as logged at 15:05, Sun 1 Mar 2026)"
    )
    filled = window.store.episodes.filled_form(page.episode.id, ctx.forms["part_b"])
    assert filled.values["why_worried"].startswith("She said she would meet an older man")
    assert filled.provenance["why_worried"].supplied_by == "Kim on the late shift"
    assert filled.provenance["why_worried"].at.strftime("%H:%M") == "15:05"

    # The report: the time of the call, the call-handler, the incident number, the grading.
    answer_next_dialog(
        qtbot, fill=fill_fields(reference="INC-2603-0042", call_handler="PC 1234 Jones")
    )
    qtbot.mouseClick(guide.report, Qt.MouseButton.LeftButton)
    assert "It is made when the police accept it" in guide.status.text()

    # The police pack is offered at once.
    press(qtbot, guide, "Alt+P")
    qtbot.waitUntil(lambda: any(isinstance(w, PackDialog) and w.isVisible() for w in _tops()))
    next(w for w in _tops() if isinstance(w, PackDialog) and w.isVisible()).close()
    press(qtbot, guide, "Alt+C")
    qtbot.waitUntil(lambda: not guide.isVisible())
    log = window.store.episodes.log(page.episode.id)
    report = next(e for e in log if e.kind == "police_report")
    assert report.body == {"reference": "INC-2603-0042", "call_handler": "PC 1234 Jones"}
    assert report.event_at == ctx.clock.now()

    # Part B shows the answer given in the call, and the log who gave it.
    click_tab(qtbot, page, "Part B")
    editor = page.editors["part_b"].editors["why_worried"].widget
    assert editor.isVisible() and "older man" in editor.toPlainText()
    click_tab(qtbot, page, "Timed log")
    details = [page.log_table.item(r, 4).text() for r in range(page.log_table.rowCount())]
    assert any("Who supplied the information: Kim on the late shift" in d for d in details)
    assert not any("part_b" in d for d in details)  # the field it fills is the app's business

    # Until the police accept it, a prompt asks to chase it; Done records the acceptance.
    click_tab(qtbot, page, "Due and checks")
    chase = [r for r in page.prompt_rows if r.prompt.action == "chase_acceptance"]
    assert len(chase) == 1 and chase[0].isVisible()
    assert chase[0].what.full_text() == "Get the police to confirm they accepted Shiv's report"
    ctx.clock.moment += timedelta(minutes=25)
    answer_next_dialog(qtbot, fill=fill_fields(reference="MP-26-118", accepted_by="Sgt Lee"))
    qtbot.mouseClick(chase[0].done, Qt.MouseButton.LeftButton)
    assert not [r for r in page.prompt_rows if r.prompt.action == "chase_acceptance"]
    accepted = window.store.episodes.log(page.episode.id)[-1]
    assert accepted.kind == "police_accepted"
    assert accepted.body == {"reference": "MP-26-118", "accepted_by": "Sgt Lee"}


def test_chasing_without_an_acceptance_asks_again_an_hour_later(qtbot, controller):
    ctx = controller.ctx
    window = sign_in_to_the_demo(qtbot, controller)
    choose(qtbot, window, "Mohammed")  # new to the home: no episode of his is open
    page = window.missing
    answer_next_dialog(qtbot)
    press(qtbot, window.table, "Ctrl+N")
    qtbot.waitUntil(lambda: page.episode is not None, timeout=5_000)
    guide = open_guide(qtbot, window)
    answer_next_dialog(qtbot, fill=fill_fields(reference="INC-1"))
    qtbot.mouseClick(guide.report, Qt.MouseButton.LeftButton)
    assert [e.kind for e in window.store.episodes.log(page.episode.id)][-1] == "police_report"
    press(qtbot, guide, "Alt+C")
    ctx.clock.moment += timedelta(minutes=70)
    choose(qtbot, window, "Wei")
    choose(qtbot, window, "Mohammed")  # the page reads the records again
    chase = next(r for r in page.prompt_rows if r.prompt.action == "chase_acceptance")
    assert chase.prompt.status == "overdue"
    answer_next_dialog(qtbot, "Rang back: still with the duty inspector")
    qtbot.mouseClick(chase.not_done, Qt.MouseButton.LeftButton)
    again = next(r for r in page.prompt_rows if r.prompt.action == "chase_acceptance")
    assert again.prompt.status == "upcoming"
    assert again.prompt.due_at == ctx.clock.now() + timedelta(hours=1)


def _tops() -> list[Any]:
    return QApplication.topLevelWidgets()
