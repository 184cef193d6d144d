"""Helpers for benchmark scripts: medians of repeated runs, printed with their ratio to a floor."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(action: Callable[[], object], *, runs: int, warmup: int = 1) -> float:
    """Median wall time of ``action`` over ``runs`` runs, after ``warmup`` unmeasured runs."""
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def report(name: str, measured: float, floor: float, goal: float) -> bool:
    """Print one line; return whether the ratio meets its goal."""
    ratio = measured / floor
    verdict = "meets" if ratio <= goal else "MISSES"
    print(
        f"{name}: median {measured * 1000:.1f} ms, floor {floor * 1000:.1f} ms, "
        f"ratio {ratio:.2f}× ({verdict} the goal of at most {goal}×)"
    )
    return ratio <= goal
