"""The manager's view and reports on a store with ten years of records, against floors.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_manager.py [--runs N] [--store KIND]
The store comes from :mod:`tests.bench.mature_store` (generated once, then cached). Each figure
is a median printed beside a floor measured in the same run: the bare read of the same rows on
the raw database connection, the same filter as a plain list comprehension, or the same report
on an empty store. The issue's goals are printed with the figures; a benchmark is a script,
never a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.domain.clock import FixedClock
from desktop.domain.model import ChildDetails, Home
from desktop.export.manager import gather, month_bounds
from desktop.export.summary import SummaryInput, build_summary
from desktop.formspec import load_forms
from desktop.protocol.patterns import (
    declined_in_a_row,
    duration_bands,
    figures_by_month,
    interview_figures,
    per_child_month,
    recurring,
    start_grid,
    thresholds,
)
from desktop.protocol.rules import load_rule_sets
from desktop.store.absence_log import LOG_KINDS
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from desktop.ui.context import AppContext
from desktop.ui.manager_view import ManagerView
from tests.bench.common import median_seconds
from tests.bench.mature_store import END, mature_store

FORMS = load_forms(paths.forms_dir())
RULES = load_rule_sets(paths.protocols_dir())


def line(name: str, measured: float, floor: float, floor_name: str, goal: str = "") -> None:
    """One figure with its floor (and the goal, where the issue sets one)."""
    print(
        f"  {name:<36} {measured * 1000:9.1f} ms   floor {floor * 1000:8.1f} ms"
        f" ({floor_name}; {measured / floor if floor else 0:5.1f}×)"
        + (f"   goal: {goal}" if goal else "")
    )


def bare_log_read(store: Store) -> None:
    """The floor for opening the view: the same entries and headers, read raw."""
    raw = store.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        marks = ", ".join("?" for _ in LOG_KINDS)
        cursor.execute(
            f"SELECT * FROM log_entry WHERE kind IN ({marks}) ORDER BY episode_id, seq", LOG_KINDS
        ).fetchall()
        cursor.execute("SELECT * FROM episode").fetchall()
    finally:
        raw.close()


def patterns(store: Store, clock: FixedClock) -> None:
    """Every pattern the view shows, from one read of the home."""
    now = clock.now()
    rows = store.absence_log()
    children = store.every_child_records()
    zone = ZoneInfo(store.home().timezone)
    thresholds(children, RULES, now)
    recurring(rows, children)
    interview_figures(rows, now, timedelta(hours=72))
    declined_in_a_row(rows)
    start_grid(rows, zone)
    per_child_month(rows, zone)
    duration_bands(rows)
    figures_by_month(rows, now, timedelta(hours=72), zone)


def summary(store: Store, clock: FixedClock) -> bytes:
    """The summary PDF for the last twelve months."""
    last = clock.now().date()
    first = last - timedelta(days=365)
    zone = ZoneInfo(store.home().timezone)
    data = gather(
        store,
        rule_sets=RULES,
        forms=FORMS,
        now=clock.now(),
        since=month_bounds(first, zone)[0],
        until=clock.now(),
    )
    return build_summary(SummaryInput(data, "Bench House", first, last, "Bench", clock.now()))


def empty_summary(tmp: Path, clock: FixedClock, runs: int) -> float:
    created = Store.create(
        tmp / "empty",
        home=Home(name="Empty House"),
        admin_name="Bench Admin",
        passphrase="benchmark passphrase only",
        clock=clock,
        device=NoSecrets(),
        kdf=TEST_ONLY_PARAMS,
    )
    with created.store as store:
        store.children.add(
            ChildDetails(first_name="Only", last_name="Child", date_of_birth=date(2011, 4, 2))
        )
        return median_seconds(lambda: summary(store, clock), runs=runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--store", default="ten-year")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    clock = FixedClock(END)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        pdf_floor = empty_summary(tmp, clock, max(3, args.runs // 2))
        made = mature_store(args.store, tmp / args.store)
        store = Store.open(
            made.folder, name=made.name, passphrase=made.passphrase, clock=clock, device=NoSecrets()
        )
        with store:
            episodes = len(store.absence_log())
            print(f"\n{args.store} store: {len(made.child_ids)} children, {episodes} episodes")
            ctx = AppContext(store_dir=made.folder, clock=clock, device=NoSecrets(), forms=FORMS)
            _ = ctx.rule_sets
            log_floor = median_seconds(lambda: bare_log_read(store), runs=args.runs)
            views: list[ManagerView] = []

            shown_at: list[float] = []

            def open_view() -> None:
                started = time.perf_counter()
                view = ManagerView(ctx, store, lambda _child: None)
                view.show()
                app.processEvents()
                shown_at.append(time.perf_counter() - started)
                # One wait in Qt rather than a loop of processEvents() from Python: each call
                # from Python that returns nothing costs a reference to None with some Qt for
                # Python releases on Python 3.11, and thousands of them abort the interpreter.
                if view.data is None:
                    waiting = QEventLoop()
                    view.loaded.connect(waiting.quit)
                    waiting.exec()
                views.append(view)

            line(
                "opening the manager's view, filled",
                median_seconds(open_view, runs=args.runs),
                log_floor,
                "bare read of the log's rows",
                "< 500 ms",
            )
            line(
                "the view's window up (reading meanwhile)",
                statistics.median(shown_at),
                log_floor,
                "bare read of the log's rows",
            )
            view = views[-1]
            rows = view.model.shown
            child = made.heavy_child
            since, until = month_bounds(clock.now().date(), ZoneInfo("Europe/London"), 1)
            filters = {
                "filter: one child": (
                    lambda: view.child.setCurrentIndex(view.child.findData(child)),
                    lambda: [s for s in rows if s.row.child_id == child],
                ),
                "filter: last month": (
                    lambda: view.period.setCurrentText("Last month"),
                    lambda: [s for s in rows if since <= s.row.start < until],
                ),
                "filter: state": (
                    lambda: view.state.setCurrentIndex(view.state.count() - 1),
                    lambda: [s for s in rows if s.state == "Closed"],
                ),
                "filter: overdue only": (
                    lambda: view.overdue.setChecked(True),
                    lambda: [s for s in rows if s.overdue],
                ),
            }
            for name, (apply, bare) in filters.items():
                timings = []
                for _ in range(args.runs):
                    view.child.setCurrentIndex(0)
                    view.period.setCurrentIndex(0)
                    view.state.setCurrentIndex(0)
                    view.overdue.setChecked(False)
                    app.processEvents()
                    started = time.perf_counter()
                    apply()
                    app.processEvents()
                    timings.append(time.perf_counter() - started)
                line(name, statistics.median(timings), median_seconds(bare, runs=args.runs),
                     "the same test as a list comprehension", "< 100 ms")  # fmt: skip
            view.log.sortByColumn(2, Qt.SortOrder.DescendingOrder)
            line(
                "computing the patterns",
                median_seconds(lambda: patterns(store, clock), runs=args.runs),
                log_floor,
                "bare read of the log's rows",
                "< 1 s",
            )
            line(
                "the summary PDF, last 12 months",
                median_seconds(lambda: summary(store, clock), runs=max(3, args.runs // 2)),
                pdf_floor,
                "the same PDF for an empty store",
            )
            for v in views:
                v.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
