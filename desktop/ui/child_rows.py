"""The children list's rows, and the minute's refresh of every row off the UI thread.

Each row carries the child's most pressing duty ("Now"), which means asking the protocol about
every child. After years of records that is real work, so the minute's refresh runs on a worker
thread of its own while the list keeps showing what it last knew; a change to one child
(an entry, a form, a photograph) refreshes that child's row alone, at once, on the UI thread.

The worker reads through the same :class:`Store`: every read is its own session on its own
pooled connection (SQLAlchemy sessions and SQLCipher connections are never shared between
threads), and the window waits for the worker before it closes the store.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop.domain.episode import episode_state
from desktop.domain.errors import PhilomenaError
from desktop.domain.model import cover_photo, photo_check
from desktop.formspec import completeness
from desktop.formspec.prefill import with_prefill
from desktop.protocol.engine import Prompt
from desktop.protocol.situation import ChildRecords
from desktop.store.store import Store
from desktop.ui.context import AppContext
from desktop.ui.deadlines import headline
from desktop.ui.quick_kinds import state_words
from desktop.ui.table_models import ChildSummary


@dataclass(frozen=True, slots=True)
class ChildRow:
    """One child's row, and the words the window title may carry for them."""

    summary: ChildSummary
    headline: tuple[str, str] | None
    """(first name, words) while an episode is open; None otherwise."""


class Thumbnails:
    """Each photo's thumbnail, read once (photographs are never changed, only added)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._cache: dict[str, bytes] = {}

    def get(self, photo_id: str) -> bytes:
        """The thumbnail's bytes (a dict read or write is safe from either thread)."""
        found = self._cache.get(photo_id)
        if found is None:
            found = self._cache[photo_id] = self._store.photos.image(photo_id, thumbnail=True)
        return found


def child_row(
    ctx: AppContext,
    records: ChildRecords,
    thumbnails: Thumbnails,
    prompts: list[Prompt] | None = None,
) -> ChildRow:
    """A child's row from their records (and their prompts, where already worked out)."""
    child = records.child
    spec = ctx.forms["part_a"]
    saved = records.forms.get(spec.id)
    values = with_prefill(spec, child, saved.values if saved else {})
    if records.photos:
        values.setdefault("photo", records.photos[0].id)
    percent, _ = completeness(spec, values)
    newest = records.photos[0] if records.photos else None
    cover = cover_photo(records.photos)  # the face the police pack shows
    today = ctx.clock.now().date()
    said = _now_words(ctx, records, prompts)
    return ChildRow(
        summary=ChildSummary(
            child=child,
            thumbnail=thumbnails.get(cover.id) if cover else None,
            part_a_percent=percent,
            photo=photo_check(newest, today, records.home.photo_max_age_days),
            now=said[1] if said else "",
        ),
        headline=said,
    )


def _now_words(
    ctx: AppContext, records: ChildRecords, prompts: list[Prompt] | None
) -> tuple[str, str] | None:
    """The most pressing duty (else the open episode's state), with the child's first name."""
    current = records.current
    child = records.child
    now = ctx.clock.now()
    every = prompts if prompts is not None else ctx.prompts_for(records)
    first = child.preferred_name or child.first_name
    # With no episode open, a duty of the child's standing grading (a review meeting while at
    # high risk of going missing) still shows; records upkeep has its own columns.
    chosen = [p for p in every if (p.standing if current is None else not p.profile)]
    words = headline(chosen, now, now.tzinfo or UTC, first)
    if current is None:
        return (first, words) if words else None
    return first, words or state_words(episode_state(list(current.log)))


class _Signals(QObject):
    done = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, number: int, work: Callable[[], list[ChildRow]], signals: _Signals) -> None:
        super().__init__()
        self.number, self.work, self.signals = number, work, signals

    def run(self) -> None:
        try:
            rows: list[ChildRow] | None = self.work()
        except PhilomenaError:  # signed out or refused meanwhile: the next sign-in reads afresh
            rows = None
        except Exception:  # a bug: the list keeps what it showed, and the next minute tries again
            rows = None
        with contextlib.suppress(RuntimeError):  # the window has gone: nobody is listening
            self.signals.done.emit(self.number, rows)


class RowRefresher(QObject):
    """Works out every child's row on a worker thread; hands them back on the UI thread.

    Rows for a child changed after the work began are left out of what is handed back, so a
    slower refresh never puts back what an entry just replaced.
    """

    finished = Signal(list, set)
    """Every child's row in list order, and the children changed meanwhile (keep their rows)."""

    def __init__(self, ctx: AppContext, store: Store, thumbnails: Thumbnails) -> None:
        super().__init__()
        self._ctx, self._store, self._thumbnails = ctx, store, thumbnails
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._arrived)
        self._numbers = itertools.count(1)
        self._changed: dict[str, int] = {}
        self._running: int | None = None
        self._again = False
        self._stopped = False

    def changed(self, child_id: str) -> None:
        """A child's row has just been brought up to date on the UI thread."""
        self._changed[child_id] = next(self._numbers)

    @property
    def busy(self) -> bool:
        """A refresh is under way."""
        return self._running is not None

    def start(self) -> None:
        """Refresh every row in the background (once more after the current one, if busy)."""
        if self._stopped:
            return
        if self._running is not None:
            self._again = True
            return
        number = self._running = next(self._numbers)
        self._pool.start(_Job(number, self._every_row, self._signals))

    def _every_row(self) -> list[ChildRow]:
        return [
            child_row(self._ctx, records, self._thumbnails)
            for records in self._store.every_child_records()
        ]

    def _arrived(self, number: int, rows: list[ChildRow] | None) -> None:
        self._running = None
        if rows is not None and not self._stopped:
            stale = {c for c, at in self._changed.items() if at > number}
            self.finished.emit(rows, stale)
        if self._again:
            self._again = False
            self.start()

    def stop(self) -> None:
        """Wait for the worker (before the store closes); nothing more is started."""
        self._stopped, self._again = True, False
        self._pool.waitForDone()
