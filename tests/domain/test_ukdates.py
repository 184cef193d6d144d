import ast
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desktop.domain.errors import BadInput
from desktop.domain.ukdates import (
    parse_uk_date,
    parse_uk_datetime,
    uk_date,
    uk_datetime,
    uk_datetime_text,
    uk_datetime_with_zone,
    uk_day,
    uk_long_date,
    uk_time,
)

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


def test_summer_and_winter_times_name_their_zone():
    summer = datetime(2026, 6, 1, 20, 30, tzinfo=ZoneInfo("UTC"))
    winter = datetime(2026, 11, 23, 21, 30, tzinfo=ZoneInfo("UTC"))
    assert uk_datetime_with_zone(summer, LONDON) == "01/06/2026 21:30 BST"
    assert uk_datetime_with_zone(winter, LONDON) == "23/11/2026 21:30 GMT"
    assert uk_time(summer, LONDON) == "21:30"
    assert uk_day(datetime(2026, 6, 1, 23, 30, tzinfo=ZoneInfo("UTC")), LONDON) == "02/06/2026"


def test_stored_times_read_in_the_homes_zone_and_odd_text_is_kept():
    assert uk_datetime_text("2026-06-01T20:30:00+00:00", LONDON) == "01/06/2026 21:30"
    assert uk_datetime_text("2026-06-01T21:30", LONDON) == "01/06/2026 21:30"  # no offset: local
    assert uk_datetime_text("about teatime", LONDON) == "about teatime"


# --- dates are formatted for people in one place ---------------------------------------------

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
UK_PATTERNS = ("%d/%m", "%H:%M")


def _strptime_formats(tree: ast.AST) -> set[int]:
    """Ids of string constants given to ``strptime`` as the format: parsing machine input."""
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "strptime"
        ):
            found.update(id(a) for a in node.args[1:] if isinstance(a, ast.Constant))
    return found


def _hand_formatted_dates(path: Path) -> list[str]:
    """Where a module formats a date for people itself instead of through ``ukdates``.

    The rule: outside ``ukdates.py`` there is no ``strftime``, no %-directive in a format spec
    (``f"{when:%d/%m/%Y}"``) and no day/month or hours:minutes pattern in any string, except
    the format ``strptime`` reads a machine's own date with (a camera's EXIF date). Storage
    formats (``isoformat`` for the database and JSON) are not display and are not looked for.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parsing = _strptime_formats(tree)
    problems = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Attribute) and node.attr == "strftime":
            problems.append(f"{path.name}:{line}: strftime")
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = ast.unparse(node.format_spec)
            if "%" in spec:
                problems.append(f"{path.name}:{line}: date format spec {spec}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in parsing:
                continue
            for pattern in UK_PATTERNS:
                if pattern in node.value:
                    problems.append(f"{path.name}:{line}: {pattern} in {node.value!r}")
    return problems


def test_dates_are_formatted_for_people_only_in_ukdates():
    modules = [p for p in sorted(DESKTOP.rglob("*.py")) if p.name != "ukdates.py"]
    assert len(modules) > 50  # the scan really walks the package
    problems = [problem for path in modules for problem in _hand_formatted_dates(path)]
    assert problems == []


def test_the_scan_finds_each_way_of_formatting_a_date_by_hand(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "a = when.strftime('%Y')\n"
        "b = f'{when:%d %b}'\n"
        "c = 'on %d/%m/%Y'\n"
        "d = datetime.strptime(exif, '%Y:%m:%d %H:%M:%S')\n",
        encoding="utf-8",
    )
    found = _hand_formatted_dates(sample)
    assert sorted(int(p.split(":")[1]) for p in found) == [1, 2, 3], found


def test_a_date_in_words_names_the_month_in_full():
    assert uk_long_date(date(2026, 5, 3)) == "3 May 2026"
    assert uk_long_date(date(2026, 12, 31)) == "31 December 2026"
