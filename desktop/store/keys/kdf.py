"""Argon2id key derivation with parameters kept per key slot.

The cost is calibrated on the machine at setup (about half a second, never below 64 MiB) so a
stolen key file is expensive to attack, and stored with each slot so later releases can raise it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

PRODUCTION_MIN_MEMORY_KIB = 64 * 1024
PRODUCTION_MIN_ITERATIONS = 2
DEFAULT_MEMORY_KIB = 128 * 1024
DEFAULT_LANES = 4
TARGET_SECONDS = 0.5
MAX_ITERATIONS = 16


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Argon2id cost; stored in each slot beside its salt."""

    memory_kib: int
    iterations: int
    lanes: int = DEFAULT_LANES

    @property
    def is_production_strength(self) -> bool:
        """False for the weak parameters that only tests may use."""
        return (
            self.memory_kib >= PRODUCTION_MIN_MEMORY_KIB
            and self.iterations >= PRODUCTION_MIN_ITERATIONS
        )


TEST_ONLY_PARAMS = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
"""Weak parameters that keep tests fast. Never a default: callers must ask for them by name."""


def derive(secret: bytes, salt: bytes, params: KdfParams, *, pepper: bytes | None = None) -> bytes:
    """Derive a 256-bit key; ``pepper`` is the device secret when the slot is device-bound."""
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
        secret=pepper,
    )
    return kdf.derive(secret)


def _time_one(params: KdfParams) -> float:
    start = time.perf_counter()
    derive(b"calibration", b"\0" * 16, params)
    return time.perf_counter() - start


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """Pick iterations so one derivation takes about ``target_seconds`` on this machine.

    Measured twice: a first guess from a short run, then corrected from a run at the guess,
    because the fixed cost of filling the memory does not scale with iterations.
    """
    iterations = PRODUCTION_MIN_ITERATIONS
    for _ in range(2):
        params = KdfParams(memory_kib=DEFAULT_MEMORY_KIB, iterations=iterations)
        elapsed = min(_time_one(params), _time_one(params))
        iterations = round(iterations * target_seconds / max(elapsed, 1e-4))
        iterations = max(PRODUCTION_MIN_ITERATIONS, min(MAX_ITERATIONS, iterations))
    return KdfParams(memory_kib=DEFAULT_MEMORY_KIB, iterations=iterations)
