"""What the manager's view, the reports and the summary read: gathered once, for a moment.

One read of the absence log and of every child's records; the prompts, thresholds and figures
are worked out from them by the protocol package, so the window, the command line and the PDF
all say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from desktop.domain.form_review import months_words, review_due
from desktop.domain.model import FormVersion
from desktop.domain.ukdates import uk_long_date
from desktop.formspec import FormSpec
from desktop.formspec.prefill import with_prefill
from desktop.protocol.absences import AbsenceRow
from desktop.protocol.engine import OVERDUE, UPCOMING, Prompt
from desktop.protocol.interviews import interview_deadline
from desktop.protocol.patterns import Threshold, thresholds
from desktop.protocol.rules import RuleSet
from desktop.protocol.situation import ChildRecords, child_prompts
from desktop.protocol.sources import source_words
from desktop.store.store import Store

PROFILE_FORMS = ("part_a", "locations")
"""The Philomena forms whose state the profile-health panel reports."""


@dataclass(frozen=True, slots=True)
class Action:
    """An overdue or due-today duty of one child, with the protocol it comes from."""

    child_id: str
    child_name: str
    prompt: Prompt
    source: str

    @property
    def overdue(self) -> bool:
        """Whether its deadline has passed."""
        return self.prompt.status == OVERDUE


@dataclass(frozen=True, slots=True)
class ProfileGap:
    """Something missing or out of date in a child's standing records."""

    child_id: str
    child_name: str
    what: str


@dataclass(frozen=True, slots=True)
class ManagerData:
    """Everything the manager's view shows, as of ``now``."""

    now: datetime
    zone: ZoneInfo
    deadline: timedelta
    rows: list[AbsenceRow]
    children: list[ChildRecords]
    actions: list[Action]
    thresholds: list[Threshold]
    gaps: list[ProfileGap]


def end_of_day(now: datetime, zone: ZoneInfo) -> datetime:
    """Midnight at the end of ``now``'s day, in the home's time."""
    day = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(day, time(0, 0), zone)


def gather(
    store: Store,
    *,
    rule_sets: Mapping[str, RuleSet],
    forms: Mapping[str, FormSpec],
    now: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
) -> ManagerData:
    """Read the home once and work out the view (managers only: the store refuses others)."""
    rows = store.absence_log(since=since, until=until)
    children = store.every_child_records()
    home = store.home()
    zone = ZoneInfo(home.timezone)
    today = now.astimezone(zone).date()
    today_ends = end_of_day(now, zone)
    actions, gaps = [], []
    placed = [
        r for r in children if r.child.placement_end is None or r.child.placement_end >= today
    ]
    for records in placed:  # a child who has left needs no more duties: their episodes stay
        child = records.child
        for p in child_prompts(records, rule_sets=rule_sets, forms=forms, now=now):
            waiting = p.status == OVERDUE or (p.status == UPCOMING and p.due_at < today_ends)
            if waiting:
                actions.append(Action(child.id, child.display_name, p, source_words(p, rule_sets)))
            if p.profile and p.status == OVERDUE:
                gaps.append(ProfileGap(child.id, child.display_name, p.text))
        gaps += [
            ProfileGap(child.id, child.display_name, words)
            for words in _form_gaps(records, forms, today, zone, home.form_review_months)
        ]
        if not records.photos:
            gaps.append(ProfileGap(child.id, child.display_name, "No photograph on record."))
    actions.sort(key=lambda a: (not a.overdue, a.prompt.due_at))
    return ManagerData(
        now=now,
        zone=zone,
        deadline=interview_deadline(rule_sets),
        rows=rows,
        children=children,
        actions=actions,
        thresholds=thresholds(placed, rule_sets, now),
        gaps=gaps,
    )


def _form_gaps(
    records: ChildRecords,
    forms: Mapping[str, FormSpec],
    today: date,
    zone: ZoneInfo,
    months: int,
) -> list[str]:
    """Each Philomena form not saved, missing answers the police pack needs, or not reviewed.

    A form is due for review the home's interval after its newest version's day, in the home's
    time zone, so the manager sees it on the morning it falls due. An answer the child's record
    gives (their names, date of birth) counts, as the pack prints it.
    """
    saved: Mapping[str, FormVersion] = records.forms
    found = []
    for form_id in PROFILE_FORMS:
        spec = forms.get(form_id)
        if spec is None:
            continue
        version = saved.get(form_id)
        if version is None:
            found.append(f"{spec.title}: not filled in yet.")
            continue
        answers = with_prefill(spec, records.child, version.values)
        missing = [f.label for f in spec.fields() if f.police and not answers.get(f.id)]
        if missing:
            found.append(f"{spec.title}: no answer to " + ", ".join(missing[:3]) + ".")
        reviewed = version.saved_at.astimezone(zone).date()
        due = review_due(reviewed, months)
        if due <= today:
            found.append(
                f"{spec.title}: last reviewed {uk_long_date(reviewed)}, due for review since "
                f"{uk_long_date(due)} (the home reviews the forms every {months_words(months)})."
            )
    return found


def month_bounds(day: date, zone: ZoneInfo, back: int = 0) -> tuple[datetime, datetime]:
    """The start of the calendar month ``back`` months before ``day``'s, and of the next."""
    index = day.year * 12 + day.month - 1 - back
    year, month = divmod(index, 12)
    start = datetime(year, month + 1, 1, tzinfo=zone)
    year, month = divmod(index + 1, 12)
    return start, datetime(year, month + 1, 1, tzinfo=zone)
