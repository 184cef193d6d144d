"""Cold start of the app to its sign-in window against a bare PySide6 window (goal ≤ 2.5×).

Run: python tests/bench/bench_startup.py [--runs N]
Each run is a new process, timed from launch to exit; both show their first window and quit
as soon as the event loop starts.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.domain.clock import SystemClock
from desktop.domain.model import Home
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS
from desktop.store.store import Store
from tests.bench.common import median_seconds, report

BARE = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QWidget\n"
    "app = QApplication([])\n"
    "w = QWidget()\n"
    "w.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        Store.create(
            folder,
            home=Home(name="Bench"),
            admin_name="Bench",
            passphrase="benchmark passphrase",
            clock=SystemClock(),
            device=NoSecrets(),
            kdf=TEST_ONLY_PARAMS,
        ).store.close()
        app = [sys.executable, "-m", "desktop.ui.app", "--store", str(folder), "--exit-when-ready"]

        def run(command: list[str]) -> None:
            subprocess.run(command, env=env, check=True, capture_output=True)

        floor = median_seconds(lambda: run([sys.executable, "-c", BARE]), runs=args.runs)
        measured = median_seconds(lambda: run(app), runs=args.runs)
    ok = report("cold start to sign-in vs bare PySide6 window", measured, floor, 2.5)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
