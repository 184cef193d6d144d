"""Roles in the app, from the sign-in window: what a role cannot use is greyed out and says who
can; a manager answers what staff cannot; passphrase rules hold in the window too."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

import desktop.store.keys.store_keys as store_keys
from desktop.domain.model import Home, Role
from desktop.store.errors import WrongCredentials
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.account_menu import AuditDialog
from desktop.ui.controller import AppController
from desktop.ui.main_window import MainWindow
from desktop.ui.signin import SignInDialog
from tests.support.sample import ADMIN, PASSPHRASE, add_child, reopen
from tests.support.ui import answer_next_dialog, click_tab, type_into

SAM, MO, OLD = "Sam Carer", "Mo Manager", "Old Timer"
PASSPHRASES = {SAM: "Sam's own long passphrase", MO: "Mo's own long passphrase", OLD: "tenletters"}
ADMIN_ONLY = "Only an administrator can manage accounts."
MANAGER_UP = "Only a manager or administrator"


@pytest.fixture
def app(qtbot, ctx, monkeypatch):
    with Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    ).store as store:
        for name, role in ((SAM, Role.STAFF), (MO, Role.MANAGER)):
            store.accounts.add(
                name=name, role=role, passphrase=PASSPHRASES[name], kdf=TEST_ONLY_PARAMS
            )
        with monkeypatch.context() as older_release:  # ten characters were enough before
            older_release.setattr(store_keys, "passphrase_problem", lambda _: None)
            store.accounts.add(
                name=OLD, role=Role.STAFF, passphrase=PASSPHRASES[OLD], kdf=TEST_ONLY_PARAMS
            )
        away = store.episodes.start(add_child(store, "Maya", "Okafor").id, whereabouts="unknown")
        back = store.episodes.start(add_child(store, "Zoe", "Nowak").id, whereabouts="unknown")
        ctx.clock.moment += timedelta(minutes=30)
        for episode in (away, back):
            store.episodes.append(episode.id, "police_report", {"reference": "HUM-1"})
        store.episodes.append(back.id, "returned", {"where": "Home"})
    controller = AppController(ctx)
    controller.start()
    yield controller
    controller.shutdown()


def _sign_in(qtbot, controller, name: str) -> MainWindow:
    dialog = controller.window
    assert isinstance(dialog, SignInDialog)
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.name, name)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASES.get(name, PASSPHRASE))
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=15_000)
    return controller.window


def _accounts_menu(window: MainWindow) -> dict[str, object]:
    menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Accounts"
    )
    assert isinstance(menu, QMenu) and menu.toolTipsVisible()
    return {a.text().replace("&", ""): a for a in menu.actions() if a.text()}


def _rows(qtbot, window: MainWindow, first_name: str):
    row = next(
        r
        for r in range(window.model.rowCount())
        if window.model.summary(r).child.first_name == first_name
    )
    rect = window.table.visualRect(window.model.index(row, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click_tab(qtbot, window, "Missing or absent")
    return {r.prompt.rule: r for r in window.missing.prompt_rows}


def test_staff_find_every_manager_and_administrator_action_greyed_out_saying_who_can(
    qtbot, app, ctx
):
    window = _sign_in(qtbot, app, SAM)
    actions = _accounts_menu(window)
    for text in ("Add a staff member…", "Close or remove an account…"):
        assert not actions[text].isEnabled() and actions[text].toolTip() == ADMIN_ONLY
    reset = actions["Reset someone's passphrase…"]
    assert not reset.isEnabled() and reset.toolTip() == ADMIN_ONLY
    audit = actions["Audit log…"]
    assert not audit.isEnabled() and audit.toolTip() == f"{MANAGER_UP} can run reports."
    assert actions["Change my passphrase…"].isEnabled()

    maya = _rows(qtbot, window, "Maya")
    strategy = maya["strategy.24_hours"]  # "a senior social worker or practice manager chairs"
    for control in (strategy.done, strategy.not_done):
        assert not control.isEnabled()
        assert control.toolTip() == f"{MANAGER_UP} can answer this."
    qtbot.mouseClick(strategy.done, Qt.MouseButton.LeftButton)  # a greyed-out click does nothing
    assert not [
        e for e in window.store.episodes.log(window.missing.episode.id) if e.kind == "decision"
    ]

    zoe = _rows(qtbot, window, "Zoe")
    follow_up = zoe["return.tell_social_worker"]  # staff on shift: theirs to do, not to waive
    assert follow_up.done.isEnabled()
    assert not follow_up.not_done.isEnabled()
    assert follow_up.not_done.toolTip() == f"{MANAGER_UP} can mark a follow-up as not done."
    qtbot.mouseClick(follow_up.done, Qt.MouseButton.LeftButton)
    decisions = [
        (e.body["rule"], e.author_id)
        for e in window.store.episodes.log(window.missing.episode.id)
        if e.kind == "decision"
    ]
    assert decisions == [("return.tell_social_worker", window.store.staff.id)]


def test_a_manager_answers_a_management_prompt_under_their_own_name(qtbot, app, ctx):
    window = _sign_in(qtbot, app, MO)
    actions = _accounts_menu(window)
    assert actions["Audit log…"].isEnabled()
    assert not actions["Add a staff member…"].isEnabled()
    strategy = _rows(qtbot, window, "Maya")["strategy.24_hours"]
    assert strategy.done.isEnabled()
    qtbot.mouseClick(strategy.done, Qt.MouseButton.LeftButton)
    episode = window.missing.episode
    [decision] = [e for e in window.store.episodes.log(episode.id) if e.kind == "decision"]
    assert decision.author_id == window.store.staff.id
    actions["Audit log…"].trigger()
    dialog = window.findChild(AuditDialog)
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert f"{MO}: Signed in" in text and "HUM-1" not in text


def test_changing_your_passphrase_in_the_app_refuses_short_and_common_ones(
    qtbot, app, ctx, dialogs
):
    window = _sign_in(qtbot, app, SAM)
    errors: list[str] = []
    new = "a passphrase only Sam knows"

    def fill(dialog) -> None:
        for attempt in ("elevenchars", "password1234", new):
            type_into(qtbot, dialog.passphrase, attempt)
            type_into(qtbot, dialog.again, attempt)
            if attempt != new:
                qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
                errors.append(dialog.error.text())
        dialog.again.setFocus()

    answer_next_dialog(qtbot, fill=fill)
    _accounts_menu(window)["Change my passphrase…"].trigger()
    assert "at least 12 characters" in errors[0]
    assert "one of the most common" in errors[1]
    assert ("Passphrase changed", "Use your new passphrase from now on.") in dialogs.messages
    window.store.close()
    with reopen(ctx.store_dir, ctx.clock, ctx.device, name=SAM, passphrase=new) as again:
        assert again.staff is not None and again.staff.name == SAM


def test_an_older_short_passphrase_is_asked_to_change_at_sign_in(qtbot, app, ctx, dialogs):
    new = "Old Timer's longer passphrase"
    notes: list[str] = []

    def fill(dialog) -> None:
        notes.extend(w.text() for w in dialog.findChildren(type(dialog.error)))
        type_into(qtbot, dialog.passphrase, new)
        type_into(qtbot, dialog.again, new)

    answer_next_dialog(qtbot, fill=fill)
    window = _sign_in(qtbot, app, OLD)
    assert any("too short or too common" in n for n in notes)
    assert ("Passphrase changed", "Use your new passphrase from now on.") in dialogs.messages
    window.store.close()
    with reopen(ctx.store_dir, ctx.clock, ctx.device, name=OLD, passphrase=new) as again:
        assert not again.passphrase_needs_changing


def test_an_administrator_removes_an_account_and_is_told_about_older_copies(
    qtbot, app, ctx, dialogs
):
    window = _sign_in(qtbot, app, ADMIN)
    actions = _accounts_menu(window)
    assert all(a.isEnabled() for a in actions.values())

    def fill(dialog) -> None:
        names = [dialog.name.itemText(i) for i in range(dialog.name.count())]
        assert ADMIN not in names  # nobody closes their own account
        dialog.name.setCurrentIndex(names.index(SAM))
        dialog.remove_account.setFocus()  # then Space presses it, as at a keyboard

    answer_next_dialog(qtbot, fill=fill, key=Qt.Key.Key_Space)
    actions["Close or remove an account…"].trigger()
    title, text = dialogs.messages[-1]
    assert title == "Account removed" and text.startswith(f"{SAM}'s account is removed.")
    assert "re-keying the store" in text
    window.store.close()
    with pytest.raises(WrongCredentials):
        reopen(ctx.store_dir, ctx.clock, ctx.device, name=SAM, passphrase=PASSPHRASES[SAM])
