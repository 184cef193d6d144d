from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from desktop.domain.errors import BadInput
from desktop.domain.ukdates import parse_uk_date, parse_uk_datetime, uk_date, uk_datetime

LONDON = ZoneInfo("Europe/London")


def test_dates_read_and_write_the_uk_way():
    assert parse_uk_date(" 02/04/2011 ") == date(2011, 4, 2)
    assert parse_uk_date("2011-04-02") == parse_uk_date("02/04/11") == date(2011, 4, 2)
    assert parse_uk_date("") is None
    assert uk_date(date(2011, 4, 2)) == "02/04/2011" and uk_date(None) == ""
    with pytest.raises(BadInput, match="day/month/year"):
        parse_uk_date("31/02/2011")


def test_times_are_in_the_homes_zone_unless_they_carry_an_offset():
    summer = parse_uk_datetime("01/06/2026 21:30", LONDON)
    assert summer.isoformat() == "2026-06-01T21:30:00+01:00"
    assert parse_uk_datetime("2026-06-01T20:30:00+00:00", LONDON) == summer
    assert uk_datetime(summer.astimezone(ZoneInfo("UTC")), LONDON) == "01/06/2026 21:30"
    with pytest.raises(BadInput, match="23/11/2026 21:30"):
        parse_uk_datetime("tonight", LONDON)
    assert isinstance(summer, datetime)
