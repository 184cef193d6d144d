"""A store as a home has it after years of use, generated through the store's public API.

Ten years of a twelve-bed home (50 children, 5,000 episodes, about 100,000 log entries) and a
larger one (150 children, 20 years). Every child, form, episode and entry goes in through
``Store`` as staff would add it — signed, chained and checked the same way — with the clock moved
to each moment, so the same seed always gives the same records. Benchmarks import
:func:`mature_store` (which keeps a generated store in a cache folder and copies it out); run as a
script it fills the cache:

    python tests/bench/mature_store.py [ten-year|twenty-year|small] [--fresh]

Appending is durable (full sync) by design, so the store is built on a memory-backed folder where
one is available and copied into the cache when it is closed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop import paths
from desktop.domain.clock import FixedClock
from desktop.domain.model import ChildDetails, Home
from desktop.formspec import load_forms
from desktop.store.demo import portrait
from desktop.store.demo_forms import demo_form_values
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store, head_revision

NAME = "Bench Manager"
PASSPHRASE = "benchmark passphrase only"
END = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
"""The generated history ends here (the benchmarks' "now")."""
PROTOCOLS = ("north-east-lincolnshire", "portsmouth", "warwickshire", "kent-and-medway")


@dataclass(frozen=True, slots=True)
class Size:
    """How much history to generate."""

    children: int
    years: int
    episodes: int
    entries: int
    beds: int = 12
    heavy: int = 100
    """Episodes of the one child the pack benchmark reads (their placement is current)."""
    away_now: int = 3
    """Children whose newest episode is still open at the end, away."""


SIZES: dict[str, Size] = {
    "ten-year": Size(children=50, years=10, episodes=5_000, entries=100_000),
    "twenty-year": Size(children=150, years=20, episodes=10_000, entries=200_000),
    "small": Size(children=6, years=1, episodes=24, entries=300, beds=3, heavy=8, away_now=1),
}


@dataclass(frozen=True, slots=True)
class Generated:
    """Where a generated store is and who is in it."""

    folder: Path
    name: str
    passphrase: str
    now: datetime
    child_ids: tuple[str, ...]
    heavy_child: str
    """A child with ``Size.heavy`` past episodes."""
    quiet_child: str
    """A current child with no episode at all (for starting one against an empty history)."""


LATE = "The first free slot with the independent worker"
"""Given with every interview: the store asks why of one more than 72 hours after the return."""


def _placements(size: Size, rng: random.Random) -> list[tuple[date, date | None]]:
    """Each child's placement: the beds filled one child after another over the years."""
    start = (END - timedelta(days=365 * size.years)).date()
    total = (END.date() - start).days
    spans: list[tuple[date, date | None]] = []
    for bed in range(size.beds):
        count = size.children // size.beds + (1 if bed < size.children % size.beds else 0)
        step = total / count
        edges = [0, *(round(step * (i + rng.uniform(-0.25, 0.25))) for i in range(1, count)), total]
        for i in range(count):
            begin = start + timedelta(days=edges[i])
            end = None if i == count - 1 else start + timedelta(days=edges[i + 1] - 1)
            spans.append((begin, end))
    return spans


def _episode_counts(size: Size, current: list[int], quiet: int) -> list[int]:
    """Episodes per child: the heavy child's fixed, the quiet child's none, the rest shared."""
    others = [i for i in range(size.children) if i not in (current[0], quiet)]
    left = size.episodes - size.heavy
    counts = [0] * size.children
    counts[current[0]] = size.heavy
    for n, i in enumerate(others):
        counts[i] = left // len(others) + (1 if n < left % len(others) else 0)
    return counts


def _script(rng: random.Random, length: int, last: bool) -> list[tuple[str, dict[str, Any]]]:
    """The entries after 'aware' of one episode, in order: checks, report, return, follow-up."""
    checks: list[tuple[str, dict[str, Any]]] = [
        ("searched_premises", {"where": "House and garden", "found": "Not found"}),
        ("phoned_child", {"outcome": "No answer"}),
        ("texted_child", {"outcome": "Delivered, not read"}),
        ("checked_social_media", {"what": "Snapchat map", "found": "Last seen in town"}),
        ("contacted_person", {"who": "A friend", "relationship": "Friend", "outcome": "Not seen"}),
        ("visited_location", {"where": "The park by the station", "outcome": "Not there"}),
        ("notified", {"whom": "social worker", "how": "Phone"}),
        ("notified", {"whom": "emergency duty team", "how": "Phone"}),
        ("sighting", {"where": "Bus station", "seen_at": "about 21:00", "by_whom": "A neighbour"}),
        ("note", {"note": "Still checking the usual places."}),
        ("child_contact", {"how": "Text", "said": "Says they are safe"}),
    ]
    grading = rng.choice(["low", "medium", "high"])
    report = (
        "police_report",
        {"reference": f"PR{rng.randrange(10**6):06d}", "risk_grading": grading},
    )
    body: list[tuple[str, dict[str, Any]]] = [checks[0], checks[1], report]
    after = [
        ("returned", {"where": "Back at the home", "returned_by": "Police"}),
        ("notified", {"whom": "social worker", "how": "Phone"}),
        ("safe_and_well_done", {"by": "Police"}),
        (
            ("return_interview_declined", {"note": "Did not want to talk", "late_reason": LATE})
            if rng.random() < 0.3
            else ("return_interview_done", {"by": "Independent worker", "late_reason": LATE})
        ),
        ("closed", {"reason": "Returned; follow-up done"}),
    ]
    middle = max(0, length - 1 - len(body) - len(after))
    body += [rng.choice(checks[2:]) for _ in range(middle)]
    if last:
        return body  # still away at the end
    return body + after


def generate(
    folder: Path,
    size: Size,
    *,
    seed: int = 17,
    progress: Callable[[int, int], None] | None = None,
) -> Generated:
    """Build the store in ``folder`` (which must not exist) from ``seed``."""
    rng = random.Random(seed)
    clock = FixedClock(END - timedelta(days=365 * size.years + 30))
    forms = load_forms(paths.forms_dir())
    created = Store.create(
        folder,
        home=Home(name="Bench House", protocol_id="north-east-lincolnshire"),
        admin_name=NAME,
        passphrase=PASSPHRASE,
        clock=clock,
        device=NoSecrets(),
        kdf=TEST_ONLY_PARAMS,
    )
    spans = _placements(size, rng)
    current = [i for i, (_, end) in enumerate(spans) if end is None]
    quiet = current[-1]
    counts = _episode_counts(size, current, quiet)
    per_episode = max(4, size.entries // max(1, size.episodes))
    away = set(current[1 : 1 + size.away_now])
    plan: list[tuple[datetime, int, int]] = []  # (aware at, child, entries)
    for child, (begin, end) in enumerate(spans):
        first = datetime(begin.year, begin.month, begin.day, 12, tzinfo=UTC)
        last = END if end is None else datetime(end.year, end.month, end.day, 12, tzinfo=UTC)
        slack = (last - first).total_seconds() - 86400 * (counts[child] + 2)
        moments = sorted(rng.uniform(0, slack) for _ in range(counts[child]))
        for n, moment in enumerate(moments):  # at least a day apart: one ends before the next
            length = rng.randint(per_episode - 6, per_episode + 6)
            aware_at = first + timedelta(seconds=moment + 86400 * n)
            if child in away and n == len(moments) - 1:
                aware_at, length = END - timedelta(hours=3), 5  # away now, for three hours
            plan.append((aware_at, child, length))
    plan.sort()
    done, total = 0, sum(n for _, _, n in plan)
    with created.store as store:
        ids: list[str] = []
        for index, (begin, end) in enumerate(spans):
            clock.moment = datetime(begin.year, begin.month, begin.day, 8, tzinfo=UTC)
            child = store.children.add(
                ChildDetails(
                    first_name=f"Child{index:03d}",
                    last_name=rng.choice(["Smith", "Khan", "Nowak", "Jones", "Okafor", "Li"]),
                    date_of_birth=begin - timedelta(days=rng.randint(11 * 365, 16 * 365)),
                    placement_start=begin,
                    placement_end=end,
                    placement_planned=rng.random() < 0.5,
                    responsible_protocol_id=rng.choice(PROTOCOLS),
                )
            )
            ids.append(child.id)
            for form_id, values in demo_form_values(index % 4, child).items():
                store.forms.save(child.id, forms[form_id], values)
            if end is None:
                store.photos.add(child.id, portrait((90, 90, 140), size=(120, 160)), taken_on=begin)
        last_of: dict[int, int] = {}
        for n, (_, child, _) in enumerate(plan):
            last_of[child] = n
        for n, (aware_at, child, length) in enumerate(plan):
            clock.moment = aware_at
            episode = store.episodes.start(
                ids[child], whereabouts="unknown", details={"medication": "takes none"}
            )
            steps = _script(rng, length, last=child in away and last_of[child] == n)
            for step, (kind, body) in enumerate(steps):
                clock.moment = aware_at + timedelta(minutes=20 * (step + 1))
                store.episodes.append(episode.id, kind, body)
            done += 1 + len(steps)
            if progress is not None:
                progress(done, total)
        clock.moment = END
    return Generated(
        folder=folder,
        name=NAME,
        passphrase=PASSPHRASE,
        now=END,
        child_ids=tuple(ids),
        heavy_child=ids[current[0]],
        quiet_child=ids[quiet],
    )


def cache_folder() -> Path:
    """Where generated stores are kept between runs (``PHILOMENA_BENCH_CACHE`` overrides)."""
    chosen = os.environ.get("PHILOMENA_BENCH_CACHE")
    return Path(chosen) if chosen else Path(tempfile.gettempdir()) / "philomena-bench-stores"


def _scratch() -> Path:
    """A memory-backed folder when the system has one: full-sync commits cost nothing there."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None))


def mature_store(
    kind: str,
    into: Path,
    *,
    seed: int = 17,
    fresh: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Generated:
    """A copy of the generated store ``kind`` in ``into`` (made and cached the first time)."""
    size = SIZES[kind]
    cached = cache_folder() / f"{kind}-{seed}-schema-{head_revision()}"
    manifest = cached / "manifest.txt"
    if fresh or not manifest.exists():
        scratch = _scratch()
        try:
            made = generate(scratch / "store", size, seed=seed, progress=progress)
            shutil.rmtree(cached, ignore_errors=True)
            shutil.copytree(made.folder, cached / "store")
            lines = [made.heavy_child, made.quiet_child, *made.child_ids]
            manifest.write_text("\n".join(lines) + "\n")
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    heavy, quiet, *children = manifest.read_text().split()
    shutil.copytree(cached / "store", into)
    return Generated(
        folder=into,
        name=NAME,
        passphrase=PASSPHRASE,
        now=END,
        child_ids=tuple(children),
        heavy_child=heavy,
        quiet_child=quiet,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=sorted(SIZES), nargs="?", default="ten-year")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--fresh", action="store_true", help="generate again even if cached")
    args = parser.parse_args()
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 5000 < 25 or done == total:
            print(f"\r{done * 100 // total}% of {total:,} entries", end="", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        made = mature_store(
            args.kind, Path(tmp) / "copy", seed=args.seed, fresh=args.fresh, progress=progress
        )
        mb = (made.folder / "store.db").stat().st_size / 1e6
    print(
        f"\n{args.kind}: {len(made.child_ids)} children, {mb:.0f} MB, "
        f"{time.perf_counter() - started:.0f} s; cached in {cache_folder()}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
