"""Kill a real process at a chosen step, the way a power cut or a crash would."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KILLED = 77
"""The exit status the injected step dies with, so a test knows it died there."""

PRELUDE = """
import os
from datetime import datetime
from pathlib import Path

from desktop.domain.clock import LONDON, FixedClock
from desktop.store.keys.device import NoSecrets
from desktop.store.keys.kdf import TEST_ONLY_PARAMS


def die_after(module, name):
    '''Let ``module.name`` do its work, then end the process at once.'''
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        os._exit(77)

    setattr(module, name, wrapper)


def die_before(module, name):
    '''End the process at once instead of calling ``module.name``.'''
    setattr(module, name, lambda *args, **kwargs: os._exit(77))


clock = FixedClock(datetime(2026, 3, 1, 15, 0, tzinfo=LONDON))
device = NoSecrets()
"""


def run_and_kill(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (after a prelude with ``die_after``/``die_before``) in a new Python."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def run_and_kill_all(scripts: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """:func:`run_and_kill` for several scripts at once, each in its own Python, side by side."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PRELUDE + textwrap.dedent(script)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script in scripts
    ]
    results = []
    for proc, script in zip(procs, scripts, strict=True):
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(script, proc.returncode, out, err))
    return results
