"""Patterns across a child's episodes and across the home, for the manager's view and summary.

Repeat-episode thresholds are counted by the engine's own count rules
(:func:`desktop.protocol.counts.episodes_in_window`, which the engine counts with), never by a
second reading of a window, so the manager sees a child at a threshold exactly when the child's
page prompts for it. The interview figures come from :mod:`desktop.protocol.interviews`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from desktop.protocol.absences import INTERVIEW_OVERDUE, AbsenceRow
from desktop.protocol.counts import episodes_in_window
from desktop.protocol.rules import Rule, RuleSet
from desktop.protocol.situation import ChildRecords, applicable

EVER_DAYS = 3650
"""A count window this long or longer is read as "ever" ("two or more times")."""
LOCATIONS_FORM = "locations"


@dataclass(frozen=True, slots=True)
class Threshold:
    """One child against one repeat-episode rule: how many episodes its window holds now."""

    child_id: str
    child_name: str
    rule: Rule
    counted: int

    @property
    def reached(self) -> bool:
        """Whether the rule's threshold is met: the protocol's next step is due."""
        return self.counted >= self.rule.episodes

    @property
    def window_words(self) -> str:
        """The rule's window as the seed says it ("in 90 days", "in 3 months", "ever")."""
        if self.rule.window_days >= EVER_DAYS and not self.rule.window_months:
            return "ever"
        if self.rule.window_months:
            return f"in {self.rule.window_days} days or {self.rule.window_months} months"
        return f"in {self.rule.window_days} days"


def thresholds(
    every: Iterable[ChildRecords],
    rule_sets: Mapping[str, RuleSet],
    now: datetime,
    *,
    near: int = 1,
) -> list[Threshold]:
    """Each child's count rules that are met, or ``near`` episodes short, at ``now``."""
    found = []
    for records in every:
        starts = [p.start for p in records.history or ()] + [
            e.episode.aware_at for e in records.episodes
        ]
        if not starts:
            continue
        zone = ZoneInfo(records.home.timezone)
        seen: set[tuple[int, int, int]] = set()
        for rs in applicable(rule_sets, records.home, records.child):
            for rule in rs.rules:
                key = (rule.episodes, rule.window_days, rule.window_months)
                if rule.trigger != "count" or key in seen:
                    continue
                seen.add(key)
                counted = episodes_in_window(rule, starts, now, zone)
                if counted and counted >= rule.episodes - near:
                    found.append(
                        Threshold(records.child.id, records.child.display_name, rule, counted)
                    )
    return sorted(found, key=lambda t: (not t.reached, t.child_name, -t.counted))


def start_grid(rows: Iterable[AbsenceRow], zone: ZoneInfo) -> list[list[int]]:
    """Episodes started by day of the week (Monday first) and hour of the day, home time."""
    grid = [[0] * 24 for _ in range(7)]
    for r in rows:
        local = r.start.astimezone(zone)
        grid[local.weekday()][local.hour] += 1
    return grid


@dataclass(frozen=True, slots=True)
class Recurring:
    """A place a child was found, or a person they were with, more than once."""

    what: str  # "place" or "person"
    words: str
    episodes: int
    children: tuple[str, ...]
    on_locations_form: bool


def _key(words: str) -> str:
    return " ".join(words.casefold().split())


def _form_words(records: ChildRecords) -> str:
    """Everything the child's Locations form says, folded, to match places and people in."""
    form = records.forms.get(LOCATIONS_FORM)
    if form is None:
        return ""
    out: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, Mapping):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str):
            out.append(_key(value))

    walk(form.values)
    return "\n".join(out)


def _words(row: AbsenceRow, what: str) -> str:
    return row.found_where if what == "place" else row.with_whom


_RETURN_VERBS = frozenset(("came", "come", "back", "returned", "arrived", "walked"))
"""Words that make "home" the children's home the child came back to ("came back home")."""
_FILLERS = frozenset(("at", "to", "the", "in", "by", "themselves", "herself", "himself", "alone"))
"""Words around "home" that name no other place."""


def names_the_home(said: str) -> bool:
    """Whether where-found words only say the child came back to the children's home.

    "Came back to the home", "back at the home" and "came back home" do; "at home", "home" or
    "their own home" do not: for a child in care that is usually their family's home, a place to
    record.
    """
    key = _key(said)
    words = set(re.findall(r"[\w']+", key))
    back = bool(words & _RETURN_VERBS) or "the home" in key
    return "home" in words and back and words - _RETURN_VERBS - _FILLERS <= {"home"}


def recurring(rows: Sequence[AbsenceRow], every: Iterable[ChildRecords]) -> list[Recurring]:
    """Places found and people with that recur across episodes (of one child or several)."""
    forms = {r.child.id: _form_words(r) for r in every}
    found = []
    for what in ("place", "person"):
        groups: dict[str, list[AbsenceRow]] = {}
        for row in rows:
            key = _key(_words(row, what))
            if key and not (what == "place" and names_the_home(key)):
                groups.setdefault(key, []).append(row)
        for key, group in groups.items():
            if len(group) < 2:
                continue
            names = tuple(sorted({g.child_name for g in group}))
            on_form = any(key in forms.get(g.child_id, "") for g in group)
            found.append(Recurring(what, _words(group[0], what), len(group), names, on_form))
    return sorted(found, key=lambda r: (-r.episodes, r.words))


Month = tuple[int, int]
"""A calendar month as (year, month)."""


def months_between(first: date, last: date, *, most: int | None = None) -> list[Month]:
    """Every calendar month from ``first``'s to ``last``'s, oldest first, none skipped.

    A month without episodes still shows; with ``most``, only the newest that many.
    """
    start, end = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    if most is not None:
        start = max(start, end - most + 1)
    return [(i // 12, i % 12 + 1) for i in range(start, end + 1)]


def child_series(
    rows: Iterable[AbsenceRow], zone: ZoneInfo, months: Sequence[Month], *, keyed: int
) -> list[tuple[str, list[float]]]:
    """Each child's episodes started in each of ``months``, most episodes first.

    A chart tells only so many colours apart: after ``keyed`` children, the rest are one
    series, "Others (N children)". Children with no episode in those months are left out.
    """
    series = sorted(
        (
            (child, [float(counts.get(m, 0)) for m in months])
            for child, counts in per_child_month(rows, zone).items()
            if any(counts.get(m) for m in months)
        ),
        key=lambda named: -sum(named[1]),
    )
    if len(series) <= keyed + 1:
        return series
    rest = series[keyed:]
    summed = [float(sum(column)) for column in zip(*(v for _, v in rest), strict=True)]
    return [*series[:keyed], (f"Others ({len(rest)} children)", summed)]


def per_child_month(
    rows: Iterable[AbsenceRow], zone: ZoneInfo
) -> dict[str, dict[tuple[int, int], int]]:
    """Each child's episodes started in each (year, month), home time, by the child's name."""
    counts: dict[str, Counter[tuple[int, int]]] = {}
    for r in rows:
        local = r.start.astimezone(zone)
        counts.setdefault(r.child_name, Counter())[(local.year, local.month)] += 1
    return {name: dict(c) for name, c in sorted(counts.items())}


DURATION_BANDS: tuple[tuple[timedelta | None, str, str], ...] = (
    (timedelta(hours=1), "Under 1 hour", "Under 1 h"),
    (timedelta(hours=6), "1 to 6 hours", "1–6 h"),
    (timedelta(hours=24), "6 to 24 hours", "6–24 h"),
    (timedelta(days=3), "1 to 3 days", "1–3 days"),
    (None, "3 days or more", "3+ days"),
)
"""How long episodes lasted, in bands a manager reads at a glance (in words, and short for a
chart's axis): each band runs up to, not including, its bound; six hours, the protocols'
longest wait before police, starts a band."""


def duration_bands(rows: Iterable[AbsenceRow]) -> list[tuple[str, int]]:
    """How many of the episodes that ended lasted how long, band by band."""
    counts = [0] * len(DURATION_BANDS)
    for r in rows:
        if r.returned is None:
            continue
        lasted = r.returned - r.start
        counts[next(i for i, b in enumerate(DURATION_BANDS) if b[0] is None or lasted < b[0])] += 1
    return [(band[1], n) for band, n in zip(DURATION_BANDS, counts, strict=True)]


def figures_by_month(
    rows: Iterable[AbsenceRow], now: datetime, deadline: timedelta, zone: ZoneInfo
) -> dict[tuple[int, int], InterviewFigures]:
    """The return-interview figures of each (year, month) the children came back in."""
    by_month: dict[tuple[int, int], list[AbsenceRow]] = {}
    for r in rows:
        if r.returned is not None:
            local = r.returned.astimezone(zone)
            by_month.setdefault((local.year, local.month), []).append(r)
    return {m: interview_figures(found, now, deadline) for m, found in sorted(by_month.items())}


def month_rates(
    rows: Iterable[AbsenceRow],
    now: datetime,
    deadline: timedelta,
    zone: ZoneInfo,
    months: Sequence[Month],
) -> list[float | None]:
    """The share of returns in each of ``months`` whose interview was on time (None: no return)."""
    by_month = figures_by_month(rows, now, deadline, zone)
    return [by_month[m].rate if m in by_month else None for m in months]


def rates_words(names: Sequence[str], rates: Sequence[float | None]) -> str:
    """Each month's on-time share in words: "Jan 26: 50%; Feb 26: no returns"."""
    return "; ".join(
        f"{name}: {'no returns' if r is None else f'{round(100 * r)}%'}"
        for name, r in zip(names, rates, strict=True)
    )


@dataclass(frozen=True, slots=True)
class InterviewFigures:
    """Return interviews across some episodes: how many were due, held on time, late, declined."""

    returned: int
    on_time: int
    late: int
    declined: int
    outstanding: int

    @property
    def rate(self) -> float | None:
        """The share of returns whose interview was held within the deadline (None: no returns)."""
        return None if not self.returned else self.on_time / self.returned


def interview_figures(
    rows: Iterable[AbsenceRow], now: datetime, deadline: timedelta
) -> InterviewFigures:
    """How the return interviews of ``rows`` went (each row read by :meth:`follow_up`)."""
    seen = Counter(r.follow_up(now, deadline) for r in rows if r.returned is not None)
    return InterviewFigures(
        returned=sum(seen.values()),
        on_time=seen["Interview on time"],
        late=seen["Interview late"],
        declined=seen["Interview declined"],
        outstanding=seen["Interview due"] + seen[INTERVIEW_OVERDUE],
    )


def declined_in_a_row(rows: Sequence[AbsenceRow]) -> dict[str, int]:
    """Each child's run of declined return interviews, counting back from their newest."""
    runs: dict[str, int] = {}
    done: set[str] = set()
    for row in sorted(rows, key=lambda r: r.start, reverse=True):
        if row.child_id in done or row.interview is None:
            continue
        if row.interview.outcome == "declined":
            runs[row.child_id] = runs.get(row.child_id, 0) + 1
        else:
            done.add(row.child_id)
    return {c: n for c, n in runs.items() if n}
