"""Run several Python processes that start their real work at the same moment.

Each process does its imports and setup, says it is ready, then waits for one shared signal, so
the interesting part of every process overlaps (a slow import cannot serialise them by accident).
A process reports what it wants checked by printing one JSON value on its last line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from tests.support.crash import PRELUDE, ROOT

_GO = """
import json as _json
import sys as _sys
import time as _time

def _ready_and_wait(signals):
    '''Say this process is ready, then wait for the signal to go.'''
    Path(signals, f"ready-{os.getpid()}").touch()
    while not Path(signals, "go").exists():
        _time.sleep(0.002)

def report(value):
    '''What the test checks: one JSON value on the last line of output.'''
    print(_json.dumps(value), flush=True)
"""


def run_together(scripts: list[str], signals: Path, *, timeout: float = 120) -> list[Any]:
    """Run each script in its own Python, with ``go()`` in its globals; return their reports.

    A script calls ``go()`` when it is ready to start its real work. Every script must exit 0.
    """
    signals.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    header = PRELUDE + _GO + f"\ngo = lambda: _ready_and_wait({str(signals)!r})\n"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", header + textwrap.dedent(script)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script in scripts
    ]
    deadline = time.monotonic() + timeout
    try:
        while len(list(signals.glob("ready-*"))) < len(procs):
            if any(p.poll() is not None for p in procs) or time.monotonic() > deadline:
                break
            time.sleep(0.005)
        (signals / "go").touch()
        outputs = [p.communicate(timeout=max(1.0, deadline - time.monotonic())) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    reports = []
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    return reports
