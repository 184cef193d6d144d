"""Unlocking a store against the Argon2id derivation alone (goal: at most 1.2×).

Run: python tests/bench/bench_unlock.py [--runs N]
Uses the production key-derivation cost calibrated on this machine (about half a second).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.domain.clock import SystemClock
from desktop.domain.model import Home
from desktop.store.keys import keyfile
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import calibrate, derive
from desktop.store.store import Store
from tests.bench.common import median_seconds, report

PASSPHRASE = "benchmark passphrase"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    params = calibrate()
    print(
        f"Argon2id: {params.memory_kib // 1024} MiB, {params.iterations} iterations, "
        f"{params.lanes} lanes"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        clock, device = SystemClock(), NoSecrets()
        Store.create(
            folder,
            home=Home(name="Bench"),
            admin_name="Bench Admin",
            passphrase=PASSPHRASE,
            clock=clock,
            device=device,
            kdf=params,
        ).store.close()
        slot = keyfile.read(folder).slots[0]

        def unlock() -> None:
            Store.open(
                folder, name="Bench Admin", passphrase=PASSPHRASE, clock=clock, device=device
            ).close()

        def derive_only() -> None:
            derive(PASSPHRASE.encode(), slot.salt, slot.params)

        floor = median_seconds(derive_only, runs=args.runs)
        measured = median_seconds(unlock, runs=args.runs)
    ok = report("unlock vs Argon2id alone", measured, floor, 1.2)
    print(f"Argon2id alone takes {floor:.2f} s here (target about 0.5 s).")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
