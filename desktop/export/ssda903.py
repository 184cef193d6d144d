"""The episodes as each responsible authority reports them: its SSDA903 return's Missing table.

The authority, not the home, makes the return (seed 003), and it reports only its own children,
so there is one file per responsible authority, in the shape of the return's Missing table:
the authority's id for the child, the date of birth, ``M`` (missing: whereabouts unknown at any
time) or ``A`` (away from placement without authorisation: whereabouts known throughout, even
if the police were told), and the days the episode started and ended (blank while it goes on).
Dates are written dd/mm/yyyy in the home's time. A child whose id the home does not know has a
blank id, and the caller says so.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from desktop.domain.citation import Citation
from desktop.domain.errors import BadInput, PhilomenaError
from desktop.domain.model import Child
from desktop.domain.ukdates import uk_date, uk_file_date
from desktop.export.output import safe_file_name
from desktop.export.reports import safe_cell
from desktop.protocol.absences import AbsenceRow
from desktop.store.fsutil import atomic_write

SOURCE = Citation(
    "003_930b2243c49edff0.txt",
    "Data on looked after children who go missing or are away from placement without authorisation",
    "as part of the annual SSDA903 data collection",
)
"""Why the home helps: the responsible authority reports these episodes in its return."""
HEADERS = ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END")
"""The Missing table's columns, as the return names them."""
NO_AUTHORITY = "Responsible authority not recorded"
"""The file of children whose responsible authority nobody has written down."""


@dataclass(frozen=True, slots=True)
class AuthorityFile:
    """One responsible authority's Missing table."""

    authority: str
    file_name: str
    text: str
    episodes: int
    without_id: tuple[str, ...]
    """The children in it whose authority id is not recorded (their rows have a blank id)."""


def missing_tables(
    rows: Iterable[AbsenceRow],
    children: Mapping[str, Child],
    *,
    zone: ZoneInfo,
    first: date,
    last: date,
) -> list[AuthorityFile]:
    """One file per responsible authority, for the episodes in ``rows``, by authority name."""
    by_authority: dict[str, list[tuple[Child, AbsenceRow]]] = defaultdict(list)
    spelt: dict[str, str] = {}  # one file per authority however its name was typed
    for row in rows:
        child = children.get(row.child_id)
        if child is not None:
            name = unicodedata.normalize("NFC", " ".join(child.responsible_authority.split()))
            key = (name or NO_AUTHORITY).casefold()
            spelt.setdefault(key, name or NO_AUTHORITY)
            by_authority[key].append((child, row))
    files = []
    taken: set[str] = set()
    for key, found in sorted(by_authority.items()):
        authority = spelt[key]
        stem = base = safe_file_name(authority, fallback="authority")
        while stem.casefold() in taken:  # names that differ only in signs or length
            stem = f"{base}-{len(taken) + 1}"
        taken.add(stem.casefold())
        found.sort(key=lambda pair: (pair[0].authority_child_id, pair[0].id, pair[1].start))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for child, row in found:
            cells = (
                child.authority_child_id,
                uk_date(child.date_of_birth),
                "M" if row.went_unknown else "A",  # a police report alone makes no one missing
                uk_date(row.start.astimezone(zone).date()),
                "" if row.returned is None else uk_date(row.returned.astimezone(zone).date()),
            )
            writer.writerow([safe_cell(c) for c in cells])
        unknown = {c.display_name for c, _ in found if not c.authority_child_id}
        files.append(
            AuthorityFile(
                authority=authority,
                file_name=f"SSDA903-Missing-{stem}-"
                f"{uk_file_date(first)}-to-{uk_file_date(last)}.csv",
                text=out.getvalue(),
                episodes=len(found),
                without_id=tuple(sorted(unknown)),
            )
        )
    return files


def save_tables(folder: Path, files: Iterable[AuthorityFile]) -> list[Path]:
    """Write each file into ``folder``, replacing an earlier one of the same name atomically."""
    if not folder.is_dir():
        raise BadInput(f"There is no folder {folder} to save the files in.")
    saved: list[Path] = []
    for made in files:
        path = folder / made.file_name
        try:
            atomic_write(path, made.text.encode("utf-8"))
        except PhilomenaError as problem:
            done = f" Saved before it: {', '.join(p.name for p in saved)}." if saved else ""
            raise BadInput(
                f"The file for {made.authority} was not saved. {problem}{done}"
            ) from None
        saved.append(path)
    return saved


def outcome_words(files: list[AuthorityFile]) -> str:
    """What was made, and which children still need the authority's id, in a sentence or two."""
    if not files:
        return "No episode started in that period, so there is nothing to send."
    said = "; ".join(
        f"{f.authority}: {f.episodes} episode{'s' if f.episodes != 1 else ''}" for f in files
    )
    missing_ids = sorted({name for f in files for name in f.without_id})
    if missing_ids:
        said += (
            ". The authority's id is not recorded for "
            + ", ".join(missing_ids)
            + ": their rows have a blank id until it is filled in"
        )
    return said + "."
