"""Each responsible authority's SSDA903 Missing table, from episodes recorded as staff would."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop.domain.errors import BadInput
from desktop.domain.model import ChildDetails
from desktop.export.manager import gather
from desktop.export.reports import day_range
from desktop.export.ssda903 import (
    HEADERS,
    NO_AUTHORITY,
    SOURCE,
    missing_tables,
    outcome_words,
    save_tables,
)
from tests.support.protocol import shipped_forms, shipped_rule_sets
from tests.support.seeds import normalise, seed_text

LONDON = ZoneInfo("Europe/London")


def test_the_protocol_says_the_authority_reports_these_episodes():
    assert normalise(SOURCE.quote) in seed_text(SOURCE.seed)
    assert normalise(SOURCE.section) in seed_text(SOURCE.seed)


def _child(store, first, authority, authority_id="", born=date(2011, 4, 2)):
    return store.children.add(
        ChildDetails(
            first_name=first,
            last_name="Test",
            date_of_birth=born,
            responsible_authority=authority,
            authority_child_id=authority_id,
        )
    )


def _episode(store, child, start, *, whereabouts, hours=None, later_unknown=False):
    episode = store.episodes.start(
        child.id, whereabouts=whereabouts, aware_at=start, reason_for_time="Logged afterwards"
    )
    if later_unknown:
        store.episodes.append(
            episode.id, "whereabouts_unknown", {}, event_at=start + timedelta(hours=1)
        )
    if hours is not None:
        store.episodes.append(
            episode.id,
            "returned",
            {"where": "Home", "returned_by": "Herself"},
            event_at=start + timedelta(hours=hours),
        )


def _tables_for(store, clock):
    since, until = day_range(date(2026, 2, 1), date(2026, 2, 28), LONDON)
    data = gather(
        store, rule_sets=shipped_rule_sets(), forms=shipped_forms(), now=clock.now(),
        since=since, until=until,
    )  # fmt: skip
    children = {r.child.id: r.child for r in data.children}
    return missing_tables(
        data.rows, children, zone=LONDON, first=date(2026, 2, 1), last=date(2026, 2, 28)
    )


@pytest.fixture
def tables(store, clock):
    """February 2026: Kent's two children (one id not known), Portsmouth's one, one unknown."""
    kent = _child(store, "Amara", "Kent County Council", "KCC-1001", date(2010, 12, 31))
    kent_no_id = _child(store, "Bea", "Kent County Council")
    ports = _child(store, "Cal", "Portsmouth City Council", "P/77")
    nobody = _child(store, "Dev", "")
    late = datetime(2026, 2, 3, 23, 30, tzinfo=LONDON)
    _episode(store, kent, late, whereabouts="unknown", hours=2)  # back on the 4th
    _episode(store, kent, datetime(2026, 2, 10, 16, tzinfo=LONDON), whereabouts="known", hours=3)
    _episode(
        store, kent_no_id, datetime(2026, 2, 12, 17, tzinfo=LONDON),
        whereabouts="known", hours=5, later_unknown=True,
    )  # fmt: skip
    _episode(store, ports, datetime(2026, 2, 27, 20, tzinfo=LONDON), whereabouts="unknown")
    _episode(store, nobody, datetime(2026, 2, 20, 9, tzinfo=LONDON), whereabouts="known", hours=1)
    _episode(store, kent, datetime(2026, 1, 30, 9, tzinfo=LONDON), whereabouts="known", hours=1)
    return _tables_for(store, clock)


def _lines(made):
    return list(csv.reader(io.StringIO(made.text)))


def test_one_file_per_responsible_authority_in_the_missing_tables_shape(tables):
    assert [t.authority for t in tables] == [
        "Kent County Council",
        "Portsmouth City Council",
        NO_AUTHORITY,
    ]
    kent, ports, nobody = tables
    assert kent.file_name == "SSDA903-Missing-Kent-County-Council-01-02-2026-to-28-02-2026.csv"
    assert _lines(kent) == [
        list(HEADERS),
        ["", "02/04/2011", "M", "12/02/2026", "12/02/2026"],  # away, then whereabouts unknown
        ["KCC-1001", "31/12/2010", "M", "03/02/2026", "04/02/2026"],  # home time, past midnight
        ["KCC-1001", "31/12/2010", "A", "10/02/2026", "10/02/2026"],
    ]
    assert _lines(ports)[1:] == [["P/77", "02/04/2011", "M", "27/02/2026", ""]]  # still away
    assert _lines(nobody)[1:] == [["", "02/04/2011", "A", "20/02/2026", "20/02/2026"]]
    assert (kent.episodes, ports.episodes, nobody.episodes) == (3, 1, 1)
    assert kent.without_id == ("Bea Test",) and ports.without_id == ()


def test_the_outcome_names_the_children_whose_id_is_still_to_fill_in(tables):
    words = outcome_words(tables)
    assert words.startswith("Kent County Council: 3 episodes; Portsmouth City Council: 1 episode")
    assert "not recorded for Bea Test, Dev Test: their rows have a blank id" in words
    assert outcome_words([]).startswith("No episode started in that period")


def test_the_files_are_written_only_into_a_folder_that_exists(tables, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    saved = save_tables(folder, tables)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in saved)
    assert len(saved) == 3
    assert saved[0].read_bytes().startswith(b"CHILD,DOB,MISSING")  # no byte-order mark
    with pytest.raises(BadInput, match="There is no folder"):
        save_tables(folder / "gone", tables)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("=1+1", "letters A to Z, digits"),
        ("-12", "starting with a letter or digit"),
        ("KCC 1", "letters A to Z, digits"),
        ("١٢٣", "letters A to Z, digits"),
        ("X" * 21, "keep it to 20"),
    ],
)
def test_an_id_that_could_not_go_into_the_file_as_it_is_is_refused(typed, words):
    details = ChildDetails(
        first_name="A", last_name="B", date_of_birth=date(2011, 1, 1), authority_child_id=typed
    )
    assert words in details.validate(today=date(2026, 3, 1))["authority_child_id"]


def test_an_authority_typed_two_ways_still_gets_one_file(store, clock):
    one = _child(store, "Eve", "Kent County Council", "K1")
    other = _child(store, "Fay", "  kent   county council ", "K2")
    for child in (one, other):
        _episode(
            store, child, datetime(2026, 2, 5, 10, tzinfo=LONDON), whereabouts="known", hours=1
        )
    data = gather(store, rule_sets=shipped_rule_sets(), forms=shipped_forms(), now=clock.now())
    children = {r.child.id: r.child for r in data.children}
    [made] = missing_tables(
        data.rows, children, zone=LONDON, first=date(2026, 2, 1), last=date(2026, 2, 28)
    )
    assert made.authority == "Kent County Council" and made.episodes == 2
    assert [line[0] for line in _lines(made)[1:]] == ["K1", "K2"]


def test_a_full_disk_names_the_file_not_saved_and_those_that_were(tables, tmp_path, monkeypatch):
    import errno
    import os

    from desktop.store import fsutil

    folder = tmp_path / "returns"
    folder.mkdir()
    real_write, writes = os.write, []

    def fills_up(fd, data):
        writes.append(fd)
        if len(writes) > 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(fsutil.os, "write", fills_up)
    with pytest.raises(BadInput) as raised:
        save_tables(folder, tables)
    said = str(raised.value)
    assert said.startswith("The file for Portsmouth City Council was not saved. The disk is full")
    assert "Saved before it: SSDA903-Missing-Kent-County-Council-" in said
    assert [p.name for p in folder.iterdir()] == [tables[0].file_name]  # no half-written file


def test_away_with_whereabouts_known_stays_a_even_when_the_police_were_told(store, clock):
    child = _child(store, "Gil", "Kent County Council", "K9")
    start = datetime(2026, 2, 10, 16, tzinfo=LONDON)
    episode = store.episodes.start(
        child.id, whereabouts="known", aware_at=start, reason_for_time="Logged afterwards"
    )
    store.episodes.append(
        episode.id, "police_report", {"reference": "PR-1"}, event_at=start + timedelta(hours=1)
    )
    store.episodes.append(
        episode.id, "returned", {"where": "Home"}, event_at=start + timedelta(hours=2)
    )
    [made] = _tables_for(store, clock)
    assert _lines(made)[1:] == [["K9", "02/04/2011", "A", "10/02/2026", "10/02/2026"]]


def test_authorities_whose_names_make_the_same_file_name_get_two_files(store, clock):
    for first, authority in (
        ("Hal", "???"),
        ("Ida", "Authority"),
        ("Jo", "Ynys Môn"),
        ("Kit", "Ynys Mo\u0302n"),  # the same name, its accent typed as a separate mark
    ):
        child = _child(store, first, authority)
        _episode(
            store, child, datetime(2026, 2, 5, 10, tzinfo=LONDON), whereabouts="known", hours=1
        )
    made = _tables_for(store, clock)
    assert sorted((t.authority, t.episodes) for t in made) == [
        ("???", 1), ("Authority", 1), ("Ynys Môn", 2)
    ]  # fmt: skip
    assert len({t.file_name for t in made}) == 3
