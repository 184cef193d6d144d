"""The one injectable source of "now".

Everything that needs the time asks a :class:`Clock`, so tests can move it (time-machine moves
Python's clock; Qt's timers only ask the clock again, they never hold the time themselves).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock(Protocol):
    """Something that can say what time it is."""

    def now(self) -> datetime:
        """Return the current time, time-zone aware."""
        ...


class SystemClock:
    """The real clock, in the home's time zone (Europe/London unless told otherwise)."""

    def __init__(self, zone: tzinfo = LONDON) -> None:
        self._zone = zone

    def now(self) -> datetime:
        """Return the current time in the home's zone."""
        return datetime.now(UTC).astimezone(self._zone)


class FixedClock:
    """A clock that says whatever a test tells it to."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs a time-zone aware datetime")
        self.moment = moment

    def now(self) -> datetime:
        """Return the fixed moment."""
        return self.moment


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years of age on ``day`` (a birthday on 29 February counts from 1 March)."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years
