"""A child's standing risk of going missing in the app, from the sign-in window: staff record
what the social worker decided and a review meeting held; only a manager lowers the grading;
the list's Now column carries the review meeting with no episode open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.domain.missing_risk import MissingRisk, RiskEntryKind
from desktop.domain.model import Home, Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.controller import AppController
from desktop.ui.main_window import MainWindow
from desktop.ui.signin import SignInDialog
from tests.support.sample import ADMIN, PASSPHRASE, add_child
from tests.support.ui import answer_next_dialog, type_into

SAM, MO = "Sam Carer", "Mo Manager"
PASSPHRASES = {SAM: "Sam's own long passphrase", MO: "Mo's own long passphrase"}
LOWER_REFUSED = "Only a manager or administrator can lower a child's risk of going missing."


@pytest.fixture
def app(qtbot, ctx):
    with Store.create(
        ctx.store_dir,
        home=Home(name="Oak House", protocol_id="portsmouth"),
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
        add_child(store, "Maya", "Okafor")
    controller = AppController(ctx)
    controller.start()
    yield controller
    controller.shutdown()


def _sign_in(qtbot, controller, name: str) -> MainWindow:
    dialog = controller.window
    assert isinstance(dialog, SignInDialog)
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.name, name)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASES[name])
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=15_000)
    window = controller.window
    rect = window.table.visualRect(window.model.index(0, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.risk.isVisible(), timeout=5_000)
    return window


def _grade(qtbot, level_words: str, decided_by: str):
    """Fill the grading dialog as a person does: choose the level, say who decided, Return."""

    def fill(dialog) -> None:
        index = dialog.level.findText(level_words)
        dialog.level.setFocus()
        while dialog.level.currentIndex() != index:
            key = Qt.Key.Key_Down if dialog.level.currentIndex() < index else Qt.Key.Key_Up
            qtbot.keyClick(dialog.level, key)
        type_into(qtbot, dialog.decided_by, decided_by)

    return fill


def _now_column(window: MainWindow) -> str:
    return str(window.model.data(window.model.index(0, 2), Qt.ItemDataRole.DisplayRole) or "")


def test_staff_record_high_and_a_review_meeting_and_the_list_shows_the_next(qtbot, app, ctx):
    window = _sign_in(qtbot, app, SAM)
    panel = window.risk
    assert panel.words.isHidden()  # never graded: only the button shows
    assert not panel.review.isEnabled() and not panel.review.isVisible()
    assert panel.review.toolTip() == "For a child graded at high risk of going missing."
    assert _now_column(window) == ""  # no episode, nothing due

    answer_next_dialog(qtbot, fill=_grade(qtbot, "High risk of going missing", "J. Patel, SW"))
    qtbot.mouseClick(panel.record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "High" in panel.words.full_text(), timeout=5_000)
    assert panel.words.isVisible()
    assert panel.words.full_text() == (
        "Risk of going missing: High (decided 01/03/2026 15:00 by J. Patel, SW). "
        "Review meeting by Sun 12 Apr 16:00 — in 42 days"  # 42 days of 24 hours, into BST
    )
    assert _now_column(window) == (
        "Hold the review meeting for Maya, at high risk of going missing by Sun 12 Apr 16:00 "
        "— in 42 days"
    )
    assert panel.review.isEnabled() and panel.review.isVisible()

    ctx.clock.moment += timedelta(days=10)
    answer_next_dialog(qtbot)  # held now: the time offered
    qtbot.mouseClick(panel.review, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Wed 22 Apr 16:00" in _now_column(window), timeout=5_000)
    entries = window.store.missing_risk.entries(window.child_id)
    assert [(e.kind, e.level, e.recorded_by_name) for e in entries] == [
        (RiskEntryKind.LEVEL, MissingRisk.HIGH, SAM),
        (RiskEntryKind.REVIEW, None, SAM),
    ]
    assert "Review meeting held" in panel.words.toolTip()


def test_staff_are_told_only_a_manager_lowers_it_and_a_manager_does(qtbot, app, ctx):
    window = _sign_in(qtbot, app, SAM)
    panel = window.risk
    answer_next_dialog(qtbot, fill=_grade(qtbot, "High risk of going missing", "The MASH"))
    qtbot.mouseClick(panel.record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.review.isEnabled(), timeout=5_000)

    seen: list[str] = []

    def refused() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, refused)
            return
        _grade(qtbot, "Low risk of going missing", "J. Patel")(dialog)
        qtbot.keyClick(dialog.decided_by, Qt.Key.Key_Return)
        seen.append(dialog.error.text())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, refused)
    qtbot.mouseClick(panel.record, Qt.MouseButton.LeftButton)
    assert seen == [LOWER_REFUSED]
    assert [e.level for e in window.store.missing_risk.entries(window.child_id)] == [
        MissingRisk.HIGH
    ]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with qtbot.waitSignal(window.locked):  # File → Lock: Mo signs in as herself
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    window = _sign_in(qtbot, app, MO)
    panel = window.risk
    answer_next_dialog(qtbot, fill=_grade(qtbot, "Low risk of going missing", "J. Patel"))
    qtbot.mouseClick(panel.record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Low" in panel.words.full_text(), timeout=5_000)
    assert not panel.review.isEnabled()
    assert _now_column(window) == ""  # the review meetings stop
    levels = [e.level for e in window.store.missing_risk.entries(window.child_id)]
    assert levels == [MissingRisk.HIGH, MissingRisk.LOW]  # the High is kept
