"""The handover at a change of shift: every child's waiting duties, in one list, in words.

A pure function of each child's records, the rule sets, the forms and "now", so the handover
window, its PDF and a manager's view later all show the same rows in the same order.

Which duties are shown:

* every **overdue** duty, for every child;
* for a child with an **open episode**, every duty of that episode still waiting, however far
  off (the next shift must know what is coming: a return interview within 72 hours, say);
* the child's **standing records** (profile upkeep such as an out-of-date photograph) only when
  overdue or due within the shift (``window``, twelve hours unless told), so months-ahead
  upkeep never crowds out a missing child.

Answered duties and duties that fell away are never shown. A child appears when they have an
open episode or at least one row; a child with an open episode and nothing waiting gets one
row that says so.

Order: overdue first — the episode's duties before records upkeep, because a missing child's
duties cannot wait behind a photograph — then the rest by deadline, soonest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from desktop.domain.episode import episode_state
from desktop.domain.errors import PhilomenaError
from desktop.domain.ukdates import uk_datetime
from desktop.formspec import FormSpec
from desktop.protocol.engine import OVERDUE, UPCOMING, Prompt
from desktop.protocol.entries import EntryWords
from desktop.protocol.rules import RuleSet
from desktop.protocol.situation import ChildRecords, child_prompts

SHIFT = timedelta(hours=12)
"""How far ahead records upkeep is shown: one shift."""
LAST_ENTRIES = 5
"""How many of an open episode's newest log entries the handover repeats."""

OVERDUE_WORDS = "Overdue"
DUE_WORDS = "Due this shift"
LATER_WORDS = "Later"
NOTHING_WORDS = "Nothing waiting"
PROBLEM_WORDS = "Cannot check"
NO_EPISODE = "No open episode"


@dataclass(frozen=True, slots=True)
class HandoverRow:
    """One waiting duty of one child, worded for people (only ``child_id`` is internal)."""

    child_id: str
    """To find the child again; never shown."""
    child: str
    episode: str
    """The open episode's state in words, or "No open episode"."""
    what: str
    due_at: datetime | None
    due: str
    """The deadline in the home's time, e.g. 01/03/2026 21:00."""
    status: str
    """Overdue, Due this shift, Later, Nothing waiting or Cannot check."""
    timing: str
    """How long overdue, or how long left: "2 h 05 min overdue", "in 45 min"."""
    who: str
    records_upkeep: bool = False
    """About the child's standing records, not an episode."""

    @property
    def overdue(self) -> bool:
        """True when the deadline has passed."""
        return self.status == OVERDUE_WORDS


@dataclass(frozen=True, slots=True)
class EntryLine:
    """One log entry as the handover repeats it."""

    happened: str
    author: str
    entry: str
    details: str


@dataclass(frozen=True, slots=True)
class OpenEpisode:
    """A child's open episode: where it stands and its newest entries, oldest first."""

    child_id: str
    child: str
    state: str
    since: str
    entries: tuple[EntryLine, ...]
    earlier: int
    """How many older entries are not repeated."""


@dataclass(frozen=True, slots=True)
class Handover:
    """The whole handover as of ``made_at``."""

    made_at: datetime
    window: timedelta
    rows: tuple[HandoverRow, ...]
    episodes: tuple[OpenEpisode, ...]


def duration_words(span: timedelta) -> str:
    """A span in words: "45 min", "2 h 05 min", "3 days 4 h" (whole minutes, never negative)."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"


def window_words(window: timedelta) -> str:
    """How far ahead the handover looks: "12 hours", or a span in words when not whole hours."""
    hours, rest = divmod(int(window.total_seconds()), 3600)
    if rest == 0 and hours:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return duration_words(window)


def timing_words(due_at: datetime, now: datetime) -> str:
    """How long overdue, or how long is left."""
    if due_at <= now:
        return f"{duration_words(now - due_at)} overdue"
    return f"in {duration_words(due_at - now)}"


def _status(prompt: Prompt, now: datetime, window: timedelta) -> str | None:
    """The row's status, or None when the duty is not for this handover."""
    if prompt.status == OVERDUE:
        return OVERDUE_WORDS
    if prompt.status != UPCOMING:
        return None
    if prompt.due_at <= now + window:
        return DUE_WORDS
    return None if prompt.profile else LATER_WORDS


_FAR = datetime.max.replace(tzinfo=UTC)


def _order(row: HandoverRow) -> tuple[int, bool, datetime]:
    rank = {OVERDUE_WORDS: 0, PROBLEM_WORDS: 0, DUE_WORDS: 1, LATER_WORDS: 1}.get(row.status, 2)
    return (rank, rank == 0 and row.records_upkeep, row.due_at or _FAR)


def _episode_words(records: ChildRecords) -> str:
    current = records.current
    if current is None:
        return NO_EPISODE
    return episode_state(list(current.log)).value.capitalize()


def child_rows(
    records: ChildRecords,
    *,
    rule_sets: Mapping[str, RuleSet],
    forms: Mapping[str, FormSpec],
    now: datetime,
    window: timedelta = SHIFT,
) -> list[HandoverRow]:
    """One child's rows for the handover (unsorted; empty when nothing concerns the shift)."""
    zone = ZoneInfo(records.home.timezone)
    child = records.child
    episode = _episode_words(records)

    def row(what: str, status: str, prompt: Prompt | None = None) -> HandoverRow:
        return HandoverRow(
            child_id=child.id,
            child=child.display_name,
            episode=episode,
            what=what,
            due_at=prompt.due_at if prompt else None,
            due=uk_datetime(prompt.due_at, zone) if prompt else "",
            status=status,
            timing=timing_words(prompt.due_at, now) if prompt else "",
            who=prompt.who if prompt else "",
            records_upkeep=prompt.profile if prompt else False,
        )

    try:
        prompts = child_prompts(records, rule_sets=rule_sets, forms=forms, now=now)
    except PhilomenaError as exc:  # one child's unknown protocol must not hide the others
        return [row(exc.message, PROBLEM_WORDS)]
    rows = []
    for prompt in prompts:
        status = _status(prompt, now, window)
        if status is None or (status == LATER_WORDS and records.current is None):
            continue
        rows.append(row(prompt.text, status, prompt))
    if records.current is not None and not any(not r.records_upkeep for r in rows):
        rows.append(row("Nothing the protocol asks for is waiting.", NOTHING_WORDS))
    return rows


def cross_child_rows(
    children: Iterable[ChildRecords],
    *,
    rule_sets: Mapping[str, RuleSet],
    forms: Mapping[str, FormSpec],
    now: datetime,
    window: timedelta = SHIFT,
) -> list[HandoverRow]:
    """Every child's waiting duties in one list: overdue first, then by deadline."""
    rows = [
        r
        for records in children
        for r in child_rows(records, rule_sets=rule_sets, forms=forms, now=now, window=window)
    ]
    return sorted(rows, key=_order)


def open_episode(
    records: ChildRecords,
    *,
    rule_sets: Mapping[str, RuleSet],
    names: Mapping[str, str],
    last: int = LAST_ENTRIES,
) -> OpenEpisode | None:
    """A child's open episode with its newest ``last`` entries, or None."""
    current = records.current
    if current is None:
        return None
    log = current.log
    words = EntryWords.for_child(rule_sets, records.home, records.child, log)
    shown = log[-last:] if last > 0 else ()
    return OpenEpisode(
        child_id=records.child.id,
        child=records.child.display_name,
        state=_episode_words(records),
        since=uk_datetime(current.episode.aware_at, words.zone),
        entries=tuple(
            EntryLine(
                happened=uk_datetime(e.event_at, words.zone),
                author=names.get(e.author_id, "unknown"),
                entry=words.kind(e),
                details=words.details(e),
            )
            for e in shown
        ),
        earlier=len(log) - len(shown),
    )


def handover(
    children: Iterable[ChildRecords],
    *,
    rule_sets: Mapping[str, RuleSet],
    forms: Mapping[str, FormSpec],
    now: datetime,
    names: Mapping[str, str] | None = None,
    window: timedelta = SHIFT,
    last: int = LAST_ENTRIES,
) -> Handover:
    """The handover: every child's waiting duties, and each open episode's newest entries.

    ``names`` names the staff by id, for who wrote each entry.
    """
    everyone = list(children)
    rows = cross_child_rows(everyone, rule_sets=rule_sets, forms=forms, now=now, window=window)
    first_row = {r.child_id: i for i, r in reversed(list(enumerate(rows)))}
    episodes = [
        e
        for records in everyone
        if (e := open_episode(records, rule_sets=rule_sets, names=names or {}, last=last))
    ]
    episodes.sort(key=lambda e: first_row.get(e.child_id, len(rows)))
    return Handover(made_at=now, window=window, rows=tuple(rows), episodes=tuple(episodes))
