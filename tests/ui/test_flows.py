from __future__ import annotations

import email
import re
from datetime import date

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from desktop.domain.audit import Audited
from desktop.domain.model import ChildDetails, Home, PhotoCheck
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.child_dialog import AddChildDialog
from desktop.ui.controller import AppController
from desktop.ui.first_run import SetupDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pack_dialog import print_pdf
from desktop.ui.photos import PhotoDetailsDialog
from desktop.ui.signin import SignInDialog
from desktop.ui.table_models import ChildListModel, ChildSummary
from tests.support.images import jpeg_bytes
from tests.support.sample import ADMIN
from tests.support.sample import PASSPHRASE as PASS
from tests.support.ui import answer_next_dialog


@pytest.fixture
def made_store(ctx):
    created = Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASS,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    )
    created.store.close()
    return created


@pytest.fixture
def window(qtbot, ctx, made_store):
    store = Store.open(
        ctx.store_dir, name=ADMIN, passphrase=PASS, clock=ctx.clock, device=ctx.device
    )
    win = MainWindow(ctx, store)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.idle_timer.stop()
    store.close()


def add_child(qtbot, win: MainWindow, first="Aisha", last="Khan", dob="02/04/2011"):
    dialog = AddChildDialog(win.ctx.clock.now().date(), win.ctx.rule_sets, win)
    qtbot.addWidget(dialog)
    for edit, text in (
        (dialog.first_name, first),
        (dialog.last_name, last),
        (dialog.date_of_birth, dob),
    ):
        if text.isascii():
            qtbot.keyClicks(edit, text)
        else:  # QTest can only type ASCII keys; insert() is what an input method does
            edit.insert(text)
    dialog._accept()
    assert dialog.details is not None, dialog.error.text()
    win.add_child_record(dialog)
    return win.child_id


def test_setup_creates_the_store_and_shows_the_recovery_key_once(qtbot, ctx):
    dialog = SetupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    assert dialog.home_error.isVisible() and "name of the home" in dialog.home_error.text()
    qtbot.keyClicks(dialog.home_name, "Oak House")
    dialog.protocol.setCurrentIndex(dialog.protocol.findData("portsmouth"))
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    qtbot.keyClicks(dialog.admin_name, ADMIN)
    qtbot.keyClicks(dialog.passphrase, PASS)
    qtbot.keyClicks(dialog.passphrase_again, "something else")
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    assert "different" in dialog.account_error.text()
    dialog.passphrase_again.clear()
    qtbot.keyClicks(dialog.passphrase_again, PASS)
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=10_000)
    key = dialog.key_label.text()
    assert re.fullmatch(r"([0-9A-Z]{4}-){8}[0-9A-Z]{4}", key)
    assert key in dialog.recovery_sheet().toPlainText()
    assert not dialog.next.isEnabled()  # cannot finish before confirming the key is kept
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    store = created.args[0]
    assert store.home().name == "Oak House" and store.home().protocol_id == "portsmouth"
    store.close()
    Store.open_with_recovery_key(
        ctx.store_dir, recovery_key=key, clock=ctx.clock, device=ctx.device
    ).close()


def test_sign_in_refuses_a_wrong_passphrase_then_accepts_the_right_one(qtbot, ctx, made_store):
    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, ADMIN)
    qtbot.keyClicks(dialog.passphrase, "not my passphrase")
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "do not match" in dialog.error.text(), timeout=10_000)
    assert dialog.passphrase.text() == ""  # cleared, never kept
    qtbot.keyClicks(dialog.passphrase, PASS)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signed:
        qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    store = signed.args[0]
    assert store.staff.name == ADMIN
    store.close()


def test_sign_in_shows_a_wait_after_repeated_failures(qtbot, ctx, made_store):
    dialog = SignInDialog(ctx, name_hint=ADMIN)
    qtbot.addWidget(dialog)
    for _ in range(2):
        qtbot.keyClicks(dialog.passphrase, "wrong again and again")
        dialog.attempt()
        qtbot.waitUntil(
            lambda: dialog.isEnabled() and dialog.error.text() != "Opening the records…",
            timeout=10_000,
        )
    assert "Wait 2 seconds" in dialog.error.text()
    assert not dialog.sign_in.isEnabled() and dialog.sign_in.text().startswith("Wait")


def test_sign_in_with_the_recovery_key(qtbot, ctx, made_store):
    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.use_recovery.setChecked(True)
    assert dialog.recovery.isVisibleTo(dialog) and not dialog.passphrase.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.recovery, made_store.recovery_key)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signed:
        dialog.attempt()
    assert signed.args[0].staff is None
    signed.args[0].close()


def test_controller_starts_with_setup_then_sign_in(qtbot, ctx):
    controller = AppController(ctx)
    controller.start()
    assert isinstance(controller.window, SetupDialog)
    qtbot.addWidget(controller.window)
    controller.window.close()
    Store.create(
        ctx.store_dir,
        home=Home(name="H"),
        admin_name=ADMIN,
        passphrase=PASS,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    ).store.close()
    controller.start()
    assert isinstance(controller.window, SignInDialog)
    qtbot.addWidget(controller.window)
    controller.window.close()


def test_add_a_child_fill_part_a_and_see_versions(qtbot, window):
    child_id = add_child(qtbot, window)
    assert window.model.rowCount() == 1
    assert window.child_title.full_text() == "Aisha Khan"
    editor = window.editors["part_a"]
    assert editor.editors["date_of_birth"].read() == "2011-04-02"  # from the child's record
    before = editor.summary.text()
    qtbot.keyClicks(editor.editors["height"].widget, "152 cm")
    editor.editors["known_risks"].write(["Child sexual exploitation (CSE)"])
    editor.editors["medication"].add_row({"name": "Inhaler", "dose": "2 puffs"})
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    latest = window.store.forms.latest(child_id, "part_a")
    assert latest.number == 1 and latest.saved_by_name == ADMIN
    assert latest.values["height"] == "152 cm"
    assert latest.values["medication"] == [{"name": "Inhaler", "dose": "2 puffs"}]
    assert editor.summary.text() != before
    assert "version 1" in editor.status.text()
    assert window.versions.rowCount() == 1 and window.versions.item(0, 3).text() == ADMIN


def test_a_bad_answer_is_named_beside_its_field_and_nothing_is_saved(qtbot, window):
    child_id = add_child(qtbot, window)
    editor = window.editors["part_a"]
    editor.editors["date_of_birth"].widget.setText("31/02/2011")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.errors["date_of_birth"].isVisibleTo(editor)
    assert "date" in editor.errors["date_of_birth"].text()
    assert window.store.forms.latest(child_id, "part_a") is None


def test_add_child_dialog_explains_a_missing_date_of_birth(qtbot, ctx):
    dialog = AddChildDialog(ctx.clock.now().date(), ctx.rule_sets)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.first_name, "A")
    qtbot.keyClicks(dialog.last_name, "B")
    dialog._accept()
    assert dialog.details is None and "date of birth" in dialog.error.text()


def _details(parent, today, **text):
    dialog = PhotoDetailsDialog("photo.jpg", today, parent)
    for name, value in text.items():
        getattr(dialog, name).setText(value)
    return dialog


def test_import_a_photo_and_refuse_a_bad_one(qtbot, window, tmp_path):
    add_child(qtbot, window)
    good = tmp_path / "good.jpg"
    good.write_bytes(jpeg_bytes(gps=True))
    manager = window.photos
    today = window.ctx.clock.now().date()
    manager.import_file(
        good,
        _details(
            manager, today, taken_on="01/02/2026", description="Park", consent_by="Social worker"
        ),
    )
    qtbot.waitUntil(lambda: manager.list.count() == 1, timeout=10_000)
    [photo] = window.store.photos.for_child(window.child_id)
    assert photo.taken_on == date(2026, 2, 1) and photo.consent_by == "Social worker"
    assert "1 photograph" in manager.status.text()
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a picture")
    manager.import_file(bad, _details(manager, today))
    qtbot.waitUntil(lambda: manager.error.isVisibleTo(manager), timeout=10_000)
    assert "cannot be used as a photograph" in manager.error.text()
    assert manager.list.count() == 1
    assert window.model.summary(0).thumbnail is not None


def test_make_save_and_email_the_police_pack(qtbot, window, dialogs, tmp_path):
    child_id = add_child(qtbot, window, first="Siobhán", last="Ó Briain")
    window.store.photos.add(child_id, jpeg_bytes())
    dialog = window.open_pack()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pack is not None, timeout=20_000)
    assert dialog.pages_layout.count() == len(dialog.pack.pages) >= 3
    dialog.reference.setText("HUM-999")
    dialog.build()
    qtbot.waitUntil(lambda: dialog.save.isEnabled(), timeout=20_000)
    dialogs.save_path = tmp_path / "pack.pdf"
    dialog.use_password.setChecked(True)
    dialog.password.setText("a long password")
    dialog.password_again.setText("a long password")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert (tmp_path / "pack.pdf").exists(), dialog.error.text()
    document = pdfium.PdfDocument(tmp_path / "pack.pdf", password="a long password")
    text = document[0].get_textpage().get_text_range()
    assert "Siobhán Ó Briain" in text and "HUM-999" in text
    document.close()
    dialogs.folder = tmp_path
    qtbot.mouseClick(dialog.email, Qt.MouseButton.LeftButton)
    [eml] = dialogs.opened
    message = email.message_from_bytes(eml.read_bytes())
    assert "Ó Briain" in str(
        email.header.make_header(email.header.decode_header(message["Subject"]))
    )
    assert b"a long password" not in eml.read_bytes()
    dialog.password_again.setText("different")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert "different" in dialog.error.text()
    outputs = [(e.what, e.child_id) for e in window.store.audit.entries() if e.child_id]
    assert outputs == [
        (Audited.EXPORT, child_id),
        (Audited.EMAIL_DRAFT, child_id),
    ]  # not the refused


def test_printing_paints_every_page(qtbot, window, tmp_path):
    from desktop.export.gather import pack_input
    from desktop.export.pack import build_pack

    child_id = add_child(qtbot, window)
    pdf = build_pack(pack_input(window.store, child_id, window.ctx.forms))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_pdf(pdf, printer)
    printed = pdfium.PdfDocument(tmp_path / "printed.pdf")
    assert len(printed) == len(pdfium.PdfDocument(pdf))
    printed.close()


def test_the_children_model_passes_qts_model_tester(qtmodeltester, ctx, qtbot):
    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    qtbot.addWidget(owner)
    model = ChildListModel(ctx.clock.now().date(), owner)
    child = ChildDetails(first_name="A", last_name="B", date_of_birth=date(2012, 1, 1))
    from desktop.domain.model import Child

    rows = [
        ChildSummary(
            child=Child(**{f: getattr(child, f) for f in child.__dataclass_fields__}, id=f"id{i}"),
            thumbnail=None,
            part_a_percent=i * 10,
            photo=PhotoCheck.OUT_OF_DATE if i % 2 else PhotoCheck.CURRENT,
        )
        for i in range(3)
    ]
    model.set_rows(rows, ctx.clock.now().date())
    qtmodeltester.check(model)
    assert model.data(model.index(1, 6)) == "Photo out of date"
    assert model.data(model.index(0, 3)) == "14"


def test_idle_lock_returns_to_sign_in(qtbot, window, ctx):
    from datetime import timedelta

    with qtbot.waitSignal(window.locked):
        ctx.clock.moment += timedelta(minutes=16)
        window.check_idle()


def test_the_app_explains_a_missing_screen(monkeypatch, capsys):
    from desktop.ui import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert app.main([]) == 3
    assert "needs a screen" in capsys.readouterr().err


def test_sign_in_names_a_damaged_key_file(qtbot, ctx, made_store):
    key_file = ctx.store_dir / "keys.json"
    key_file.write_bytes(key_file.read_bytes()[:-40])
    dialog = SignInDialog(ctx, name_hint=ADMIN)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.passphrase, PASS)
    dialog.attempt()
    qtbot.waitUntil(lambda: "keys.json" in dialog.error.text(), timeout=10_000)
    assert "damaged" in dialog.error.text() and "Traceback" not in dialog.error.text()


def test_dropping_a_picture_file_imports_it(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from desktop.ui import photos as photos_module

    add_child(qtbot, window)
    picture = tmp_path / "dropped.jpg"
    picture.write_bytes(jpeg_bytes())
    monkeypatch.setattr(
        photos_module.PhotoDetailsDialog,
        "exec",
        lambda self: photos_module.QDialog.DialogCode.Accepted,
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(picture))])
    event = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.photos.dropEvent(event)
    qtbot.waitUntil(lambda: window.photos.list.count() == 1, timeout=10_000)


def test_unsaved_answers_survive_logging_an_absence(qtbot, window):
    add_child(qtbot, window)
    height = window.editors["part_a"].editors["height"]
    qtbot.keyClicks(height.widget, "152 cm")
    answer_next_dialog(qtbot)
    qtbot.mouseClick(window.missing.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.missing.episode is not None, timeout=5_000)
    assert "OVERDUE" in window.model.summary(0).now or " in " in window.model.summary(0).now
    assert height.read() == "152 cm"


def test_an_unhandled_error_shows_a_plain_message_without_data(monkeypatch):
    from desktop.domain.errors import BadInput
    from desktop.ui import app

    shown = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.critical", lambda parent, title, text: shown.append(text)
    )
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda parent, title, text: shown.append(text)
    )
    try:
        raise ValueError("Aisha Khan's secret detail")
    except ValueError as exc:
        app.report_unhandled(ValueError, exc, exc.__traceback__)
    app.report_unhandled(BadInput, BadInput("The disk is full."), None)
    assert "ValueError at test_flows.py" in shown[0] and "Aisha" not in shown[0]
    assert shown[1] == "The disk is full."


def _cell_texts(table) -> list[str]:
    return [
        table.item(row, column).text()
        for row in range(table.rowCount())
        for column in range(table.columnCount())
        if table.item(row, column) is not None
    ]


def test_the_missing_page_shows_every_entry_in_plain_english(qtbot, window):
    from datetime import timedelta

    from tests.support.entries import log_every_kind

    add_child(qtbot, window)
    page = window.missing
    tab_bar = window.tabs.tabBar()
    index = window.tabs.indexOf(page)
    assert window.tabs.tabText(index).replace("&", "") == "Missing or absent"
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(index).center())
    answer_next_dialog(qtbot)
    qtbot.mouseClick(page.start, Qt.MouseButton.LeftButton)
    assert page.episode is not None, page.error.text()
    window.ctx.clock.moment += timedelta(minutes=20)
    log_every_kind(window.store, page.episode.id)  # what carers logged meanwhile

    qtbot.mouseClick(page.prompt_rows[0].done, Qt.MouseButton.LeftButton)  # the first: done
    qtbot.mouseClick(
        page.tabs.tabBar(), Qt.MouseButton.LeftButton, pos=page.tabs.tabBar().tabRect(1).center()
    )
    table = page.log_table
    phoned = next(
        r for r in range(table.rowCount()) if table.item(r, 3).text() == "Phoned the child"
    )
    table.scrollToItem(table.item(phoned, 4))  # as a person scrolls to it
    cell = table.visualItemRect(table.item(phoned, 4)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    answer_next_dialog(qtbot, "Logged twice")
    qtbot.mouseClick(page.correct, Qt.MouseButton.LeftButton)

    texts = _cell_texts(page.log_table)
    assert (
        texts[-1] == "Corrects 15:20 Phoned the child (Outcome: No answer); Withdrawn; "
        "Why corrected: Logged twice"
    )
    decisions = [t for t in texts if t.endswith(" — done")]
    assert len(decisions) == 1 and "Decision on a prompt" in texts
    part_b = page.editors["part_b"]
    inner = page.tabs.tabBar()
    index = page.tabs.indexOf(part_b)
    qtbot.mouseClick(inner, Qt.MouseButton.LeftButton, pos=inner.tabRect(index).center())
    assert part_b.isVisible()
    updates = _cell_texts(part_b.editors["updates"].table)
    assert "Told the child's social worker; How told: Phone; Their name: Jo Smith" in " ".join(
        updates
    )
    for text in texts + updates:
        assert "_" not in text and "{" not in text, text
        assert not re.search(r"\d{4}-\d\d-\d\dT", text), text  # no ISO times either


def test_the_authoritys_id_for_a_child_is_typed_with_the_other_details(qtbot, ctx):
    dialog = AddChildDialog(ctx.clock.now().date(), ctx.rule_sets)
    qtbot.addWidget(dialog)
    dialog.show()
    for edit, text in (
        (dialog.first_name, "Amara"),
        (dialog.last_name, "Obi"),
        (dialog.date_of_birth, "31/12/2010"),
        (dialog.responsible_authority, "Kent County Council"),
        (dialog.authority_child_id, "=KCC 1001"),
    ):
        qtbot.keyClicks(edit, text)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.details is None and "letters A to Z, digits" in dialog.error.text()
    dialog.authority_child_id.selectAll()
    qtbot.keyClicks(dialog.authority_child_id, "KCC-1001")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.details is not None and dialog.details.authority_child_id == "KCC-1001"


def test_a_child_added_from_the_window_keeps_the_authoritys_id_typed(qtbot, window):
    def fill(dialog) -> None:
        for edit, text in (
            (dialog.first_name, "Amara"),
            (dialog.last_name, "Obi"),
            (dialog.date_of_birth, "31/12/2010"),
            (dialog.authority_child_id, "KCC-1001"),
        ):
            qtbot.keyClicks(edit, text)

    answer_next_dialog(qtbot, fill=fill)
    qtbot.mouseClick(window.add_child, Qt.MouseButton.LeftButton)
    [child] = window.store.children.all()
    assert (child.first_name, child.authority_child_id) == ("Amara", "KCC-1001")
    assert window.child_title.full_text() == "Amara Obi"
