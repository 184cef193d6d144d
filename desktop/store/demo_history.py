"""A year of invented missing episodes for the demo store, so the manager's view has answers.

Without history the demo shows an empty absence log, no patterns and no figures, and nobody can
try what a manager asks of it. The history is planned from a seed and dated back from "now", so
the demo never ages; every entry goes in through the store as staff would record it, with the
clock moved to the moment it happened, so nothing reads as logged afterwards and the timed log
stays in order. As of "now" the plan leaves: episodes last calendar month, one return interview
overdue, one child at a repeat-episode threshold, and a mix of interviews on time, late and
declined.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from desktop.domain.clock import LONDON, Clock
from desktop.domain.model import Child, ChildDetails, LegalStatus
from desktop.formspec import FormSpec
from desktop.protocol.engine import OVERDUE as PROMPT_OVERDUE
from desktop.protocol.rules import shipped_rule_sets
from desktop.protocol.situation import child_prompts
from desktop.store.store import Store

SEED = 2031
"""The same seed always gives the same history (relative to the day it is built)."""
ON_TIME, LATE, DECLINED, OVERDUE = "on time", "late", "declined", "overdue"
"""How an episode's return interview went (overdue: not held, and past its deadline)."""
SIOBHAN, OLENA, WEI = "Siobhán", "Олена", "Wei"
"""The current demo children with history, by first name."""
JAKUB, PRIYA, KWAME = "Jakub", "Priya", "Kwame"
"""The former demo children, by first name."""
ARRIVAL = time(11, 0)
"""When a child is added to the records, on the day their placement starts (home time)."""

LATE_REASONS = (
    "The return worker's first free visit",
    "She was staying with her grandmother for the weekend",
    "He would not meet until after his exams",
    "The independent worker was off sick",
)
PLACES = (
    "A friend's flat in town",
    "The retail park",
    "The bus station",
    "The beach front",
    "A friend's flat in town",
    "The skate park",
)
SETTLED_BY_ENTRIES = ("report_to_police", "safe_and_well_check", "return_interview")
"""Duties the log's own entries answer (the report, the interviews), never marked by hand."""
CLOTHES = ("Black hoodie, grey joggers", "Blue school coat", "Red puffer jacket", "Green parka")


class MovableClock:
    """The real clock, until moved to a past moment to record history as it happened."""

    def __init__(self, real: Clock) -> None:
        self._real = real
        self.moment: datetime | None = None

    def now(self) -> datetime:
        """The moment moved to, else the real clock's now."""
        return self._real.now() if self.moment is None else self.moment

    def follow(self) -> None:
        """Follow the real clock again."""
        self.moment = None


@dataclass(frozen=True, slots=True)
class PlannedEpisode:
    """One invented episode: who, when, for how long, and how its follow-ups went."""

    child: str
    """The child's first name."""
    start: datetime
    away: timedelta
    whereabouts: str
    """"known" or "unknown" when the home became aware."""
    police: tuple[str, str] | None
    """The police reference and risk grading, when the child was reported missing."""
    found_where: str
    returned_by: str
    interview: str
    """:data:`ON_TIME`, :data:`LATE`, :data:`DECLINED` or :data:`OVERDUE`."""
    interview_after: timedelta
    """How long after the return the interview was held or declined."""
    safe_and_well_after: timedelta

    @property
    def returned(self) -> datetime:
        """When the child came back."""
        return self.start + self.away

    @property
    def closed(self) -> bool:
        """Whether the episode was closed (its follow-ups all done)."""
        return self.interview != OVERDUE


def history_begins(now: datetime) -> datetime:
    """When the demo home opened: the morning the first of its children arrived."""
    today = now.astimezone(LONDON).date()
    first = min(d.placement_start or today for d in former_children(today))
    return datetime.combine(first, time(9, 0), LONDON).astimezone(UTC)


def former_children(today: date) -> list[ChildDetails]:
    """Children who lived at the home during the year and have since left (invented)."""
    return [
        ChildDetails(
            first_name=JAKUB,
            last_name="Dvořák",
            aliases=("Kuba",),
            date_of_birth=today - timedelta(days=16 * 365 + 77),
            placement_start=today - timedelta(days=520),
            placement_end=today - timedelta(days=150),
            placement_planned=True,
            legal_status=LegalStatus.CARE_ORDER.value,
            responsible_authority="North East Lincolnshire Council",
            authority_child_id="NEL39877",
            host_authority="North East Lincolnshire Council",
            social_worker="Dana Whitfield, 01472 000111",
        ),
        ChildDetails(
            first_name=PRIYA,
            last_name="Sharma",
            aliases=("प्रिया शर्मा",),
            date_of_birth=today - timedelta(days=15 * 365 + 201),
            placement_start=today - timedelta(days=400),
            placement_end=today - timedelta(days=200),
            placement_planned=True,
            legal_status=LegalStatus.SECTION_20.value,
            responsible_authority="Warwickshire County Council",
            authority_child_id="WCC-5521",
            host_authority="North East Lincolnshire Council",
            responsible_protocol_id="warwickshire",
            social_worker="Grace Oyelaran, 01926 000 000",
        ),
        ChildDetails(
            first_name=KWAME,
            last_name="Mensah",
            date_of_birth=today - timedelta(days=14 * 365 + 300),
            placement_start=today - timedelta(days=330),
            placement_end=today - timedelta(days=100),
            legal_status=LegalStatus.CARE_ORDER.value,
            responsible_authority="North East Lincolnshire Council",
            host_authority="North East Lincolnshire Council",
            social_worker="Dana Whitfield, 01472 000111",
        ),
    ]


def _last_month(today: date, day: int) -> date:
    """``day`` of the calendar month before ``today``'s."""
    first = today.replace(day=1) - timedelta(days=1)
    return first.replace(day=day)


def _days_planned(today: date) -> dict[str, list[date]]:
    """The day each child's episodes start, oldest first.

    Olena's three fall within 90 days (her authority's threshold); the last month always holds
    episodes of Siobhán and Olena, whatever day of the month it is today.
    """

    def ago(*days: int) -> list[date]:
        return [today - timedelta(days=d) for d in days]

    return {
        JAKUB: ago(356, 331, 301, 262, 240, 214, 191, 171),
        PRIYA: ago(348, 317, 289, 246, 223),
        KWAME: ago(296, 233, 177, 128),
        SIOBHAN: [*ago(281, 244, 199, 163, 127, 94), _last_month(today, 12)],
        OLENA: [*ago(75), _last_month(today, 6), _last_month(today, 19)],
        WEI: ago(4),
    }


def plan_history(now: datetime, seed: int = SEED) -> list[PlannedEpisode]:
    """The demo's episodes up to ``now``, oldest first: the same for the same day and seed."""
    rng = random.Random(seed)
    today = now.astimezone(LONDON).date()
    planned = []
    for child, days in _days_planned(today).items():
        for day in days:
            overnight = rng.random() < 0.3
            hour = rng.randint(19, 22) if overnight else rng.randint(15, 21)
            local = datetime.combine(day, time(hour, rng.choice((0, 10, 20, 30, 40, 50))), LONDON)
            minutes = rng.randint(600, 1200) if overnight else rng.randint(90, 360)
            unknown = overnight or rng.random() < 0.6 or child == WEI  # reported: prompted for
            police = None
            if unknown:
                grading = rng.choice(("low", "medium", "medium", "high"))
                stamp = f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"
                police = (f"HP-{stamp}-{rng.randrange(1000, 10000)}", grading)
            outcome = rng.choices((ON_TIME, LATE, DECLINED), weights=(65, 20, 15))[0]
            if child == WEI:
                outcome = OVERDUE
            hours = {ON_TIME: (18, 66), LATE: (80, 150), DECLINED: (20, 60), OVERDUE: (0, 0)}
            planned.append(
                PlannedEpisode(
                    child=child,
                    start=local.astimezone(UTC),
                    away=timedelta(minutes=minutes),
                    whereabouts="unknown" if unknown else "known",
                    police=police,
                    found_where=rng.choice(PLACES) if unknown else "Came back to the home",
                    returned_by="Police" if unknown and rng.random() < 0.5 else "Came back alone",
                    interview=outcome,
                    interview_after=timedelta(hours=rng.randint(*hours[outcome])),
                    safe_and_well_after=timedelta(hours=rng.randint(2, 16)),
                )
            )
    return sorted(planned, key=lambda p: p.start)


Step = tuple[datetime, Callable[[], None]]


def _steps(
    store: Store,
    plan: PlannedEpisode,
    child_id: str,
    rng: random.Random,
    forms: Mapping[str, FormSpec],
) -> list[Step]:
    """Each entry of one episode as staff would record it, at the moment it happened."""
    rule_sets = shipped_rule_sets()
    t0 = plan.start
    ids: list[str] = []

    def start() -> None:
        details = {
            "last_seen_where": "Leaving the home by the front door",
            "clothing": rng.choice(CLOTHES),
            "medication": "takes none",
        }
        ids.append(store.episodes.start(child_id, whereabouts=plan.whereabouts, details=details).id)

    def entry(kind: str, body: dict[str, Any]) -> Callable[[], None]:
        def add() -> None:
            store.episodes.append(ids[0], kind, body)

        return add

    def done_duty(action: str) -> Callable[[], None]:
        """A duty the protocol prompts for, marked done as staff mark it on the prompt."""
        return entry("decision", {"action": action, "outcome": "done"})

    def settle() -> None:
        records = store.records(child_id)
        moment = store.clock.now()
        for p in child_prompts(records, rule_sets=rule_sets, forms=forms, now=moment):
            if p.status == PROMPT_OVERDUE and not p.profile and p.action not in SETTLED_BY_ENTRIES:
                body = {"action": p.action, "outcome": "done", "rule": p.rule}
                store.episodes.append(ids[0], "decision", body)

    minute, hour = timedelta(minutes=1), timedelta(hours=1)
    steps: list[Step] = [
        (t0, start),
        (t0 + 10 * minute, entry("searched_premises", {"where": "House and garden"})),
        (t0 + 20 * minute, entry("phoned_child", {"outcome": rng.choice(("No answer", "Off"))})),
    ]
    if plan.police is None:
        said = "With a friend, coming back later"
        steps.append((t0 + 30 * minute, entry("child_contact", {"how": "Text", "said": said})))
    else:
        reference, grading = plan.police
        steps += [
            (t0 + 30 * minute, entry("notified", {"whom": "manager on call", "how": "Phone"})),
            (
                t0 + 50 * minute,
                entry("police_report", {"reference": reference, "risk_grading": grading}),
            ),
            (t0 + 60 * minute, entry("notified", {"whom": "emergency duty team", "how": "Phone"})),
        ]
    back = plan.returned
    returned = {"where": plan.found_where, "returned_by": plan.returned_by}
    steps += [
        (t0 + 35 * minute, done_duty("notify_social_worker")),
        (t0 + 40 * minute, done_duty("notify_parents")),
        (back, entry("returned", returned)),
        (back + 15 * minute, entry("notified", {"whom": "social worker", "how": "Email"})),
        (back + 40 * minute, done_duty("review_absence")),
        (back + 14 * hour, done_duty("notify_iro")),
        (back + 16 * hour, done_duty("update_forms")),
    ]
    done = back + 20 * minute
    if plan.police is not None:
        at = back + plan.safe_and_well_after
        steps.append((at, entry("safe_and_well_done", {"by": "Police", "in_person": "yes"})))
        done = max(done, at)
    if plan.interview != OVERDUE:
        at = back + plan.interview_after
        late = {"late_reason": rng.choice(LATE_REASONS)} if plan.interview == LATE else {}
        if plan.interview == DECLINED:
            body = {"declined_by": "The child", "why": "Did not want to talk about it"}
            steps.append((at, entry("return_interview_declined", body)))
        else:
            body = {"by": "Independent return worker", "independent": "yes", **late}
            steps.append((at, entry("return_interview_done", body)))
        done = max(done, at)
        steps.append(
            (done + 30 * minute, entry("closed", {"reason": "Back safe; follow-ups done"}))
        )
    else:  # left open: every other duty marked done as it fell due, so one thing is overdue
        steps += [(back + 2 * hour, settle), (back + 71 * hour, settle)]
    return steps


def add_history(
    store: Store,
    clock: MovableClock,
    current: Sequence[ChildDetails],
    *,
    now: datetime,
    forms: Mapping[str, FormSpec],
    arrived: Callable[[int, Child], None],
    seed: int = SEED,
) -> list[Child]:
    """Add the children and a year of their episodes in time order; the current children back.

    Each child is added on the day their placement starts, and ``arrived`` is told the index
    of each of ``current`` then (to fill in their forms, as a home does on arrival). The clock
    is left following the real one again.
    """
    today = now.astimezone(LONDON).date()
    rng = random.Random(seed + 1)
    added: dict[str, Child] = {}
    waiting: list[tuple[datetime, int, Callable[[], None]]] = []

    def arrive(details: ChildDetails) -> Callable[[], None]:
        def add() -> None:
            child = added[details.first_name] = store.children.add(details)
            if details in current:
                arrived(current.index(details), child)

        return add

    def begin(plan: PlannedEpisode) -> Callable[[], None]:
        def steps() -> None:  # the child is in the records by now: their placement started
            (_, do), *rest = _steps(store, plan, added[plan.child].id, rng, forms)
            do()
            for moment, then in rest:
                heapq.heappush(waiting, (moment, next(order), then))

        return steps

    order = itertools.count()
    for details in [*former_children(today), *current]:
        day = details.placement_start or today
        moment = datetime.combine(day, ARRIVAL, LONDON).astimezone(UTC)
        heapq.heappush(waiting, (moment, next(order), arrive(details)))
    for plan in plan_history(now, seed):
        heapq.heappush(waiting, (plan.start, next(order), begin(plan)))
    while waiting:
        moment, _, do = heapq.heappop(waiting)
        clock.moment = min(moment, now)
        do()
    clock.follow()
    return [added[d.first_name] for d in current]
