"""The witness code to write down, shown at the end of the store's full check.

The code is shown so staff can write it down with the date (at
a handover, say): typed back later into ``verify --witness``, it shows whether an older copy of
the store was put in place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.domain.errors import PhilomenaError
from desktop.domain.ukdates import uk_datetime

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow


def witness_words(window: MainWindow) -> str:
    """The witness code for now, with what to do with it (or why there is none yet)."""
    try:
        code = window.store.witness_code()
    except PhilomenaError as exc:
        return f"No witness code could be made: {exc.message}"
    now = window.ctx.clock.now()
    if not code:
        return "Records are not signed yet: an administrator's next sign-in seals them."
    return (
        f"Witness code for {uk_datetime(now, now.tzinfo)}:\n\n    {code}\n\nWrite it down with "
        "the date and keep it away from this computer. An administrator can later check the "
        "store against it, to see whether an older copy of the store was put in place."
    )
