"""What a manager takes away from the manager's view, each as a file.

The log as CSV, the summary PDF (with the pack's password option) and each responsible
authority's SSDA903 Missing file.

Each is written only where the manager chooses and is noted in the audit log; the summary is
made off the UI thread, since reading the home for it takes a second on a ten-year store.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QHBoxLayout, QWidget

from desktop.domain.audit import Audited
from desktop.domain.errors import PhilomenaError
from desktop.domain.ukdates import uk_file_date
from desktop.export.manager import ManagerData, gather
from desktop.export.output import save_pdf
from desktop.export.reports import absence_csv, save_text
from desktop.export.ssda903 import SOURCE as SSDA903_SOURCE
from desktop.export.ssda903 import missing_tables, outcome_words, save_tables
from desktop.export.summary import SummaryInput, build_summary
from desktop.protocol.absences import AbsenceRow
from desktop.protocol.sources import area_words
from desktop.store.store import Store
from desktop.ui.context import AppContext
from desktop.ui.ops import run_in_background
from desktop.ui.pack_dialog import chosen_password, password_fields
from desktop.ui.widgets import button, label


class Source(Protocol):
    """The view the outputs are made from."""

    data: ManagerData | None

    def period_bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period the filters chose (None, None: any time)."""
        ...

    def rows_shown(self) -> list[AbsenceRow]:
        """The absence log's rows the filters show, in the order shown."""
        ...

    def busy(self, job: str, words: str | None) -> None:
        """Grey out the outputs while ``job`` runs, saying so (``words`` None: it is done)."""
        ...


class Outputs(QWidget):
    """The summary's password row; the three buttons go where the view lays them out."""

    def __init__(
        self, ctx: AppContext, store: Store, source: Source, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store = store
        self.source = source
        self.save_csv = button("Save the log as CS&V…")
        self.save_csv.setToolTip("The episodes the filters show, for a spreadsheet")
        self.save_csv.clicked.connect(self.export_csv)
        self.save_summary = button("Summary P&DF…")
        self.save_summary.setToolTip("The management summary for the period chosen (else a year)")
        self.save_summary.clicked.connect(self.export_summary)
        self.save_903 = button("SSDA903 &Missing files…")
        area = area_words(SSDA903_SOURCE.seed, ctx.rule_sets) or "A protocol"
        self.save_903.setToolTip(
            "For each responsible authority's yearly return: the episodes that started in the "
            f"period chosen, one file per authority. {area}, {SSDA903_SOURCE.section}: the "
            f'authority reports them "{SSDA903_SOURCE.quote}".'
        )
        self.save_903.clicked.connect(self.export_903)
        self.protect, self.password, self.password_again = password_fields(
            "Pro&tect the summary PDF with a password", "Summary password"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.protect, self.password, self.password_again):
            row.addWidget(widget)
        row.addWidget(label("Send the password separately, never with the file.", "help"))
        row.addStretch(1)

    @property
    def buttons(self) -> tuple[QWidget, ...]:
        """The buttons that make an output."""
        return (self.save_csv, self.save_summary, self.save_903)

    def export_csv(self) -> None:
        """Write the rows the filters show as CSV where the manager chooses; log that it was."""
        data = self.source.data
        assert data is not None
        day = uk_file_date(data.now.astimezone(data.zone).date())
        path = self.ctx.dialogs.save_csv(
            self, f"Absence-log-{day}.csv", "Save the absence log as CSV"
        )
        if path is None:
            return
        rows = self.source.rows_shown()
        try:
            text = absence_csv(rows, now=data.now, zone=data.zone, deadline=data.deadline)
            saved = save_text(path, text, ".csv")
            self.store.audit.record(Audited.REPORT)
        except PhilomenaError as problem:
            self.ctx.dialogs.error(self, "The absence log was not saved", str(problem))
            return
        self.ctx.dialogs.info(self, "Absence log saved", f"Saved {len(rows)} episodes to {saved}.")

    def export_summary(self) -> None:
        """Write the summary PDF for the period chosen (else the last year); log that it was.

        Reading the home for the period takes about a second on a ten-year store, so it is
        done off the UI thread, like opening the view.
        """
        data = self.source.data
        assert data is not None
        try:
            password = chosen_password(self.protect, self.password, self.password_again)
        except PhilomenaError as problem:
            self.ctx.dialogs.error(self, "The summary was not saved", str(problem))
            return
        since, until = self.source.period_bounds()
        until = min(until or data.now, data.now)
        since = since or until - timedelta(days=365)
        first = since.astimezone(data.zone).date()
        last = (until - timedelta(microseconds=1)).astimezone(data.zone).date()
        path = self.ctx.dialogs.save_pdf(
            self,
            f"Missing-summary-{uk_file_date(first)}-to-{uk_file_date(last)}.pdf",
            "Save the summary",
        )
        if path is None:
            return
        store, rule_sets, forms = self.store, self.ctx.rule_sets, self.ctx.forms
        who = store.staff.name if store.staff else "the recovery key"
        home = store.home().name

        def make() -> Path:
            made = gather(
                store, rule_sets=rule_sets, forms=forms, now=until, since=since, until=until
            )
            pdf = build_summary(SummaryInput(made, home, first, last, who, data.now))
            return save_pdf(path, pdf, password=password)

        self.source.busy("summary", "Making the summary…")
        run_in_background(
            make,
            done=lambda saved: self._summary_saved(saved, locked=password is not None),
            failed=self._summary_failed,
        )

    def _summary_saved(self, saved: Path, *, locked: bool) -> None:
        """Say where it went, and whether it needs the password (as made, not as now ticked)."""
        self.source.busy("summary", None)
        try:
            self.store.audit.record(Audited.REPORT)  # on the UI thread, like every other write
        except PhilomenaError as problem:
            self.ctx.dialogs.error(
                self,
                "The summary was saved, but not noted in the audit log",
                f"It is at {saved}. {problem}",
            )
            return
        said = " It opens only with the password: send that separately." if locked else ""
        self.ctx.dialogs.info(self, "Summary saved", f"Saved the summary to {saved}.{said}")

    def _summary_failed(self, problem: PhilomenaError) -> None:
        self.source.busy("summary", None)
        self.ctx.dialogs.error(self, "The summary was not saved", str(problem))

    def export_903(self) -> None:
        """Write each authority's Missing table where the manager chooses; log that it was.

        The period chosen (else every episode) decides which episodes go in.
        """
        data = self.source.data
        assert data is not None
        since, until = self.source.period_bounds()
        rows = [
            r
            for r in data.rows
            if (since is None or r.start >= since) and (until is None or r.start < until)
        ]
        if not rows:
            self.ctx.dialogs.info(self, "Nothing to save", outcome_words([]))
            return
        first = (since or min(r.start for r in rows)).astimezone(data.zone).date()
        last = (min(until or data.now, data.now) - timedelta(microseconds=1)).astimezone(data.zone)
        folder = self.ctx.dialogs.choose_folder(
            self, "Choose the folder for the authorities' SSDA903 Missing files"
        )
        if folder is None:
            return
        children = {r.child.id: r.child for r in data.children}
        tables = missing_tables(rows, children, zone=data.zone, first=first, last=last.date())
        try:
            saved = save_tables(folder, tables)
            self.store.audit.record(Audited.REPORT)
        except PhilomenaError as problem:
            self.ctx.dialogs.error(self, "The files were not saved", str(problem))
            return
        self.ctx.dialogs.info(
            self,
            "SSDA903 Missing files saved",
            f"Saved {len(saved)} file{'s' if len(saved) != 1 else ''} in {folder}. "
            + outcome_words(tables),
        )
