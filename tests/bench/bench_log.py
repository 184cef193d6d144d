"""Appending a log entry against a raw sqlcipher3 single-row commit on the same disk (goal ≤ 3×),
and again with 10,000 entries already in the episode (goal: no slow-down as the log grows).

Run: python tests/bench/bench_log.py [--runs N]
Both are durable commits: WAL with synchronous=FULL, one transaction each.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.domain.clock import SystemClock
from desktop.domain.model import ChildDetails, Home
from desktop.store import chain, opening
from desktop.store.database import connect
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.bench.common import median_seconds, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=101)
    parser.add_argument("--fill", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        raw = connect(Path(tmp) / "raw.db", os.urandom(32))
        raw.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")

        def raw_commit() -> None:
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("INSERT INTO t (body) VALUES (?)", ('{"note": "checked the park"}',))
            raw.execute("COMMIT")

        created = Store.create(
            Path(tmp) / "s",
            home=Home(name="Bench"),
            admin_name="Bench",
            passphrase="benchmark passphrase",
            clock=SystemClock(),
            device=NoSecrets(),
            kdf=TEST_ONLY_PARAMS,
        )
        with created.store as store:
            child = store.children.add(
                ChildDetails(first_name="A", last_name="B", date_of_birth=date(2012, 1, 1))
            )
            episode = store.episodes.start(child.id, whereabouts="unknown")

            def append() -> None:
                store.episodes.append(episode.id, "note", {"note": "checked the park"})

            floor = median_seconds(raw_commit, runs=args.runs)
            small = median_seconds(append, runs=args.runs)
            keys = opening.with_passphrase(
                store.folder,
                name="Bench",
                passphrase="benchmark passphrase",
                clock=store.clock,
                device=NoSecrets(),
            )
            keys.db.dispose()
            author = store.staff.id if store.staff else ""
            with store.db.transaction() as conn:  # fill fast, through the same chained append
                for i in range(args.fill):
                    stored = chain.append_row(
                        conn,
                        keys.keys.chain_key,
                        episode_id=episode.id,
                        kind="note",
                        body={"note": f"entry {i}"},
                        event_at=store.clock.now(),
                        recorded_at=store.clock.now(),
                        author_id=author,
                        corrects_id=None,
                    )
                    store.ledger.add(conn, "log", str(stored[0]), "added")  # and signed
            large = median_seconds(append, runs=args.runs)
            assert not store.episodes.chain_problems()
        raw.close()
    ok = report("log append vs raw sqlcipher3 commit", small, floor, 3.0)
    grown = report(f"log append with {args.fill:,} entries vs empty episode", large, small, 1.5)
    return 0 if ok and grown else 1


if __name__ == "__main__":
    raise SystemExit(main())
