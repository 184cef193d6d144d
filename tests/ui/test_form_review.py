"""The forms' review interval, from the sign-in window: an administrator changes it in the File
menu and the manager's view then lists the forms due; staff find the item greyed out."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QSpinBox, QTableWidget

from desktop.domain.model import ChildDetails, Home, Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.home_settings import FormReviewDialog
from desktop.ui.manager_view import ManagerView
from tests.support.mnemonics import mnemonic
from tests.support.protocol import shipped_forms
from tests.support.sample import ADMIN, PASSPHRASE
from tests.support.ui import answer_next_dialog, press, sign_in_from_start

SAM, SAM_PASS = "Sam Carer", "Sam's own long passphrase"
LONDON = ZoneInfo("Europe/London")
FORMS = shipped_forms()


def _home(ctx) -> None:
    """Aisha's Part A and Locations were saved on 1 March 2026; it is now 1 May."""
    with Store.create(
        ctx.store_dir,
        home=Home(name="Oak House"),
        admin_name=ADMIN,
        passphrase=PASSPHRASE,
        clock=ctx.clock,
        device=ctx.device,
        kdf=TEST_ONLY_PARAMS,
    ).store as store:
        store.accounts.add(name=SAM, role=Role.STAFF, passphrase=SAM_PASS, kdf=TEST_ONLY_PARAMS)
        aisha = store.children.add(
            ChildDetails(first_name="Aisha", last_name="Khan", date_of_birth=date(2011, 4, 2))
        )
        store.forms.save(aisha.id, FORMS["part_a"], {})
        store.forms.save(aisha.id, FORMS["locations"], {})
    ctx.clock.moment = datetime(2026, 5, 1, 9, 0, tzinfo=LONDON)


def _file_menu(window) -> QMenu:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert isinstance(menu, QMenu)
    return menu


def _review_gaps(qtbot, window) -> list[str]:
    """Open the manager's view with its shortcut and read its Profile health tab."""
    press(qtbot, window.table, "Ctrl+Shift+M")
    view = next(v for v in window.findChildren(ManagerView) if v.isVisible())
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.shown.text().endswith("shown"), timeout=10_000)
    bar = view.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == "Pro&file health")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    table = view.tabs.currentWidget()
    assert isinstance(table, QTableWidget) and table is view.gaps
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    view.close()
    return [what for child, what in rows if child == "Aisha Khan" and "last reviewed" in what]


def test_an_administrator_shortens_the_interval_and_the_forms_show_as_due(qtbot, ctx, dialogs):
    _home(ctx)
    window = sign_in_from_start(qtbot, ctx, ADMIN, PASSPHRASE)
    assert _review_gaps(qtbot, window) == []  # six months: not due until 1 September

    letters = [mnemonic(a.text()) for a in _file_menu(window).actions() if a.text()]
    assert len(letters) == len(set(letters)), letters  # Alt+F then R means one thing only

    def two_months(dialog: FormReviewDialog) -> None:
        spin = dialog.months
        assert isinstance(spin, QSpinBox) and spin.value() == 6
        assert (spin.minimum(), spin.maximum()) == (1, 12)
        spin.selectAll()
        qtbot.keyClicks(spin, "2")

    answer_next_dialog(qtbot, fill=two_months)
    press(qtbot, window.table, "Alt+F")
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5_000)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_R)
    qtbot.waitUntil(lambda: len(dialogs.messages) > 0, timeout=5_000)
    assert dialogs.messages[-1] == (
        "Review interval changed",
        "The home now reviews the forms every 2 months.",
    )

    assert _review_gaps(qtbot, window) == [
        f"{FORMS[form].title}: last reviewed 1 March 2026, due for review since 1 May 2026 "
        "(the home reviews the forms every 2 months)."
        for form in ("part_a", "locations")
    ]
    ctx.clock.moment -= timedelta(days=1)  # 30 April: the day before they fall due
    assert _review_gaps(qtbot, window) == []


def test_staff_find_the_interval_greyed_out_saying_who_may_change_it(qtbot, ctx):
    _home(ctx)
    window = sign_in_from_start(qtbot, ctx, SAM, SAM_PASS)
    item = next(a for a in _file_menu(window).actions() if a.text() == "&Review the forms every…")
    assert not item.isEnabled()
    assert item.toolTip() == "Only an administrator can change the home's settings."
