"""The manager's view: the absence log across the home, what is waiting, patterns and gaps.

Opened from File → Manager's view… by a manager or administrator (the store refuses anyone
else, and the menu says who may). Each row that is about an episode opens that child's page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.episode import EpisodeState
from desktop.domain.errors import NotPermitted, PhilomenaError
from desktop.domain.model import Role
from desktop.domain.permissions import Action, who_may
from desktop.domain.permissions import require as _require
from desktop.domain.ukdates import uk_datetime
from desktop.export.manager import ManagerData, gather, month_bounds
from desktop.protocol.absences import AbsenceRow
from desktop.protocol.handover import timing_words
from desktop.protocol.interviews import interview_deadline
from desktop.protocol.patterns import (
    declined_in_a_row,
    interview_figures,
    recurring,
)
from desktop.store.store import Store
from desktop.ui.absence_model import ROW_ROLE, WIDTH_SAMPLES, AbsenceFilter, AbsenceLogModel
from desktop.ui.authority_ids import AuthorityIdsDialog
from desktop.ui.context import AppContext
from desktop.ui.manager_charts import ChartsPage
from desktop.ui.manager_outputs import Outputs
from desktop.ui.ops import run_in_background
from desktop.ui.widgets import button, fitted, label

PERIODS = ("Any time", "This month", "Last month", "Last 3 months", "Last 12 months")
CHILD_ROLE = Qt.ItemDataRole.UserRole + 1


def _table(name: str, headers: list[str], *stretch: int) -> QTableWidget:
    """A read-only table whose ``stretch`` columns share the room left and wrap their words."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    # Wrapped rows are as tall as their words at the columns' widths, which settle only once
    # the table is laid out (and change with the window): fit the rows again after each change.
    refit = QTimer(table)
    refit.setSingleShot(True)
    refit.setInterval(0)
    refit.timeout.connect(table.resizeRowsToContents)
    header.sectionResized.connect(refit.start)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str | None, list[str]]]) -> None:
    """Put ``rows`` (child id, cells) in a table; the child id rides on the first cell."""
    table.setRowCount(len(rows))
    for r, (child_id, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c == 0:
                item.setData(CHILD_ROLE, child_id or "")
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def require_role(role: Role | None, action: Action) -> None:
    """Refuse at once, naming who may, before reading anything (the store checks it again)."""
    if role is None:
        raise NotPermitted(who_may(action))
    _require(role, action)


def _percent(part: int, whole: int) -> str:
    return "no returns" if not whole else f"{round(100 * part / whole)}%"


class ManagerView(QDialog):
    """Everything a manager oversees across the home's children, as of when it was opened."""

    loaded = Signal()
    """The records have been read and are on show."""

    def __init__(
        self,
        ctx: AppContext,
        store: Store,
        open_child: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        require_role(store.staff.role if store.staff else None, Action.RUN_REPORTS)
        self.ctx = ctx
        self.store = store
        self.open_child = open_child
        self.setWindowTitle(f"Manager's view — {store.home().name}")
        self.resize(fitted(QSize(1340, 820), self))
        self.as_at = label("", "help")

        self.model = AbsenceLogModel(self)
        self.filter = AbsenceFilter(self)
        self.filter.setSourceModel(self.model)
        self.log = QTableView()
        self.log.setModel(self.filter)
        self.log.setSortingEnabled(True)
        self.log.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.log.setAccessibleName("Absence log: every episode across the home")
        self.log.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.log.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.log.verticalHeader().hide()
        self.log.horizontalHeader().setStretchLastSection(True)
        metrics, header = self.log.fontMetrics(), self.log.horizontalHeader()
        for column, sample in enumerate(WIDTH_SAMPLES[:-1]):  # the interview takes the rest
            heading = AbsenceLogModel.HEADERS[column]
            widest = max(
                metrics.horizontalAdvance(sample),
                header.fontMetrics().horizontalAdvance(heading) + 12,
            )
            self.log.setColumnWidth(column, widest + 14)  # a cut-off cell's tooltip says all
        self.log.activated.connect(self._open_row)
        self.child = QComboBox()
        self.child.setAccessibleName("Child")
        self.child.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period = QComboBox()
        self.period.addItems(PERIODS)
        self.period.setAccessibleName("Started")
        self.state = QComboBox()
        self.state.addItems(["Any state", *(str(s).capitalize() for s in EpisodeState)])
        self.state.setAccessibleName("Where it stands")
        self.overdue = QCheckBox("Only with a follow-up &overdue")
        self.shown = label("", "help")
        for combo in (self.child, self.period, self.state):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.overdue.toggled.connect(self.apply_filter)
        filters = QHBoxLayout()
        for text, widget in (
            ("C&hild", self.child),
            ("&Started", self.period),
            ("Wh&ere it stands", self.state),
        ):
            caption = QLabel(text)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.overdue)
        filters.addStretch(1)
        log_page = QWidget()
        log_layout = QVBoxLayout(log_page)
        log_layout.addLayout(filters)
        log_layout.addWidget(self.log, 1)
        log_layout.addWidget(self.shown)

        self.waiting = _table(
            "Overdue and due today, across children",
            ["Child", "What", "Due", "When", "Who", "From the protocol"],
            1,
            4,
            5,
        )
        self.thresholds = _table(
            "Children at or near a repeat-episode threshold",
            ["Child", "Episodes", "Threshold", "Reached", "What happens next", "Who"],
            4,
            5,
        )
        self.interviews = label("", None)
        self.interviews.setAccessibleName("Return interviews")
        self.declines = label("", "help")
        self.recurring = _table(
            "Places found and people with, more than once",
            ["What", "Episodes", "Children", "On the Locations form"],
            0,
        )
        self.gaps = _table("Profile health", ["Child", "What needs doing"], 1)
        for table in (self.waiting, self.thresholds, self.gaps):
            table.itemActivated.connect(self._open_item)

        patterns = QWidget()
        p_layout = QVBoxLayout(patterns)
        p_layout.addWidget(label("Repeat episodes against the protocols' thresholds", "title"))
        p_layout.addWidget(self.thresholds, 2)
        p_layout.addWidget(self.interviews)
        p_layout.addWidget(self.declines)
        p_layout.addWidget(self.recurring, 1)
        self.charts = ChartsPage(int(interview_deadline(ctx.rule_sets).total_seconds() // 3600))

        self.tabs = QTabWidget()
        self.tabs.addTab(log_page, "&Absence log")
        self.tabs.addTab(self.waiting, "&Waiting today")
        self.tabs.addTab(patterns, "&Patterns")
        self.tabs.addTab(self.charts, "Cha&rts")
        self.tabs.addTab(self.gaps, "Pro&file health")
        self.outputs = Outputs(ctx, store, self)
        self.authority_ids = button(
            "Authority &ids…", accessible="The responsible authorities' ids for the children"
        )
        self.authority_ids.setToolTip(
            "Fill in or correct the id each child's responsible authority gives them (the "
            "SSDA903 files need it)"
        )
        self.authority_ids.clicked.connect(self.edit_authority_ids)
        refresh = button("&Update", accessible="Read the home's records again, as of now")
        refresh.clicked.connect(self.load)
        close = button("&Close")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.as_at, 1)
        for output in self.outputs.buttons:
            bottom.addWidget(output)
        bottom.addWidget(self.authority_ids)
        bottom.addWidget(refresh)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(label("Manager's view", "title"))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.outputs)
        layout.addLayout(bottom)
        self.data: ManagerData | None = None
        self.loading = False
        self.working: dict[str, str] = {}
        """What is running off the UI thread now, by job, in words."""
        self.load()

    def load(self) -> None:
        """Read the home's records off the UI thread, then show them as of now.

        A ten-year store takes about a second to read; the window is up at once meanwhile.
        """
        if self.loading:
            return
        self.loading = True
        self.busy("read", "Reading every child's records…")
        now = self.ctx.clock.now()
        rule_sets, forms = self.ctx.rule_sets, self.ctx.forms
        run_in_background(
            lambda: gather(self.store, rule_sets=rule_sets, forms=forms, now=now),
            done=self._loaded,
            failed=self._failed,
        )

    def _failed(self, problem: PhilomenaError) -> None:
        self.loading = False
        self.busy("read", None)
        self.as_at.setText(f"The records could not be read: {problem}")

    def _loaded(self, data: ManagerData) -> None:
        """Show what was read."""
        self.loading = False
        self.data = data
        now = data.now
        self.busy("read", None)
        chosen = self._chosen_child() or ""
        self.child.blockSignals(True)
        self.child.clear()
        self.child.addItem("Every child", "")  # never None: see _chosen_child
        for records in data.children:
            self.child.addItem(records.child.display_name, records.child.id)
        self.child.setCurrentIndex(max(0, self.child.findData(chosen)))
        self.child.blockSignals(False)
        self.model.set_rows(data.rows, now=now, zone=data.zone, deadline=data.deadline)
        header = self.log.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.apply_filter()
        self._show_actions(data)
        self._show_patterns(data)
        self.charts.set_data(data)
        _fill(self.gaps, [(g.child_id, [g.child_name, g.what]) for g in data.gaps])
        self.loaded.emit()

    def busy(self, job: str, words: str | None) -> None:
        """Grey out the outputs while any job runs, saying what the newest is doing.

        ``job`` names it ("read", "summary"); ``words`` None says it has finished. Reading the
        home again while a summary is made leaves the outputs greyed until both are done.
        """
        if words is None:
            self.working.pop(job, None)
        else:
            self.working[job] = words
        idle = not self.working
        for control in self.outputs.buttons:
            control.setEnabled(idle)
        self.outputs.setEnabled(idle)  # the summary's password, fixed while one is made
        if not idle:
            self.as_at.setText(list(self.working.values())[-1])
        elif self.data is not None:
            self.as_at.setText(f"As at {uk_datetime(self.data.now, self.data.zone)}")

    def edit_authority_ids(self) -> None:
        """List every child's authority id to fill in; read the home again once any is kept."""
        dialog = AuthorityIdsDialog(self.store, self.ctx.clock.now().date(), self)
        dialog.saved.connect(self.load)
        dialog.open()

    def period_bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period the Started filter chose (None, None: any time)."""
        return self._period(self.period.currentText())

    def rows_shown(self) -> list[AbsenceRow]:
        """The absence log's rows the filters show, in the order shown."""
        model = self.filter
        return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]

    def apply_filter(self) -> None:
        """Narrow the log to what the filters say."""
        if self.data is None:
            return
        since, until = self._period(self.period.currentText())
        state = None if self.state.currentIndex() == 0 else self.state.currentText()
        self.filter.set_filter(
            child_id=self._chosen_child(),
            since=since,
            until=until,
            state=state,
            overdue_only=self.overdue.isChecked(),
        )
        self.shown.setText(f"{self.filter.rowCount()} of {self.model.rowCount()} episodes shown")

    def _chosen_child(self) -> str | None:
        """The chosen child's id (None: every child).

        Every item carries text as its data: an item without data makes some Qt for Python
        releases drop a reference to None each time it is read, until the interpreter aborts.
        """
        return str(self.child.currentData() or "") or None

    def _period(self, words: str) -> tuple[datetime | None, datetime | None]:
        assert self.data is not None
        today = self.data.now.astimezone(self.data.zone).date()
        this_start, next_start = month_bounds(today, self.data.zone)
        if words == "This month":
            return this_start, next_start
        if words == "Last month":
            return month_bounds(today, self.data.zone, 1)
        if words == "Last 3 months":
            return month_bounds(today, self.data.zone, 3)[0], this_start
        if words == "Last 12 months":
            return self.data.now - timedelta(days=365), None
        return None, None

    def _show_actions(self, data: ManagerData) -> None:
        _fill(
            self.waiting,
            [
                (
                    a.child_id,
                    [
                        a.child_name,
                        a.prompt.text,
                        uk_datetime(a.prompt.due_at, data.zone),
                        timing_words(a.prompt.due_at, data.now),
                        a.prompt.who,
                        a.source,
                    ],
                )
                for a in data.actions
            ],
        )

    def _show_patterns(self, data: ManagerData) -> None:
        _fill(
            self.thresholds,
            [
                (
                    t.child_id,
                    [
                        t.child_name,
                        str(t.counted),
                        f"{t.rule.episodes} {t.window_words}",
                        "Yes" if t.reached else "Not yet",
                        t.rule.text,
                        t.rule.who,
                    ],
                )
                for t in data.thresholds
            ],
        )
        year_ago = data.now - timedelta(days=365)
        figures = interview_figures(
            [r for r in data.rows if r.start >= year_ago], data.now, data.deadline
        )
        hours = int(data.deadline.total_seconds() // 3600)
        self.interviews.setText(
            f"Return interviews in the last 12 months: held within {hours} hours "
            f"{_percent(figures.on_time, figures.returned)} ({figures.on_time} of "
            f"{figures.returned} returns); late {figures.late}; declined {figures.declined}; "
            f"not yet held {figures.outstanding}."
        )
        names = {r.child.id: r.child.display_name for r in data.children}
        runs = declined_in_a_row(data.rows)
        self.declines.setText(
            "Declined return interviews in a row: "
            + (
                "; ".join(f"{names.get(c, '?')}: {n}" for c, n in sorted(runs.items()) if n > 1)
                or "none"
            )
        )
        _fill(
            self.recurring,
            [
                (
                    None,
                    [
                        f"{'Found at' if r.what == 'place' else 'With'}: {r.words}",
                        str(r.episodes),
                        ", ".join(r.children),
                        "Yes" if r.on_locations_form else "No: add it",
                    ],
                )
                for r in recurring(data.rows, data.children)
            ],
        )

    def _open_row(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is not None:
            self.open_child(row.child_id)

    def _open_item(self, item: QTableWidgetItem) -> None:
        table = item.tableWidget()
        first = table.item(item.row(), 0)
        child_id = first.data(CHILD_ROLE) if first is not None else None
        if child_id:
            self.open_child(child_id)
