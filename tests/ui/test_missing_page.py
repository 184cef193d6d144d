"""The Missing or absent page as a carer drives it: from the sign-in window, by keys and clicks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.domain.model import ChildDetails, Home
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.call_guide import CallGuide
from desktop.ui.controller import AppController
from desktop.ui.main_window import MainWindow
from desktop.ui.pack_dialog import PackDialog
from desktop.ui.signin import SignInDialog
from tests.support.sample import ADMIN, PASSPHRASE
from tests.support.ui import answer_next_dialog, click_tab, press, type_into


class RecordingNotifier:
    """What the app told staff, in order."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def notify(self, title: str, text: str) -> None:
        self.said.append((title, text))

    def withdraw(self) -> None:
        self.said.append(("", "(withdrawn)"))


@pytest.fixture
def notifier(ctx) -> RecordingNotifier:
    ctx.notifier = RecordingNotifier()
    return ctx.notifier


@pytest.fixture
def two_children(ctx):
    created = Store.create(
        ctx.store_dir,
        home=Home(name="Oak House", protocol_id="north-east-lincolnshire"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    )
    with created.store as store:
        for first, last in (("Mohammed", "Al-Rashid"), ("Wei", "Li")):
            store.children.add(
                ChildDetails(first_name=first, last_name=last, date_of_birth=date(2012, 5, 1))
            )
    return ctx


@pytest.fixture
def controller(qtbot, two_children):
    app = AppController(two_children)
    app.start()
    yield app
    app.shutdown()


def sign_in(qtbot, controller: AppController, name: str = ADMIN) -> MainWindow:
    dialog = controller.window
    assert isinstance(dialog, SignInDialog)
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.name, name)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=15_000)
    window = controller.window
    assert isinstance(window, MainWindow)
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    return window


def choose(qtbot, window: MainWindow, first_name: str) -> None:
    row = next(
        r
        for r in range(window.model.rowCount())
        if window.model.summary(r).child.first_name == first_name
    )
    rect = window.table.visualRect(window.model.index(row, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.child_title.full_text().startswith(first_name)


def fill_fields(**texts: str):
    """Type into an entry dialog's named fields (its ``fields`` are its visible line edits)."""

    def fill(dialog) -> None:
        from PySide6.QtTest import QTest

        for name, text in texts.items():
            widget = dialog.fields[name] if hasattr(dialog, "fields") else getattr(dialog, name)
            widget.setFocus()
            QTest.keyClicks(widget, text)

    return fill


def test_a_carer_handles_an_absence_from_sign_in_to_return(qtbot, controller, notifier):
    ctx = controller.ctx
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Mohammed")
    page = window.missing
    assert page.start.isVisible() and not page.tabs.isVisible()

    # Start by the big button, typing where he was last seen.
    answer_next_dialog(qtbot, fill=fill_fields(last_seen="Bus station"))
    qtbot.mouseClick(page.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.episode is not None, timeout=5_000)
    assert not page.start.isVisible() and page.tabs.isVisible()
    assert "Missing — whereabouts unknown" in page.summary.text()
    assert "police" in page.headline.text().lower() and "in " in page.headline.text()
    qtbot.waitUntil(lambda: all(r.isVisible() for r in page.prompt_rows[:6]))
    assert page.prompt_rows

    # Three checks by shortcut, with focus on the children list.
    ctx.clock.moment += timedelta(minutes=10)
    window.table.setFocus()
    press(qtbot, window.table, "Ctrl+9")  # whereabouts unknown: logged at once
    answer_next_dialog(qtbot, fill=fill_fields(outcome="No answer"))
    press(qtbot, window.table, "Ctrl+2")
    answer_next_dialog(
        qtbot, fill=fill_fields(who="Kayleigh", relationship="Friend", outcome="Not seen")
    )
    press(qtbot, window.table, "Ctrl+5")
    assert page.log_table.rowCount() == 4  # aware + three checks
    assert "Contacted a person" in page.recent.text()
    assert "police" in window.model.summary(window.model.row_of(page.child_id)).now

    # Report to the police through the call guide; the police pack shows the reference.
    report_through_the_guide(qtbot, window, fill_fields(reference="HUM-77"))
    assert "Reported missing to the police" in page.summary.text()
    qtbot.mouseClick(window.police, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(isinstance(w, PackDialog) and w.isVisible() for w in _tops()))
    pack = next(w for w in _tops() if isinstance(w, PackDialog))
    pack.close()

    # The return, then a follow-up answered with Done.
    ctx.clock.moment += timedelta(hours=1)
    answer_next_dialog(qtbot, fill=fill_fields(where="Home"))
    press(qtbot, window.table, "Ctrl+T")
    assert "Back — follow-ups to do" in page.summary.text()
    assert not page.start.isVisible()  # the returned episode is still open
    texts = [r.prompt.text for r in page.prompt_rows]
    assert any("return" in t.lower() or "safe and well" in t.lower() for t in texts), texts
    first = page.prompt_rows[0]
    answered = (first.prompt.duty, first.prompt.due_at)
    qtbot.mouseClick(first.done, Qt.MouseButton.LeftButton)
    assert answered not in [(r.prompt.duty, r.prompt.due_at) for r in page.prompt_rows]
    assert page.log_table.item(page.log_table.rowCount() - 1, 4).text().endswith("— done")
    assert window.store.verify().problems == []

    # Lock, sign in again.
    press(qtbot, window, "Ctrl+L")
    qtbot.waitUntil(lambda: isinstance(controller.window, SignInDialog), timeout=5_000)
    again = sign_in(qtbot, controller)
    assert again.child_id == page.child_id  # the same child…
    assert again.tabs.currentWidget() is again.missing  # …on the same page
    assert again.missing.episode is not None


def test_ctrl_n_starts_an_episode_from_the_children_list(qtbot, controller):
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Wei")
    click_tab(qtbot, window, "Part A")  # looking at something else entirely
    answer_next_dialog(qtbot)
    press(qtbot, window.table, "Ctrl+N")
    qtbot.waitUntil(lambda: window.missing.episode is not None, timeout=5_000)
    assert window.tabs.currentWidget() is window.missing


def test_the_start_dialog_records_the_description_when_last_seen_for_part_b(qtbot, controller):
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Wei")
    page = window.missing
    typed = fill_fields(
        last_seen="The front door",
        last_seen_by="Dev Patel",
        clothing="Red coat, black jeans",
        with_whom="An older boy on a bike",
        belongings="Pink rucksack and phone",
    )

    def fill(dialog) -> None:
        typed(dialog)
        dialog.medication.setFocus()
        for _ in range(2):  # past "Not checked yet" and "with them" to "left it behind"
            qtbot.keyClick(dialog.medication, Qt.Key.Key_Down)

    answer_next_dialog(qtbot, fill=fill)
    qtbot.mouseClick(page.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.episode is not None, timeout=5_000)
    [aware] = window.store.episodes.log(page.episode.id)
    assert aware.body == {
        "whereabouts": "unknown",
        "last_seen_where": "The front door",
        "last_seen_by": "Dev Patel",
        "clothing": "Red coat, black jeans",
        "with_whom": "An older boy on a bike",
        "belongings": "Pink rucksack and phone",
        "medication": "left behind",
    }
    click_tab(qtbot, page, "Part B")
    shown = page.editors["part_b"].values()
    assert shown["clothing"] == "Red coat, black jeans"
    assert shown["went_missing_with"] == "An older boy on a bike"
    assert shown["belongings"] == "Pink rucksack and phone"
    assert shown["medication_with_them"] == "No"
    assert shown["last_seen_by"]["name"] == "Dev Patel"
    assert shown["checks_deadline"]  # the protocol's time to report by, until staff set one


def test_not_done_needs_a_reason(qtbot, controller):
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Wei")
    page = window.missing
    answer_next_dialog(qtbot)
    press(qtbot, window.table, "Alt+N")
    qtbot.waitUntil(lambda: page.episode is not None, timeout=5_000)
    row = page.prompt_rows[0]
    answer_next_dialog(qtbot, "")  # no reason typed: Enter
    qtbot.mouseClick(row.not_done, Qt.MouseButton.LeftButton)
    assert "Say why" in page.error.text()
    assert not [e for e in window.store.episodes.log(page.episode.id) if e.kind == "decision"]
    row = page.prompt_rows[0]
    answer_next_dialog(qtbot, "Social worker already told by the police")
    qtbot.mouseClick(row.not_done, Qt.MouseButton.LeftButton)
    [decision] = [e for e in window.store.episodes.log(page.episode.id) if e.kind == "decision"]
    assert decision.body["reason"] == "Social worker already told by the police"


def choose_by_keys(field: str, keys: str, **texts: str):
    """Type into named fields, then pick from the ``field`` list by typing, as at a keyboard."""

    def fill(dialog) -> None:
        from PySide6.QtTest import QTest

        fill_fields(**texts)(dialog)
        combo = dialog.fields[field]
        assert combo.currentText() == "Not given yet"  # nothing is recorded unless chosen
        combo.setFocus()
        QTest.keyClicks(combo, keys)

    return fill


def test_the_police_grading_is_chosen_by_keyboard_and_a_regrading_kept(qtbot, controller):
    ctx = controller.ctx
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Wei")
    page = window.missing
    answer_next_dialog(qtbot)
    press(qtbot, window.table, "Ctrl+N")
    qtbot.waitUntil(lambda: page.episode is not None, timeout=5_000)

    ctx.clock.moment += timedelta(minutes=10)
    report_through_the_guide(
        qtbot, window, choose_by_keys("risk_grading", "Medium", reference="HUM-8")
    )
    ctx.clock.moment += timedelta(minutes=50)
    answer_next_dialog(qtbot, fill=choose_by_keys("risk_grading", "Low"))  # no note needed
    press(qtbot, window.table, "Ctrl+U")
    ctx.clock.moment += timedelta(minutes=5)
    answer_next_dialog(qtbot, fill=fill_fields(note="Officer calling back at six"))
    press(qtbot, window.table, "Ctrl+U")  # an update without a grading records none

    log = window.store.episodes.log(page.episode.id)
    police = [e.body for e in log if e.kind in ("police_report", "police_update")]
    assert police == [
        {"reference": "HUM-8", "risk_grading": "medium"},
        {"risk_grading": "low"},
        {"note": "Officer calling back at six"},
    ]
    details = [page.log_table.item(r, 4).text() for r in range(page.log_table.rowCount())]
    assert "Police reference: HUM-8; Police graded the risk as medium" in details
    assert "Police graded the risk as low" in details
    click_tab(qtbot, page, "Part B")
    grade = page.editors["part_b"].editors["police_risk_grade"].widget
    assert grade.isVisible() and grade.currentText() == "Low"  # the newest grading


def test_an_empty_police_update_is_refused_in_its_dialog(qtbot, controller):
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Wei")
    page = window.missing
    answer_next_dialog(qtbot)
    press(qtbot, window.table, "Ctrl+N")
    qtbot.waitUntil(lambda: page.episode is not None, timeout=5_000)
    seen: list[str] = []

    def empty_then_cancel(dialog) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
        seen.append(dialog.error.text())
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)

    answer_next_dialog(qtbot, fill=empty_then_cancel, key=Qt.Key.Key_Escape)
    press(qtbot, window.table, "Ctrl+U")
    assert seen and "Say what the update is" in seen[0]
    assert [e.kind for e in window.store.episodes.log(page.episode.id)] == ["aware"]


def test_a_deadline_passed_while_the_app_was_closed_is_overdue_and_headlined(
    qtbot, controller, notifier
):
    ctx = controller.ctx
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Mohammed")
    answer_next_dialog(qtbot)
    qtbot.mouseClick(window.missing.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.missing.episode is not None, timeout=5_000)
    assert "OVERDUE" not in window.missing.headline.text()
    window.close()
    controller.shutdown()

    ctx.clock.moment += timedelta(hours=7)  # past the six-hour maximum
    reopened = AppController(ctx)
    reopened.start()
    try:
        window = sign_in(qtbot, reopened)
        choose(qtbot, window, "Mohammed")
        text = window.missing.headline.text()
        assert "OVERDUE by" in text and "police" in text.lower(), text
        first = window.missing.prompt_rows[0].prompt
        assert first.status == "overdue" and first.action == "report_to_police"
        assert "Mohammed: " in window.windowTitle() and "OVERDUE" in window.windowTitle()
        assert "Al-Rashid" not in window.windowTitle()  # first name only on a shared screen
    finally:
        reopened.shutdown()


def test_a_duty_falling_due_on_another_child_is_notified_once(qtbot, controller, notifier):
    ctx = controller.ctx
    window = sign_in(qtbot, controller)
    choose(qtbot, window, "Mohammed")
    answer_next_dialog(qtbot)
    qtbot.mouseClick(window.missing.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.missing.episode is not None, timeout=5_000)
    choose(qtbot, window, "Wei")  # staff are looking at someone else
    window.tick()  # the minute's refresh works in the background
    qtbot.waitUntil(lambda: not window.refresher.busy, timeout=10_000)
    assert notifier.said == []
    ctx.clock.moment += timedelta(hours=7)
    window.tick()
    window.tick()
    qtbot.waitUntil(lambda: bool(notifier.said) and not window.refresher.busy, timeout=10_000)
    assert len(notifier.said) == 1
    title, text = notifier.said[0]
    assert "Mohammed" in title and "OVERDUE" in text and "Al-Rashid" not in title + text
    row = window.model.row_of(window.missing.child_id or "")
    assert row >= 0


def open_guide(qtbot, window: MainWindow) -> CallGuide:
    """Ctrl+R, as a carer about to ring the police: the call guide opens beside the page."""
    press(qtbot, window.table, "Ctrl+R")
    qtbot.waitUntil(lambda: any(isinstance(w, CallGuide) and w.isVisible() for w in _tops()))
    return next(w for w in _tops() if isinstance(w, CallGuide) and w.isVisible())


def report_through_the_guide(qtbot, window: MainWindow, fill) -> None:
    """Open the guide, record the report from it (Alt+R), and close it (Alt+C)."""
    guide = open_guide(qtbot, window)
    answer_next_dialog(qtbot, fill=fill)
    press(qtbot, guide, "Alt+R")
    press(qtbot, guide, "Alt+C")
    qtbot.waitUntil(lambda: not guide.isVisible())


def _tops():
    from PySide6.QtWidgets import QApplication

    return QApplication.topLevelWidgets()
