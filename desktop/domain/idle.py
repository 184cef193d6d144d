"""How long a shared PC may sit untouched before the app locks: the home's idle time.

A home sets it (an administrator, in the app or on the command line) within bounds that keep
it useful: at least a minute, so the app never locks mid-sentence, and at most an hour, so an
unattended screen never shows children's records for a whole shift.
"""

from __future__ import annotations

from desktop.domain.errors import BadInput

DEFAULT_MINUTES = 5
"""A new store's idle time."""
UPGRADED_MINUTES = 15
"""An upgraded store's idle time: what the app did before the home could choose."""
MIN_MINUTES = 1
MAX_MINUTES = 60


def check_minutes(minutes: int) -> int:
    """``minutes`` if it is a usable idle time; otherwise refuse, saying what is."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BadInput(
            f"The idle time must be a whole number of minutes from {MIN_MINUTES} to "
            f"{MAX_MINUTES}, not {minutes}."
        )
    return minutes


def minutes_words(minutes: int) -> str:
    """'1 minute', '5 minutes'."""
    return f"{minutes} minute" + ("" if minutes == 1 else "s")
