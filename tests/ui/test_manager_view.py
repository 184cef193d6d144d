"""The manager's view, from the sign-in window: the five questions a manager asks, each
answered by one filter or panel of visible widgets; staff are refused, told who may."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QTableView, QTableWidget

from desktop.domain.model import ChildDetails, Home, Role
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.manager_view import ManagerView
from tests.support.sample import ADMIN, PASSPHRASE
from tests.support.ui import sign_in_from_start

SAM, SAM_PASS = "Sam Carer", "Sam's own long passphrase"


def _episode(store: Store, child_id: str, start: datetime, hours: float, interview: str = ""):
    episode = store.episodes.start(
        child_id, whereabouts="unknown", aware_at=start, reason_for_time="Logged afterwards"
    )
    back = start + timedelta(hours=hours)
    store.episodes.append(
        episode.id, "returned", {"where": "Skate park", "returned_by": "Police"}, event_at=back
    )
    if interview == "on time":
        store.episodes.append(
            episode.id, "return_interview_done", {}, event_at=back + timedelta(hours=30)
        )
    elif interview == "late":
        store.episodes.append(
            episode.id,
            "return_interview_done",
            {"late_reason": "She was staying with her aunt"},
            event_at=back + timedelta(hours=100),
        )
    return episode


def _home(ctx) -> None:
    """Aisha went missing three times in February; Quentin once in January, never since."""
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
        kids = {
            first: store.children.add(
                ChildDetails(first_name=first, last_name=last, date_of_birth=date(2011, 4, 2))
            ).id
            for first, last in (("Aisha", "Khan"), ("Quentin", "Quiet"))
        }
        now = ctx.clock.now()  # 1 March 2026, 15:00
        _episode(store, kids["Quentin"], now - timedelta(days=45), 5, "on time")
        _episode(store, kids["Aisha"], now - timedelta(days=25), 3, "on time")
        _episode(store, kids["Aisha"], now - timedelta(days=15), 26.5, "late")
        _episode(store, kids["Aisha"], now - timedelta(days=6), 2)  # no interview: overdue


def _sign_in(qtbot, ctx, name: str, passphrase: str) -> MainWindow:
    return sign_in_from_start(qtbot, ctx, name, passphrase)


def _open_view(qtbot, ctx) -> ManagerView:
    """Sign in as the administrator and open the view with its shortcut, Ctrl+Shift+M."""
    window = _sign_in(qtbot, ctx, ADMIN, PASSPHRASE)
    window.activateWindow()
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_M, keys)
    view = window.findChild(ManagerView)
    assert view is not None
    qtbot.addWidget(view)
    return view


def _open_authority_ids(qtbot, ctx):
    """The view on the Oak House records, and its Authority ids… dialog, opened by a click."""
    from desktop.ui.authority_ids import AuthorityIdsDialog

    _home(ctx)
    view = _open_view(qtbot, ctx)
    qtbot.waitUntil(lambda: view.outputs.save_903.isEnabled(), timeout=10_000)
    qtbot.mouseClick(view.authority_ids, Qt.MouseButton.LeftButton)
    dialog = view.findChild(AuthorityIdsDialog)
    assert dialog is not None and dialog.isVisible()
    return view, dialog


def _rows(view: QTableView | QTableWidget) -> list[list[str]]:
    model = view.model()
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def _choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick an entry with the arrow keys, as a person at the keyboard would."""
    wanted = combo.findText(text)
    assert wanted >= 0, text
    key = Qt.Key.Key_Down if wanted > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(combo.count()):
        if combo.currentIndex() == wanted:
            break
        qtbot.keyClick(combo, key)
    assert combo.currentText() == text


def _tab(qtbot, view: ManagerView, text: str) -> None:
    bar = view.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == text)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert view.tabs.currentIndex() == index


def test_a_manager_answers_the_five_questions_from_the_view(qtbot, ctx, dialogs, tmp_path):
    _home(ctx)
    window = _sign_in(qtbot, ctx, ADMIN, PASSPHRASE)
    window.activateWindow()
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_M, keys)
    view = window.findChild(ManagerView)
    assert view is not None and view.isVisible()
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.shown.text() == "4 of 4 episodes shown", timeout=10_000)
    assert view.as_at.text() == "As at 01/03/2026 15:00"

    # Who went missing last month, and for how long?
    _choose(qtbot, view.period, "Last month")
    rows = _rows(view.log)
    assert sorted((r[0], r[2]) for r in rows) == [
        ("Aisha Khan", "1 day 2 h"),
        ("Aisha Khan", "2 h 00 min"),
        ("Aisha Khan", "3 h 00 min"),
    ]
    assert all(r[1].startswith(("0", "1", "2")) and "/02/2026" in r[1] for r in rows)

    # What is overdue?
    _choose(qtbot, view.period, "Any time")
    qtbot.mouseClick(view.overdue, Qt.MouseButton.LeftButton)
    rows = _rows(view.log)
    assert [(r[0], r[8]) for r in rows] == [("Aisha Khan", "Overdue")]
    _tab(qtbot, view, "Waiting today")
    waiting = _rows(view.waiting)
    assert any(
        r[0] == "Aisha Khan" and "return interview" in r[1] and r[3] == "2 days 22 h overdue"
        for r in waiting
    )
    assert all(r[3].endswith("overdue") or r[3].startswith("in ") for r in waiting)
    assert all(r[5] for r in waiting)  # each says which protocol, and where in it

    # Who is at a repeat threshold, and what share of interviews were on time?
    _tab(qtbot, view, "Patterns")
    reached = [r for r in _rows(view.thresholds) if r[3] == "Yes"]
    assert ("Aisha Khan", "3", "3 in 28 days") in {(r[0], r[1], r[2]) for r in reached}
    assert all(r[0] == "Aisha Khan" for r in reached)
    assert "held within 72 hours 50% (2 of 4 returns); late 1" in view.interviews.text()
    places = _rows(view.recurring)
    assert places[0][:3] == ["Found at: Skate park", "4", "Aisha Khan, Quentin Quiet"]

    # The rows shown are saved as CSV, and the summary as a marked PDF, where the manager chose.
    _tab(qtbot, view, "Absence log")
    dialogs.save_path = tmp_path / "overdue"
    qtbot.mouseClick(view.outputs.save_csv, Qt.MouseButton.LeftButton)
    lines = (tmp_path / "overdue.csv").read_text("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("Aisha Khan,") and "overdue" in lines[1]
    dialogs.save_path = tmp_path / "summary.pdf"
    qtbot.mouseClick(view.outputs.save_summary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialogs.messages[-1][0] == "Summary saved", timeout=10_000)
    pages = [p.extract_text() for p in PdfReader(tmp_path / "summary.pdf").pages]
    assert all("OFFICIAL-SENSITIVE" in p for p in pages) and "Aisha Khan" in " ".join(pages)
    qtbot.mouseClick(view.overdue, Qt.MouseButton.LeftButton)

    # A row opens the child's page at their episodes.
    _tab(qtbot, view, "Absence log")
    index = view.log.model().index(0, 0)
    view.log.setFocus()
    view.log.setCurrentIndex(index)
    qtbot.keyClick(view.log, Qt.Key.Key_Return)
    assert window.child_title.full_text() == "Aisha Khan"
    assert window.tabs.currentWidget() is window.missing


def test_the_charts_show_the_last_twelve_months_by_child_duration_and_interview(qtbot, ctx):
    _home(ctx)
    view = _open_view(qtbot, ctx)
    qtbot.waitUntil(lambda: view.outputs.save_summary.isEnabled(), timeout=10_000)
    _tab(qtbot, view, "Charts")
    assert view.charts.months.isVisible() and view.charts.on_time.isVisible()
    months = view.charts.months
    assert months.categories == [
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"
    ]  # fmt: skip
    assert [name for name, _ in months.colours] == ["Aisha Khan", "Quentin Quiet"]
    assert "Aisha Khan" in view.charts.key.text() and "Quentin Quiet" in view.charts.key.text()
    assert view.charts.span.text() == (
        "The last twelve months, April 2025 to March 2026, as at 01/03/2026 15:00."
    )
    bars = dict(months.sets)
    assert bars["Aisha Khan"][-2] == 3 and sum(bars["Aisha Khan"]) == 3  # all in February
    assert bars["Quentin Quiet"][-3] == 1 and sum(bars["Quentin Quiet"]) == 1  # January
    assert months.accessibleDescription() == "Aisha Khan: 3 episodes; Quentin Quiet: 1 episode"
    assert [len(s.barSets()) for s in months.chart().series()] == [2]
    assert view.charts.durations.accessibleDescription() == (
        "Under 1 hour: 0, 1 to 6 hours: 3, 6 to 24 hours: 0, 1 to 3 days: 1, 3 days or more: 0"
    )
    rates = view.charts.on_time.accessibleDescription()
    assert "Jan 26: 100%" in rates and "Feb 26: 33%" in rates and "Mar 26: no returns" in rates


def test_the_summary_can_be_protected_with_a_password_as_the_pack_can(
    qtbot, ctx, dialogs, tmp_path
):
    _home(ctx)
    view = _open_view(qtbot, ctx)
    qtbot.waitUntil(lambda: view.outputs.save_summary.isEnabled(), timeout=10_000)
    assert not view.outputs.password.isEnabled()
    qtbot.mouseClick(view.outputs.protect, Qt.MouseButton.LeftButton)
    assert view.outputs.password.isEnabled() and view.outputs.password_again.isEnabled()
    qtbot.keyClicks(view.outputs.password, "short")
    dialogs.save_path = tmp_path / "summary.pdf"
    qtbot.mouseClick(view.outputs.save_summary, Qt.MouseButton.LeftButton)
    assert dialogs.messages[-1] == (
        "The summary was not saved",
        "The PDF password needs at least 8 characters.",
    )
    assert not dialogs.save_path.exists()
    view.outputs.password.clear()
    qtbot.keyClicks(view.outputs.password, "a long enough password")
    qtbot.keyClicks(view.outputs.password_again, "a long enough password")
    qtbot.mouseClick(view.outputs.save_summary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialogs.messages[-1][0] == "Summary saved", timeout=10_000)
    assert "opens only with the password" in dialogs.messages[-1][1]
    reader = PdfReader(dialogs.save_path)
    assert reader.is_encrypted and not reader.decrypt("wrong password")
    assert reader.decrypt("a long enough password")
    assert "OFFICIAL-SENSITIVE" in reader.pages[0].extract_text()
    assert view.outputs.save_summary.isEnabled() and view.as_at.text().startswith("As at ")


def test_while_a_summary_is_made_its_password_is_fixed_and_update_keeps_the_outputs_greyed(
    qtbot, ctx, dialogs, tmp_path
):
    from PySide6.QtCore import QThreadPool

    _home(ctx)
    view = _open_view(qtbot, ctx)
    qtbot.waitUntil(lambda: view.outputs.save_summary.isEnabled(), timeout=10_000)
    dialogs.save_path = tmp_path / "summary.pdf"
    pool = QThreadPool.globalInstance()
    threads = pool.maxThreadCount()
    pool.setMaxThreadCount(1)  # the summary waits behind the reading, so both are seen at work
    try:
        update = next(
            b for b in view.findChildren(type(view.authority_ids)) if b.text() == "&Update"
        )
        qtbot.mouseClick(update, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(view.outputs.save_summary, Qt.MouseButton.LeftButton)  # still greyed
        assert not dialogs.save_path.exists() and not view.outputs.protect.isEnabled()
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            pass
        qtbot.mouseClick(view.outputs.save_summary, Qt.MouseButton.LeftButton)
        assert view.as_at.text() == "Making the summary…"
        assert not view.outputs.protect.isEnabled()  # it cannot be ticked after the choice
        qtbot.mouseClick(update, Qt.MouseButton.LeftButton)  # read again meanwhile
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            pass
        if "Summary saved" not in [m[0] for m in dialogs.messages]:
            assert not view.outputs.save_summary.isEnabled()  # the summary is still being made
        qtbot.waitUntil(lambda: dialogs.messages[-1][0] == "Summary saved", timeout=10_000)
    finally:
        pool.setMaxThreadCount(threads)
    assert "password" not in dialogs.messages[-1][1]  # made without one, and says so
    assert not PdfReader(dialogs.save_path).is_encrypted
    assert view.outputs.save_summary.isEnabled() and view.outputs.protect.isEnabled()
    assert view.as_at.text().startswith("As at ")


def test_each_authoritys_ssda903_missing_file_is_saved_in_the_folder_chosen(
    qtbot, ctx, dialogs, tmp_path
):
    _home(ctx)  # nobody has written down Aisha's or Quentin's responsible authority
    view = _open_view(qtbot, ctx)
    qtbot.waitUntil(lambda: view.outputs.save_903.isEnabled(), timeout=10_000)

    assert view.outputs.save_903.toolTip().endswith(
        "Kent and Medway protocol, Data on looked after children who go missing or are away "
        'from placement without authorisation: the authority reports them "as part of the '
        'annual SSDA903 data collection".'
    )
    _choose(qtbot, view.period, "This month")  # 1 March: nothing has started yet
    qtbot.mouseClick(view.outputs.save_903, Qt.MouseButton.LeftButton)
    assert dialogs.messages[-1] == (
        "Nothing to save",
        "No episode started in that period, so there is nothing to send.",
    )

    _choose(qtbot, view.period, "Last month")
    dialogs.folder = tmp_path / "returns"
    dialogs.folder.mkdir()
    qtbot.mouseClick(view.outputs.save_903, Qt.MouseButton.LeftButton)
    title, words = dialogs.messages[-1]
    assert title == "SSDA903 Missing files saved", words
    assert "Responsible authority not recorded: 3 episodes" in words
    assert "The authority's id is not recorded for Aisha Khan" in words
    [saved] = dialogs.folder.iterdir()
    assert saved.name == (
        "SSDA903-Missing-Responsible-authority-not-recorded-01-02-2026-to-28-02-2026.csv"
    )
    lines = saved.read_text("utf-8").splitlines()
    assert lines[0] == "CHILD,DOB,MISSING,MIS_START,MIS_END"
    assert sorted(lines[1:]) == [
        ",02/04/2011,M,04/02/2026,04/02/2026",
        ",02/04/2011,M,14/02/2026,15/02/2026",
        ",02/04/2011,M,23/02/2026,23/02/2026",
    ]


def test_staff_are_refused_the_view_and_told_who_may(qtbot, ctx):
    _home(ctx)
    window = _sign_in(qtbot, ctx, SAM, SAM_PASS)
    file_menu = window.menuBar().actions()[0].menu()
    item = next(a for a in file_menu.actions() if a.text() == "Manager's &view…")
    assert not item.isEnabled()
    assert item.toolTip() == "Only a manager or administrator can run reports."
    window.activateWindow()
    keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window.table, Qt.Key.Key_M, keys)
    assert window.findChild(ManagerView) is None


def test_the_absence_log_model_passes_qts_model_tester_and_sorts_by_a_header_click(
    qtmodeltester, qtbot, clock
):
    from datetime import UTC
    from zoneinfo import ZoneInfo

    from desktop.domain.episode import EpisodeState
    from desktop.protocol.absences import AbsenceRow
    from desktop.ui.absence_model import AbsenceFilter, AbsenceLogModel

    now = clock.now().astimezone(UTC)
    rows = [
        AbsenceRow(f"e{i}", f"c{i % 2}", f"Child {i % 2}", now - timedelta(days=i),
                   now - timedelta(days=i) + timedelta(hours=1 + (i * 3) % 5),
                   EpisodeState.CLOSED, "known", "", "", "", "", "", None)
        for i in range(6)
    ]  # fmt: skip
    model = AbsenceLogModel()
    model.set_rows(rows, now=now, zone=ZoneInfo("Europe/London"), deadline=timedelta(hours=72))
    qtmodeltester.check(model)
    proxy = AbsenceFilter()
    proxy.setSourceModel(model)
    proxy.set_filter(child_id="c1")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 3
    assert [int(str(proxy.index(r, 2).data()).split()[0]) for r in range(3)] == [4, 5, 1]
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.show()
    header = view.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().topLeft() + QPoint(header.sectionViewportPosition(2) + 5, 5),
    )
    hours = [int(str(proxy.index(r, 2).data()).split()[0]) for r in range(proxy.rowCount())]
    assert hours == [1, 4, 5]  # were 4, 5, 1: newest first
    assert {proxy.index(r, 0).data() for r in range(proxy.rowCount())} == {"Child 1"}


def test_authority_ids_filled_in_from_the_view_go_into_the_ssda903_file(
    qtbot, ctx, dialogs, tmp_path
):

    view, dialog = _open_authority_ids(qtbot, ctx)
    assert dialog is not None and dialog.isVisible()
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == ["Aisha Khan", "Quentin Quiet"]
    assert dialog.table.item(0, 1).text() == "Not recorded"
    aisha, quentin = dialog.ids
    qtbot.keyClicks(quentin, "Q-77")
    qtbot.keyClicks(aisha, "=A1")  # would run in a spreadsheet: refused, and nothing is kept
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert "Aisha Khan: Write the authority's id" in dialog.error.text() and dialog.isVisible()
    assert all(not c.authority_child_id for c in view.store.children.all())
    aisha.clear()
    qtbot.keyClicks(aisha, "AK-2041")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert {c.first_name: c.authority_child_id for c in view.store.children.all()} == {
        "Aisha": "AK-2041",
        "Quentin": "Q-77",
    }
    _choose(qtbot, view.period, "Last month")
    dialogs.folder = tmp_path
    qtbot.mouseClick(view.outputs.save_903, Qt.MouseButton.LeftButton)
    [saved] = tmp_path.glob("SSDA903-*.csv")
    assert {line.split(",")[0] for line in saved.read_text("utf-8").splitlines()[1:]} == {"AK-2041"}
    assert "not recorded for" not in dialogs.messages[-1][1]


def test_the_authority_ids_dialog_takes_a_long_paste_whole_and_refuses_a_shared_id(qtbot, ctx):

    view, dialog = _open_authority_ids(qtbot, ctx)
    aisha, quentin = dialog.ids
    qtbot.keyClicks(aisha, "1234567890123456789012")  # 22: cut to 20 would go unnoticed
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert "22 characters long" in dialog.error.text()
    aisha.clear()
    qtbot.keyClicks(aisha, "X-1")
    qtbot.keyClicks(quentin, "x-1")  # no authority recorded for either: the same one
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert "Aisha Khan and Quentin Quiet both have the id x-1" in dialog.error.text()
    assert all(not c.authority_child_id for c in view.store.children.all())


def test_the_episodes_chart_gives_nine_children_a_colour_and_the_rest_one(qtbot, ctx):
    with Store.create(
        ctx.store_dir, home=Home(name="Oak House"), admin_name=ADMIN, passphrase=PASSPHRASE,
        clock=ctx.clock, device=ctx.device, kdf=TEST_ONLY_PARAMS,
    ).store as store:  # fmt: skip
        now = ctx.clock.now()
        for n in range(11):
            child = store.children.add(
                ChildDetails(
                    first_name=f"Child{n:02d}", last_name="Test", date_of_birth=date(2011, 4, 2)
                )
            )
            for k in range(11 - n):  # Child00 the most episodes, Child10 the fewest
                _episode(store, child.id, now - timedelta(days=20 + 2 * k, hours=n), 1)
    view = _open_view(qtbot, ctx)
    qtbot.waitUntil(lambda: view.outputs.save_summary.isEnabled(), timeout=10_000)
    names = [name for name, _ in view.charts.months.colours]
    assert names == [f"Child{n:02d} Test" for n in range(9)] + ["Others (2 children)"]
    assert (
        sum(dict(view.charts.months.sets)["Others (2 children)"]) == 3
    )  # Child09's 2, Child10's 1


def test_a_disk_failing_partway_through_the_ids_says_which_were_kept(qtbot, ctx, monkeypatch):
    from desktop.store.errors import StorageError

    view, dialog = _open_authority_ids(qtbot, ctx)
    aisha, quentin = dialog.ids
    qtbot.keyClicks(aisha, "A-1")
    qtbot.keyClicks(quentin, "Q-1")
    real = view.store.children.set_authority_child_id

    def second_fails(child_id, typed):
        if typed == "Q-1":
            raise StorageError("The disk is full. Free some space, then try again.")
        return real(child_id, typed)

    monkeypatch.setattr(view.store.children, "set_authority_child_id", second_fails)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text() == (
        "The disk is full. Free some space, then try again. The ids of Aisha Khan were kept."
    )
    assert {c.first_name: c.authority_child_id for c in view.store.children.all()} == {
        "Aisha": "A-1",
        "Quentin": "",
    }
