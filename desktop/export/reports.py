"""The absence log as CSV, written only where a manager chose, safe to open in a spreadsheet.

A cell a spreadsheet would read as a formula (one starting with ``=``, ``+``, ``-`` or ``@``, or
with a tab or carriage return that some programs skip before one) is written with a leading
apostrophe, so a place name or note typed as ``=HYPERLINK(…)`` is shown as text, never run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from desktop.domain.errors import BadInput
from desktop.domain.ukdates import uk_datetime
from desktop.protocol.absences import WHEREABOUTS_WORDS, AbsenceRow
from desktop.protocol.handover import duration_words
from desktop.store.fsutil import atomic_write

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet may take as the start of a formula (OWASP's CSV injection list)."""
HEADERS = (
    "Child",
    "Started",
    "Returned",
    "How long",
    "Where it stands",
    "Whereabouts",
    "Police reference",
    "Police grading",
    "Returned by",
    "Found where",
    "With whom",
    "Follow-up",
)


def safe_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: a would-be formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def absence_csv(
    rows: Iterable[AbsenceRow], *, now: datetime, zone: ZoneInfo, deadline: timedelta
) -> str:
    """The absence log as CSV text, one episode a line, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for r in rows:
        cells = (
            r.child_name,
            uk_datetime(r.start, zone),
            "" if r.returned is None else uk_datetime(r.returned, zone),
            duration_words(r.duration(now)) + ("" if r.returned else " so far"),
            str(r.state).capitalize(),
            WHEREABOUTS_WORDS.get(r.category, ""),
            r.police_reference,
            r.grading,
            r.returned_by,
            r.found_where,
            r.with_whom,
            r.follow_up(now, deadline),
        )
        writer.writerow([safe_cell(c) for c in cells])
    return out.getvalue()


def save_text(path: Path, text: str, suffix: str) -> Path:
    """Write a report where the user chose, replacing any earlier file atomically."""
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    if not path.parent.is_dir():
        raise BadInput(f"There is no folder {path.parent} to save the report in.")
    # A byte-order mark, so a spreadsheet reads names in any script as UTF-8.
    atomic_write(path, ("\ufeff" + text).encode("utf-8"))
    return path


def day_range(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of ``first`` to the end of ``last``, in the home's time."""
    if last < first:
        raise BadInput("The last day comes before the first: swap them round.")
    start = datetime.combine(first, time(0, 0), zone)
    return start, datetime.combine(last + timedelta(days=1), time(0, 0), zone)
