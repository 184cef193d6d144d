"""One way to do slow work from the UI: off the UI thread, with known errors made plain.

Every store call that can take noticeable time (unlocking, saving a photo, building a pack) runs
through :func:`run_in_background`, so the window never freezes and a failure always arrives as
a :class:`~desktop.domain.errors.PhilomenaError` with a message fit for a carer.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Any, ParamSpec

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from desktop.domain.errors import PhilomenaError, bug_location
from desktop.store.errors import AccessWithdrawn

P = ParamSpec("P")


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work()
        except PhilomenaError as exc:
            self._emit(self.signals.failed, exc)
        except Exception as exc:  # a bug: report where, never what (no personal data)
            self._emit(self.signals.failed, bug_error(exc))
        else:
            self._emit(self.signals.succeeded, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing: nobody is listening
            signal.emit(value)


def bug_error(exc: BaseException) -> PhilomenaError:
    """A bug turned into a message that names the place in the code and nothing else."""
    return PhilomenaError(
        f"Something went wrong inside Philomena Desk ({bug_location(exc)}). "
        "Nothing was lost that had already been saved. Please report this."
    )


def stops_when_signed_out(step: Callable[P, None]) -> Callable[P, None]:
    """A step the window takes by itself just stops when its account has been closed.

    Reloading a chosen child or the minute's refresh: the controller is already locking the
    window and saying why, so the store's refusal needs no second report.
    """

    @functools.wraps(step)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        with contextlib.suppress(AccessWithdrawn):
            step(*args, **kwargs)

    return guarded


_ALIVE: set[_Signals] = set()


def run_in_background(
    work: Callable[[], Any],
    *,
    done: Callable[[Any], None],
    failed: Callable[[PhilomenaError], None],
) -> _Signals:
    """Run ``work`` on the thread pool; call ``done`` or ``failed`` back on the UI thread."""
    signals = _Signals()
    _ALIVE.add(signals)

    def release() -> None:
        # Not inside the signal's own delivery: deleting a QObject mid-emit is unsafe.
        QTimer.singleShot(0, lambda: _ALIVE.discard(signals))

    def finish_ok(result: Any) -> None:
        release()
        done(result)

    def finish_failed(error: PhilomenaError) -> None:
        release()
        failed(error)

    signals.succeeded.connect(finish_ok)
    signals.failed.connect(finish_failed)
    QThreadPool.globalInstance().start(_Job(work, signals))
    return signals
