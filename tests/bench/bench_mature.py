"""Everything staff wait for, on stores with ten and twenty years of records, against floors.

Run: python tests/bench/bench_mature.py [--runs N] [--stores ten-year twenty-year]
The stores come from :mod:`tests.bench.mature_store` (generated once, then cached). Each figure
is a median, printed beside a floor measured in the same run: the same step on an empty store
(one child, no history), or a bare query of the same rows on the raw database connection, or the
key derivation alone. The goals (ten-year store, this machine) are printed with the figures; a
benchmark is a script, never a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop import paths
from desktop.domain.clock import FixedClock
from desktop.domain.model import ChildDetails, Home
from desktop.export.gather import pack_input
from desktop.export.pack import build_pack
from desktop.formspec import load_forms
from desktop.protocol.rules import load_rule_sets
from desktop.protocol.situation import child_prompts
from desktop.store.keys import kdf
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.bench.common import median_seconds
from tests.bench.mature_store import END, Generated, mature_store
from tests.support.sample import close_episode

FORMS = load_forms(paths.forms_dir())
RULES = load_rule_sets(paths.protocols_dir())


def line(name: str, measured: float, floor: float, floor_name: str, goal: str = "") -> None:
    """One figure with its floor (and the goal, where the issue sets one)."""
    print(
        f"  {name:<42} {measured * 1000:9.1f} ms   floor {floor * 1000:8.1f} ms"
        f" ({floor_name}; {measured / floor if floor else 0:5.1f}×)"
        + (f"   goal: {goal}" if goal else "")
    )


def prompts(store: Store, child_id: str) -> list[Any]:
    """One child's prompts as the app works them out: one read, then the engine."""
    return child_prompts(
        store.records(child_id), rule_sets=RULES, forms=FORMS, now=store.clock.now()
    )


def every_child(store: Store) -> None:
    """Every child's prompts, as the children list's "Now" column needs them (one read)."""
    now = store.clock.now()
    for records in store.every_child_records():
        child_prompts(records, rule_sets=RULES, forms=FORMS, now=now)


def bare_rows(store: Store, child_ids: list[str]) -> Callable[[], None]:
    """The floor for prompts: the same rows read by a bare query on the raw connection."""

    def read() -> None:
        raw = store.db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for child_id in child_ids:
                cursor.execute("SELECT * FROM child WHERE id = ?", (child_id,)).fetchall()
                cursor.execute(
                    "SELECT * FROM form_record WHERE child_id = ? AND episode_id IS NULL",
                    (child_id,),
                ).fetchall()
                cursor.execute(
                    "SELECT id, taken_on, added_at FROM photo WHERE child_id = ?", (child_id,)
                ).fetchall()
                cursor.execute(
                    "SELECT * FROM episode_digest WHERE child_id = ?", (child_id,)
                ).fetchall()
        finally:
            raw.close()

    return read


def open_store(made: Generated, clock: FixedClock) -> Store:
    return Store.open(
        made.folder, name=made.name, passphrase=made.passphrase, clock=clock, device=NoSecrets()
    )


def sign_in_to_list(made: Generated, clock: FixedClock, runs: int) -> float:
    """Median time to sign in and have everything the children list shows (every child's
    records and prompts); signing out again, after each, is not timed."""
    timings = []
    for _ in range(runs + 1):
        begun = time.perf_counter()
        store = open_store(made, clock)
        every_child(store)
        timings.append(time.perf_counter() - begun)
        store.close()
    return statistics.median(timings[1:])  # the first warms up


def key_derivation() -> None:
    """The floor for sign-in: the key derivation alone, with the store's parameters."""
    kdf.derive(b"benchmark passphrase only", b"\0" * 16, TEST_ONLY_PARAMS)


def median_start(store: Store, clock: FixedClock, child_id: str, runs: int) -> float:
    """Median time to start an episode; each is closed afterwards, untimed, so the next starts."""
    timings = []
    for _ in range(runs + 1):
        clock.moment += timedelta(days=1)
        begun = time.perf_counter()
        episode = store.episodes.start(child_id, whereabouts="unknown")
        timings.append(time.perf_counter() - begun)
        store.episodes.append(episode.id, "returned", {"where": "Home"})
        close_episode(store, episode.id, "Back")
    return statistics.median(timings[1:])  # the first warms up


def empty_store(folder: Path, clock: FixedClock) -> tuple[Store, str]:
    """A store with one child and nothing else: the floor for starting, appending, the pack."""
    created = Store.create(
        folder,
        home=Home(name="Empty House", protocol_id="north-east-lincolnshire"),
        admin_name="Bench Manager",
        passphrase="benchmark passphrase only",
        clock=clock,
        device=NoSecrets(),
        kdf=TEST_ONLY_PARAMS,
    )
    child = created.store.children.add(
        ChildDetails(first_name="Solo", last_name="Child", date_of_birth=date(2012, 1, 1))
    )
    return created.store, child.id


def entry_then_row(store: Store, episode_id: str, child_id: str) -> Callable[[], None]:
    """An entry, then that child's row brought up to date (their records and prompts)."""

    def once() -> None:
        store.episodes.append(episode_id, "note", {"note": "Rang round the usual places."})
        prompts(store, child_id)

    return once


def bench(kind: str, tmp: Path, runs: int, floors: dict[str, float]) -> None:
    clock = FixedClock(END)
    made = mature_store(kind, tmp / kind)
    size = (made.folder / "store.db").stat().st_size / 1e6
    print(f"\n{kind} store: {len(made.child_ids)} children, {size:.0f} MB")
    line(
        "sign-in to the children list",
        sign_in_to_list(made, clock, max(3, runs // 3)),
        floors["kdf"],
        "key derivation alone",
        "within 0.2 s of the floor",
    )
    with open_store(made, clock) as store:
        ids = [c.id for c in store.children.all()]
        line(
            "every child's prompts",
            median_seconds(lambda: every_child(store), runs=runs),
            median_seconds(bare_rows(store, ids), runs=runs),
            "bare query of the same rows",
            "< 100 ms",
        )
        line(
            f"one child's prompts ({len(store.records(made.heavy_child).history or ())} past)",
            median_seconds(lambda: prompts(store, made.heavy_child), runs=runs * 3),
            median_seconds(bare_rows(store, [made.heavy_child]), runs=runs * 3),
            "bare query of the same rows",
            "< 10 ms",
        )
        line(
            "starting an episode (child with 100 past)",
            median_start(store, clock, made.heavy_child, runs),
            floors["start"],
            "empty store",
            "within 1.5× of the floor",
        )
        away = next(c for c in ids if store.records(c).current is not None)
        current = store.records(away).current
        assert current is not None
        line(
            "appending an entry",
            median_seconds(
                lambda: store.episodes.append(current.episode.id, "note", {"note": "Rang."}),
                runs=runs,
            ),
            floors["append"],
            "empty store",
        )
        line(
            "the list's row after an entry",
            median_seconds(entry_then_row(store, current.episode.id, away), runs=runs),
            floors["entry_row"],
            "empty store",
            "< 50 ms",
        )
        line(
            "the police pack, child with 100 past episodes",
            median_seconds(
                lambda: build_pack(pack_input(store, made.heavy_child, FORMS)),
                runs=max(3, runs // 3),
            ),
            floors["pack"],
            "empty store",
        )
        line(
            "full verify",
            median_seconds(store.verify, runs=3, warmup=0),
            median_seconds(lambda: bare_verify(store), runs=3, warmup=0),
            "bare page checks and log read",
        )


def bare_verify(store: Store) -> None:
    """The floor for verify: SQLCipher's page check, SQLite's structure check, the log read."""
    raw = store.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA cipher_integrity_check").fetchall()
        cursor.execute("PRAGMA integrity_check").fetchall()
        cursor.execute("SELECT * FROM log_entry ORDER BY id").fetchall()
    finally:
        raw.close()


def empty_floors(tmp: Path, runs: int) -> dict[str, float]:
    clock = FixedClock(END)
    store, child_id = empty_store(tmp / "empty", clock)
    with store:
        floors = {
            "kdf": median_seconds(key_derivation, runs=runs),
            "start": median_start(store, clock, child_id, runs),
        }
        episode = store.episodes.start(child_id, whereabouts="unknown")
        floors["append"] = median_seconds(
            lambda: store.episodes.append(episode.id, "note", {"note": "Rang."}), runs=runs
        )
        floors["entry_row"] = median_seconds(entry_then_row(store, episode.id, child_id), runs=runs)
        floors["pack"] = median_seconds(
            lambda: build_pack(pack_input(store, child_id, FORMS)), runs=max(3, runs // 3)
        )
    print("Floors on an empty store (one child):")
    for name, value in floors.items():
        print(f"  {name:<12} {value * 1000:8.1f} ms")
    return floors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--stores", nargs="+", default=["ten-year", "twenty-year"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        floors = empty_floors(tmp, args.runs)
        for kind in args.stores:
            bench(kind, tmp, args.runs, floors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
