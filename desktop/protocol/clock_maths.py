"""Time arithmetic the rules need: elapsed hours, calendar months, overnight and working days."""

from __future__ import annotations

import calendar
import functools
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import holidays


def after(anchor: datetime, elapsed: timedelta, zone: tzinfo) -> datetime:
    """``elapsed`` real time after ``anchor`` (72 hours across a clock change is 72 hours)."""
    return (anchor.astimezone(UTC) + elapsed).astimezone(zone)


def add_months(anchor: datetime, months: int, zone: ZoneInfo) -> datetime:
    """The same wall-clock time ``months`` calendar months on (back, if negative).

    A day the month lacks is its last day (31 January + 1 month is 28 or 29 February), so a
    month never runs into the next one; a wall-clock time the clocks skip is the real moment it
    names, and one they repeat means the first.
    """
    moment = anchor.astimezone(zone)
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return local(date(year, month + 1, day), moment.timetz().replace(tzinfo=None), zone)


def local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a day; a time that occurs twice means the first (fold 0)."""
    return datetime.combine(day, at, tzinfo=zone)


def _window(day: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    finish_day = day + timedelta(days=1) if end <= start else day
    return local(day, start, zone), local(finish_day, end, zone)


def in_overnight(moment: datetime, start: time, end: time, zone: ZoneInfo) -> bool:
    """True when ``moment`` lies inside an overnight window (start inclusive, end exclusive)."""
    day = moment.astimezone(zone).date()
    for d in (day - timedelta(days=1), day):
        begin, finish = _window(d, start, end, zone)
        if begin <= moment < finish:
            return True
    return False


def next_overnight_start(moment: datetime, start: time, end: time, zone: ZoneInfo) -> datetime:
    """The moment itself if inside a window, else when the next window begins."""
    if in_overnight(moment, start, end, zone):
        return moment
    day = moment.astimezone(zone).date()
    for d in (day, day + timedelta(days=1)):
        begin, _ = _window(d, start, end, zone)
        if begin >= moment:
            return begin
    raise AssertionError("an overnight window starts every day")


@functools.cache
def _england_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, not an English bank holiday."""
    return day.weekday() < 5 and day not in _england_holidays(day.year)


def add_working_days(anchor: datetime, days: int, zone: ZoneInfo) -> datetime:
    """The same time of day ``days`` working days later (weekends and bank holidays skipped)."""
    moment = anchor.astimezone(zone)
    day = moment.date()
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return local(day, moment.timetz().replace(tzinfo=None), zone)
