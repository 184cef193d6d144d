"""Dates and times as people in England write and read them.

One place for every screen, the command line and the police pack, so they never disagree.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from desktop.domain.errors import BadInput

_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d")
_MOMENT_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")


def uk_date(value: date | None) -> str:
    """02/04/2011 (empty for no date)."""
    return value.strftime("%d/%m/%Y") if value else ""


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def uk_file_date(value: date) -> str:
    """02-04-2011: a date as a file name can hold it (no slashes)."""
    return uk_date(value).replace("/", "-")


def uk_month(year: int, month: int) -> str:
    """April 2025: a calendar month in words."""
    return f"{_MONTH_NAMES[month - 1]} {year}"


def uk_long_date(value: date) -> str:
    """3 May 2026: a date in words, for sentences."""
    return f"{value.day} {_MONTH_NAMES[value.month - 1]} {value.year}"


def uk_datetime(moment: datetime, zone: tzinfo | None) -> str:
    """23/11/2026 21:30 in the home's time zone."""
    return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M")


def uk_time(moment: datetime, zone: tzinfo | None) -> str:
    """21:30 in the home's time zone."""
    return moment.astimezone(zone).strftime("%H:%M")


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def uk_clock(moment: datetime, zone: tzinfo | None) -> str:
    """21:30 in the home's time zone; 01:30 BST or 01:30 GMT in the hour the clocks repeat."""
    local = moment.astimezone(zone)
    other = local.replace(fold=1 - local.fold)
    if zone is not None and other.utcoffset() != local.utcoffset() and local.tzname():
        return f"{local.strftime('%H:%M')} {local.tzname()}"
    return local.strftime("%H:%M")


def uk_short_day(moment: datetime, zone: tzinfo | None, *, year: bool = False) -> str:
    """Tue 3 Dec (Tue 3 Dec 2026 with ``year``): the day a moment falls on, in the home's time."""
    day = moment.astimezone(zone).date()
    words = f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return f"{words} {day.year}" if year else words


def uk_day(moment: datetime, zone: tzinfo | None) -> str:
    """23/11/2026: the calendar day a moment falls on in the home's time zone."""
    return uk_date(moment.astimezone(zone).date())


def uk_datetime_with_zone(moment: datetime, zone: tzinfo | None) -> str:
    """23/11/2026 21:30 GMT, or 01/06/2026 21:30 BST: the zone named, for printed records."""
    local = moment.astimezone(zone)
    name = local.tzname()
    return f"{uk_datetime(local, zone)} {name}" if name else uk_datetime(local, zone)


def uk_datetime_text(text: str, zone: tzinfo | None) -> str:
    """A stored ISO 8601 date and time as 23/11/2026 21:30 in ``zone``.

    A time stored without an offset is taken to be in ``zone`` already; text that is not a date
    and time is returned as it is, so nothing typed is ever hidden.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return text
    return uk_datetime(moment if moment.tzinfo else moment.replace(tzinfo=zone), zone)


def parse_uk_date(text: str) -> date | None:
    """02/04/2011, 02/04/11 or 2011-04-02; None when empty; BadInput when not a date."""
    text = text.strip()
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise BadInput(f"'{text}' is not a date: write it as day/month/year, e.g. 02/04/2011.")


def parse_uk_datetime(text: str, zone: tzinfo | None) -> datetime:
    """23/11/2026 21:30 (or ISO 8601) in ``zone`` unless an offset is given."""
    text = text.strip()
    for fmt in _MOMENT_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"'{text}' is not a date and time: write it as 23/11/2026 21:30.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)
