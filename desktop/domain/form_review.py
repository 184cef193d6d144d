"""How often the home reviews each child's Philomena forms: the home's review interval.

The protocols ask for the forms to be "reviewed on a regular basis and updated when necessary"
but set no number, so the home chooses one (an administrator, in the app or on the command
line): at least a month, and at most a year, so a form is never left unreviewed for longer.
A form saved on 1 June, with six months chosen, is due for review on 1 December.
"""

from __future__ import annotations

import calendar
from datetime import date

from desktop.domain.citation import Citation
from desktop.domain.errors import BadInput

SOURCES = (
    Citation(
        "004_933d5708244eb570.txt",
        "6. Procedures for Children Missing from Care: Philomena Protocol",
        "it is important that they are reviewed on a regular basis and updated when necessary.",
    ),
    Citation(
        "000_6f9548a07ffa330a.txt",
        "On admission to the placement",
        "This will be kept updated regularly",
    ),
)
"""Why the forms are reviewed at all; neither protocol sets how often, so the home chooses."""

DEFAULT_MONTHS = 6
"""A new or upgraded store's review interval (the home's own choice, see migration 0012)."""
MIN_MONTHS = 1
MAX_MONTHS = 12


def check_months(months: int) -> int:
    """``months`` if it is a usable review interval; otherwise refuse, saying what is."""
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise BadInput(
            f"The forms' review interval must be a whole number of months from {MIN_MONTHS} "
            f"to {MAX_MONTHS}, not {months}."
        )
    return months


def months_words(months: int) -> str:
    """'month' for one, else '6 months': read after 'every'."""
    return "month" if months == 1 else f"{months} months"


def review_due(saved: date, months: int) -> date:
    """The day a form saved on ``saved`` is due for review: the same day ``months`` later.

    A day the later month lacks (31 August, six months on) becomes that month's last day.
    """
    index = saved.year * 12 + saved.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(saved.day, last))
