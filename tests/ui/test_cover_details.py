"""What the police pack's cover needs, entered as a carer enters it: from the sign-in window.

A name in English letters for a child whose name is written in another script, and which photo
goes on the cover.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.domain.model import Home
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.child_dialog import ENGLISH_NAME_HELP
from desktop.ui.controller import AppController
from desktop.ui.main_window import MainWindow
from desktop.ui.photos import COVER_MARK
from desktop.ui.signin import SignInDialog
from tests.support.images import jpeg_bytes
from tests.support.sample import ADMIN, PASSPHRASE, add_child
from tests.support.ui import answer_next_dialog, click_tab, type_into


@pytest.fixture
def controller(qtbot, ctx):
    created = Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    )
    with created.store as store:
        add_child(store, "Wei", "Li")
    app = AppController(ctx)
    app.start()
    yield app
    app.shutdown()


def sign_in(qtbot, controller: AppController) -> MainWindow:
    dialog = controller.window
    assert isinstance(dialog, SignInDialog)
    qtbot.waitExposed(dialog)
    type_into(qtbot, dialog.name, ADMIN)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.sign_in, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(controller.window, MainWindow), timeout=15_000)
    window = controller.window
    assert isinstance(window, MainWindow)
    qtbot.waitExposed(window)
    return window


def _type(widget, text: str) -> None:
    """Type as a person does; QTest types ASCII keys only, so other scripts arrive as an input
    method delivers them (inserted whole)."""
    widget.setFocus()
    if text.isascii():
        QTest.keyClicks(widget, text)
    else:
        widget.insert(text)


def test_a_name_in_another_script_is_added_with_its_english_letters(qtbot, controller):
    window = sign_in(qtbot, controller)
    seen: dict[str, object] = {}

    def fill(dialog) -> None:
        help_line = dialog.english_help
        seen["help"] = help_line.isVisible() and help_line.text()
        seen["whole"] = help_line.height() >= help_line.sizeHint().height()  # not cut off
        seen["label"] = dialog.english_name.accessibleName()
        _type(dialog.first_name, "Олена")
        _type(dialog.last_name, "Коваленко")
        _type(dialog.english_name, "Olena Kovalenko")
        _type(dialog.date_of_birth, "02/04/2011")

    answer_next_dialog(qtbot, fill=fill)
    qtbot.mouseClick(window.add_child, Qt.MouseButton.LeftButton)
    assert seen == {"help": ENGLISH_NAME_HELP, "whole": True, "label": "Name in English letters"}
    olena = next(c for c in window.store.children.all() if c.first_name == "Олена")
    assert olena.english_name == "Olena Kovalenko"
    assert olena.police_name == "Olena Kovalenko"
    assert window.child_id == olena.id


def test_a_name_in_english_letters_that_is_not_is_explained_and_nothing_added(qtbot, controller):
    window = sign_in(qtbot, controller)
    shown: list[str] = []

    def fill_then_cancel(dialog) -> None:
        _type(dialog.first_name, "Олена")
        _type(dialog.last_name, "Коваленко")
        _type(dialog.english_name, "\u041elena Kovalenko")  # a Cyrillic О that looks Latin
        _type(dialog.date_of_birth, "02/04/2011")
        QTest.keyClick(dialog.date_of_birth, Qt.Key.Key_Return)
        shown.append(dialog.error.text() if dialog.error.isVisible() else "")
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)

    answer_next_dialog(qtbot, fill=fill_then_cancel, key=Qt.Key.Key_Escape)
    qtbot.mouseClick(window.add_child, Qt.MouseButton.LeftButton)
    assert shown and shown[0].startswith("Write the name in English letters only")
    assert shown[0].endswith("Take out “\u041e”.")
    assert [c.first_name for c in window.store.children.all()] == ["Wei"]


def _add_photo(qtbot, window: MainWindow, dialogs, path, *, taken: str, off_cover: bool) -> None:
    """Add a photo with the button, typing the date taken and unticking the cover box if asked."""
    ticked: list[bool] = []

    def fill(dialog) -> None:
        ticked.append(dialog.on_cover.isChecked())
        _type(dialog.taken_on, taken)
        if off_cover:
            dialog.on_cover.setFocus()
            QTest.keyClick(dialog.on_cover, Qt.Key.Key_Space)
        dialog.taken_on.setFocus()

    dialogs.image = path
    before = window.photos.list.count()
    answer_next_dialog(qtbot, fill=fill)
    qtbot.mouseClick(window.photos.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.photos.list.count() == before + 1, timeout=10_000)
    assert ticked == [True]  # the box starts ticked


def test_a_photo_can_be_kept_off_the_cover_when_it_is_added(qtbot, controller, dialogs, tmp_path):
    window = sign_in(qtbot, controller)
    rect = window.table.visualRect(window.model.index(0, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click_tab(qtbot, window, "Photographs")
    picture = tmp_path / "photo.jpg"
    picture.write_bytes(jpeg_bytes())

    _add_photo(qtbot, window, dialogs, picture, taken="01/02/2026", off_cover=False)
    _add_photo(qtbot, window, dialogs, picture, taken="20/02/2026", off_cover=True)

    photos = window.store.photos.for_child(window.child_id)
    assert [(p.taken_on, p.on_cover) for p in photos] == [
        (date(2026, 2, 20), False),
        (date(2026, 2, 1), True),
    ]
    assert window.store.photos.cover(window.child_id) == photos[1]
    texts = [window.photos.list.item(i).text() for i in range(window.photos.list.count())]
    assert texts == ["20/02/2026", f"01/02/2026\n{COVER_MARK}"]  # the list says which
    assert COVER_MARK in window.photos.status.text()
