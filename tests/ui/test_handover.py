"""The shift handover, from the signed-in main window to the saved PDF."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.domain.model import ChildDetails, Home
from desktop.protocol.handover import DUE_WORDS, OVERDUE_WORDS, HandoverRow
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.controller import AppController
from desktop.ui.handover import HandoverDialog
from desktop.ui.handover_model import CHILD_ID_ROLE, CrossChildPromptModel
from desktop.ui.main_window import MainWindow
from tests.support.protocol import settle_all_but_the_police_report
from tests.support.sample import ADMIN
from tests.support.sample import PASSPHRASE as PASS


def test_the_cross_child_model_passes_qts_model_tester(qtmodeltester, qtbot, clock):
    owner = QWidget()
    qtbot.addWidget(owner)
    model = CrossChildPromptModel(owner)
    now = clock.now()
    rows = [
        HandoverRow(
            child_id=f"id{i}",
            child=f"Child {i}",
            episode="Whereabouts unknown",
            what="Report the child missing to the police",
            due_at=now + timedelta(hours=i - 1),
            due=f"0{i}/03/2026 1{i}:00",
            status=OVERDUE_WORDS if i == 0 else DUE_WORDS,
            timing="1 h 00 min overdue" if i == 0 else f"in {i - 1} h",
            who="Staff on shift",
        )
        for i in range(3)
    ]
    model.set_rows(rows)
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)
    model.set_rows(rows)
    assert model.rowCount() == 3 and model.columnCount() == len(model.HEADERS)
    assert model.index(0, 0).data() == OVERDUE_WORDS
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, 3).data() == "Child 1"
    assert model.index(2, 0).data(CHILD_ID_ROLE) == "id2"
    assert model.rows == rows


def _records(ctx):
    """A home with three children: one missing for eight hours, one not, one long placed."""
    created = Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASS,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    )
    with created.store as store:
        for first, last in (("Quentin", "Quiet"), ("Aisha", "Khan")):
            child = store.children.add(
                ChildDetails(first_name=first, last_name=last, date_of_birth=date(2011, 4, 2))
            )
        episode = store.episodes.start(
            child.id, whereabouts="unknown", details={"last_seen_where": "Bus station"}
        )
        settle_all_but_the_police_report(store, child.id, episode.id)
    ctx.clock.moment += timedelta(hours=8)


def _sign_in(qtbot, ctx) -> tuple[AppController, MainWindow]:
    controller = AppController(ctx)
    controller.start()
    dialog = controller.window
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, ADMIN)
    qtbot.keyClicks(dialog.passphrase, PASS)
    # Enter signs in; the key's release then lands on a window busy opening the records.
    qtbot.keyPress(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=10_000)
    window = controller.window
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    return controller, window


def test_handover_from_the_main_window_to_a_marked_pdf(qtbot, ctx, dialogs, tmp_path):
    _records(ctx)
    controller, window = _sign_in(qtbot, ctx)
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if a.text()]
    assert "&Handover…" in texts
    keys = [re.search("&(.)", t).group(1).lower() for t in texts]
    assert len(keys) == len(set(keys))  # every item of the menu has its own Alt letter

    window.activateWindow()
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_H, keys)
    dialog = window.findChild(HandoverDialog)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.save.isEnabled(), timeout=20_000)
    assert dialog.error.text() == ""

    table = dialog.table
    model = table.model()
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    status, due, timing, child, episode, what, who = first
    assert status == "Overdue" and child == "Aisha Khan" and episode == "Whereabouts unknown"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", due) and who
    assert "report" in what.lower() and "police" in what.lower() and timing.endswith("overdue")
    assert table.visualRect(model.index(0, 5)).intersects(table.viewport().rect())
    shown = {model.index(r, 3).data() for r in range(model.rowCount())}
    assert "Quentin Quiet" not in shown
    cells = [
        str(model.index(r, c).data())
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    ]
    for text in cells:
        assert "_" not in text and not re.search(r"\d{4}-\d\d-\d\d", text), text
    entries = dialog.episodes
    assert entries.item(0, 0).text().startswith("Aisha Khan — Whereabouts unknown, aware since")
    assert entries.columnSpan(0, 0) == entries.columnCount()
    logged = [entries.item(r, 2).text() for r in range(1, entries.rowCount())]
    assert entries.item(1, 0).text() == "…and 2 earlier, in the episode's timed log"
    assert logged[1:] == ["Decision on a prompt"] * 5  # the five newest
    details = [entries.item(r, 3).text() for r in range(2, entries.rowCount())]
    assert all(d.endswith("— done") for d in details), details
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width() and dialog.height() <= screen.height()

    dialogs.save_path = tmp_path / "handover"
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    saved = tmp_path / "handover.pdf"
    assert saved.exists(), dialog.error.text()
    assert dialogs.suggested.startswith("Philomena-handover-")
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert pages and all("OFFICIAL-SENSITIVE" in page for page in pages)
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, start=1))
    everything = " ".join(pages)
    assert "Aisha Khan" in everything and ADMIN in everything
    assert " ".join(what.split()[:6]) in everything
    assert "Quentin" not in everything

    dialogs.save_path = tmp_path / "protected.pdf"
    qtbot.mouseClick(dialog.use_password, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.password, "a long password")
    qtbot.keyClicks(dialog.password_again, "a long passwore")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert "different" in dialog.error.text() and not dialogs.save_path.exists()
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.password_again, "d")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    protected = PdfReader(io.BytesIO(dialogs.save_path.read_bytes()))
    assert protected.is_encrypted and protected.decrypt("a long password")
    assert "OFFICIAL-SENSITIVE" in protected.pages[0].extract_text()

    window.lock()  # the idle lock does the same
    assert not dialog.isVisible()
    qtbot.addWidget(controller.window)  # the sign-in window again
